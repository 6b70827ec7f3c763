/* The libcurl host: see groups_client.h. */
#define _POSIX_C_SOURCE 200809L
#include "groups_client.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct groups_client {
    CURL *curl;
    const tallyfy_config *cfg;
    tallyfy_str org_id; /* owned copy */
    tallyfy_call_options *options;
    groups_trace trace;
    void *trace_context;
    groups_sleep sleep;
    void *sleep_context;
    char transport_error[CURL_ERROR_SIZE];
};

/* An answer as received: status, headers (owned copies) and body, read up to `limit` bytes. */
struct answer {
    long status;
    tallyfy_header *headers;
    size_t header_count, header_capacity;
    char *body;
    size_t body_len;
    uint64_t limit;
    int too_large;
};

static void answer_clear(struct answer *a) {
    size_t i;
    for (i = 0; i < a->header_count; i++) {
        free((char *)a->headers[i].name.data);
        free((char *)a->headers[i].value.data);
    }
    a->header_count = 0;
}

static void answer_free(struct answer *a) {
    answer_clear(a);
    free(a->headers);
    free(a->body);
}

/* A NUL-terminated copy of `n` bytes at `s` (for libcurl, which takes C strings), or NULL. */
static char *copy(const char *s, size_t n) {
    char *out = malloc(n + 1);
    if (out != NULL) {
        if (n > 0) {
            memcpy(out, s, n);
        }
        out[n] = '\0';
    }
    return out;
}

/* An owned tallyfy_str holding a copy of `n` bytes at `s`; data is NULL when memory ran out. */
static tallyfy_str copy_str(const char *s, size_t n) {
    tallyfy_str out;
    out.data = copy(s, n);
    out.len = out.data != NULL ? n : 0;
    return out;
}

/* Appends a piece of the body; past the driver's max_answer_bytes it stops reading (returning
 * less than it was given makes libcurl abort the transfer). */
static size_t on_body(char *data, size_t size, size_t count, void *user) {
    struct answer *a = user;
    size_t n = size * count;
    char *grown;
    if ((uint64_t)n > a->limit - (uint64_t)a->body_len) {
        a->too_large = 1;
        return 0;
    }
    grown = realloc(a->body, a->body_len + n + 1);
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
    a->headers[a->header_count].name = copy_str(line, (size_t)(colon - line));
    a->headers[a->header_count].value = copy_str(value, (size_t)(line + end - value));
    a->header_count++;
    return n;
}

/* Calls the trace with the driver's trace of the request (the token already taken out). */
static void trace(const groups_client *client, const tallyfy_request *req, long status) {
    size_t i, count = tallyfy_request_header_count(req);
    tallyfy_header *headers = calloc(count ? count : 1, sizeof *headers);
    groups_exchange x;
    if (headers == NULL) {
        return;
    }
    for (i = 0; i < count; i++) {
        headers[i] = tallyfy_request_header_at(req, i);
    }
    x.method = tallyfy_request_method(req);
    x.url = tallyfy_request_url(req);
    x.headers = headers;
    x.header_count = count;
    x.body = tallyfy_request_body(req);
    x.status = status;
    client->trace(&x, client->trace_context);
    free(headers);
}

/* Why an exchange that libcurl could not complete got no answer, as the driver's kind; -1 for a
 * failure that resending cannot mend (TLS, a URL libcurl refuses, no memory): the host ends the
 * call itself then. */
static int no_answer_kind(CURLcode rc, const struct answer *a) {
    if (a->too_large || rc == CURLE_FILESIZE_EXCEEDED) {
        return TALLYFY_NO_ANSWER_TOO_LARGE;
    }
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
        return TALLYFY_NO_ANSWER_TIMEOUT;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
        return TALLYFY_NO_ANSWER_NOT_DELIVERED;
    default:
        return -1;
    }
}

/* Performs the send step of `call`: sends its request unchanged within its timeout, reads at
 * most max_answer_bytes of the answer, and hands back the answer or why there was none.
 * TALLYFY_OK to go on; the library's code (with *err) when it refused what the host handed
 * back; GROUPS_TRANSPORT_ERROR when the host ends the call. */
