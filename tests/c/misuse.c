/*
 * Misuse of the C API: NULL everywhere ({NULL, 0} strings included), empty arrays, invalid UTF-8
 * (and response headers that are not UTF-8, judged only when read), U+0000 inside strings and
 * bodies, huge inputs, freeing NULL, out-of-range indexes and enum values, refused setters, groups
 * read back from JSON, handles used from threads, and calls of several tenants interleaved and
 * concurrent, each lending only its own request. Every call must answer with a code (or a zero value), never crash, leak
 * or write a failed out.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "str.h"
#include "tallyfy.h"

static const char GROUP_BODY[] =
    "{\"data\":{\"id\":\"g1\",\"name\":\"Ops\",\"description\":\"d\",\"members\":[1,2],\"guests\":[\"a@b.co\"]}}";

/* The absent string. */
static const tallyfy_str NONE = {NULL, 0};

/* An answer of `status` with `count` headers and the body `body` (`len` bytes). */
static tallyfy_response answer(int32_t status, const tallyfy_header *headers, size_t count, const char *body,
                               size_t len) {
    tallyfy_response r;
    r.status = status;
    r.headers = headers;
    r.header_count = count;
    r.body = str_n(body, len);
    return r;
}

/* An answer of `status` with a NUL-terminated body (NULL: none) and no headers. */
static tallyfy_response plain(int32_t status, const char *body) {
    return answer(status, NULL, 0, body, body != NULL ? strlen(body) : 0);
}

/* A header borrowing two NUL-terminated strings. */
static tallyfy_header header(const char *name, const char *value) {
    tallyfy_header h;
    h.name = str(name);
    h.value = str(value);
    return h;
}

static tallyfy_config *config(void) {
    tallyfy_config *cfg = NULL;
    assert_int_equal(tallyfy_config_new(str("tok_123"), NONE, NONE, &cfg, NULL), TALLYFY_OK);
    return cfg;
}

static tallyfy_group *group(void) {
    tallyfy_group *g = NULL;
    tallyfy_response r = plain(200, GROUP_BODY);
    assert_int_equal(tallyfy_parse_group(&r, &g, NULL), TALLYFY_OK);
    return g;
}

