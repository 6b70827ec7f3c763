/*
 * End to end: the libcurl host (examples/c) and libtallyfy against a running sandbox, over
 * real HTTP on loopback. Needs TALLYFY_BASE_URL (the sandbox's, ending in /api); faults are
 * injected through the sandbox's /__sandbox/ control endpoints.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "groups_client.h"
#include "str.h"

#define ADMIN "sandbox-admin-token"
#define ORG "org_sandbox"

/* The statuses of every exchange of one test. */
struct statuses {
    long seen[32];
    size_t count;
};

static void record(const groups_exchange *x, void *context) {
    struct statuses *s = context;
    if (s->count < sizeof s->seen / sizeof s->seen[0]) {
        s->seen[s->count++] = x->status;
    }
}

/* POSTs `body` to the sandbox's control endpoint `path` (under /__sandbox/). */
static void control(const char *path, const char *body) {
    char url[512];
    const char *base = getenv("TALLYFY_BASE_URL");
    size_t origin = strlen(base) - strlen("/api");
    long status = 0;
    CURL *curl = curl_easy_init();
    snprintf(url, sizeof url, "%.*s/__sandbox/%s", (int)origin, base, path);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, fwrite);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, stderr);
    assert_int_equal(curl_easy_perform(curl), CURLE_OK);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    assert_int_equal(status, 200);
    curl_easy_cleanup(curl);
}

/* One counter of the sandbox's GET /__sandbox/stats, by its JSON key (quoted). */
static long stat(const char *key) {
    char url[512], answer[512] = {0};
    const char *base = getenv("TALLYFY_BASE_URL"), *at;
    size_t origin = strlen(base) - strlen("/api");
    FILE *sink = fmemopen(answer, sizeof answer - 1, "w");
    CURL *curl = curl_easy_init();
    snprintf(url, sizeof url, "%.*s/__sandbox/stats", (int)origin, base);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, fwrite);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, sink);
    assert_int_equal(curl_easy_perform(curl), CURLE_OK);
    curl_easy_cleanup(curl);
    fclose(sink);
    at = strstr(answer, key);
    assert_non_null(at);
    return strtol(at + strlen(key) + 1, NULL, 10);
}

/* The waits the client was asked to sleep: recorded, never slept, so time stays virtual. */
struct waits {
    uint64_t ms[32];
    size_t count;
};

static void fake_sleep(uint64_t ms, void *context) {
    struct waits *w = context;
    if (w->count < sizeof w->ms / sizeof w->ms[0]) {
        w->ms[w->count++] = ms;
    }
}

struct fixture {
    tallyfy_config *cfg;
    groups_client *client;
    struct statuses statuses;
    struct waits waits;
};

static int start(void **state) {
    struct fixture *f = calloc(1, sizeof *f);
    control("reset", "{}");
    if (f == NULL ||
        tallyfy_config_new(str(ADMIN), str(getenv("TALLYFY_BASE_URL")), str(NULL), &f->cfg, NULL) != TALLYFY_OK) {
        return -1;
    }
    f->client = groups_client_new(f->cfg, str(ORG));
    groups_client_set_trace(f->client, record, &f->statuses);
    groups_client_set_sleep(f->client, fake_sleep, &f->waits);
    *state = f;
    return 0;
}

static int stop(void **state) {
    struct fixture *f = *state;
    groups_client_free(f->client);
    tallyfy_config_free(f->cfg);
    free(f);
    return 0;
}