static int send_step(groups_client *client, tallyfy_call *call, tallyfy_error **err) {
    const tallyfy_request *req = tallyfy_call_request(call);
    struct curl_slist *headers = NULL;
    struct answer a = {0, NULL, 0, 0, NULL, 0, 0, 0};
    tallyfy_str method = tallyfy_request_method(req), url = tallyfy_request_url(req), body = tallyfy_request_body(req);
    char *method_text = copy(method.data, method.len), *url_text = copy(url.data, url.len);
    size_t i;
    uint64_t max_answer_bytes = tallyfy_call_max_answer_bytes(call);
    CURL *curl = client->curl;
    CURLcode rc = CURLE_OUT_OF_MEMORY;
    int result = TALLYFY_OK, kind;
    a.limit = max_answer_bytes;
    curl_easy_reset(curl);
    for (i = 0; i < tallyfy_request_header_count(req); i++) {
        tallyfy_header h = tallyfy_request_header_at(req, i);
        size_t size = h.name.len + h.value.len + 3;
        char *line = malloc(size);
        if (line != NULL) {
            snprintf(line, size, "%.*s: %.*s", (int)h.name.len, h.name.data, (int)h.value.len, h.value.data);
            headers = curl_slist_append(headers, line);
            free(line);
        }
    }
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(curl, CURLOPT_URL, url_text);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method_text);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (body.data != NULL) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body.len);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data);
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &a);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &a);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)tallyfy_call_timeout_ms(call));
    /* A Content-Length past the limit fails before the body is read; on_body stops the rest. */
    if (max_answer_bytes <= (uint64_t)INT64_MAX) {
        curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max_answer_bytes);
    }
    /* libcurl resends a request by itself when a reused connection dies before a byte of the
     * answer arrives. Only the driver decides resends: a request it never resends after no
     * answer (tallyfy_request_idempotent(), the core's word: POST) goes on a new connection. */
    if (!tallyfy_request_idempotent(req)) {
        curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
    }
    if (method_text != NULL && url_text != NULL) {
        rc = curl_easy_perform(curl);
    }
    curl_slist_free_all(headers);
    free(method_text);
    free(url_text);
    if (rc == CURLE_OK) {
        tallyfy_response response;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &a.status);
        if (client->trace != NULL) {
            trace(client, tallyfy_call_trace(call), a.status);
        }
        /* libcurl's status has three digits; anything else is handed over as -1, for the
         * library to refuse (never cut down to an int32_t). */
        response.status = a.status >= 0 && a.status <= INT32_MAX ? (int32_t)a.status : -1;
        response.headers = a.headers;
        response.header_count = a.header_count;
        response.body.data = a.body;
        response.body.len = a.body_len;
        result = tallyfy_call_answer(call, &response, err);
    } else {
        /* libcurl's text for its code: never the URL, which may hold the token in a path id. */
        snprintf(client->transport_error, sizeof client->transport_error, "%s", curl_easy_strerror(rc));
        kind = no_answer_kind(rc, &a);
        if (kind < 0) {
            result = GROUPS_TRANSPORT_ERROR;
        } else {
            result = tallyfy_call_no_answer(call, (tallyfy_no_answer)kind, err);
        }
    }
    answer_free(&a);
    return result;
}

/* Reads the done step of `call` into `out`. */
typedef int (*reader)(const tallyfy_call *call, void *out);

/* Runs `call` to its end and frees it: the result of `done`, the failed step's code with a copy
 * of its error in `*err`, or GROUPS_TRANSPORT_ERROR. `made` is the constructor's code. */
static int drive(groups_client *client, tallyfy_code made, tallyfy_call *call, reader done, void *out,
                 tallyfy_error **err) {
    int result = made;
    while (result == TALLYFY_OK) {
        tallyfy_step step = tallyfy_call_next(call);
        if (step == TALLYFY_STEP_SEND) {
            result = send_step(client, call, err);
            continue;
        }
        if (step == TALLYFY_STEP_WAIT) {
            client->sleep(tallyfy_call_delay_ms(call), client->sleep_context);
            continue;
        }
        if (step == TALLYFY_STEP_DONE) {
            result = done(call, out);
        } else if (step == TALLYFY_STEP_FAILED) {
            result = tallyfy_error_code(tallyfy_call_error(call));
            if (err != NULL) {
                tallyfy_error_clone(tallyfy_call_error(call), err, NULL);
            }
        } else {
            result = GROUPS_TRANSPORT_ERROR;
        }
        break;
    }
    tallyfy_call_free(call);
    return result;
}

static int read_group(const tallyfy_call *call, void *out) {
    return tallyfy_group_clone(tallyfy_call_group(call), out, NULL);
}