static tallyfy_group_input *valid_input(void) {
    tallyfy_group_input *in = tallyfy_group_input_new();
    assert_non_null(in);
    assert_int_equal(tallyfy_group_input_set_name(in, str("Ops"), NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_set_description(in, str("Runs things"), NULL), TALLYFY_OK);
    return in;
}

/* `rc` is TALLYFY_NULL_ARGUMENT and `err` names `argument`; frees `err`. */
static void assert_null_argument(tallyfy_code rc, tallyfy_error *err, const char *argument) {
    char message[64];
    assert_int_equal(rc, TALLYFY_NULL_ARGUMENT);
    assert_non_null(err);
    assert_int_equal(tallyfy_error_code(err), TALLYFY_NULL_ARGUMENT);
    assert_str_equal(tallyfy_error_code_name(err), "null_argument");
    snprintf(message, sizeof message, "%s is NULL", argument);
    assert_str_equal(tallyfy_error_message(err), message);
    assert_int_equal(tallyfy_error_status(err), 0);
    assert_int_equal(tallyfy_error_field_count(err), 0);
    assert_int_equal(tallyfy_error_retry_after_seconds(err), -1);
    assert_str_absent(tallyfy_error_request_id(err));
    tallyfy_error_free(err);
}

static void null_arguments_are_reported(void **state) {
    tallyfy_config *cfg = config();
    tallyfy_group_input *in = valid_input();
    tallyfy_list_query *query = tallyfy_list_query_new();
    tallyfy_group *g = group();
    tallyfy_request *req = NULL;
    tallyfy_error *err = NULL, *kept = NULL;
    tallyfy_group_page *page = NULL;
    tallyfy_text *json = NULL;
    tallyfy_call *call = NULL;
    tallyfy_call_options *options = tallyfy_call_options_new();
    tallyfy_header no_value[1];
    tallyfy_response ok = plain(200, GROUP_BODY), no_headers = answer(200, NULL, 1, NULL, 0);
    tallyfy_response no_body = answer(200, NULL, 0, NULL, 10), bad_header = answer(429, no_value, 1, NULL, 0);
    const tallyfy_str org = str("org"), gid = str("g1"), null_with_length = {NULL, 3};
    (void)state;
    no_value[0].name = str("Retry-After");
    no_value[0].value = null_with_length;

#define EXPECT_NULL(call, argument)                                                                                   \
    do {                                                                                                               \
        tallyfy_code rc_;                                                                                              \
        err = NULL;                                                                                                    \
        rc_ = (call);                                                                                                  \
        assert_null_argument(rc_, err, argument);                                                                      \
    } while (0)
    EXPECT_NULL(tallyfy_config_new(NONE, NONE, NONE, &cfg, &err), "access_token");
    EXPECT_NULL(tallyfy_config_new(str("tok"), null_with_length, NONE, &cfg, &err), "base_url");
    EXPECT_NULL(tallyfy_config_new(str("tok"), NONE, NONE, NULL, &err), "out");
    EXPECT_NULL(tallyfy_group_input_from_json(NONE, &in, &err), "json");
    EXPECT_NULL(tallyfy_group_input_from_json(null_with_length, &in, &err), "json");
    EXPECT_NULL(tallyfy_group_input_to_json(NULL, &json, &err), "input");
    EXPECT_NULL(tallyfy_group_input_to_json(in, NULL, &err), "out");
    EXPECT_NULL(tallyfy_list_query_from_json(str("{}"), NULL, &err), "out");
    EXPECT_NULL(tallyfy_validate_create_group(NULL, &err), "input");
    EXPECT_NULL(tallyfy_validate_update_group(NULL, &err), "input");
    EXPECT_NULL(tallyfy_build_create_group(NULL, org, in, &req, &err), "cfg");
    EXPECT_NULL(tallyfy_build_create_group(cfg, NONE, in, &req, &err), "org_id");
    EXPECT_NULL(tallyfy_build_create_group(cfg, org, NULL, &req, &err), "input");
    EXPECT_NULL(tallyfy_build_create_group(cfg, org, in, NULL, &err), "out");
    EXPECT_NULL(tallyfy_build_get_group(cfg, org, NONE, &req, &err), "group_id");
    EXPECT_NULL(tallyfy_build_update_group(cfg, org, gid, NULL, &req, &err), "input");
    EXPECT_NULL(tallyfy_build_delete_group(cfg, NONE, gid, &req, &err), "org_id");
    EXPECT_NULL(tallyfy_build_list_groups(NULL, org, NULL, &req, &err), "cfg");
    EXPECT_NULL(tallyfy_parse_group(NULL, &g, &err), "response");
    EXPECT_NULL(tallyfy_parse_group(&no_headers, &g, &err), "headers");
    EXPECT_NULL(tallyfy_parse_group(&no_body, &g, &err), "body");
    EXPECT_NULL(tallyfy_parse_group(&bad_header, &g, &err), "header value");
    EXPECT_NULL(tallyfy_parse_group(&ok, NULL, &err), "out");
    EXPECT_NULL(tallyfy_parse_group_list(&ok, NULL, &err), "out");
    EXPECT_NULL(tallyfy_parse_delete_group(&no_body, &err), "body");
    EXPECT_NULL(tallyfy_group_to_json(NULL, &json, &err), "group");
    EXPECT_NULL(tallyfy_full_update(NULL, in, &in, &err), "current");
    EXPECT_NULL(tallyfy_full_update(g, NULL, &in, &err), "changes");
    EXPECT_NULL(tallyfy_group_clone(NULL, &g, &err), "group");
    EXPECT_NULL(tallyfy_group_clone(g, NULL, &err), "out");
    EXPECT_NULL(tallyfy_group_page_clone(NULL, &page, &err), "page");
    EXPECT_NULL(tallyfy_error_clone(NULL, &kept, &err), "err");
    EXPECT_NULL(tallyfy_error_redact(NULL, cfg, &kept, &err), "err");
    EXPECT_NULL(tallyfy_call_create_group(NULL, org, in, options, &call, &err), "cfg");
    EXPECT_NULL(tallyfy_call_create_group(cfg, NONE, in, options, &call, &err), "org_id");
    EXPECT_NULL(tallyfy_call_create_group(cfg, org, NULL, options, &call, &err), "input");
    EXPECT_NULL(tallyfy_call_create_group(cfg, org, in, options, NULL, &err), "out");
    EXPECT_NULL(tallyfy_call_get_group(cfg, org, NONE, options, &call, &err), "group_id");
    EXPECT_NULL(tallyfy_call_list_groups(cfg, NONE, NULL, options, &call, &err), "org_id");
    EXPECT_NULL(tallyfy_call_list_all_groups(cfg, org, NULL, options, NULL, &err), "out");
    EXPECT_NULL(tallyfy_call_update_group(cfg, org, gid, NULL, options, &call, &err), "input");
    EXPECT_NULL(tallyfy_call_delete_group(NULL, org, gid, options, &call, &err), "cfg");
    EXPECT_NULL(tallyfy_call_answer(NULL, &ok, &err), "call");
    EXPECT_NULL(tallyfy_call_no_answer(NULL, TALLYFY_NO_ANSWER_TIMEOUT, &err), "call");
    /* The setters report through err too. */
    EXPECT_NULL(tallyfy_group_input_set_name(NULL, str("x"), &err), "input");
    EXPECT_NULL(tallyfy_group_input_set_name(in, NONE, &err), "name");
    EXPECT_NULL(tallyfy_group_input_set_description(in, null_with_length, &err), "description");
    EXPECT_NULL(tallyfy_group_input_add_member(NULL, 1, &err), "input");
    EXPECT_NULL(tallyfy_group_input_add_guest(in, NONE, &err), "email");
    EXPECT_NULL(tallyfy_group_input_clear_members(NULL, &err), "input");
    EXPECT_NULL(tallyfy_group_input_clear_guests(NULL, &err), "input");
    EXPECT_NULL(tallyfy_list_query_set_q(NULL, str("x"), &err), "query");
    EXPECT_NULL(tallyfy_list_query_set_q(query, NONE, &err), "q");
    EXPECT_NULL(tallyfy_list_query_set_page(NULL, 1, &err), "query");
    EXPECT_NULL(tallyfy_list_query_set_per_page(NULL, 1, &err), "query");
    EXPECT_NULL(tallyfy_list_query_set_sort_by(query, NONE, &err), "sort_by");
    EXPECT_NULL(tallyfy_list_query_set_sort(NULL, str("asc"), &err), "query");
    EXPECT_NULL(tallyfy_list_query_add_with(query, null_with_length, &err), "with");
    EXPECT_NULL(tallyfy_call_options_set_timeout_ms(NULL, 1, &err), "options");
    EXPECT_NULL(tallyfy_call_options_set_max_answer_bytes(NULL, 1, &err), "options");
    EXPECT_NULL(tallyfy_call_options_set_max_pages(NULL, 1, &err), "options");
    EXPECT_NULL(tallyfy_call_options_set_random_seed(NULL, 1, &err), "options");
#undef EXPECT_NULL
    /* With no err at all, the code is still returned. */
    assert_int_equal(tallyfy_build_get_group(cfg, NONE, NONE, &req, NULL), TALLYFY_NULL_ARGUMENT);
    assert_null(req);

    /* Accessors of a NULL handle answer a zero value: {NULL, 0}, 0, false or NULL. */
    assert_str_absent(tallyfy_text_str(NULL));
    assert_str_absent(tallyfy_request_method(NULL));
    assert_str_absent(tallyfy_request_url(NULL));
    assert_int_equal(tallyfy_request_header_count(NULL), 0);
    assert_str_absent(tallyfy_request_header_at(NULL, 0).name);
    assert_str_absent(tallyfy_request_header_at(NULL, 0).value);
    assert_str_absent(tallyfy_request_body(NULL));
    assert_false(tallyfy_request_idempotent(NULL));
    assert_str_absent(tallyfy_group_id(NULL));
    assert_str_absent(tallyfy_group_name(NULL));
    assert_str_absent(tallyfy_group_description(NULL));
    assert_str_absent(tallyfy_group_logo(NULL));
    assert_str_absent(tallyfy_group_created_at(NULL));
    assert_str_absent(tallyfy_group_updated_at(NULL));
    assert_int_equal(tallyfy_group_member_count(NULL), 0);
    assert_int_equal(tallyfy_group_member_at(NULL, 0), 0);
    assert_int_equal(tallyfy_group_guest_count(NULL), 0);
    assert_str_absent(tallyfy_group_guest_at(NULL, 0));
    assert_int_equal(tallyfy_group_page_len(NULL), 0);
    assert_null(tallyfy_group_page_get(NULL, 0));
    assert_int_equal(tallyfy_group_page_total(NULL), 0);
    assert_int_equal(tallyfy_group_page_count(NULL), 0);
    assert_int_equal(tallyfy_group_page_per_page(NULL), 0);
    assert_int_equal(tallyfy_group_page_current_page(NULL), 0);
    assert_int_equal(tallyfy_group_page_total_pages(NULL), 0);
    assert_str_absent(tallyfy_group_input_name(NULL));
    assert_str_absent(tallyfy_group_input_description(NULL));
    assert_false(tallyfy_group_input_has_members(NULL));
    assert_int_equal(tallyfy_group_input_member_count(NULL), 0);
    assert_int_equal(tallyfy_group_input_member_at(NULL, 0), 0);
    assert_false(tallyfy_group_input_has_guests(NULL));
    assert_int_equal(tallyfy_group_input_guest_count(NULL), 0);
    assert_str_absent(tallyfy_group_input_guest_at(NULL, 0));
    assert_int_equal(tallyfy_error_code(NULL), TALLYFY_OK);
    assert_str_absent(tallyfy_error_code_name(NULL));
    assert_str_absent(tallyfy_error_message(NULL));
    assert_int_equal(tallyfy_error_status(NULL), 0);
    assert_int_equal(tallyfy_error_field_count(NULL), 0);
    assert_str_absent(tallyfy_error_field_name(NULL, 0));
    assert_str_absent(tallyfy_error_field_code(NULL, 0));
    assert_str_absent(tallyfy_error_field_message(NULL, 0));
    assert_int_equal(tallyfy_error_retry_after_seconds(NULL), -1);
    assert_int_equal(tallyfy_error_retry_after_seconds_at(NULL, 0), -1);
    assert_str_absent(tallyfy_error_request_id(NULL));

    /* The call's accessors on NULL: zero values; the next step of NULL fails without an error. */
    assert_int_equal(tallyfy_call_next(NULL), TALLYFY_STEP_FAILED);
    assert_null(tallyfy_call_request(NULL));
    assert_null(tallyfy_call_trace(NULL));
    assert_int_equal(tallyfy_call_timeout_ms(NULL), 0);
    assert_int_equal(tallyfy_call_max_answer_bytes(NULL), 0);
    assert_int_equal(tallyfy_call_delay_ms(NULL), 0);
    assert_int_equal(tallyfy_call_attempt(NULL), 0);
    assert_null(tallyfy_call_error(NULL));
    assert_int_equal(tallyfy_call_no_answer_kind(NULL), TALLYFY_NO_ANSWER_NOT_DELIVERED);
    assert_null(tallyfy_call_group(NULL));
    assert_null(tallyfy_call_page(NULL));
    assert_int_equal(tallyfy_call_group_count(NULL), 0);
    assert_null(tallyfy_call_group_at(NULL, 0));
    assert_false(tallyfy_call_deleted(NULL));

    assert_null(call);
    assert_null(page);
    assert_null(json);
    assert_null(kept);
    tallyfy_call_options_free(options);
    tallyfy_list_query_free(query);
    tallyfy_group_free(g);
    tallyfy_group_input_free(in);
    tallyfy_config_free(cfg);
}

static void failures_leave_out_params_untouched(void **state) {
    tallyfy_config *cfg = config();
    tallyfy_group_input *empty = tallyfy_group_input_new();
    tallyfy_config *cfg_out = (tallyfy_config *)&cfg;
    tallyfy_request *req = (tallyfy_request *)&cfg;
    tallyfy_group *g = (tallyfy_group *)&cfg;
    tallyfy_error *err = NULL;
    tallyfy_call *call = (tallyfy_call *)&cfg;
    tallyfy_response not_found = plain(404, NULL);
    (void)state;
    assert_int_equal(tallyfy_config_new(str("two words"), NONE, NONE, &cfg_out, &err), TALLYFY_INVALID_INPUT);
    assert_ptr_equal(cfg_out, &cfg);
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(tallyfy_build_create_group(cfg, str("org"), empty, &req, &err), TALLYFY_INVALID_INPUT);
    assert_ptr_equal(req, &cfg);
    assert_int_equal(tallyfy_error_field_count(err), 2);
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(tallyfy_parse_group(&not_found, &g, &err), TALLYFY_NOT_FOUND);
    assert_ptr_equal(g, &cfg);
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(tallyfy_call_create_group(cfg, str("org"), empty, NULL, &call, &err), TALLYFY_INVALID_INPUT);
    assert_ptr_equal(call, &cfg);
    assert_int_equal(tallyfy_error_field_count(err), 2);
    tallyfy_error_free(err);
    /* A success leaves err alone. */
    err = (tallyfy_error *)&cfg;
    call = NULL;
    assert_int_equal(tallyfy_call_get_group(cfg, str("org"), str("g1"), NULL, &call, &err), TALLYFY_OK);
    assert_ptr_equal(err, &cfg);
    assert_int_equal(tallyfy_group_input_set_name(empty, str("Ops"), &err), TALLYFY_OK);
    assert_ptr_equal(err, &cfg);
    tallyfy_call_free(call);
    tallyfy_group_input_free(empty);
    tallyfy_config_free(cfg);
}

/* `rc` is TALLYFY_INVALID_UTF8 and `err` names `argument`; frees `err`. */
static void assert_not_utf8(tallyfy_code rc, tallyfy_error *err, const char *argument) {
    char message[64];
    assert_int_equal(rc, TALLYFY_INVALID_UTF8);
    assert_str_equal(tallyfy_error_code_name(err), "invalid_utf8");
    snprintf(message, sizeof message, "%s is not valid UTF-8", argument);
    assert_str_equal(tallyfy_error_message(err), message);
    tallyfy_error_free(err);
}

static void invalid_utf8_is_refused(void **state) {
    static const char bad[] = "ab\xff\xfe";
    tallyfy_config *cfg = config();
    tallyfy_group_input *in = valid_input();
    tallyfy_list_query *query = tallyfy_list_query_new();
    tallyfy_request *req = NULL;
    tallyfy_group *g = NULL;
    tallyfy_error *err = NULL;
    tallyfy_header headers[1];
    tallyfy_response bad_header, bad_body = plain(200, bad);
    (void)state;
    headers[0] = header("X-Request-Id", bad);
    bad_header = answer(200, headers, 1, GROUP_BODY, strlen(GROUP_BODY));
#define EXPECT_NOT_UTF8(call, argument)                                                                               \
    do {                                                                                                               \
        tallyfy_code rc_;                                                                                              \
        err = NULL;                                                                                                    \
        rc_ = (call);                                                                                                  \
        assert_not_utf8(rc_, err, argument);                                                                           \
    } while (0)
    EXPECT_NOT_UTF8(tallyfy_config_new(str(bad), NONE, NONE, &cfg, &err), "access_token");
    EXPECT_NOT_UTF8(tallyfy_config_new(str("tok"), NONE, str(bad), &cfg, &err), "client_header");
    EXPECT_NOT_UTF8(tallyfy_group_input_set_name(in, str(bad), &err), "name");
    EXPECT_NOT_UTF8(tallyfy_group_input_add_guest(in, str("\xc3\x28@x.io"), &err), "email");
    EXPECT_NOT_UTF8(tallyfy_list_query_set_q(query, str(bad), &err), "q");
    EXPECT_NOT_UTF8(tallyfy_build_get_group(cfg, str(bad), str("g1"), &req, &err), "org_id");
    EXPECT_NOT_UTF8(tallyfy_group_input_from_json(str("{\"name\":\"\xff\"}"), &in, &err), "json");
    EXPECT_NOT_UTF8(tallyfy_list_query_from_json(str("{\"q\":\"\xff\"}"), &query, &err), "json");
#undef EXPECT_NOT_UTF8
    assert_int_equal(tallyfy_build_create_group(cfg, str("org"), in, &req, NULL), TALLYFY_OK); /* unchanged */
    assert_str_equal(tallyfy_request_body(req), "{\"name\":\"Ops\",\"description\":\"Runs things\"}");
    tallyfy_request_free(req);
    assert_int_equal(tallyfy_parse_group(&bad_header, &g, &err), TALLYFY_INVALID_UTF8);
    assert_str_equal(tallyfy_error_message(err), "the value of the X-Request-Id header is not valid UTF-8");
    tallyfy_error_free(err);
    /* A body is bytes: invalid UTF-8 there is the answer's problem, reported as malformed. */
    err = NULL;
    assert_int_equal(tallyfy_parse_group(&bad_body, &g, &err), TALLYFY_MALFORMED_RESPONSE);
    assert_int_equal(tallyfy_error_status(err), 200);
    assert_null(g);
    tallyfy_error_free(err);
    tallyfy_list_query_free(query);
    tallyfy_group_input_free(in);
    tallyfy_config_free(cfg);
}

/* A header the library does not read is never judged (HTTP allows obs-text such as caf\xe9); a
 * header it reads must have a UTF-8 value, else TALLYFY_INVALID_UTF8 naming it. */
static void unread_headers_are_never_judged(void **state) {
    static const char slow[] = "{\"message\":\"slow down\"}";
    tallyfy_header unread[3], bad_read[2];
    tallyfy_response r;
    tallyfy_group *g = NULL;
    tallyfy_error *err = NULL;
    (void)state;
    unread[0] = header("X-Served-By", "caf\xe9");
    unread[1] = header("caf\xe9-Header", "1");
    unread[2] = header("Retry-After", "7");
    bad_read[0] = unread[0];
    bad_read[1] = header("retry-after", "\xff");
    r = answer(200, unread, 3, GROUP_BODY, strlen(GROUP_BODY));
    assert_int_equal(tallyfy_parse_group(&r, &g, &err), TALLYFY_OK);
    assert_str_equal(tallyfy_group_name(g), "Ops");
    tallyfy_group_free(g);
    g = NULL;
    r = answer(429, unread, 3, slow, strlen(slow));
    assert_int_equal(tallyfy_parse_delete_group(&r, &err), TALLYFY_RATE_LIMITED);
    assert_int_equal(tallyfy_error_retry_after_seconds_at(err, 0), 7);
    tallyfy_error_free(err);
    err = NULL;
    r = answer(200, bad_read, 2, GROUP_BODY, strlen(GROUP_BODY));
    assert_int_equal(tallyfy_parse_group(&r, &g, &err), TALLYFY_INVALID_UTF8);
    assert_null(g);
    assert_str_equal(tallyfy_error_message(err), "the value of the Retry-After header is not valid UTF-8");
    tallyfy_error_free(err);
}

/* U+0000 is an ordinary character of a string: kept whole in results, judged by the core in
 * arguments; a raw NUL in JSON is not JSON. */
static void strings_and_bodies_with_u0000(void **state) {
    static const char raw[] = "{\"data\":{\"id\":\"g1\",\"name\":\"a\0b\"}}";
    static const char escaped[] = "{\"data\":{\"id\":\"g1\\u0000\",\"name\":\"a\\u0000b\",\"description\":\"\\u0000\","
                                  "\"logo\":\"l\\u0000\",\"guests\":[\"x\\u0000@y.z\"],\"created_at\":\"c\\u0000\","
                                  "\"last_updated\":\"u\\u0000\"}}";
    static const char bad_gateway[] = "Bad\0 gateway";
    tallyfy_response r = answer(200, NULL, 0, raw, sizeof raw - 1);
    tallyfy_group *g = NULL;
    tallyfy_error *err = NULL;
    tallyfy_group_input *in = NULL;
    tallyfy_text *json = NULL;
    tallyfy_str s;
    (void)state;
    assert_int_equal(tallyfy_parse_group(&r, &g, &err), TALLYFY_MALFORMED_RESPONSE);
    assert_null(g);
    tallyfy_error_free(err);
    err = NULL;
    /* An escaped one is kept whole, counted by each string's length. */
    r = answer(201, NULL, 0, escaped, sizeof escaped - 1);
    assert_int_equal(tallyfy_parse_group(&r, &g, NULL), TALLYFY_OK);
#define ASSERT_BYTES(have, want)                                                                                      \
    do {                                                                                                               \
        s = (have);                                                                                                    \
        assert_int_equal(s.len, sizeof(want) - 1);                                                                     \
        assert_memory_equal(s.data, want, sizeof(want) - 1);                                                           \
    } while (0)
    ASSERT_BYTES(tallyfy_group_id(g), "g1\0");
    ASSERT_BYTES(tallyfy_group_name(g), "a\0b");
    ASSERT_BYTES(tallyfy_group_description(g), "\0");
    ASSERT_BYTES(tallyfy_group_logo(g), "l\0");
    ASSERT_BYTES(tallyfy_group_created_at(g), "c\0");
    ASSERT_BYTES(tallyfy_group_updated_at(g), "u\0");
    ASSERT_BYTES(tallyfy_group_guest_at(g, 0), "x\0@y.z");
#undef ASSERT_BYTES
    assert_str_absent(tallyfy_group_guest_at(g, 1));
    assert_int_equal(tallyfy_group_to_json(g, &json, NULL), TALLYFY_OK);
    assert_true(str_contains(tallyfy_text_str(json), "\"name\":\"a\\u0000b\""));
    tallyfy_text_free(json);
    tallyfy_group_free(g);
    /* A plain-text error body with a NUL: the message never carries control characters. */
    r = answer(502, NULL, 0, bad_gateway, sizeof bad_gateway - 1);
    assert_int_equal(tallyfy_parse_delete_group(&r, &err), TALLYFY_SERVER_ERROR);
    assert_str_equal(tallyfy_error_message(err), "Bad  gateway");
    tallyfy_error_free(err);
    err = NULL;
    /* JSON input followed by a NUL and more is invalid JSON, not a shorter input. */
    assert_int_equal(tallyfy_group_input_from_json(str_n("{\"name\":\"x\"}\0{", 14), &in, &err), TALLYFY_INVALID_INPUT);
    assert_str_equal(tallyfy_error_field_code(err, 0), "invalid_json");
    assert_null(in);
    tallyfy_error_free(err);
}

/* `n` copies of `c`, NUL-terminated; free() it. */
static char *repeat(char c, size_t n) {
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static void huge_inputs_are_bounded(void **state) {
    enum { MEMBERS = 100000 };
    char *huge = repeat('n', 4 * 1024 * 1024);
    tallyfy_config *cfg = config();
    tallyfy_group_input *in = tallyfy_group_input_new();
    tallyfy_request *req = NULL;
    tallyfy_error *err = NULL;
    tallyfy_group *g = NULL;
    tallyfy_response r;
    char *body, *p;
    size_t i;
    (void)state;
    /* A 4 MiB token, name and org id: refused by field, never echoed. */
    assert_int_equal(tallyfy_config_new(str(huge), NONE, NONE, &cfg, &err), TALLYFY_INVALID_INPUT);
    assert_str_equal(tallyfy_error_field_code(err, 0), "too_long");
    assert_true(tallyfy_error_message(err).len <= 512);
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(tallyfy_group_input_set_name(in, str(huge), &err), TALLYFY_INVALID_INPUT);
    assert_str_equal(tallyfy_error_field_name(err, 0), "name");
    assert_str_equal(tallyfy_error_field_code(err, 0), "too_long");
    assert_true(tallyfy_error_message(err).len <= 512);
    tallyfy_error_free(err);
    err = NULL;
    /* Every problem of a build at once: the org id, and the name the input lacks. */
    assert_int_equal(tallyfy_group_input_set_description(in, str("d"), NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_build_create_group(cfg, str(huge), in, &req, &err), TALLYFY_INVALID_INPUT);
    assert_int_equal(tallyfy_error_field_count(err), 2);
    assert_str_equal(tallyfy_error_field_name(err, 0), "org_id");
    assert_str_equal(tallyfy_error_field_code(err, 0), "too_long");
    assert_str_equal(tallyfy_error_field_name(err, 1), "name");
    assert_str_equal(tallyfy_error_field_code(err, 1), "required");
    tallyfy_error_free(err);
    err = NULL;
    /* A 100 000-member input and answer go through whole. */
    tallyfy_group_input_free(in);
    in = valid_input();
    for (i = 1; i <= MEMBERS; i++) {
        assert_int_equal(tallyfy_group_input_add_member(in, i, NULL), TALLYFY_OK);
    }
    assert_int_equal(tallyfy_build_create_group(cfg, str("org"), in, &req, NULL), TALLYFY_OK);
    body = malloc(32 * MEMBERS + 128);
    assert_non_null(body);
    p = body + sprintf(body, "{\"data\":{\"id\":\"g1\",\"name\":\"Big\",\"members\":[");
    for (i = 1; i <= MEMBERS; i++) {
        p += sprintf(p, i == 1 ? "%lu" : ",%lu", (unsigned long)i);
    }
    p += sprintf(p, "]}}");
    r = answer(200, NULL, 0, body, (size_t)(p - body));
    assert_int_equal(tallyfy_parse_group(&r, &g, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_member_count(g), MEMBERS);
    assert_int_equal(tallyfy_group_member_at(g, MEMBERS - 1), MEMBERS);
    /* A huge server message is bounded. */
    r = plain(500, huge);
    assert_int_equal(tallyfy_parse_delete_group(&r, &err), TALLYFY_SERVER_ERROR);
    assert_true(tallyfy_error_message(err).len <= 512);
    tallyfy_error_free(err);
    err = NULL;
    /* A length no buffer can have is refused before the pointer is read. */
    r = answer(200, NULL, 0, body, SIZE_MAX);
    assert_int_equal(tallyfy_parse_group(&r, &g, &err), TALLYFY_INVALID_INPUT);
    assert_str_equal(tallyfy_error_field_name(err, 0), "body");
    assert_str_equal(tallyfy_error_field_code(err, 0), "too_long");
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(tallyfy_build_get_group(cfg, str_n("org", SIZE_MAX), str("g1"), &req, &err),
                     TALLYFY_INVALID_INPUT);
    assert_str_equal(tallyfy_error_field_name(err, 0), "org_id");
    tallyfy_error_free(err);
    free(body);
    tallyfy_group_free(g);
    tallyfy_request_free(req);
    tallyfy_group_input_free(in);
    tallyfy_config_free(cfg);
    free(huge);
}

/* Every array and string may be NULL (or any pointer) with length 0; a header count no buffer
 * can hold is refused before anything is read. Under the debug build of the sanitizer suite, a
 * broken precondition of the library would abort here. */
static void empty_arrays_and_impossible_lengths(void **state) {
    static const char list[] =
        "{\"data\":[],\"meta\":{\"pagination\":{\"total\":0,\"count\":0,\"per_page\":10,\"current_page\":1,"
        "\"total_pages\":1}}}";
    tallyfy_header headers[1];
    tallyfy_group_input *parsed = NULL;
    tallyfy_group_page *page = NULL;
    tallyfy_group *g = NULL;
    tallyfy_error *err = NULL;
    tallyfy_config *cfg = NULL;
    tallyfy_response r = plain(204, NULL);
    (void)state;
    headers[0] = header("X-A", "1");
    assert_int_equal(tallyfy_parse_delete_group(&r, &err), TALLYFY_OK);
    r = answer(200, headers, 0, "", 0);
    assert_int_equal(tallyfy_parse_delete_group(&r, &err), TALLYFY_OK);
    r = answer(201, headers, 0, GROUP_BODY, strlen(GROUP_BODY));
    assert_int_equal(tallyfy_parse_group(&r, &g, &err), TALLYFY_OK);
    r = plain(200, list);
    assert_int_equal(tallyfy_parse_group_list(&r, &page, &err), TALLYFY_OK);
    assert_null(err);
    r = plain(404, NULL);
    assert_int_equal(tallyfy_parse_delete_group(&r, &err), TALLYFY_NOT_FOUND);
    assert_int_equal(tallyfy_error_status(err), 404);
    tallyfy_error_free(err);
    err = NULL;
    r = answer(204, headers, SIZE_MAX / sizeof headers[0], NULL, 0);
    assert_int_equal(tallyfy_parse_delete_group(&r, &err), TALLYFY_INVALID_INPUT);
    assert_str_equal(tallyfy_error_field_name(err, 0), "headers");
    assert_str_equal(tallyfy_error_field_code(err, 0), "too_long");
    tallyfy_error_free(err);
    err = NULL;
    /* An empty string (any pointer, length 0) is a value for the core to judge. */
    assert_int_equal(tallyfy_group_input_from_json(str(""), &parsed, &err), TALLYFY_INVALID_INPUT);
    assert_str_equal(tallyfy_error_field_code(err, 0), "invalid_json");
    assert_null(parsed);
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(tallyfy_config_new(str_n(GROUP_BODY, 0), NONE, NONE, &cfg, &err), TALLYFY_INVALID_INPUT);
    assert_str_equal(tallyfy_error_field_name(err, 0), "access_token");
    assert_str_equal(tallyfy_error_field_code(err, 0), "required");
    assert_null(cfg);
    tallyfy_error_free(err);
    tallyfy_group_page_free(page);
    tallyfy_group_free(g);
}

static void freeing_null_is_harmless(void **state) {
    (void)state;
    tallyfy_config_free(NULL);
    tallyfy_group_input_free(NULL);
    tallyfy_list_query_free(NULL);
    tallyfy_request_free(NULL);
    tallyfy_group_free(NULL);
    tallyfy_group_page_free(NULL);
    tallyfy_error_free(NULL);
    tallyfy_text_free(NULL);
    tallyfy_call_options_free(NULL);
    tallyfy_call_free(NULL);
}

static void indexes_out_of_range(void **state) {
    static const char list[] =
        "{\"data\":[],\"meta\":{\"pagination\":{\"total\":0,\"count\":0,\"per_page\":10,\"current_page\":1,"
        "\"total_pages\":0}}}";
    tallyfy_config *cfg = config();
    tallyfy_group *g = group();
    tallyfy_request *req = NULL;
    tallyfy_group_page *page = NULL;
    tallyfy_error *err = NULL;
    tallyfy_response r = plain(200, list);
    (void)state;
    assert_int_equal(tallyfy_build_get_group(cfg, str("org"), str("g1"), &req, NULL), TALLYFY_OK);
    assert_str_absent(tallyfy_request_header_at(req, 3).name);
    assert_str_absent(tallyfy_request_header_at(req, SIZE_MAX).value);
    assert_str_absent(tallyfy_request_body(req));
    assert_int_equal(tallyfy_group_member_at(g, 2), 0);
    assert_str_absent(tallyfy_group_guest_at(g, 1));
    assert_int_equal(tallyfy_parse_group_list(&r, &page, NULL), TALLYFY_OK);
    assert_null(tallyfy_group_page_get(page, 0));
    assert_int_equal(tallyfy_build_delete_group(cfg, str(""), str(""), &req, &err), TALLYFY_INVALID_INPUT);
    assert_str_absent(tallyfy_error_field_code(err, 2));
    assert_str_absent(tallyfy_error_field_message(err, SIZE_MAX));
    tallyfy_error_free(err);
    tallyfy_group_page_free(page);
    tallyfy_request_free(req);
    tallyfy_group_free(g);
    tallyfy_config_free(cfg);
}

/* `rc` is TALLYFY_INVALID_INPUT with one field error on `field` in `*err`; frees it and sets
 * `*err` to NULL (read only after the call that wrote it, which the arguments evaluate first). */
static void assert_refused(tallyfy_code rc, tallyfy_error **err, const char *field) {
    assert_int_equal(rc, TALLYFY_INVALID_INPUT);
    assert_int_equal(tallyfy_error_field_count(*err), 1);
    assert_str_equal(tallyfy_error_field_name(*err, 0), field);
    tallyfy_error_free(*err);
    *err = NULL;
}

static void refused_setters_change_nothing(void **state) {
    tallyfy_config *cfg = NULL;
    tallyfy_list_query *query = tallyfy_list_query_new();
    tallyfy_group_input *in = valid_input();
    tallyfy_request *req = NULL;
    tallyfy_error *err = NULL;
    (void)state;
    assert_refused(tallyfy_config_new(str("tok"), NONE, str("App\r\nX-Evil: 1"), &cfg, &err), &err, "client_header");
    assert_null(cfg);
    assert_int_equal(tallyfy_config_new(str("tok_123"), NONE, str("MyApp/2"), &cfg, NULL), TALLYFY_OK);
    assert_refused(tallyfy_list_query_set_sort_by(query, str("size"), &err), &err, "sort_by");
    assert_refused(tallyfy_list_query_set_sort(query, str("up"), &err), &err, "sort");
    assert_refused(tallyfy_list_query_add_with(query, str("everything"), &err), &err, "with.0");
    assert_refused(tallyfy_list_query_set_page(query, 0, &err), &err, "page");
    assert_refused(tallyfy_list_query_set_per_page(query, 101, &err), &err, "per_page");
    assert_int_equal(tallyfy_list_query_set_q(query, str("on call"), &err), TALLYFY_OK);
    assert_int_equal(tallyfy_build_list_groups(cfg, str("org"), query, &req, NULL), TALLYFY_OK);
    assert_str_equal(tallyfy_request_url(req), "https://go.tallyfy.com/api/organizations/org/groups?q=on%20call");
    assert_str_equal(tallyfy_request_header_at(req, 2).value, "MyApp/2");
    tallyfy_request_free(req);
    assert_int_equal(tallyfy_list_query_set_sort_by(query, str("name"), NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_list_query_set_sort(query, str("desc"), NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_list_query_add_with(query, str("users"), NULL), TALLYFY_OK);
    assert_refused(tallyfy_list_query_add_with(query, str("users"), &err), &err, "with.1");
    assert_int_equal(tallyfy_list_query_set_page(query, 2, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_list_query_set_per_page(query, 50, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_build_list_groups(cfg, str("org"), query, &req, NULL), TALLYFY_OK);
    assert_str_equal(tallyfy_request_url(req), "https://go.tallyfy.com/api/organizations/org/groups"
                                                "?q=on%20call&page=2&per_page=50&sort_by=name&sort=desc&with=users");
    tallyfy_request_free(req);
    /* The input's setters refuse what its JSON reader refuses, and keep the input as it was. */
    assert_refused(tallyfy_group_input_set_name(in, str(" "), &err), &err, "name");
    assert_refused(tallyfy_group_input_set_description(in, str("\t"), &err), &err, "description");
    assert_refused(tallyfy_group_input_add_member(in, 0, &err), &err, "members.0");
    assert_refused(tallyfy_group_input_add_member(in, UINT64_C(9007199254740992), &err), &err, "members.0");
    assert_refused(tallyfy_group_input_add_guest(in, str("not-an-email"), &err), &err, "guests.0");
    assert_false(tallyfy_group_input_has_members(in));
    assert_false(tallyfy_group_input_has_guests(in));
    assert_str_equal(tallyfy_group_input_name(in), "Ops");
    assert_str_equal(tallyfy_group_input_description(in), "Runs things");
    tallyfy_group_input_free(in);
    tallyfy_list_query_free(query);
    tallyfy_config_free(cfg);
}

static void cleared_lists_are_sent_empty(void **state) {
    tallyfy_config *cfg = config();
    tallyfy_group_input *in = tallyfy_group_input_new();
    tallyfy_request *req = NULL;
    tallyfy_text *json = NULL;
    (void)state;
    assert_int_equal(tallyfy_group_input_add_member(in, 1001, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_clear_members(in, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_add_member(in, 1008, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_clear_guests(in, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_to_json(in, &json, NULL), TALLYFY_OK);
    assert_str_equal(tallyfy_text_str(json), "{\"members\":[1008],\"guests\":[]}");
    tallyfy_text_free(json);
    assert_int_equal(tallyfy_validate_update_group(in, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_validate_create_group(in, NULL), TALLYFY_INVALID_INPUT);
    assert_int_equal(tallyfy_build_update_group(cfg, str("org"), str("g1"), in, &req, NULL), TALLYFY_OK);
    assert_str_equal(tallyfy_request_body(req), "{\"members\":[1008],\"guests\":[]}");
    tallyfy_request_free(req);
    tallyfy_group_input_free(in);
    tallyfy_config_free(cfg);
}

static void input_accessors_read_back_every_field(void **state) {
    static const char json[] =
        "{\"name\":\"Ops\\u0000x\",\"members\":[7,9007199254740991],\"guests\":[\"a@b.co\",\"c@d.io\"]}";
    tallyfy_group_input *in = tallyfy_group_input_new();
    tallyfy_group_input *parsed = NULL;
    tallyfy_group_input *body = NULL;
    tallyfy_group *g = group();
    tallyfy_str name;
    (void)state;
    /* A new input: every field absent. */
    assert_str_absent(tallyfy_group_input_name(in));
    assert_str_absent(tallyfy_group_input_description(in));
    assert_false(tallyfy_group_input_has_members(in));
    assert_false(tallyfy_group_input_has_guests(in));
    assert_int_equal(tallyfy_group_input_member_count(in), 0);
    assert_int_equal(tallyfy_group_input_guest_count(in), 0);
    /* Cleared lists are present and empty; values set are lent back. */
    assert_int_equal(tallyfy_group_input_clear_members(in, NULL), TALLYFY_OK);
    assert_true(tallyfy_group_input_has_members(in));
    assert_int_equal(tallyfy_group_input_member_count(in), 0);
    assert_false(tallyfy_group_input_has_guests(in));
    assert_int_equal(tallyfy_group_input_set_name(in, str("Ops"), NULL), TALLYFY_OK);
    assert_str_equal(tallyfy_group_input_name(in), "Ops");
    /* A change after a read: the next read sees it. */
    assert_int_equal(tallyfy_group_input_set_name(in, str("Sales team"), NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_add_guest(in, str("x@y.io"), NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_add_guest(in, str("z@y.io"), NULL), TALLYFY_OK);
    assert_str_equal(tallyfy_group_input_name(in), "Sales team");
    assert_true(tallyfy_group_input_has_guests(in));
    assert_int_equal(tallyfy_group_input_guest_count(in), 2);
    assert_str_equal(tallyfy_group_input_guest_at(in, 1), "z@y.io");
    assert_str_absent(tallyfy_group_input_guest_at(in, 2));
    /* From JSON: a U+0000 inside is kept, counted by the length. */
    assert_int_equal(tallyfy_group_input_from_json(str(json), &parsed, NULL), TALLYFY_OK);
    name = tallyfy_group_input_name(parsed);
    assert_int_equal(name.len, 5);
    assert_memory_equal(name.data, "Ops\0x", 5);
    assert_str_absent(tallyfy_group_input_description(parsed));
    assert_int_equal(tallyfy_group_input_member_count(parsed), 2);
    assert_int_equal(tallyfy_group_input_member_at(parsed, 0), 7);
    assert_int_equal(tallyfy_group_input_member_at(parsed, 1), UINT64_C(9007199254740991));
    assert_int_equal(tallyfy_group_input_member_at(parsed, 2), 0);
    assert_int_equal(tallyfy_group_input_guest_count(parsed), 2);
    assert_str_equal(tallyfy_group_input_guest_at(parsed, 0), "a@b.co");
    assert_str_equal(tallyfy_group_input_guest_at(parsed, 1), "c@d.io");
    /* The full-update body: current group (members 1, 2; guest a@b.co) with the changes. */
    assert_int_equal(tallyfy_full_update(g, in, &body, NULL), TALLYFY_OK);
    assert_str_equal(tallyfy_group_input_name(body), "Sales team");
    assert_str_equal(tallyfy_group_input_description(body), "d");
    assert_true(tallyfy_group_input_has_members(body));
    assert_int_equal(tallyfy_group_input_member_count(body), 0);
    assert_int_equal(tallyfy_group_input_guest_count(body), 2);
    assert_str_equal(tallyfy_group_input_guest_at(body, 0), "x@y.io");
    tallyfy_group_input_free(body);
    tallyfy_group_input_free(parsed);
    tallyfy_group_input_free(in);
    tallyfy_group_free(g);
}

/* Answers and no-answers out of turn, kinds out of the enum and statuses outside HTTP's are
 * refused with typed errors and change nothing; every accessor of another step gives a zero
 * value. */
static void a_call_refuses_answers_out_of_turn(void **state) {
    static const char page[] = "{\"data\":[],\"meta\":{\"pagination\":{\"total\":0,\"count\":0,\"per_page\":10,"
                               "\"current_page\":1,\"total_pages\":0}}}";
    tallyfy_config *cfg = config();
    tallyfy_call *call = NULL;
    tallyfy_error *err = NULL;
    tallyfy_response r = answer(200, NULL, 2, NULL, 0);
    (void)state;
    assert_int_equal(tallyfy_call_get_group(cfg, str("org"), str("g1"), NULL, &call, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_call_next(call), TALLYFY_STEP_SEND);
    assert_int_equal(tallyfy_call_delay_ms(call), 0);
    assert_int_equal(tallyfy_call_attempt(call), 0);
    assert_null(tallyfy_call_error(call));
    assert_null(tallyfy_call_group(call));
    assert_false(tallyfy_call_deleted(call));
    /* Any int reaches the library, which refuses the ones outside tallyfy_no_answer. */
    assert_refused(tallyfy_call_no_answer(call, (tallyfy_no_answer)-1, &err), &err, "no_answer");
    assert_refused(tallyfy_call_no_answer(call, (tallyfy_no_answer)3, &err), &err, "no_answer");
    assert_refused(tallyfy_call_no_answer(call, (tallyfy_no_answer)0x7fffffff, &err), &err, "no_answer");
    /* Headers or a body missing behind a length are refused before anything is read. */
    assert_int_equal(tallyfy_call_answer(call, &r, NULL), TALLYFY_NULL_ARGUMENT);
    r = answer(200, NULL, 0, NULL, 9);
    assert_int_equal(tallyfy_call_answer(call, &r, NULL), TALLYFY_NULL_ARGUMENT);
    r = plain(0, NULL);
    assert_refused(tallyfy_call_answer(call, &r, &err), &err, "status");
    r = plain(-404, NULL);
    assert_refused(tallyfy_call_answer(call, &r, &err), &err, "status");
    r = plain(70000, NULL);
    assert_refused(tallyfy_call_answer(call, &r, &err), &err, "status");
    /* Still the same send: nothing changed. */
    assert_int_equal(tallyfy_call_next(call), TALLYFY_STEP_SEND);
    assert_str_equal(tallyfy_request_url(tallyfy_call_request(call)),
                     "https://go.tallyfy.com/api/organizations/org/groups/g1");
    r = plain(404, NULL);
    assert_int_equal(tallyfy_call_answer(call, &r, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_call_next(call), TALLYFY_STEP_FAILED);
    assert_null(tallyfy_call_request(call));
    assert_int_equal(tallyfy_call_timeout_ms(call), 0);
    assert_int_equal(tallyfy_error_code(tallyfy_call_error(call)), TALLYFY_NOT_FOUND);
    /* The call ended: answers are refused, and the step stays. */
    r = plain(200, page);
    assert_refused(tallyfy_call_answer(call, &r, &err), &err, "call");
    assert_refused(tallyfy_call_no_answer(call, TALLYFY_NO_ANSWER_NOT_DELIVERED, &err), &err, "call");
    assert_int_equal(tallyfy_call_next(call), TALLYFY_STEP_FAILED);
    assert_int_equal(tallyfy_error_code(tallyfy_call_error(call)), TALLYFY_NOT_FOUND);
    tallyfy_call_free(call);
    tallyfy_config_free(cfg);
}

/* Options are checked by their setters, each value at once; a refused one leaves them as they
 * were. */
static void call_options_are_checked_as_they_are_set(void **state) {
    tallyfy_config *cfg = config();
    tallyfy_call_options *options = tallyfy_call_options_new();
    tallyfy_call *call = NULL;
    tallyfy_error *err = NULL;
    tallyfy_response r = plain(200, "{\"data\":{}}");
    (void)state;
    assert_refused(tallyfy_call_options_set_timeout_ms(options, 0, &err), &err, "timeout_ms");
    assert_refused(tallyfy_call_options_set_timeout_ms(options, 0x80000000u, &err), &err, "timeout_ms");
    assert_refused(tallyfy_call_options_set_max_answer_bytes(options, 0, &err), &err, "max_answer_bytes");
    assert_refused(tallyfy_call_options_set_max_pages(options, 0, &err), &err, "max_pages");
    assert_int_equal(tallyfy_call_get_group(cfg, str("org"), str("g1"), options, &call, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_call_next(call), TALLYFY_STEP_SEND);
    assert_int_equal(tallyfy_call_timeout_ms(call), 30000);
    assert_int_equal(tallyfy_call_max_answer_bytes(call), 16 * 1024 * 1024);
    tallyfy_call_free(call);
    call = NULL;
    assert_int_equal(tallyfy_call_options_set_timeout_ms(options, 250, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_call_options_set_max_answer_bytes(options, 10, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_call_options_set_max_pages(options, 1, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_call_get_group(cfg, str("org"), str("g1"), options, &call, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_call_next(call), TALLYFY_STEP_SEND);
    assert_int_equal(tallyfy_call_timeout_ms(call), 250);
    assert_int_equal(tallyfy_call_max_answer_bytes(call), 10);
    /* Past max_answer_bytes the answer is malformed, whether the host read it or stopped. */
    assert_int_equal(tallyfy_call_answer(call, &r, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_call_next(call), TALLYFY_STEP_FAILED);
    assert_int_equal(tallyfy_error_code(tallyfy_call_error(call)), TALLYFY_MALFORMED_RESPONSE);
    tallyfy_call_free(call);
    tallyfy_call_options_free(options);
    tallyfy_config_free(cfg);
}

/* A page lent by a call, and the groups of a list-all, outlive it once cloned. */
static void results_of_a_call_outlive_it_when_cloned(void **state) {
    static const char page[] =
        "{\"data\":[{\"id\":\"g1\",\"name\":\"A\",\"description\":\"\",\"members\":[],\"guests\":[]}],"
        "\"meta\":{\"pagination\":{\"total\":1,\"count\":1,\"per_page\":100,\"current_page\":1,\"total_pages\":1}}}";
    tallyfy_config *cfg = config();
    tallyfy_call *list = NULL, *all = NULL;
    tallyfy_group_page *kept_page = NULL;
    tallyfy_group *kept_group = NULL;
    tallyfy_response r = plain(200, page);
    (void)state;
    assert_int_equal(tallyfy_call_list_groups(cfg, str("org"), NULL, NULL, &list, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_call_list_all_groups(cfg, str("org"), NULL, NULL, &all, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_call_next(list), TALLYFY_STEP_SEND);
    assert_int_equal(tallyfy_call_next(all), TALLYFY_STEP_SEND);
    assert_int_equal(tallyfy_call_answer(list, &r, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_call_answer(all, &r, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_call_next(list), TALLYFY_STEP_DONE);
    assert_int_equal(tallyfy_call_next(all), TALLYFY_STEP_DONE);
    assert_null(tallyfy_call_group(list));
    assert_null(tallyfy_call_page(all));
    assert_int_equal(tallyfy_call_group_count(list), 0);
    assert_int_equal(tallyfy_call_group_count(all), 1);
    assert_null(tallyfy_call_group_at(all, 1));
    assert_int_equal(tallyfy_group_page_clone(tallyfy_call_page(list), &kept_page, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_clone(tallyfy_call_group_at(all, 0), &kept_group, NULL), TALLYFY_OK);
    tallyfy_call_free(list);
    tallyfy_call_free(all);
    assert_str_equal(tallyfy_group_id(tallyfy_group_page_get(kept_page, 0)), "g1");
    assert_int_equal(tallyfy_group_page_total(kept_page), 1);
    assert_str_equal(tallyfy_group_name(kept_group), "A");
    tallyfy_group_free(kept_group);
    tallyfy_group_page_free(kept_page);
    tallyfy_config_free(cfg);
}

/* The full-update body: the current group with the changes; a blank current description is
 * left out. */
static void full_update_sends_the_whole_group(void **state) {
    static const char blank[] = "{\"data\":{\"id\":\"g2\",\"name\":\"Ops\",\"description\":\" \"}}";
    tallyfy_group *g = group(), *blank_group = NULL;
    tallyfy_group_input *changes = tallyfy_group_input_new(), *body = NULL;
    tallyfy_error *err = NULL;
    tallyfy_text *json = NULL;
    tallyfy_response r = plain(200, blank);
    (void)state;
    assert_int_equal(tallyfy_group_input_set_name(changes, str("Dev"), NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_full_update(g, changes, &body, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_to_json(body, &json, NULL), TALLYFY_OK);
    assert_str_equal(tallyfy_text_str(json), "{\"name\":\"Dev\",\"description\":\"d\",\"members\":[1,2],"
                                             "\"guests\":[\"a@b.co\"]}");
    tallyfy_text_free(json);
    tallyfy_group_input_free(body);
    assert_int_equal(tallyfy_parse_group(&r, &blank_group, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_full_update(blank_group, changes, &body, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_to_json(body, &json, NULL), TALLYFY_OK);
    assert_str_equal(tallyfy_text_str(json), "{\"name\":\"Dev\",\"members\":[],\"guests\":[]}");
    tallyfy_text_free(json);
    tallyfy_group_input_free(body);
    body = NULL;
    assert_int_equal(tallyfy_full_update(NULL, changes, &body, &err), TALLYFY_NULL_ARGUMENT);
    assert_null(body);
    assert_str_equal(tallyfy_error_message(err), "current is NULL");
    tallyfy_error_free(err);
    tallyfy_group_free(blank_group);
    tallyfy_group_input_free(changes);
    tallyfy_group_free(g);
}

/* `rc` is TALLYFY_INVALID_INPUT with exactly the field errors `want` ("field:code" each, in
 * order) in `*err`; frees it and sets `*err` to NULL (read only after the call that wrote it,
 * which the arguments evaluate first). */
static void assert_field_errors(tallyfy_code rc, tallyfy_error **err, const char *const *want, size_t count) {
    size_t i;
    char have[64];
    assert_int_equal(rc, TALLYFY_INVALID_INPUT);
    assert_int_equal(tallyfy_error_field_count(*err), count);
    for (i = 0; i < count; i++) {
        tallyfy_str field = tallyfy_error_field_name(*err, i), code = tallyfy_error_field_code(*err, i);
        snprintf(have, sizeof have, "%.*s:%.*s", (int)field.len, field.data, (int)code.len, code.data);
        assert_string_equal(have, want[i]);
        assert_true(tallyfy_error_field_message(*err, i).len > 0);
    }
    tallyfy_error_free(*err);
    *err = NULL;
}

/* tallyfy_group_from_json reads what tallyfy_group_to_json writes as the same group (U+0000
 * escaped in its strings too); a group the core refuses gives every field error at once and no
 * group. {NULL, 0} and NULL with a length are NULL arguments; an empty string, a U+0000 byte in
 * the text and text after the object are not JSON; bytes that are not UTF-8 name `json`. */
static void group_from_json_reads_what_to_json_writes(void **state) {
    static const char escaped[] = "{\"id\":\"g\\u0000\",\"name\":\"a\\u0000b\",\"description\":\"\",\"logo\":null,"
                                  "\"members\":[0,9007199254740991],\"guests\":[\"x\\u0000\"],\"createdAt\":\"c\","
                                  "\"updatedAt\":null}";
    static const char bad[] = "{\"id\":\"\",\"name\":7,\"description\":\"d\",\"logo\":1,\"members\":[-1,1.5,"
                              "9007199254740992],\"guests\":[null],\"zeta\":1,\"name\":\"x\"}";
    static const char *const bad_fields[] = {"id:blank",          "name:invalid_type",      "logo:invalid_type",
                                             "members.0:out_of_range", "members.1:invalid_type", "members.2:out_of_range",
                                             "guests.0:invalid_type",  "zeta:unknown_field",     "name:duplicate"};
    static const char *const missing_fields[] = {"id:invalid_type", "name:invalid_type", "description:invalid_type",
                                                 "members:invalid_type", "guests:invalid_type"};
    static const char *const not_json[] = {"group:invalid_json"};
    static const char *const not_object[] = {"group:invalid_type"};
    static const char raw_nul[] = "{\"id\":\"g\0\"}";
    const tallyfy_str null_with_length = {NULL, 3};
    tallyfy_group *parsed = group(), *read = NULL, *untouched = (tallyfy_group *)&parsed;
    tallyfy_text *json = NULL, *again = NULL;
    tallyfy_error *err = NULL;
    tallyfy_code rc;
    tallyfy_str id, name, description;
    (void)state;
    /* A parsed group, through its JSON and back. */
    assert_int_equal(tallyfy_group_to_json(parsed, &json, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_from_json(tallyfy_text_str(json), &read, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_to_json(read, &again, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_text_str(again).len, tallyfy_text_str(json).len);
    assert_memory_equal(tallyfy_text_str(again).data, tallyfy_text_str(json).data, tallyfy_text_str(json).len);
    assert_str_equal(tallyfy_group_id(read), "g1");
    assert_int_equal(tallyfy_group_member_count(read), 2);
    assert_int_equal(tallyfy_group_member_at(read, 1), 2);
    assert_str_equal(tallyfy_group_guest_at(read, 0), "a@b.co");
    tallyfy_text_free(again);
    tallyfy_text_free(json);
    tallyfy_group_free(read);
    read = NULL;
    /* U+0000 escaped in a string is a character like any other; empty and absent stay apart. */
    assert_int_equal(tallyfy_group_from_json(str(escaped), &read, NULL), TALLYFY_OK);
    id = tallyfy_group_id(read);
    name = tallyfy_group_name(read);
    description = tallyfy_group_description(read);
    assert_int_equal(id.len, 2);
    assert_memory_equal(id.data, "g\0", 2);
    assert_int_equal(name.len, 3);
    assert_memory_equal(name.data, "a\0b", 3);
    assert_non_null(description.data);
    assert_int_equal(description.len, 0);
    assert_str_absent(tallyfy_group_logo(read));
    assert_str_equal(tallyfy_group_created_at(read), "c");
    assert_str_absent(tallyfy_group_updated_at(read));
    assert_int_equal(tallyfy_group_member_at(read, 0), 0);
    assert_int_equal(tallyfy_group_member_at(read, 1), UINT64_C(9007199254740991));
    assert_int_equal(tallyfy_group_guest_at(read, 0).len, 2);
    assert_int_equal(tallyfy_group_to_json(read, &json, NULL), TALLYFY_OK);
    assert_str_equal(tallyfy_text_str(json), escaped);
    tallyfy_text_free(json);
    tallyfy_group_free(read);
    /* A refused group: every problem at once, the out-parameter untouched. */
    assert_field_errors(tallyfy_group_from_json(str(bad), &untouched, &err), &err, bad_fields,
                        sizeof bad_fields / sizeof bad_fields[0]);
    assert_ptr_equal(untouched, &parsed);
    assert_field_errors(tallyfy_group_from_json(str("{}"), &untouched, &err), &err, missing_fields,
                        sizeof missing_fields / sizeof missing_fields[0]);
    assert_field_errors(tallyfy_group_from_json(str("[]"), &untouched, &err), &err, not_object, 1);
    assert_field_errors(tallyfy_group_from_json(str_n(raw_nul, sizeof raw_nul - 1), &untouched, &err), &err, not_json,
                        1);
    assert_field_errors(tallyfy_group_from_json(str(""), &untouched, &err), &err, not_json, 1);
    assert_field_errors(tallyfy_group_from_json(str("{\"id\":\"g1\"} {"), &untouched, &err), &err, not_json, 1);
    rc = tallyfy_group_from_json(str("{\"id\":\"\xff\"}"), &untouched, &err);
    assert_not_utf8(rc, err, "json");
    err = NULL;
    rc = tallyfy_group_from_json(NONE, &untouched, &err);
    assert_null_argument(rc, err, "json");
    err = NULL;
    rc = tallyfy_group_from_json(null_with_length, &untouched, &err);
    assert_null_argument(rc, err, "json");
    err = NULL;
    rc = tallyfy_group_from_json(str(escaped), NULL, &err);
    assert_null_argument(rc, err, "out");
    assert_ptr_equal(untouched, &parsed);
    tallyfy_group_free(parsed);
}

/* The first field error of `err` as "field code message"; frees `err`. */
static void first_problem(tallyfy_error *err, char *out, size_t size) {
    tallyfy_str field, code, message;
    assert_non_null(err);
    assert_true(tallyfy_error_field_count(err) >= 1);
    field = tallyfy_error_field_name(err, 0);
    code = tallyfy_error_field_code(err, 0);
    message = tallyfy_error_field_message(err, 0);
    snprintf(out, size, "%.*s %.*s %.*s", (int)field.len, field.data, (int)code.len, code.data, (int)message.len,
             message.data);
    tallyfy_error_free(err);
}

/* U+0000 in an argument reaches the core, which judges it as it judges the same JSON. */
static void u0000_in_arguments_is_judged_by_the_core(void **state) {
    static const char guest_json[] = "{\"guests\":[\"a\\u0000@b.co\"]}";
    static const char sort_by_json[] = "{\"sortBy\":\"name\\u0000\"}";
    tallyfy_config *cfg = config();
    tallyfy_group_input *in = tallyfy_group_input_new();
    tallyfy_group_input *unused = NULL;
    tallyfy_list_query *query = tallyfy_list_query_new(), *unused_query = NULL;
    tallyfy_request *req = NULL;
    tallyfy_error *err = NULL;
    tallyfy_text *json = NULL;
    tallyfy_str name;
    const tallyfy_str null_with_length = {NULL, 1};
    char have[256], want[256];
    (void)state;
    /* U+0000 in a name or description: the core takes it, as from JSON. */
    assert_int_equal(tallyfy_group_input_set_name(in, str_n("a\0b", 3), &err), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_set_description(in, str_n("d\0", 2), &err), TALLYFY_OK);
    name = tallyfy_group_input_name(in);
    assert_int_equal(name.len, 3);
    assert_memory_equal(name.data, "a\0b", 3);
    assert_int_equal(tallyfy_group_input_to_json(in, &json, NULL), TALLYFY_OK);
    assert_str_equal(tallyfy_text_str(json), "{\"name\":\"a\\u0000b\",\"description\":\"d\\u0000\"}");
    tallyfy_text_free(json);
    /* A blank name is refused as ever; the name is kept. {NULL, 0} unsets the description. */
    assert_int_equal(tallyfy_group_input_set_name(in, str(" \t"), &err), TALLYFY_INVALID_INPUT);
    first_problem(err, have, sizeof have);
    err = NULL;
    assert_string_equal(have, "name blank name must not be blank");
    assert_int_equal(tallyfy_group_input_set_description(in, NONE, &err), TALLYFY_OK);
    assert_str_absent(tallyfy_group_input_description(in));
    assert_memory_equal(tallyfy_group_input_name(in).data, "a\0b", 3);
    /* U+0000 in an address: the field error of the JSON path; the absent list stays absent. */
    assert_int_equal(tallyfy_group_input_add_guest(in, str_n("a\0@b.co", 7), &err), TALLYFY_INVALID_INPUT);
    first_problem(err, have, sizeof have);
    err = NULL;
    assert_int_equal(tallyfy_group_input_from_json(str(guest_json), &unused, &err), TALLYFY_INVALID_INPUT);
    first_problem(err, want, sizeof want);
    err = NULL;
    assert_string_equal(have, want);
    assert_false(tallyfy_group_input_has_guests(in));
    assert_int_equal(tallyfy_group_input_add_guest(in, str("\xff@b.co"), NULL), TALLYFY_INVALID_UTF8);
    assert_false(tallyfy_group_input_has_guests(in));
    /* Query values. */
    assert_int_equal(tallyfy_list_query_set_q(query, str_n("a\0b", 3), NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_list_query_set_sort_by(query, str_n("name\0", 5), &err), TALLYFY_INVALID_INPUT);
    first_problem(err, have, sizeof have);
    err = NULL;
    assert_int_equal(tallyfy_list_query_from_json(str(sort_by_json), &unused_query, &err), TALLYFY_INVALID_INPUT);
    first_problem(err, want, sizeof want);
    err = NULL;
    assert_string_equal(have, want);
    assert_int_equal(tallyfy_list_query_set_sort(query, str("desc"), NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_list_query_add_with(query, str_n("users\0", 6), NULL), TALLYFY_INVALID_INPUT);
    assert_int_equal(tallyfy_list_query_add_with(query, str("users"), NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_list_query_set_q(query, str_n("a\0c", 3), NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_list_query_set_q(query, str("\xff"), NULL), TALLYFY_INVALID_UTF8);
    assert_int_equal(tallyfy_list_query_set_q(query, null_with_length, NULL), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_build_list_groups(cfg, str("org"), query, &req, NULL), TALLYFY_OK);
    assert_str_equal(tallyfy_request_url(req),
                     "https://go.tallyfy.com/api/organizations/org/groups?q=a%00c&sort=desc&with=users");
    tallyfy_request_free(req);
    assert_null(unused);
    assert_null(unused_query);
    tallyfy_list_query_free(query);
    tallyfy_group_input_free(in);
    tallyfy_config_free(cfg);
}

static void retry_after_uses_the_clock(void **state) {
    tallyfy_header seconds[2], past[1];
    tallyfy_error *err = NULL;
    tallyfy_response r;
    (void)state;
    seconds[0] = header("retry-after", "5");
    seconds[1] = header("X-Request-Id", "req-1");
    past[0] = header("Retry-After", "Tue, 14 Nov 2023 22:15:00 GMT");
    r = answer(429, seconds, 2, NULL, 0);
    assert_int_equal(tallyfy_parse_delete_group(&r, &err), TALLYFY_RATE_LIMITED);
    assert_int_equal(tallyfy_error_retry_after_seconds(err), 5);
    assert_str_equal(tallyfy_error_request_id(err), "req-1");
    tallyfy_error_free(err);
    err = NULL;
    r = answer(429, past, 1, NULL, 0);
    assert_int_equal(tallyfy_parse_delete_group(&r, &err), TALLYFY_RATE_LIMITED);
    assert_int_equal(tallyfy_error_retry_after_seconds(err), 0);
    assert_int_equal(tallyfy_error_retry_after_seconds_at(err, 1700000000), 100);
    tallyfy_error_free(err);
}

/* Each thread works on its own handles; the config is shared read-only. */
static void *work(void *arg) {
    const tallyfy_config *cfg = arg;
    tallyfy_response r = plain(201, GROUP_BODY);
    int i;
    for (i = 0; i < 200; i++) {
        tallyfy_group_input *in = tallyfy_group_input_new();
        tallyfy_request *req = NULL;
        tallyfy_group *g = NULL;
        int ok = tallyfy_group_input_set_name(in, str("Ops"), NULL) == TALLYFY_OK &&
                 tallyfy_group_input_set_description(in, str("d"), NULL) == TALLYFY_OK &&
                 tallyfy_build_create_group(cfg, str("org"), in, &req, NULL) == TALLYFY_OK &&
                 tallyfy_parse_group(&r, &g, NULL) == TALLYFY_OK && str_is(tallyfy_group_name(g), "Ops");
        tallyfy_group_free(g);
        tallyfy_request_free(req);
        tallyfy_group_input_free(in);
        if (!ok) {
            return NULL;
        }
    }
    return arg;
}

static void handles_work_from_threads(void **state) {
    enum { THREADS = 4 };
    tallyfy_config *cfg = config();
    pthread_t threads[THREADS];
    void *result;
    int i;
    (void)state;
    for (i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_create(&threads[i], NULL, work, cfg), 0);
    }
    for (i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(threads[i], &result), 0);
        assert_ptr_equal(result, cfg);
    }
    tallyfy_config_free(cfg);
}

/* Isolation: interleaved calls of several tenants, each lending only its own request. */
enum { TENANTS = 5, OPEN_CALLS = 6, ROUNDS = 400, MAX_RETRIES = 4 };

struct tenant {
    tallyfy_config *cfg;
    char token[32];
    char client[32];
    char org[16];
};

struct open_call {
    tallyfy_call *call;
    int tenant;
    int op; /* 0 create, 1 get, 2 delete */
    int retries;
    char id[32];
};

/* xorshift64*: a seeded generator, so a failing sequence can be replayed. */
static uint64_t next_random(uint64_t *state) {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 2685821657736338717ULL;
}

/* The value of the header `name` of `req`; {NULL, 0} when it has none. */
static tallyfy_str request_header(const tallyfy_request *req, const char *name) {
    size_t i;
    for (i = 0; i < tallyfy_request_header_count(req); i++) {
        tallyfy_header h = tallyfy_request_header_at(req, i);
        if (str_is(h.name, name)) {
            return h.value;
        }
    }
    return NONE;
}

/* Whether the request `c` lends is its own: its tenant's token, client header and org, its id. */
static int own_request(const struct open_call *c, const struct tenant *tenants) {
    const struct tenant *t = &tenants[c->tenant];
    const tallyfy_request *req = tallyfy_call_request(c->call);
    char bearer[64], path[96], name[48];
    tallyfy_str body;
    if (req == NULL) {
        return 0;
    }
    snprintf(bearer, sizeof bearer, "Bearer %s", t->token);
    if (c->op == 0) {
        snprintf(path, sizeof path, "/organizations/%s/groups", t->org);
    } else {
        snprintf(path, sizeof path, "/organizations/%s/groups/%s", t->org, c->id);
    }
    body = tallyfy_request_body(req);
    if (!str_is(request_header(req, "Authorization"), bearer) ||
        !str_is(request_header(req, "X-Tallyfy-Client"), t->client) ||
        !str_contains(tallyfy_request_url(req), path)) {
        return 0;
    }
    if (c->op == 0) {
        snprintf(name, sizeof name, "\"name\":\"%s\"", c->id);
        return str_contains(body, name);
    }
    return body.data == NULL;
}

/* A new call of a random tenant and operation in `c`; 0 when it could not be made. */
static int open_call(struct open_call *c, uint64_t *state, const struct tenant *tenants, int round) {
    tallyfy_group_input *in = NULL;
    tallyfy_code code;
    const tallyfy_config *cfg;
    tallyfy_str org;
    c->tenant = (int)(next_random(state) % TENANTS);
    c->op = (int)(next_random(state) % 3);
    c->retries = 0;
    snprintf(c->id, sizeof c->id, "id%llu_%d", (unsigned long long)(next_random(state) % 100000), round);
    cfg = tenants[c->tenant].cfg;
    org = str(tenants[c->tenant].org);
    if (c->op == 0) {
        in = tallyfy_group_input_new();
        if (tallyfy_group_input_set_name(in, str(c->id), NULL) != TALLYFY_OK ||
            tallyfy_group_input_set_description(in, str("d"), NULL) != TALLYFY_OK) {
            tallyfy_group_input_free(in);
            return 0;
        }
        code = tallyfy_call_create_group(cfg, org, in, NULL, &c->call, NULL);
        tallyfy_group_input_free(in); /* the call keeps nothing of it but its request */
    } else if (c->op == 1) {
        code = tallyfy_call_get_group(cfg, org, str(c->id), NULL, &c->call, NULL);
    } else {
        code = tallyfy_call_delete_group(cfg, org, str(c->id), NULL, &c->call, NULL);
    }
    return code == TALLYFY_OK && tallyfy_call_next(c->call) == TALLYFY_STEP_SEND && own_request(c, tenants);
}

/* ROUNDS random moves over OPEN_CALLS slots: open a call, answer one with a 429 (it must wait,
 * then send its own request again), or drop one mid-flight. 1 when every request was its own. */
static int interleave(uint64_t seed, const struct tenant *tenants) {
    struct open_call calls[OPEN_CALLS];
    tallyfy_header retry_after[1];
    tallyfy_response rate_limited;
    uint64_t state = seed | 1;
    int round, i, ok = 1;
    retry_after[0] = header("Retry-After", "1");
    rate_limited = answer(429, retry_after, 1, NULL, 0);
    memset(calls, 0, sizeof calls);
    for (round = 0; round < ROUNDS && ok; round++) {
        struct open_call *c = &calls[next_random(&state) % OPEN_CALLS];
        if (c->call == NULL) {
            ok = open_call(c, &state, tenants, round);
        } else if (c->retries < MAX_RETRIES && next_random(&state) % 2 == 0) {
            c->retries++;
            ok = tallyfy_call_answer(c->call, &rate_limited, NULL) == TALLYFY_OK &&
                 tallyfy_call_next(c->call) == TALLYFY_STEP_WAIT && tallyfy_call_delay_ms(c->call) == 1000 &&
                 tallyfy_call_next(c->call) == TALLYFY_STEP_SEND && own_request(c, tenants);
        } else {
            tallyfy_call_free(c->call);
            c->call = NULL;
        }
    }
    for (i = 0; i < OPEN_CALLS; i++) {
        tallyfy_call_free(calls[i].call);
    }
    return ok;
}

static void make_tenants(struct tenant *tenants) {
    int i;
    for (i = 0; i < TENANTS; i++) {
        snprintf(tenants[i].token, sizeof tenants[i].token, "tok_tenant_%d", i);
        snprintf(tenants[i].client, sizeof tenants[i].client, "Client%d/1.0", i);
        snprintf(tenants[i].org, sizeof tenants[i].org, "org%d", i);
        assert_int_equal(
            tallyfy_config_new(str(tenants[i].token), NONE, str(tenants[i].client), &tenants[i].cfg, NULL),
            TALLYFY_OK);
    }
}

static void free_tenants(struct tenant *tenants) {
    int i;
    for (i = 0; i < TENANTS; i++) {
        tallyfy_config_free(tenants[i].cfg);
    }
}

static void interleaved_calls_never_share_caller_data(void **state) {
    struct tenant tenants[TENANTS];
    uint64_t seed;
    (void)state;
    make_tenants(tenants);
    for (seed = 1; seed <= 20; seed++) {
        assert_true(interleave(seed * 7919, tenants));
    }
    free_tenants(tenants);
}

struct isolation_job {
    const struct tenant *tenants;
    uint64_t seed;
    int ok;
};

static void *isolation_thread(void *arg) {
    struct isolation_job *job = arg;
    job->ok = interleave(job->seed, job->tenants);
    return NULL;
}

/* The same from four threads at once: each its own calls, the tenants' configs shared. */
static void concurrent_calls_never_share_caller_data(void **state) {
    enum { THREADS = 4 };
    struct tenant tenants[TENANTS];
    struct isolation_job jobs[THREADS];
    pthread_t threads[THREADS];
    int i;
    (void)state;
    make_tenants(tenants);
    for (i = 0; i < THREADS; i++) {
        jobs[i].tenants = tenants;
        jobs[i].seed = 1000003ULL * (uint64_t)(i + 1);
        jobs[i].ok = 0;
        assert_int_equal(pthread_create(&threads[i], NULL, isolation_thread, &jobs[i]), 0);
    }
    for (i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_true(jobs[i].ok);
    }
    free_tenants(tenants);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(null_arguments_are_reported),
        cmocka_unit_test(failures_leave_out_params_untouched),
        cmocka_unit_test(invalid_utf8_is_refused),
        cmocka_unit_test(unread_headers_are_never_judged),
        cmocka_unit_test(strings_and_bodies_with_u0000),
        cmocka_unit_test(huge_inputs_are_bounded),
        cmocka_unit_test(empty_arrays_and_impossible_lengths),
        cmocka_unit_test(freeing_null_is_harmless),
        cmocka_unit_test(indexes_out_of_range),
        cmocka_unit_test(refused_setters_change_nothing),
        cmocka_unit_test(cleared_lists_are_sent_empty),
        cmocka_unit_test(input_accessors_read_back_every_field),
        cmocka_unit_test(a_call_refuses_answers_out_of_turn),
        cmocka_unit_test(call_options_are_checked_as_they_are_set),
        cmocka_unit_test(results_of_a_call_outlive_it_when_cloned),
        cmocka_unit_test(full_update_sends_the_whole_group),
        cmocka_unit_test(group_from_json_reads_what_to_json_writes),
        cmocka_unit_test(u0000_in_arguments_is_judged_by_the_core),
        cmocka_unit_test(retry_after_uses_the_clock),
        cmocka_unit_test(handles_work_from_threads),
        cmocka_unit_test(interleaved_calls_never_share_caller_data),
        cmocka_unit_test(concurrent_calls_never_share_caller_data),
    };
    return cmocka_run_group_tests_name("misuse", tests, NULL, NULL);
}
