/* The libcurl host: see groups_client.h. */
#define _POSIX_C_SOURCE 200809L
#include "groups_client.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct groups_client {
    CURL *curl;
    const tallyfy_config *cfg;
    char *org_id;
    groups_trace trace;
    void *context;
    char transport_error[CURL_ERROR_SIZE];
};

/* An answer as received: status, headers (owned strings) and body. */
struct answer {
    long status;
    tallyfy_header *headers;
    size_t header_count, header_capacity;
    char *body;
    size_t body_len;
};

static void answer_clear(struct answer *a) {
    size_t i;
    for (i = 0; i < a->header_count; i++) {
        free((char *)a->headers[i].name);
        free((char *)a->headers[i].value);
    }
    a->header_count = 0;
}

static void answer_free(struct answer *a) {
    answer_clear(a);
    free(a->headers);
    free(a->body);
}

static char *copy(const char *s, size_t n) {
    char *out = malloc(n + 1);
    if (out != NULL) {
        memcpy(out, s, n);
        out[n] = '\0';
    }
    return out;
}

static size_t on_body(char *data, size_t size, size_t count, void *user) {
    struct answer *a = user;
    size_t n = size * count;
    char *grown = realloc(a->body, a->body_len + n + 1);
    if (grown == NULL) {
        return 0;
    }
    memcpy(grown + a->body_len, data, n);
    a->body = grown;
    a->body_len += n;
    return n;
}

/* One header line: "Name: value\r\n"; a status line starts a new answer (after a 100). */
static size_t on_header(char *line, size_t size, size_t count, void *user) {
    struct answer *a = user;
    size_t n = size * count, end = n;
    const char *colon = memchr(line, ':', n);
    const char *value;
    if (n >= 5 && memcmp(line, "HTTP/", 5) == 0) {
        answer_clear(a);
        return n;
    }
    if (colon == NULL) {
        return n;
    }
    while (end > 0 && (line[end - 1] == '\r' || line[end - 1] == '\n')) {
        end--;
    }
    value = colon + 1;
    while (value < line + end && (*value == ' ' || *value == '\t')) {
        value++;
    }
    if (a->header_count == a->header_capacity) {
        size_t capacity = a->header_capacity ? 2 * a->header_capacity : 16;
        tallyfy_header *grown = realloc(a->headers, capacity * sizeof *grown);
        if (grown == NULL) {
            return 0;
        }
        a->headers = grown;
        a->header_capacity = capacity;
    }
    a->headers[a->header_count].name = copy(line, (size_t)(colon - line));
    a->headers[a->header_count].value = copy(value, (size_t)(line + end - value));
    a->header_count++;
    return n;
}

/* Whether the retry policy would resend `req` after it got no answer (GET, PUT, DELETE; never
 * POST, which the server may have acted on). */
static int resent_without_answer(const tallyfy_request *req) {
    int64_t delay = -1;
    return tallyfy_retry_no_answer_delay_ms(tallyfy_request_method(req), 0, 0.5, &delay, NULL) == TALLYFY_OK &&
           delay >= 0;
}

/* Sends `req` as it is and reads the answer; CURLE_OK, or libcurl's code with
 * client->transport_error set. */
static CURLcode exchange(groups_client *client, const tallyfy_request *req, struct answer *a) {
    struct curl_slist *headers = NULL;
    size_t i, body_len = 0;
    const uint8_t *body = tallyfy_request_body(req, &body_len);
    CURLcode rc;
    CURL *curl = client->curl;
    curl_easy_reset(curl);
    client->transport_error[0] = '\0';
    for (i = 0; i < tallyfy_request_header_count(req); i++) {
        char line[8300];
        snprintf(line, sizeof line, "%s: %s", tallyfy_request_header_name(req, i), tallyfy_request_header_value(req, i));
        headers = curl_slist_append(headers, line);
    }
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(curl, CURLOPT_URL, tallyfy_request_url(req));
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, tallyfy_request_method(req));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (body != NULL) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, (const char *)body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)body_len);
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, a);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, a);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, client->transport_error);
    if (!resent_without_answer(req)) {
        /* libcurl resends a request by itself when a reused connection dies before a byte of
         * the answer arrives; a request the policy never resends goes on a new connection. */
        curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
    }
    rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
        if (client->transport_error[0] == '\0') {
            snprintf(client->transport_error, sizeof client->transport_error, "%s", curl_easy_strerror(rc));
        }
        return rc;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &a->status);
    return CURLE_OK;
}

/* Whether a failed exchange got no answer (the connection could not be made, or broke before a
 * whole answer arrived): the policy's no-answer case. A timeout, an answer that is not HTTP or
 * a request that could not be sent is not one, and is never retried. */