static int read_page(const tallyfy_call *call, void *out) {
    return tallyfy_group_page_clone(tallyfy_call_page(call), out, NULL);
}

static int read_deleted(const tallyfy_call *call, void *out) {
    (void)call;
    (void)out;
    return TALLYFY_OK;
}

/* Where a "list every group" call's groups go. */
struct visit {
    groups_each each;
    void *context;
};

static int read_every_group(const tallyfy_call *call, void *out) {
    const struct visit *v = out;
    size_t i;
    for (i = 0; i < tallyfy_call_group_count(call); i++) {
        v->each(tallyfy_call_group_at(call, i), v->context);
    }
    return TALLYFY_OK;
}

static void sleep_ms(uint64_t ms, void *context) {
    struct timespec t;
    (void)context;
    t.tv_sec = (time_t)(ms / 1000);
    t.tv_nsec = (long)(ms % 1000) * 1000000L;
    nanosleep(&t, NULL);
}

groups_client *groups_client_new(const tallyfy_config *cfg, tallyfy_str org_id) {
    groups_client *client = calloc(1, sizeof *client);
    if (client == NULL) {
        return NULL;
    }
    client->curl = curl_easy_init();
    client->org_id = copy_str(org_id.data, org_id.len);
    client->options = tallyfy_call_options_new();
    client->cfg = cfg;
    client->sleep = sleep_ms;
    if (client->curl == NULL || client->org_id.data == NULL || client->options == NULL) {
        groups_client_free(client);
        return NULL;
    }
    return client;
}

void groups_client_free(groups_client *client) {
    if (client != NULL) {
        curl_easy_cleanup(client->curl);
        tallyfy_call_options_free(client->options);
        free((char *)client->org_id.data);
        free(client);
    }
}

void groups_client_set_trace(groups_client *client, groups_trace trace, void *context) {
    client->trace = trace;
    client->trace_context = context;
}

void groups_client_set_sleep(groups_client *client, groups_sleep sleep, void *context) {
    client->sleep = sleep;
    client->sleep_context = context;
}

tallyfy_call_options *groups_client_options(groups_client *client) { return client->options; }

const char *groups_client_transport_error(const groups_client *client) { return client->transport_error; }

int groups_client_create(groups_client *client, const tallyfy_group_input *in, tallyfy_group **out,
                         tallyfy_error **err) {
    tallyfy_call *call = NULL;
    tallyfy_code made = tallyfy_call_create_group(client->cfg, client->org_id, in, client->options, &call, err);
    return drive(client, made, call, read_group, out, err);
}

int groups_client_get(groups_client *client, tallyfy_str group_id, tallyfy_group **out, tallyfy_error **err) {
    tallyfy_call *call = NULL;
    tallyfy_code made = tallyfy_call_get_group(client->cfg, client->org_id, group_id, client->options, &call, err);
    return drive(client, made, call, read_group, out, err);
}

int groups_client_list(groups_client *client, const tallyfy_list_query *query, tallyfy_group_page **out,
                       tallyfy_error **err) {
    tallyfy_call *call = NULL;
    tallyfy_code made = tallyfy_call_list_groups(client->cfg, client->org_id, query, client->options, &call, err);
    return drive(client, made, call, read_page, out, err);
}

int groups_client_list_all(groups_client *client, const tallyfy_list_query *query, groups_each each, void *context,
                           tallyfy_error **err) {
    tallyfy_call *call = NULL;
    struct visit v;
    tallyfy_code made = tallyfy_call_list_all_groups(client->cfg, client->org_id, query, client->options, &call, err);
    v.each = each;
    v.context = context;
    return drive(client, made, call, read_every_group, &v, err);
}

int groups_client_update(groups_client *client, tallyfy_str group_id, const tallyfy_group_input *changes,
                         tallyfy_group **out, tallyfy_error **err) {
    tallyfy_call *call = NULL;
    tallyfy_code made =
        tallyfy_call_update_group(client->cfg, client->org_id, group_id, changes, client->options, &call, err);
    return drive(client, made, call, read_group, out, err);
}

int groups_client_delete(groups_client *client, tallyfy_str group_id, tallyfy_error **err) {
    tallyfy_call *call = NULL;
    tallyfy_code made = tallyfy_call_delete_group(client->cfg, client->org_id, group_id, client->options, &call, err);
    return drive(client, made, call, read_deleted, NULL, err);
}
