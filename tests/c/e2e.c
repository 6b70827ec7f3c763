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
#include <time.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "groups_client.h"

#define ADMIN "sandbox-admin-token"
#define ORG "org_sandbox"

/* The statuses of every exchange of one test. */
struct statuses {
    long seen[32];
    size_t count;
};

static void record(const tallyfy_request *req, long status, void *context) {
    struct statuses *s = context;
    (void)req;
    if (s->count < sizeof s->seen / sizeof s->seen[0]) {
        s->seen[s->count++] = status;
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

struct fixture {
    tallyfy_config *cfg;
    groups_client *client;
    struct statuses statuses;
};

static int start(void **state) {
    struct fixture *f = calloc(1, sizeof *f);
    control("reset", "{}");
    if (f == NULL || tallyfy_config_new(ADMIN, getenv("TALLYFY_BASE_URL"), &f->cfg, NULL) != TALLYFY_OK) {
        return -1;
    }
    f->client = groups_client_new(f->cfg, ORG);
    groups_client_set_trace(f->client, record, &f->statuses);
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
    tallyfy_group_input_set_name(in, name);
    tallyfy_group_input_set_description(in, "e2e");
    tallyfy_group_input_clear_members(in);
    if (member != 0) {
        tallyfy_group_input_add_member(in, member);
    }
    tallyfy_group_input_add_guest(in, "guest@example.com");
    return in;
}

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
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
    double started;
    size_t i;

    control("faults", "{\"faults\":[{\"kind\":\"rate_limit\",\"retry_after\":\"1\"}]}");
    started = now_seconds();
    assert_int_equal(groups_client_create(f->client, in, &group, NULL), TALLYFY_OK);
    assert_true(now_seconds() - started >= 0.95); /* Retry-After: 1 was honoured */
    snprintf(id, sizeof id, "%s", tallyfy_group_id(group));
    assert_int_equal(strlen(id), 32);
    assert_int_equal(tallyfy_group_member_at(group, 0), 1001);

    assert_int_equal(groups_client_get(f->client, id, &fetched, NULL), TALLYFY_OK);
    assert_string_equal(tallyfy_group_name(fetched), "Lifecycle");
    tallyfy_list_query_set_q(query, "Lifecycle");
    assert_int_equal(groups_client_list(f->client, query, &page, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_page_total(page), 1);
    assert_string_equal(tallyfy_group_id(tallyfy_group_page_get(page, 0)), id);

    tallyfy_group_input_clear_members(changes);
    tallyfy_group_input_add_member(changes, 1003);
    tallyfy_group_input_clear_guests(changes);
    assert_int_equal(groups_client_update(f->client, id, changes, &updated, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_member_count(updated), 1);
    assert_int_equal(tallyfy_group_member_at(updated, 0), 1003);
    assert_int_equal(tallyfy_group_guest_count(updated), 0);
    assert_string_equal(tallyfy_group_name(updated), "Lifecycle");

    assert_int_equal(groups_client_delete(f->client, id, NULL), TALLYFY_OK);
    assert_int_equal(groups_client_get(f->client, id, &fetched, &err), TALLYFY_NOT_FOUND);
    assert_int_equal(tallyfy_error_status(err), 404);
    assert_non_null(tallyfy_error_request_id(err));

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
    assert_string_equal(tallyfy_error_field_name(err, 0), "name");
    assert_string_equal(tallyfy_error_field_code(err, 0), "rejected");
    assert_string_equal(tallyfy_error_field_message(err, 0), "The name has already been taken.");
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(groups_client_create(f->client, strangers, &group, &err), TALLYFY_VALIDATION_FAILED);
    assert_string_equal(tallyfy_error_field_name(err, 0), "members.0");
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
    control("faults", "{\"faults\":[{\"kind\":\"status\",\"status\":503}]}");
    tallyfy_group_input_set_name(in, "Not retried");
    assert_int_equal(groups_client_create(f->client, in, &group, &err), TALLYFY_SERVER_ERROR);
    assert_int_equal(tallyfy_error_status(err), 503);
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
    assert_string_equal(tallyfy_error_message(err), "Unauthorized.");
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(groups_client_list(f->client, NULL, &page, &err), TALLYFY_MALFORMED_RESPONSE);
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(groups_client_list(f->client, NULL, &page, &err), TALLYFY_MALFORMED_RESPONSE);
    tallyfy_error_free(err);
    assert_null(page);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(lifecycle_with_a_retried_429, start, stop),
        cmocka_unit_test_setup_teardown(a_422_surfaces_field_errors, start, stop),
        cmocka_unit_test_setup_teardown(server_errors_retry_only_when_idempotent, start, stop),
        cmocka_unit_test_setup_teardown(unreadable_answers, start, stop),
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