static int no_answer(CURLcode rc) {
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
        return 1;
    default:
        return 0;
    }
}

/* What replaces the token in anything the host shows. */
static const char REDACTED[] = "[redacted]";

/* `text` (`len` bytes) with every `token` replaced by REDACTED, NUL-terminated; NULL when out
 * of memory. */
static char *scrub(const char *text, size_t len, const char *token) {
    size_t pass, size = 0, token_len = strlen(token);
    char *out = NULL;
    /* Pass 0 measures, pass 1 writes. */
    for (pass = 0; pass < 2; pass++) {
        size_t i = 0, n = 0;
        if (pass == 1 && (out = malloc(size + 1)) == NULL) {
            return NULL;
        }
        while (i < len) {
            if (token_len > 0 && len - i >= token_len && memcmp(text + i, token, token_len) == 0) {
                if (pass == 1) {
                    memcpy(out + n, REDACTED, sizeof REDACTED - 1);
                }
                n += sizeof REDACTED - 1;
                i += token_len;
            } else {
                if (pass == 1) {
                    out[n] = text[i];
                }
                n++;
                i++;
            }
        }
        size = n;
    }
    out[size] = '\0';
    return out;
}

/* The access token of `req` (after "Bearer " in its Authorization header), or "". */
static const char *token_of(const tallyfy_request *req) {
    size_t i;
    for (i = 0; i < tallyfy_request_header_count(req); i++) {
        const char *value = tallyfy_request_header_value(req, i);
        if (strcmp(tallyfy_request_header_name(req, i), "Authorization") == 0 && strncmp(value, "Bearer ", 7) == 0) {
            return value + 7;
        }
    }
    return "";
}

/* Calls the trace with a copy of `req` whose every string has the token replaced. */
static void trace(const groups_client *client, const tallyfy_request *req, long status) {
    const char *token = token_of(req);
    size_t i, count = tallyfy_request_header_count(req), body_len = 0;
    const uint8_t *body = tallyfy_request_body(req, &body_len);
    const char *url = tallyfy_request_url(req);
    tallyfy_header *headers = calloc(count ? count : 1, sizeof *headers);
    groups_exchange x;
    x.method = tallyfy_request_method(req);
    x.url = scrub(url, strlen(url), token);
    x.body = body != NULL ? scrub((const char *)body, body_len, token) : NULL;
    x.headers = headers;
    x.header_count = 0;
    x.status = status;
    for (i = 0; headers != NULL && i < count; i++) {
        const char *value = tallyfy_request_header_value(req, i);
        headers[i].name = tallyfy_request_header_name(req, i);
        headers[i].value = scrub(value, strlen(value), token);
        x.header_count += headers[i].value != NULL;
        if (headers[i].value == NULL) {
            break;
        }
    }
    if (x.url != NULL && (body == NULL || x.body != NULL) && x.header_count == count) {
        client->trace(&x, client->context);
    }
    for (i = 0; i < x.header_count; i++) {
        free((char *)headers[i].value);
    }
    free(headers);
    free((char *)x.url);
    free((char *)x.body);
}

/* Parses an answer into `*out` (unused for delete). */
typedef tallyfy_code (*parser)(const struct answer *a, void **out, tallyfy_error **err);

static tallyfy_code parse_group(const struct answer *a, void **out, tallyfy_error **err) {
    return tallyfy_parse_group((uint16_t)a->status, a->headers, a->header_count, (const uint8_t *)a->body, a->body_len,
                               (tallyfy_group **)out, err);
}

static tallyfy_code parse_list(const struct answer *a, void **out, tallyfy_error **err) {
    return tallyfy_parse_group_list((uint16_t)a->status, a->headers, a->header_count, (const uint8_t *)a->body,
                                    a->body_len, (tallyfy_group_page **)out, err);
}

static tallyfy_code parse_delete(const struct answer *a, void **out, tallyfy_error **err) {
    (void)out;
    return tallyfy_parse_delete_group((uint16_t)a->status, a->headers, a->header_count, (const uint8_t *)a->body,
                                      a->body_len, err);
}

/* `*failure` with the config's token taken out of its message, field errors and request id,
 * wherever the server echoed it (tallyfy_error_redact: the core's rule). */
static void redact(const groups_client *client, tallyfy_error **failure) {
    tallyfy_error *clean = NULL;
    if (*failure != NULL && tallyfy_error_redact(*failure, client->cfg, &clean) == TALLYFY_OK) {
        tallyfy_error_free(*failure);
        *failure = clean;
    }
}

static void sleep_ms(int64_t ms) {
    struct timespec t;
    t.tv_sec = (time_t)(ms / 1000);
    t.tv_nsec = (long)(ms % 1000) * 1000000L;
    nanosleep(&t, NULL);
}