static tallyfy_group_input *input(const char *name, uint64_t member) {
    tallyfy_group_input *in = tallyfy_group_input_new();
    assert_int_equal(tallyfy_group_input_set_name(in, str(name), NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_set_description(in, str("e2e"), NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_clear_members(in, NULL), TALLYFY_OK);
    if (member != 0) {
        assert_int_equal(tallyfy_group_input_add_member(in, member, NULL), TALLYFY_OK);
    }
    assert_int_equal(tallyfy_group_input_add_guest(in, str("guest@example.com"), NULL), TALLYFY_OK);
    return in;
}

static void lifecycle_with_a_retried_429(void **state) {
    struct fixture *f = *state;
    static const long expected[] = {429, 201, 200, 200, 201, 204, 404};
    tallyfy_group_input *in = input("Lifecycle", 1001);
    tallyfy_group_input *changes = tallyfy_group_input_new();
    tallyfy_group *group = NULL, *fetched = NULL, *updated = NULL;
    tallyfy_group_page *page = NULL;
    tallyfy_list_query *query = tallyfy_list_query_new();
    tallyfy_error *err = NULL;
    char id[64];
    size_t i;

    control("faults", "{\"faults\":[{\"kind\":\"rate_limit\",\"retry_after\":\"1\"}]}");
    assert_int_equal(groups_client_create(f->client, in, &group, NULL), TALLYFY_OK);
    assert_int_equal(f->waits.count, 1); /* Retry-After: 1 was honoured exactly */
    assert_int_equal(f->waits.ms[0], 1000);
    assert_int_equal(tallyfy_group_id(group).len, 32);
    snprintf(id, sizeof id, "%.*s", 32, tallyfy_group_id(group).data);
    assert_int_equal(tallyfy_group_member_at(group, 0), 1001);

    assert_int_equal(groups_client_get(f->client, str(id), &fetched, NULL), TALLYFY_OK);
    assert_str_equal(tallyfy_group_name(fetched), "Lifecycle");
    assert_int_equal(tallyfy_list_query_set_q(query, str("Lifecycle"), NULL), TALLYFY_OK);
    assert_int_equal(groups_client_list(f->client, query, &page, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_page_total(page), 1);
    assert_str_equal(tallyfy_group_id(tallyfy_group_page_get(page, 0)), id);

    assert_int_equal(tallyfy_group_input_clear_members(changes, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_add_member(changes, 1003, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_clear_guests(changes, NULL), TALLYFY_OK);
    assert_int_equal(groups_client_update(f->client, str(id), changes, &updated, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_member_count(updated), 1);
    assert_int_equal(tallyfy_group_member_at(updated, 0), 1003);
    assert_int_equal(tallyfy_group_guest_count(updated), 0);
    assert_str_equal(tallyfy_group_name(updated), "Lifecycle");

    assert_int_equal(groups_client_delete(f->client, str(id), NULL), TALLYFY_OK);
    tallyfy_group_free(fetched);
    fetched = NULL;
    assert_int_equal(groups_client_get(f->client, str(id), &fetched, &err), TALLYFY_NOT_FOUND);
    assert_null(fetched);
    assert_int_equal(f->waits.count, 1);
    assert_int_equal(tallyfy_error_status(err), 404);
    assert_true(tallyfy_error_request_id(err).len > 0);

    assert_int_equal(f->statuses.count, sizeof expected / sizeof expected[0]);
    for (i = 0; i < f->statuses.count; i++) {
        assert_int_equal(f->statuses.seen[i], expected[i]);
    }
    tallyfy_error_free(err);
    tallyfy_group_free(updated);
    tallyfy_group_page_free(page);
    tallyfy_group_free(fetched);
    tallyfy_group_free(group);
    tallyfy_list_query_free(query);
    tallyfy_group_input_free(changes);
    tallyfy_group_input_free(in);
}

static void a_422_surfaces_field_errors(void **state) {
    struct fixture *f = *state;
    tallyfy_group_input *taken = input("Taken", 0);
    tallyfy_group_input *strangers = input("Strangers", 424242);
    tallyfy_group *group = NULL;
    tallyfy_error *err = NULL;
    assert_int_equal(groups_client_create(f->client, taken, &group, NULL), TALLYFY_OK);
    tallyfy_group_free(group);
    group = NULL;
    assert_int_equal(groups_client_create(f->client, taken, &group, &err), TALLYFY_VALIDATION_FAILED);
    assert_null(group);
    assert_int_equal(tallyfy_error_status(err), 422);
    assert_int_equal(tallyfy_error_field_count(err), 1);
    assert_str_equal(tallyfy_error_field_name(err, 0), "name");
    assert_str_equal(tallyfy_error_field_code(err, 0), "rejected");
    assert_str_equal(tallyfy_error_field_message(err, 0), "The name has already been taken.");
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(groups_client_create(f->client, strangers, &group, &err), TALLYFY_VALIDATION_FAILED);
    assert_str_equal(tallyfy_error_field_name(err, 0), "members.0");
    tallyfy_error_free(err);
    tallyfy_group_input_free(strangers);
    tallyfy_group_input_free(taken);
}

static void server_errors_retry_only_when_idempotent(void **state) {
    struct fixture *f = *state;
    static const long expected[] = {201, 503, 502, 200, 503};
    tallyfy_group_input *in = input("Idempotent", 0);
    tallyfy_group *group = NULL, *fetched = NULL;
    tallyfy_error *err = NULL;
    size_t i;
    assert_int_equal(groups_client_create(f->client, in, &group, NULL), TALLYFY_OK);
    control("faults", "{\"faults\":[{\"kind\":\"status\",\"status\":503},{\"kind\":\"status\",\"status\":502}]}");
    assert_int_equal(groups_client_get(f->client, tallyfy_group_id(group), &fetched, NULL), TALLYFY_OK);
    assert_int_equal(f->waits.count, 2); /* backoff: about 500 ms, then about 1000 ms */
    assert_in_range(f->waits.ms[0], 400, 600);
    assert_in_range(f->waits.ms[1], 800, 1200);
    control("faults", "{\"faults\":[{\"kind\":\"status\",\"status\":503}]}");
    assert_int_equal(tallyfy_group_input_set_name(in, str("Not retried"), NULL), TALLYFY_OK);
    assert_int_equal(groups_client_create(f->client, in, &group, &err), TALLYFY_SERVER_ERROR);
    assert_int_equal(tallyfy_error_status(err), 503);
    assert_int_equal(f->waits.count, 2); /* no wait for the POST */
    assert_int_equal(f->statuses.count, sizeof expected / sizeof expected[0]);
    for (i = 0; i < f->statuses.count; i++) {
        assert_int_equal(f->statuses.seen[i], expected[i]);
    }
    tallyfy_error_free(err);
    tallyfy_group_free(fetched);
    tallyfy_group_free(group);
    tallyfy_group_input_free(in);
}

static void unreadable_answers(void **state) {
    struct fixture *f = *state;
    tallyfy_group_page *page = NULL;
    tallyfy_error *err = NULL;
    control("faults", "{\"faults\":[{\"kind\":\"plain_401\"},{\"kind\":\"non_json\"},{\"kind\":\"truncated\"}]}");
    assert_int_equal(groups_client_list(f->client, NULL, &page, &err), TALLYFY_UNAUTHORIZED);
    assert_str_equal(tallyfy_error_message(err), "Unauthorized.");
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(groups_client_list(f->client, NULL, &page, &err), TALLYFY_MALFORMED_RESPONSE);
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(groups_client_list(f->client, NULL, &page, &err), TALLYFY_MALFORMED_RESPONSE);
    tallyfy_error_free(err);
    assert_null(page);
}

static void a_retry_after_beyond_the_cap_fails_at_once(void **state) {
    struct fixture *f = *state;
    tallyfy_group_input *in = input("Patient", 0);
    tallyfy_group *group = NULL;
    tallyfy_error *err = NULL;
    control("faults", "{\"faults\":[{\"kind\":\"rate_limit\",\"retry_after\":\"3600\"}]}");
    assert_int_equal(groups_client_create(f->client, in, &group, &err), TALLYFY_RATE_LIMITED);
    assert_int_equal(tallyfy_error_status(err), 429);
    assert_int_equal(tallyfy_error_retry_after_seconds(err), 3600);
    assert_int_equal(f->waits.count, 0);
    assert_int_equal(f->statuses.count, 1); /* one request, no retry */
    assert_int_equal(f->statuses.seen[0], 429);
    tallyfy_error_free(err);
    tallyfy_group_input_free(in);
}

/* A GET that got no answer is retried (by libcurl itself when its reused connection died, or
 * by the driver); a POST is not: the client sends it on a new connection, so that libcurl
 * cannot resend it either, even after the client's connection was kept alive. */
static void no_answer_is_retried_only_when_idempotent(void **state) {
    struct fixture *f = *state;
    tallyfy_group_input *in = input("Not retried", 0);
    tallyfy_group_page *page = NULL;
    tallyfy_group *group = NULL;
    control("faults", "{\"faults\":[{\"kind\":\"no_answer\"}]}");
    assert_int_equal(groups_client_list(f->client, NULL, &page, NULL), TALLYFY_OK);
    control("faults", "{\"faults\":[{\"kind\":\"no_answer\"}]}");
    assert_int_equal(groups_client_create(f->client, in, &group, NULL), GROUPS_TRANSPORT_ERROR);
    assert_null(group);
    assert_string_equal(groups_client_transport_error(f->client), curl_easy_strerror(CURLE_GOT_NOTHING));
    assert_int_equal(f->statuses.count, 1); /* the unanswered exchanges have no status to trace */
    assert_int_equal(f->statuses.seen[0], 200);
    assert_int_equal(stat("\"requests_served\""), 3); /* GET twice, POST once */
    assert_int_equal(stat("\"faults_injected\""), 2);
    assert_int_equal(stat("\"org_sandbox\""), 0);     /* the POST created nothing */
    tallyfy_group_page_free(page);
    tallyfy_group_input_free(in);
}

/* Answered and unanswered failures count towards the same four retries (the unanswered ones
 * first: libcurl would resend on a fresh connection a request whose reused one died). */
static void no_answer_and_statuses_share_the_retry_count(void **state) {
    struct fixture *f = *state;
    tallyfy_group_page *page = NULL;
    control("faults", "{\"faults\":[{\"kind\":\"no_answer\"},{\"kind\":\"no_answer\"},{\"kind\":\"no_answer\"},"
                      "{\"kind\":\"status\",\"status\":503},{\"kind\":\"status\",\"status\":502}]}");
    assert_int_equal(groups_client_list(f->client, NULL, &page, NULL), TALLYFY_SERVER_ERROR);
    assert_null(page);
    assert_int_equal(f->statuses.count, 2);
    assert_int_equal(f->statuses.seen[0], 503);
    assert_int_equal(f->statuses.seen[1], 502);
    assert_int_equal(stat("\"requests_served\""), 5); /* one try and four retries */
    assert_int_equal(f->waits.count, 4);
}

/* An answer longer than max_answer_bytes is not read to its end: it is malformed. */
static void an_answer_past_the_size_limit_is_refused(void **state) {
    struct fixture *f = *state;
    tallyfy_group_page *page = NULL;
    tallyfy_error *err = NULL;
    assert_int_equal(tallyfy_call_options_set_max_answer_bytes(groups_client_options(f->client), 16, NULL),
                     TALLYFY_OK);
    assert_int_equal(groups_client_list(f->client, NULL, &page, &err), TALLYFY_MALFORMED_RESPONSE);
    assert_null(page);
    assert_true(str_contains(tallyfy_error_message(err), "max_answer_bytes"));
    assert_int_equal(f->waits.count, 0);
    tallyfy_error_free(err);
}

/* An exchange slower than timeout_ms is abandoned and not retried, even for a GET. */
static void a_timeout_is_not_retried(void **state) {
    struct fixture *f = *state;
    tallyfy_group_page *page = NULL;
    assert_int_equal(tallyfy_call_options_set_timeout_ms(groups_client_options(f->client), 100, NULL), TALLYFY_OK);
    control("faults", "{\"faults\":[{\"kind\":\"delay_ms\",\"ms\":2000}]}");
    assert_int_equal(groups_client_list(f->client, NULL, &page, NULL), GROUPS_TRANSPORT_ERROR);
    assert_null(page);
    assert_string_equal(groups_client_transport_error(f->client), curl_easy_strerror(CURLE_OPERATION_TIMEDOUT));
    assert_int_equal(f->waits.count, 0);
}

static void count_group(const tallyfy_group *group, void *context) {
    size_t *count = context;
    assert_true(tallyfy_group_id(group).len > 0);
    (*count)++;
}

/* Every group, over pages of two, with a 503 on the way retried by the driver. */
static void list_all_reads_every_page(void **state) {
    struct fixture *f = *state;
    static const char *names[] = {"One", "Two", "Three"};
    tallyfy_list_query *query = tallyfy_list_query_new();
    size_t i, seen = 0;
    for (i = 0; i < 3; i++) {
        tallyfy_group_input *in = input(names[i], 0);
        tallyfy_group *group = NULL;
        assert_int_equal(groups_client_create(f->client, in, &group, NULL), TALLYFY_OK);
        tallyfy_group_free(group);
        tallyfy_group_input_free(in);
    }
    assert_int_equal(tallyfy_list_query_set_per_page(query, 2, NULL), TALLYFY_OK);
    control("faults", "{\"faults\":[{\"kind\":\"status\",\"status\":503}]}");
    assert_int_equal(groups_client_list_all(f->client, query, count_group, &seen, NULL), TALLYFY_OK);
    assert_int_equal(seen, 3);
    assert_int_equal(f->waits.count, 1);
    tallyfy_list_query_free(query);
}

/* A token no heuristic would recognise, with a "/" that JSON may escape as "\/". */
#define SECRET "zqTok-7f3a.x/Y~9+Q"

/* Every text of `err` is free of SECRET. */
static void assert_no_secret(const tallyfy_error *err) {
    size_t i;
    assert_false(str_contains(tallyfy_error_message(err), SECRET));
    assert_false(str_contains(tallyfy_error_request_id(err), SECRET));
    for (i = 0; i < tallyfy_error_field_count(err); i++) {
        assert_false(str_contains(tallyfy_error_field_name(err, i), SECRET));
        assert_false(str_contains(tallyfy_error_field_message(err, i), SECRET));
    }
}

/* Traced exchanges, each flattened to one line. */
struct lines {
    char text[8][2048];
    size_t count;
};

static void flatten(const groups_exchange *x, void *context) {
    struct lines *l = context;
    size_t i;
    int n;
    if (l->count == sizeof l->text / sizeof l->text[0]) {
        return;
    }
    n = snprintf(l->text[l->count], sizeof l->text[0], "%.*s %.*s %.*s", (int)x->method.len, x->method.data,
                 (int)x->url.len, x->url.data, (int)x->body.len, x->body.data != NULL ? x->body.data : "");
    for (i = 0; i < x->header_count && n > 0 && (size_t)n < sizeof l->text[0]; i++) {
        n += snprintf(l->text[l->count] + n, sizeof l->text[0] - (size_t)n, " %.*s: %.*s",
                      (int)x->headers[i].name.len, x->headers[i].name.data, (int)x->headers[i].value.len,
                      x->headers[i].value.data);
    }
    l->count++;
}

static void the_token_never_reaches_errors_or_traces(void **state) {
    static const char faults[] =
        "{\"faults\":["
        "{\"kind\":\"answer\",\"status\":401,\"body\":\"{\\\"message\\\":\\\"token " SECRET " is unknown\\\"}\","
        "\"headers\":{\"X-Request-Id\":\"req-" SECRET "\"}},"
        "{\"kind\":\"answer\",\"status\":422,\"body\":\"{\\\"message\\\":\\\"The given data was invalid.\\\","
        "\\\"errors\\\":{\\\"zqTok-7f3a.x\\\\\\/Y~9+Q\\\":[\\\"bad\\\"],\\\"name\\\":[\\\"not " SECRET "\\\"]}}\"},"
        "{\"kind\":\"answer\",\"status\":403,\"body\":\"{\\\"message\\\":\\\"no \\\\u007aqTok-7f3a.x/Y~9+Q\\\"}\"},"
        "{\"kind\":\"answer\",\"status\":200,\"body\":\"{\\\"data\\\":{\\\"id\\\":\\\"" SECRET "\\\"\"}"
        "]}";
    struct lines lines = {{{0}}, 0};
    tallyfy_config *cfg = NULL;
    groups_client *client;
    tallyfy_group_input *in = input("Named " SECRET, 0);
    tallyfy_group *group = NULL;
    tallyfy_group_page *page = NULL;
    tallyfy_error *err = NULL;
    size_t i;
    (void)state;
    assert_int_equal(tallyfy_config_new(str(SECRET), str(getenv("TALLYFY_BASE_URL")), str(NULL), &cfg, NULL),
                     TALLYFY_OK);
    client = groups_client_new(cfg, str(ORG));
    groups_client_set_trace(client, flatten, &lines);
    control("faults", faults);

    assert_int_equal(groups_client_create(client, in, &group, &err), TALLYFY_UNAUTHORIZED);
    assert_no_secret(err);
    assert_str_equal(tallyfy_error_request_id(err), "req-[redacted]");
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(groups_client_create(client, in, &group, &err), TALLYFY_VALIDATION_FAILED);
    assert_no_secret(err);
    assert_int_equal(tallyfy_error_field_count(err), 2);
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(groups_client_get(client, str(SECRET), &group, &err), TALLYFY_FORBIDDEN);
    assert_no_secret(err);
    /* \u escapes are read before the token is taken out: the rest of the text stays. */
    assert_str_equal(tallyfy_error_message(err), "no [redacted]");
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(groups_client_list(client, NULL, &page, &err), TALLYFY_MALFORMED_RESPONSE);
    assert_no_secret(err);
    tallyfy_error_free(err);

    assert_int_equal(lines.count, 4);
    for (i = 0; i < lines.count; i++) {
        assert_null(strstr(lines.text[i], SECRET));
        assert_non_null(strstr(lines.text[i], "Authorization: Bearer [redacted]"));
    }
    groups_client_free(client);
    tallyfy_config_free(cfg);
    tallyfy_group_input_free(in);
}

static void a_transport_error_never_shows_the_token(void **state) {
    tallyfy_config *cfg = NULL;
    groups_client *client;
    tallyfy_group_input *in = input("Nowhere", 0);
    tallyfy_group *group = NULL;
    (void)state;
    assert_int_equal(tallyfy_config_new(str(SECRET), str("http://127.0.0.1:9/api"), str(NULL), &cfg, NULL),
                     TALLYFY_OK);
    client = groups_client_new(cfg, str(SECRET));
    /* A POST: nothing answers, and it is not retried (so nothing sleeps). */
    assert_int_equal(groups_client_create(client, in, &group, NULL), GROUPS_TRANSPORT_ERROR);
    tallyfy_group_input_free(in);
    assert_true(strlen(groups_client_transport_error(client)) > 0);
    assert_null(strstr(groups_client_transport_error(client), SECRET));
    groups_client_free(client);
    tallyfy_config_free(cfg);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(lifecycle_with_a_retried_429, start, stop),
        cmocka_unit_test_setup_teardown(a_422_surfaces_field_errors, start, stop),
        cmocka_unit_test_setup_teardown(server_errors_retry_only_when_idempotent, start, stop),
        cmocka_unit_test_setup_teardown(unreadable_answers, start, stop),
        cmocka_unit_test_setup_teardown(a_retry_after_beyond_the_cap_fails_at_once, start, stop),
        cmocka_unit_test_setup_teardown(no_answer_is_retried_only_when_idempotent, start, stop),
        cmocka_unit_test_setup_teardown(no_answer_and_statuses_share_the_retry_count, start, stop),
        cmocka_unit_test_setup_teardown(an_answer_past_the_size_limit_is_refused, start, stop),
        cmocka_unit_test_setup_teardown(a_timeout_is_not_retried, start, stop),
        cmocka_unit_test_setup_teardown(list_all_reads_every_page, start, stop),
        cmocka_unit_test_setup_teardown(the_token_never_reaches_errors_or_traces, start, stop),
        cmocka_unit_test_setup_teardown(a_transport_error_never_shows_the_token, start, stop),
    };
    int failed;
    if (getenv("TALLYFY_BASE_URL") == NULL) {
        fprintf(stderr, "TALLYFY_BASE_URL must name a running sandbox\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    failed = cmocka_run_group_tests_name("e2e", tests, NULL, NULL);
    curl_global_cleanup();
    return failed;
}