/* Sends `req` (taking it), parses with `parse`, and retries while the policy says so. */
static int call(groups_client *client, tallyfy_code built, tallyfy_request *req, parser parse, void **out,
                tallyfy_error **err) {
    uint32_t attempt;
    int result = built;
    for (attempt = 0; built == TALLYFY_OK; attempt++) {
        struct answer a = {0, NULL, 0, 0, NULL, 0};
        tallyfy_error *failure = NULL;
        int64_t delay = -1;
        CURLcode rc = exchange(client, req, &a);
        if (rc != CURLE_OK) {
            char *clean = scrub(client->transport_error, strlen(client->transport_error), token_of(req));
            snprintf(client->transport_error, sizeof client->transport_error, "%s", clean ? clean : REDACTED);
            free(clean);
            answer_free(&a);
            result = GROUPS_TRANSPORT_ERROR;
            if (no_answer(rc)) {
                tallyfy_retry_no_answer_delay_ms(tallyfy_request_method(req), attempt, (double)rand() / RAND_MAX, &delay,
                                                 NULL);
            }
            if (delay < 0) {
                break;
            }
            sleep_ms(delay);
            continue;
        }
        if (client->trace != NULL) {
            trace(client, req, a.status);
        }
        result = parse(&a, out, &failure);
        if (result != TALLYFY_OK) {
            redact(client, &failure);
        }
        answer_free(&a);
        if (result != TALLYFY_OK && tallyfy_error_status(failure) != 0) {
            double random = (double)rand() / RAND_MAX;
            tallyfy_retry_delay_ms(tallyfy_request_method(req), tallyfy_error_status(failure),
                                   tallyfy_error_retry_after_seconds(failure), attempt, random, &delay, NULL);
        }
        if (delay < 0) {
            if (err != NULL) {
                *err = failure;
            } else {
                tallyfy_error_free(failure);
            }
            break;
        }
        tallyfy_error_free(failure);
        sleep_ms(delay);
    }
    tallyfy_request_free(req);
    return result;
}

groups_client *groups_client_new(const tallyfy_config *cfg, const char *org_id) {
    groups_client *client = calloc(1, sizeof *client);
    if (client == NULL) {
        return NULL;
    }
    client->curl = curl_easy_init();
    client->org_id = copy(org_id, strlen(org_id));
    client->cfg = cfg;
    srand((unsigned)time(NULL));
    if (client->curl == NULL || client->org_id == NULL) {
        groups_client_free(client);
        return NULL;
    }
    return client;
}

void groups_client_free(groups_client *client) {
    if (client != NULL) {
        curl_easy_cleanup(client->curl);
        free(client->org_id);
        free(client);
    }
}

void groups_client_set_trace(groups_client *client, groups_trace trace, void *context) {
    client->trace = trace;
    client->context = context;
}

const char *groups_client_transport_error(const groups_client *client) { return client->transport_error; }

int groups_client_create(groups_client *client, const tallyfy_group_input *in, tallyfy_group **out,
                         tallyfy_error **err) {
    tallyfy_request *req = NULL;
    tallyfy_code built = tallyfy_build_create_group(client->cfg, client->org_id, in, &req, err);
    return call(client, built, req, parse_group, (void **)out, err);
}

int groups_client_get(groups_client *client, const char *group_id, tallyfy_group **out, tallyfy_error **err) {
    tallyfy_request *req = NULL;
    tallyfy_code built = tallyfy_build_get_group(client->cfg, client->org_id, group_id, &req, err);
    return call(client, built, req, parse_group, (void **)out, err);
}

int groups_client_list(groups_client *client, const tallyfy_list_query *query, tallyfy_group_page **out,
                       tallyfy_error **err) {
    tallyfy_request *req = NULL;
    tallyfy_code built = tallyfy_build_list_groups(client->cfg, client->org_id, query, &req, err);
    return call(client, built, req, parse_list, (void **)out, err);
}

int groups_client_update(groups_client *client, const char *group_id, const tallyfy_group_input *changes,
                         tallyfy_group **out, tallyfy_error **err) {
    tallyfy_request *req = NULL;
    tallyfy_code built = tallyfy_build_update_group(client->cfg, client->org_id, group_id, changes, &req, err);
    return call(client, built, req, parse_group, (void **)out, err);
}

int groups_client_delete(groups_client *client, const char *group_id, tallyfy_error **err) {
    tallyfy_request *req = NULL;
    tallyfy_code built = tallyfy_build_delete_group(client->cfg, client->org_id, group_id, &req, err);
    return call(client, built, req, parse_delete, NULL, err);
}
