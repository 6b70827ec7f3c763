/*
 * Misuse of the C API: NULL everywhere, empty arrays, invalid UTF-8 (and response headers that
 * are not UTF-8, judged only when read), bodies with embedded NULs, huge inputs, freeing NULL,
 * out-of-range indexes, refused setters, handles used from threads, and calls of several tenants
 * interleaved and concurrent, each lending only its own request.
 * Every call must answer with a code (or NULL/0), never crash, leak or write a failed out.
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

#include "tallyfy.h"

static const char GROUP_BODY[] =
    "{\"data\":{\"id\":\"g1\",\"name\":\"Ops\",\"description\":\"d\",\"members\":[1,2],\"guests\":[\"a@b.co\"]}}";

static tallyfy_config *config(void) {
    tallyfy_config *cfg = NULL;
    assert_int_equal(tallyfy_config_new("tok_123", NULL, &cfg, NULL), TALLYFY_OK);
    return cfg;
}

static tallyfy_group *group(void) {
    tallyfy_group *g = NULL;
    assert_int_equal(
        tallyfy_parse_group(200, NULL, 0, (const uint8_t *)GROUP_BODY, strlen(GROUP_BODY), &g, NULL), TALLYFY_OK);
    return g;
}

static tallyfy_group_input *valid_input(void) {
    tallyfy_group_input *in = tallyfy_group_input_new();
    assert_non_null(in);
    assert_int_equal(tallyfy_group_input_set_name(in, "Ops"), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_set_description(in, "Runs things"), TALLYFY_OK);
    return in;
}

/* `rc` is TALLYFY_NULL_ARGUMENT and `err` names `argument`; frees `err`. */
static void assert_null_argument(tallyfy_code rc, tallyfy_error *err, const char *argument) {
    assert_int_equal(rc, TALLYFY_NULL_ARGUMENT);
    assert_non_null(err);
    assert_int_equal(tallyfy_error_code(err), TALLYFY_NULL_ARGUMENT);
    assert_string_equal(tallyfy_error_code_name(err), "null_argument");
    assert_non_null(strstr(tallyfy_error_message(err), argument));
    assert_int_equal(tallyfy_error_status(err), 0);
    assert_int_equal(tallyfy_error_field_count(err), 0);
    assert_int_equal(tallyfy_error_retry_after_seconds(err), -1);
    assert_null(tallyfy_error_request_id(err));
    tallyfy_error_free(err);
}

static void null_arguments_are_reported(void **state) {
    tallyfy_config *cfg = config();
    tallyfy_group_input *in = valid_input();
    tallyfy_group *g = group();
    tallyfy_request *req = NULL;
    tallyfy_error *err = NULL;
    tallyfy_group_page *page = NULL;
    char *json = NULL;
    tallyfy_call *call = NULL;
    tallyfy_call_options *options = tallyfy_call_options_new();
    (void)state;

#define EXPECT_NULL(call, argument)                                                                                   \
    do {                                                                                                               \
        tallyfy_code rc_;                                                                                              \
        err = NULL;                                                                                                    \
        rc_ = (call);                                                                                                  \
        assert_null_argument(rc_, err, argument);                                                                      \
    } while (0)
    EXPECT_NULL(tallyfy_config_new(NULL, NULL, &cfg, &err), "access_token");
    EXPECT_NULL(tallyfy_config_new("tok", NULL, NULL, &err), "out");
    EXPECT_NULL(tallyfy_group_input_from_json(NULL, 2, &in, &err), "json");
    EXPECT_NULL(tallyfy_group_input_to_json(NULL, &json, &err), "input");
    EXPECT_NULL(tallyfy_group_input_to_json(in, NULL, &err), "out");
    EXPECT_NULL(tallyfy_list_query_from_json("{}", 2, NULL, &err), "out");
    EXPECT_NULL(tallyfy_validate_create_group(NULL, &err), "input");
    EXPECT_NULL(tallyfy_validate_update_group_json(NULL, 3, &err), "json");
    EXPECT_NULL(tallyfy_build_create_group(NULL, "org", in, &req, &err), "cfg");
    EXPECT_NULL(tallyfy_build_create_group(cfg, NULL, in, &req, &err), "org_id");
    EXPECT_NULL(tallyfy_build_create_group(cfg, "org", NULL, &req, &err), "input");
    EXPECT_NULL(tallyfy_build_create_group(cfg, "org", in, NULL, &err), "out");
    EXPECT_NULL(tallyfy_build_create_group_json(cfg, "org", NULL, 5, &req, &err), "json");
    EXPECT_NULL(tallyfy_build_get_group(cfg, "org", NULL, &req, &err), "group_id");
    EXPECT_NULL(tallyfy_build_update_group(cfg, "org", "g1", NULL, &req, &err), "input");
    EXPECT_NULL(tallyfy_build_delete_group(cfg, NULL, "g1", &req, &err), "org_id");
    EXPECT_NULL(tallyfy_build_list_groups(NULL, "org", NULL, &req, &err), "cfg");
    EXPECT_NULL(tallyfy_parse_group(200, NULL, 1, NULL, 0, &g, &err), "headers");
    EXPECT_NULL(tallyfy_parse_group(200, NULL, 0, NULL, 10, &g, &err), "body");
    EXPECT_NULL(tallyfy_parse_group(200, NULL, 0, NULL, 0, NULL, &err), "out");
    EXPECT_NULL(tallyfy_parse_group_list(200, NULL, 0, NULL, 0, NULL, &err), "out");
    EXPECT_NULL(tallyfy_parse_delete_group(204, NULL, 0, NULL, 3, &err), "body");
    EXPECT_NULL(tallyfy_group_to_json(NULL, &json, &err), "group");
    EXPECT_NULL(tallyfy_full_update(NULL, in, &in, &err), "current");
    EXPECT_NULL(tallyfy_full_update(g, NULL, &in, &err), "changes");
    EXPECT_NULL(tallyfy_group_clone(NULL, &g, &err), "group");
    EXPECT_NULL(tallyfy_group_clone(g, NULL, &err), "out");
    EXPECT_NULL(tallyfy_group_page_clone(NULL, &page, &err), "page");
    EXPECT_NULL(tallyfy_call_create_group(NULL, "org", in, options, &call, &err), "cfg");
    EXPECT_NULL(tallyfy_call_create_group(cfg, NULL, in, options, &call, &err), "org_id");
    EXPECT_NULL(tallyfy_call_create_group(cfg, "org", NULL, options, &call, &err), "input");
    EXPECT_NULL(tallyfy_call_create_group(cfg, "org", in, options, NULL, &err), "out");
    EXPECT_NULL(tallyfy_call_get_group(cfg, "org", NULL, options, &call, &err), "group_id");
    EXPECT_NULL(tallyfy_call_list_groups(cfg, NULL, NULL, options, &call, &err), "org_id");
    EXPECT_NULL(tallyfy_call_list_all_groups(cfg, "org", NULL, options, NULL, &err), "out");
    EXPECT_NULL(tallyfy_call_update_group(cfg, "org", "g1", NULL, options, &call, &err), "input");
    EXPECT_NULL(tallyfy_call_delete_group(NULL, "org", "g1", options, &call, &err), "cfg");
    EXPECT_NULL(tallyfy_call_answer(NULL, 200, NULL, 0, NULL, 0, &err), "call");
    EXPECT_NULL(tallyfy_call_no_answer(NULL, TALLYFY_NO_ANSWER_TIMEOUT, &err), "call");
#undef EXPECT_NULL
    {
        tallyfy_header headers[] = {{"Retry-After", NULL}};
        tallyfy_code rc;
        err = NULL;
        rc = tallyfy_parse_group(429, headers, 1, NULL, 0, &g, &err);
        assert_null_argument(rc, err, "header value");
    }

    /* Setters and the err-less calls. */
    assert_int_equal(tallyfy_config_set_client_header(NULL, "x"), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_config_set_client_header(cfg, NULL), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_group_input_set_name(NULL, "x"), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_group_input_set_name(in, NULL), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_group_input_set_description(in, NULL), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_group_input_add_member(NULL, 1), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_group_input_add_guest(in, NULL), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_group_input_clear_members(NULL), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_group_input_clear_guests(NULL), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_list_query_set_q(NULL, "x"), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_list_query_set_page(NULL, 1), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_list_query_set_per_page(NULL, 1), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_list_query_set_sort_by(NULL, "name"), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_list_query_set_sort(NULL, "asc"), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_list_query_add_with(NULL, "users"), TALLYFY_NULL_ARGUMENT);
    /* With no err at all, the code is still returned. */
    assert_int_equal(tallyfy_build_get_group(cfg, NULL, NULL, &req, NULL), TALLYFY_NULL_ARGUMENT);
    assert_null(req);

    /* Accessors of a NULL handle answer NULL or 0. */
    assert_null(tallyfy_request_method(NULL));
    assert_null(tallyfy_request_url(NULL));
    assert_int_equal(tallyfy_request_header_count(NULL), 0);
    assert_null(tallyfy_request_header_name(NULL, 0));
    assert_null(tallyfy_request_header_value(NULL, 0));
    assert_null(tallyfy_request_body(NULL, NULL));
    assert_null(tallyfy_group_id(NULL));
    assert_null(tallyfy_group_name(NULL));
    assert_null(tallyfy_group_description(NULL));
    assert_null(tallyfy_group_logo(NULL));
    assert_null(tallyfy_group_created_at(NULL));
    assert_null(tallyfy_group_updated_at(NULL));
    assert_int_equal(tallyfy_group_member_count(NULL), 0);
    assert_int_equal(tallyfy_group_member_at(NULL, 0), 0);
    assert_int_equal(tallyfy_group_guest_count(NULL), 0);
    assert_null(tallyfy_group_guest_at(NULL, 0));
    {
        /* The `_n` accessors report a length of 0 with NULL. */
        const char *(*const lenders[])(const tallyfy_group *, size_t *) = {
            tallyfy_group_id_n,   tallyfy_group_name_n,       tallyfy_group_description_n,
            tallyfy_group_logo_n, tallyfy_group_created_at_n, tallyfy_group_updated_at_n,
        };
        size_t len = 99;
        for (size_t i = 0; i < sizeof lenders / sizeof lenders[0]; i++) {
            len = 99;
            assert_null(lenders[i](NULL, &len));
            assert_int_equal(len, 0);
        }
        len = 99;
        assert_null(tallyfy_group_guest_at_n(NULL, 0, &len));
        assert_int_equal(len, 0);
    }
    assert_int_equal(tallyfy_group_page_len(NULL), 0);
    assert_null(tallyfy_group_page_get(NULL, 0));
    assert_int_equal(tallyfy_group_page_total(NULL), 0);
    assert_int_equal(tallyfy_group_page_count(NULL), 0);
    assert_int_equal(tallyfy_group_page_per_page(NULL), 0);
    assert_int_equal(tallyfy_group_page_current_page(NULL), 0);
    assert_int_equal(tallyfy_group_page_total_pages(NULL), 0);
    assert_int_equal(tallyfy_error_code(NULL), TALLYFY_NULL_ARGUMENT);
    assert_null(tallyfy_error_code_name(NULL));
    assert_null(tallyfy_error_message(NULL));
    assert_int_equal(tallyfy_error_status(NULL), 0);
    assert_int_equal(tallyfy_error_field_count(NULL), 0);
    assert_null(tallyfy_error_field_name(NULL, 0));
    assert_null(tallyfy_error_field_code(NULL, 0));
    assert_null(tallyfy_error_field_message(NULL, 0));
    assert_int_equal(tallyfy_error_retry_after_seconds(NULL), -1);
    assert_int_equal(tallyfy_error_retry_after_seconds_at(NULL, 0), -1);
    assert_null(tallyfy_error_request_id(NULL));

    assert_int_equal(tallyfy_call_options_set_timeout_ms(NULL, 1), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_call_options_set_max_answer_bytes(NULL, 1), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_call_options_set_max_pages(NULL, 1), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_call_options_set_random_seed(NULL, 1), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_error_clone(NULL, &err), TALLYFY_NULL_ARGUMENT);

    /* The call's accessors on NULL: NULL, 0 or -1; the next step of NULL fails without an error. */
    assert_int_equal(tallyfy_call_next(NULL), TALLYFY_STEP_FAILED);
    assert_null(tallyfy_call_request(NULL));
    assert_null(tallyfy_call_trace(NULL));
    assert_int_equal(tallyfy_call_timeout_ms(NULL), 0);
    assert_int_equal(tallyfy_call_max_answer_bytes(NULL), 0);
    assert_int_equal(tallyfy_call_delay_ms(NULL), 0);
    assert_int_equal(tallyfy_call_attempt(NULL), 0);
    assert_null(tallyfy_call_error(NULL));
    assert_int_equal(tallyfy_call_no_answer_kind(NULL), -1);
    assert_null(tallyfy_call_group(NULL));
    assert_null(tallyfy_call_page(NULL));
    assert_int_equal(tallyfy_call_group_count(NULL), 0);
    assert_null(tallyfy_call_group_at(NULL, 0));
    assert_int_equal(tallyfy_call_deleted(NULL), 0);
    assert_int_equal(tallyfy_request_idempotent(NULL), 0);

    assert_null(call);
    assert_null(page);
    assert_null(json);
    tallyfy_call_options_free(options);
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
    (void)state;
    assert_int_equal(tallyfy_config_new("two words", NULL, &cfg_out, &err), TALLYFY_INVALID_INPUT);
    assert_ptr_equal(cfg_out, &cfg);
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(tallyfy_build_create_group(cfg, "org", empty, &req, &err), TALLYFY_INVALID_INPUT);
    assert_ptr_equal(req, &cfg);
    assert_int_equal(tallyfy_error_field_count(err), 2);
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(tallyfy_parse_group(404, NULL, 0, NULL, 0, &g, &err), TALLYFY_NOT_FOUND);
    assert_ptr_equal(g, &cfg);
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(tallyfy_call_create_group(cfg, "org", empty, NULL, &call, &err), TALLYFY_INVALID_INPUT);
    assert_ptr_equal(call, &cfg);
    assert_int_equal(tallyfy_error_field_count(err), 2);
    tallyfy_error_free(err);
    /* A success leaves err alone. */
    err = (tallyfy_error *)&cfg;
    call = NULL;
    assert_int_equal(tallyfy_call_get_group(cfg, "org", "g1", NULL, &call, &err), TALLYFY_OK);
    assert_ptr_equal(err, &cfg);
    tallyfy_call_free(call);
    tallyfy_group_input_free(empty);
    tallyfy_config_free(cfg);
}

static void invalid_utf8_is_refused(void **state) {
    static const char bad[] = "ab\xff\xfe";
    tallyfy_config *cfg = config();
    tallyfy_group_input *in = valid_input();
    tallyfy_list_query *query = tallyfy_list_query_new();
    tallyfy_request *req = NULL;
    tallyfy_group *g = NULL;
    tallyfy_error *err = NULL;
    tallyfy_header headers[] = {{"X-Request-Id", bad}};
    (void)state;
    assert_int_equal(tallyfy_config_new(bad, NULL, &cfg, &err), TALLYFY_INVALID_UTF8);
    assert_string_equal(tallyfy_error_code_name(err), "invalid_utf8");
    assert_non_null(strstr(tallyfy_error_message(err), "access_token"));
    tallyfy_error_free(err);
    assert_int_equal(tallyfy_group_input_set_name(in, bad), TALLYFY_INVALID_UTF8);
    assert_int_equal(tallyfy_group_input_add_guest(in, "\xc3\x28@x.io"), TALLYFY_INVALID_UTF8);
    assert_int_equal(tallyfy_list_query_set_q(query, bad), TALLYFY_INVALID_UTF8);
    assert_int_equal(tallyfy_config_set_client_header(cfg, bad), TALLYFY_INVALID_UTF8);
    assert_int_equal(tallyfy_build_get_group(cfg, bad, "g1", &req, NULL), TALLYFY_INVALID_UTF8);
    assert_int_equal(tallyfy_build_create_group(cfg, "org", in, &req, NULL), TALLYFY_OK); /* unchanged */
    tallyfy_request_free(req);
    assert_int_equal(tallyfy_group_input_from_json("{\"name\":\"\xff\"}", 12, &in, NULL), TALLYFY_INVALID_UTF8);
    assert_int_equal(tallyfy_build_create_group_json(cfg, "org", "\"\xff\"", 3, &req, NULL), TALLYFY_INVALID_UTF8);
    assert_int_equal(tallyfy_parse_group(200, headers, 1, (const uint8_t *)GROUP_BODY, strlen(GROUP_BODY), &g, NULL),
                     TALLYFY_INVALID_UTF8);
    /* A body is bytes: invalid UTF-8 there is the answer's problem, reported as malformed. */
    err = NULL;
    assert_int_equal(tallyfy_parse_group(200, NULL, 0, (const uint8_t *)bad, 4, &g, &err), TALLYFY_MALFORMED_RESPONSE);
    assert_int_equal(tallyfy_error_status(err), 200);
    tallyfy_error_free(err);
    tallyfy_list_query_free(query);
    tallyfy_group_input_free(in);
    tallyfy_config_free(cfg);
}

/* A header the library does not read is never judged (HTTP allows obs-text such as caf\xe9); a
 * header it reads must have a UTF-8 value, else TALLYFY_INVALID_UTF8 naming it. */
static void unread_headers_are_never_judged(void **state) {
    tallyfy_header unread[] = {{"X-Served-By", "caf\xe9"}, {"caf\xe9-Header", "1"}, {"Retry-After", "7"}};
    tallyfy_header bad_read[] = {{"X-Served-By", "caf\xe9"}, {"retry-after", "\xff"}};
    static const char slow[] = "{\"message\":\"slow down\"}";
    tallyfy_group *g = NULL;
    tallyfy_error *err = NULL;
    (void)state;
    assert_int_equal(tallyfy_parse_group(200, unread, 3, (const uint8_t *)GROUP_BODY, strlen(GROUP_BODY), &g, &err),
                     TALLYFY_OK);
    assert_string_equal(tallyfy_group_name(g), "Ops");
    tallyfy_group_free(g);
    g = NULL;
    assert_int_equal(tallyfy_parse_delete_group(429, unread, 3, (const uint8_t *)slow, strlen(slow), &err),
                     TALLYFY_RATE_LIMITED);
    assert_int_equal(tallyfy_error_retry_after_seconds_at(err, 0), 7);
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(tallyfy_parse_group(200, bad_read, 2, (const uint8_t *)GROUP_BODY, strlen(GROUP_BODY), &g, &err),
                     TALLYFY_INVALID_UTF8);
    assert_null(g);
    assert_string_equal(tallyfy_error_message(err), "the value of the Retry-After header is not valid UTF-8");
    tallyfy_error_free(err);
}

static void bodies_with_embedded_nuls(void **state) {
    static const char raw[] = "{\"data\":{\"id\":\"g1\",\"name\":\"a\0b\"}}";
    static const char escaped[] = "{\"data\":{\"id\":\"g1\\u0000\",\"name\":\"a\\u0000b\",\"description\":\"\\u0000\","
                                  "\"logo\":\"l\\u0000\",\"guests\":[\"x\\u0000@y.z\"],\"created_at\":\"c\\u0000\","
                                  "\"last_updated\":\"u\\u0000\"}}";
    static const char plain[] = "Bad\0 gateway";
    size_t len = 0;
    tallyfy_group *g = NULL;
    tallyfy_error *err = NULL;
    tallyfy_group_input *in = NULL;
    char *json = NULL;
    (void)state;
    /* A raw NUL inside a JSON string is not JSON. */
    assert_int_equal(tallyfy_parse_group(200, NULL, 0, (const uint8_t *)raw, sizeof raw - 1, &g, &err),
                     TALLYFY_MALFORMED_RESPONSE);
    assert_null(g);
    tallyfy_error_free(err);
    err = NULL;
    /* An escaped one is kept whole: C strings end at it, the JSON keeps it. */
    assert_int_equal(tallyfy_parse_group(201, NULL, 0, (const uint8_t *)escaped, sizeof escaped - 1, &g, NULL),
                     TALLYFY_OK);
    assert_string_equal(tallyfy_group_name(g), "a");
    /* The `_n` accessors give each string whole, with its length. */
    assert_memory_equal(tallyfy_group_id_n(g, &len), "g1\0", 4);
    assert_int_equal(len, 3);
    assert_memory_equal(tallyfy_group_name_n(g, &len), "a\0b", 4);
    assert_int_equal(len, 3);
    assert_memory_equal(tallyfy_group_description_n(g, &len), "\0", 2);
    assert_int_equal(len, 1);
    assert_memory_equal(tallyfy_group_logo_n(g, &len), "l\0", 3);
    assert_int_equal(len, 2);
    assert_memory_equal(tallyfy_group_created_at_n(g, &len), "c\0", 3);
    assert_int_equal(len, 2);
    assert_memory_equal(tallyfy_group_updated_at_n(g, &len), "u\0", 3);
    assert_int_equal(len, 2);
    assert_memory_equal(tallyfy_group_guest_at_n(g, 0, &len), "x\0@y.z", 7);
    assert_int_equal(len, 6);
    assert_null(tallyfy_group_guest_at_n(g, 1, &len));
    assert_int_equal(len, 0);
    assert_int_equal(tallyfy_group_to_json(g, &json, NULL), TALLYFY_OK);
    assert_non_null(strstr(json, "\"name\":\"a\\u0000b\""));
    tallyfy_string_free(json);
    tallyfy_group_free(g);
    /* A plain-text error body with a NUL: the message never carries control characters. */
    assert_int_equal(tallyfy_parse_delete_group(502, NULL, 0, (const uint8_t *)plain, sizeof plain - 1, &err),
                     TALLYFY_SERVER_ERROR);
    assert_string_equal(tallyfy_error_message(err), "Bad  gateway");
    tallyfy_error_free(err);
    err = NULL;
    /* JSON input cut by a NUL is invalid JSON, not a shorter input. */
    assert_int_equal(tallyfy_group_input_from_json("{\"name\":\"x\"}\0{", 14, &in, &err), TALLYFY_INVALID_INPUT);
    assert_string_equal(tallyfy_error_field_code(err, 0), "invalid_json");
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
    tallyfy_group_input *in = valid_input();
    tallyfy_request *req = NULL;
    tallyfy_error *err = NULL;
    tallyfy_group *g = NULL;
    char *body, *p;
    size_t i;
    (void)state;
    /* A 4 MiB token, org id and name: refused by field, never echoed. */
    assert_int_equal(tallyfy_config_new(huge, NULL, &cfg, &err), TALLYFY_INVALID_INPUT);
    assert_string_equal(tallyfy_error_field_code(err, 0), "too_long");
    assert_true(strlen(tallyfy_error_message(err)) <= 512);
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(tallyfy_group_input_set_name(in, huge), TALLYFY_OK);
    assert_int_equal(tallyfy_build_create_group(cfg, huge, in, &req, &err), TALLYFY_INVALID_INPUT);
    assert_int_equal(tallyfy_error_field_count(err), 2);
    assert_string_equal(tallyfy_error_field_name(err, 0), "org_id");
    assert_string_equal(tallyfy_error_field_name(err, 1), "name");
    tallyfy_error_free(err);
    err = NULL;
    /* A 100 000-member input and answer go through whole. */
    tallyfy_group_input_free(in);
    in = valid_input();
    for (i = 1; i <= MEMBERS; i++) {
        assert_int_equal(tallyfy_group_input_add_member(in, i), TALLYFY_OK);
    }
    assert_int_equal(tallyfy_build_create_group(cfg, "org", in, &req, NULL), TALLYFY_OK);
    body = malloc(32 * MEMBERS + 128);
    assert_non_null(body);
    p = body + sprintf(body, "{\"data\":{\"id\":\"g1\",\"name\":\"Big\",\"members\":[");
    for (i = 1; i <= MEMBERS; i++) {
        p += sprintf(p, i == 1 ? "%lu" : ",%lu", (unsigned long)i);
    }
    p += sprintf(p, "]}}");
    assert_int_equal(tallyfy_parse_group(200, NULL, 0, (const uint8_t *)body, (size_t)(p - body), &g, NULL),
                     TALLYFY_OK);
    assert_int_equal(tallyfy_group_member_count(g), MEMBERS);
    assert_int_equal(tallyfy_group_member_at(g, MEMBERS - 1), MEMBERS);
    /* A huge server message is bounded. */
    assert_int_equal(tallyfy_parse_delete_group(500, NULL, 0, (const uint8_t *)huge, strlen(huge), &err),
                     TALLYFY_SERVER_ERROR);
    assert_true(strlen(tallyfy_error_message(err)) <= 512);
    tallyfy_error_free(err);
    err = NULL;
    /* A length no buffer can have is refused before the pointer is read. */
    assert_int_equal(tallyfy_parse_group(200, NULL, 0, (const uint8_t *)body, SIZE_MAX, &g, &err),
                     TALLYFY_INVALID_INPUT);
    assert_string_equal(tallyfy_error_field_name(err, 0), "body");
    tallyfy_error_free(err);
    free(body);
    tallyfy_group_free(g);
    tallyfy_request_free(req);
    tallyfy_group_input_free(in);
    tallyfy_config_free(cfg);
    free(huge);
}

/* Every array may be NULL (or any pointer) with length 0; a header count no buffer can hold is
 * refused before anything is read. Under the debug build of the sanitizer suite, a broken
 * precondition of the library would abort here. */
static void empty_arrays_and_impossible_lengths(void **state) {
    static const char list[] =
        "{\"data\":[],\"meta\":{\"pagination\":{\"total\":0,\"count\":0,\"per_page\":10,\"current_page\":1,"
        "\"total_pages\":1}}}";
    tallyfy_header headers[] = {{"X-A", "1"}};
    tallyfy_group_input *in = tallyfy_group_input_new();
    tallyfy_group_input *parsed = NULL;
    tallyfy_group_page *page = NULL;
    tallyfy_group *g = NULL;
    tallyfy_error *err = NULL;
    (void)state;
    assert_int_equal(tallyfy_parse_delete_group(204, NULL, 0, NULL, 0, &err), TALLYFY_OK);
    assert_int_equal(tallyfy_parse_delete_group(200, headers, 0, (const uint8_t *)"", 0, &err), TALLYFY_OK);
    assert_int_equal(tallyfy_parse_group(201, headers, 0, (const uint8_t *)GROUP_BODY, strlen(GROUP_BODY), &g, &err),
                     TALLYFY_OK);
    assert_int_equal(tallyfy_parse_group_list(200, NULL, 0, (const uint8_t *)list, strlen(list), &page, &err),
                     TALLYFY_OK);
    assert_null(err);
    assert_int_equal(tallyfy_parse_delete_group(404, NULL, 0, NULL, 0, &err), TALLYFY_NOT_FOUND);
    assert_int_equal(tallyfy_error_status(err), 404);
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(tallyfy_parse_delete_group(204, headers, SIZE_MAX / sizeof headers[0], NULL, 0, &err),
                     TALLYFY_INVALID_INPUT);
    assert_string_equal(tallyfy_error_field_name(err, 0), "headers");
    assert_string_equal(tallyfy_error_field_code(err, 0), "too_long");
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(tallyfy_group_input_set_name_n(in, NULL, 0), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_from_json(NULL, 0, &parsed, &err), TALLYFY_INVALID_INPUT);
    assert_string_equal(tallyfy_error_field_code(err, 0), "invalid_json");
    assert_null(parsed);
    tallyfy_error_free(err);
    tallyfy_group_page_free(page);
    tallyfy_group_free(g);
    tallyfy_group_input_free(in);
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
    tallyfy_string_free(NULL);
    tallyfy_call_options_free(NULL);
    tallyfy_call_free(NULL);
}

static void indexes_out_of_range(void **state) {
    tallyfy_config *cfg = config();
    tallyfy_group *g = group();
    tallyfy_request *req = NULL;
    tallyfy_group_page *page = NULL;
    tallyfy_error *err = NULL;
    static const char list[] =
        "{\"data\":[],\"meta\":{\"pagination\":{\"total\":0,\"count\":0,\"per_page\":10,\"current_page\":1,"
        "\"total_pages\":0}}}";
    size_t len = 7;
    (void)state;
    assert_int_equal(tallyfy_build_get_group(cfg, "org", "g1", &req, NULL), TALLYFY_OK);
    assert_null(tallyfy_request_header_name(req, 3));
    assert_null(tallyfy_request_header_value(req, SIZE_MAX));
    assert_null(tallyfy_request_body(req, &len));
    assert_int_equal(len, 0);
    assert_int_equal(tallyfy_group_member_at(g, 2), 0);
    assert_null(tallyfy_group_guest_at(g, 1));
    assert_int_equal(tallyfy_parse_group_list(200, NULL, 0, (const uint8_t *)list, strlen(list), &page, NULL),
                     TALLYFY_OK);
    assert_null(tallyfy_group_page_get(page, 0));
    assert_int_equal(tallyfy_build_delete_group(cfg, "", "", &req, &err), TALLYFY_INVALID_INPUT);
    assert_null(tallyfy_error_field_code(err, 2));
    assert_null(tallyfy_error_field_message(err, SIZE_MAX));
    tallyfy_error_free(err);
    tallyfy_group_page_free(page);
    tallyfy_request_free(req);
    tallyfy_group_free(g);
    tallyfy_config_free(cfg);
}

static void refused_setters_change_nothing(void **state) {
    tallyfy_config *cfg = config();
    tallyfy_list_query *query = tallyfy_list_query_new();
    tallyfy_request *req = NULL;
    (void)state;
    assert_int_equal(tallyfy_config_set_client_header(cfg, "App\r\nX-Evil: 1"), TALLYFY_INVALID_INPUT);
    assert_int_equal(tallyfy_list_query_set_sort_by(query, "size"), TALLYFY_INVALID_INPUT);
    assert_int_equal(tallyfy_list_query_set_sort(query, "up"), TALLYFY_INVALID_INPUT);
    assert_int_equal(tallyfy_list_query_add_with(query, "everything"), TALLYFY_INVALID_INPUT);
    assert_int_equal(tallyfy_list_query_set_q(query, "on call"), TALLYFY_OK);
    assert_int_equal(tallyfy_build_list_groups(cfg, "org", query, &req, NULL), TALLYFY_OK);
    assert_string_equal(tallyfy_request_url(req), "https://go.tallyfy.com/api/organizations/org/groups?q=on%20call");
    assert_string_equal(tallyfy_request_header_value(req, 2), "APIClient");
    tallyfy_request_free(req);
    assert_int_equal(tallyfy_config_set_client_header(cfg, "MyApp/2"), TALLYFY_OK);
    assert_int_equal(tallyfy_list_query_set_sort_by(query, "name"), TALLYFY_OK);
    assert_int_equal(tallyfy_list_query_set_sort(query, "desc"), TALLYFY_OK);
    assert_int_equal(tallyfy_list_query_add_with(query, "users"), TALLYFY_OK);
    assert_int_equal(tallyfy_list_query_set_page(query, 2), TALLYFY_OK);
    assert_int_equal(tallyfy_list_query_set_per_page(query, 50), TALLYFY_OK);
    assert_int_equal(tallyfy_build_list_groups(cfg, "org", query, &req, NULL), TALLYFY_OK);
    assert_string_equal(tallyfy_request_url(req), "https://go.tallyfy.com/api/organizations/org/groups"
                                                   "?q=on%20call&page=2&per_page=50&sort_by=name&sort=desc&with=users");
    assert_string_equal(tallyfy_request_header_value(req, 2), "MyApp/2");
    tallyfy_request_free(req);
    tallyfy_list_query_free(query);
    tallyfy_config_free(cfg);
}

static void cleared_lists_are_sent_empty(void **state) {
    tallyfy_config *cfg = config();
    tallyfy_group_input *in = tallyfy_group_input_new();
    tallyfy_request *req = NULL;
    const uint8_t *body;
    size_t len = 0;
    char *json = NULL;
    (void)state;
    assert_int_equal(tallyfy_group_input_add_member(in, 1001), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_clear_members(in), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_add_member(in, 1008), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_clear_guests(in), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_to_json(in, &json, NULL), TALLYFY_OK);
    assert_string_equal(json, "{\"members\":[1008],\"guests\":[]}");
    tallyfy_string_free(json);
    assert_int_equal(tallyfy_validate_update_group(in, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_validate_create_group(in, NULL), TALLYFY_INVALID_INPUT);
    assert_int_equal(tallyfy_build_update_group(cfg, "org", "g1", in, &req, NULL), TALLYFY_OK);
    body = tallyfy_request_body(req, &len);
    assert_int_equal(len, strlen("{\"members\":[1008],\"guests\":[]}"));
    assert_memory_equal(body, "{\"members\":[1008],\"guests\":[]}", len);
    tallyfy_request_free(req);
    tallyfy_group_input_free(in);
    tallyfy_config_free(cfg);
}

static void input_accessors_read_back_every_field(void **state) {
    static const char json[] = "{\"name\":\"Ops\\u0000x\",\"members\":[7,9007199254740991],\"guests\":[\"a@b.co\",\"c@d.io\"]}";
    tallyfy_group_input *in = tallyfy_group_input_new();
    tallyfy_group_input *parsed = NULL;
    tallyfy_group_input *body = NULL;
    tallyfy_group *g = group();
    size_t len = 99;
    const char *name;
    (void)state;
    /* A new input: every field absent. */
    assert_null(tallyfy_group_input_name(in, &len));
    assert_int_equal(len, 0);
    assert_null(tallyfy_group_input_description(in, NULL));
    assert_int_equal(tallyfy_group_input_has_members(in), 0);
    assert_int_equal(tallyfy_group_input_has_guests(in), 0);
    assert_int_equal(tallyfy_group_input_member_count(in), 0);
    assert_int_equal(tallyfy_group_input_guest_count(in), 0);
    /* Cleared lists are present and empty; values set are lent back. */
    assert_int_equal(tallyfy_group_input_clear_members(in), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_has_members(in), 1);
    assert_int_equal(tallyfy_group_input_member_count(in), 0);
    assert_int_equal(tallyfy_group_input_has_guests(in), 0);
    assert_int_equal(tallyfy_group_input_set_name(in, "Ops"), TALLYFY_OK);
    assert_string_equal(tallyfy_group_input_name(in, &len), "Ops");
    assert_int_equal(len, 3);
    /* A change after a read: the next read sees it. */
    assert_int_equal(tallyfy_group_input_set_name(in, "Sales team"), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_add_guest(in, "x@y.io"), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_add_guest(in, "not-an-email"), TALLYFY_OK);
    assert_string_equal(tallyfy_group_input_name(in, NULL), "Sales team");
    assert_int_equal(tallyfy_group_input_has_guests(in), 1);
    assert_int_equal(tallyfy_group_input_guest_count(in), 2);
    assert_string_equal(tallyfy_group_input_guest_at(in, 1, &len), "not-an-email");
    assert_int_equal(len, 12);
    assert_null(tallyfy_group_input_guest_at(in, 2, &len));
    assert_int_equal(len, 0);
    /* From JSON: a U+0000 inside is kept, counted by the length. */
    assert_int_equal(tallyfy_group_input_from_json(json, strlen(json), &parsed, NULL), TALLYFY_OK);
    name = tallyfy_group_input_name(parsed, &len);
    assert_int_equal(len, 5);
    assert_memory_equal(name, "Ops\0x", 6);
    assert_null(tallyfy_group_input_description(parsed, &len));
    assert_int_equal(tallyfy_group_input_member_count(parsed), 2);
    assert_int_equal(tallyfy_group_input_member_at(parsed, 0), 7);
    assert_int_equal(tallyfy_group_input_member_at(parsed, 1), UINT64_C(9007199254740991));
    assert_int_equal(tallyfy_group_input_member_at(parsed, 2), 0);
    assert_int_equal(tallyfy_group_input_guest_count(parsed), 2);
    assert_string_equal(tallyfy_group_input_guest_at(parsed, 0, NULL), "a@b.co");
    assert_string_equal(tallyfy_group_input_guest_at(parsed, 1, &len), "c@d.io");
    assert_int_equal(len, 6);
    /* The full-update body: current group (members 1, 2; guest a@b.co) with the changes. */
    assert_int_equal(tallyfy_full_update(g, in, &body, NULL), TALLYFY_OK);
    assert_string_equal(tallyfy_group_input_name(body, NULL), "Sales team");
    assert_string_equal(tallyfy_group_input_description(body, NULL), "d");
    assert_int_equal(tallyfy_group_input_has_members(body), 1);
    assert_int_equal(tallyfy_group_input_member_count(body), 0);
    assert_int_equal(tallyfy_group_input_guest_count(body), 2);
    assert_string_equal(tallyfy_group_input_guest_at(body, 0, NULL), "x@y.io");
    /* NULL input: NULL or 0, the length written 0. */
    len = 9;
    assert_null(tallyfy_group_input_name(NULL, &len));
    assert_int_equal(len, 0);
    assert_null(tallyfy_group_input_guest_at(NULL, 0, NULL));
    assert_int_equal(tallyfy_group_input_has_members(NULL), 0);
    assert_int_equal(tallyfy_group_input_member_count(NULL), 0);
    assert_int_equal(tallyfy_group_input_member_at(NULL, 0), 0);
    assert_int_equal(tallyfy_group_input_guest_count(NULL), 0);
    tallyfy_group_input_free(body);
    tallyfy_group_input_free(parsed);
    tallyfy_group_input_free(in);
    tallyfy_group_free(g);
}

static void q_ex_reports_its_refusal(void **state) {
    tallyfy_config *cfg = config();
    tallyfy_list_query *query = tallyfy_list_query_new();
    tallyfy_request *req = NULL;
    tallyfy_error *err = NULL;
    (void)state;
    assert_int_equal(tallyfy_list_query_set_q_ex(query, "ab\xff", &err), TALLYFY_INVALID_UTF8);
    assert_string_equal(tallyfy_error_code_name(err), "invalid_utf8");
    assert_non_null(strstr(tallyfy_error_message(err), "q"));
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(tallyfy_list_query_set_q_ex(query, NULL, &err), TALLYFY_NULL_ARGUMENT);
    tallyfy_error_free(err);
    assert_int_equal(tallyfy_list_query_set_q_ex(NULL, "x", NULL), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_build_list_groups(cfg, "org", query, &req, NULL), TALLYFY_OK);
    assert_string_equal(tallyfy_request_url(req), "https://go.tallyfy.com/api/organizations/org/groups");
    tallyfy_request_free(req);
    err = NULL;
    assert_int_equal(tallyfy_list_query_set_q_ex(query, "on call", &err), TALLYFY_OK);
    assert_null(err);
    assert_int_equal(tallyfy_build_list_groups(cfg, "org", query, &req, NULL), TALLYFY_OK);
    assert_string_equal(tallyfy_request_url(req), "https://go.tallyfy.com/api/organizations/org/groups?q=on%20call");
    tallyfy_request_free(req);
    tallyfy_list_query_free(query);
    tallyfy_config_free(cfg);
}

/* `rc` is TALLYFY_INVALID_INPUT with one field error on `field` in `*err`; frees it and sets
 * `*err` to NULL (read only after the call that wrote it, which the arguments evaluate first). */
static void assert_refused(tallyfy_code rc, tallyfy_error **err, const char *field) {
    assert_int_equal(rc, TALLYFY_INVALID_INPUT);
    assert_int_equal(tallyfy_error_field_count(*err), 1);
    assert_string_equal(tallyfy_error_field_name(*err, 0), field);
    tallyfy_error_free(*err);
    *err = NULL;
}

/* Answers and no-answers out of turn, and kinds out of range, are refused with typed errors and
 * change nothing; every accessor of another step gives NULL, 0 or -1. */
static void a_call_refuses_answers_out_of_turn(void **state) {
    static const char page[] = "{\"data\":[],\"meta\":{\"pagination\":{\"total\":0,\"count\":0,\"per_page\":10,"
                               "\"current_page\":1,\"total_pages\":0}}}";
    tallyfy_config *cfg = config();
    tallyfy_call *call = NULL;
    tallyfy_error *err = NULL;
    (void)state;
    assert_int_equal(tallyfy_call_get_group(cfg, "org", "g1", NULL, &call, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_call_next(call), TALLYFY_STEP_SEND);
    assert_int_equal(tallyfy_call_delay_ms(call), 0);
    assert_null(tallyfy_call_error(call));
    assert_int_equal(tallyfy_call_no_answer_kind(call), -1);
    assert_null(tallyfy_call_group(call));
    assert_int_equal(tallyfy_call_deleted(call), 0);
    assert_refused(tallyfy_call_no_answer(call, -1, &err), &err, "no_answer");
    assert_refused(tallyfy_call_no_answer(call, 3, &err), &err, "no_answer");
    assert_refused(tallyfy_call_no_answer(call, 0x7fffffff, &err), &err, "no_answer");
    /* Headers or a body missing behind a length are refused before anything is read. */
    assert_int_equal(tallyfy_call_answer(call, 200, NULL, 2, NULL, 0, NULL), TALLYFY_NULL_ARGUMENT);
    assert_int_equal(tallyfy_call_answer(call, 200, NULL, 0, NULL, 9, NULL), TALLYFY_NULL_ARGUMENT);
    /* Still the same send: nothing changed. */
    assert_int_equal(tallyfy_call_next(call), TALLYFY_STEP_SEND);
    assert_string_equal(tallyfy_request_url(tallyfy_call_request(call)),
                        "https://go.tallyfy.com/api/organizations/org/groups/g1");
    assert_int_equal(tallyfy_call_answer(call, 404, NULL, 0, NULL, 0, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_call_next(call), TALLYFY_STEP_FAILED);
    assert_null(tallyfy_call_request(call));
    assert_int_equal(tallyfy_call_timeout_ms(call), 0);
    assert_int_equal(tallyfy_error_code(tallyfy_call_error(call)), TALLYFY_NOT_FOUND);
    /* The call ended: answers are refused, and the step stays. */
    assert_refused(tallyfy_call_answer(call, 200, NULL, 0, (const uint8_t *)page, strlen(page), &err), &err, "call");
    assert_refused(tallyfy_call_no_answer(call, TALLYFY_NO_ANSWER_NOT_DELIVERED, &err), &err, "call");
    assert_int_equal(tallyfy_call_next(call), TALLYFY_STEP_FAILED);
    assert_int_equal(tallyfy_error_code(tallyfy_call_error(call)), TALLYFY_NOT_FOUND);
    tallyfy_call_free(call);
    tallyfy_config_free(cfg);
}

/* Options are stored by their setters and checked, all at once, when a call is made. */
static void call_options_are_checked_when_a_call_is_made(void **state) {
    tallyfy_config *cfg = config();
    tallyfy_call_options *options = tallyfy_call_options_new();
    tallyfy_call *call = (tallyfy_call *)&cfg;
    tallyfy_error *err = NULL;
    (void)state;
    assert_int_equal(tallyfy_call_options_set_timeout_ms(options, 0), TALLYFY_OK);
    assert_int_equal(tallyfy_call_options_set_max_answer_bytes(options, 0), TALLYFY_OK);
    assert_int_equal(tallyfy_call_options_set_max_pages(options, 0), TALLYFY_OK);
    assert_int_equal(tallyfy_call_list_all_groups(cfg, "org", NULL, options, &call, &err), TALLYFY_INVALID_INPUT);
    assert_ptr_equal(call, &cfg);
    assert_int_equal(tallyfy_error_field_count(err), 3);
    assert_string_equal(tallyfy_error_field_name(err, 0), "timeout_ms");
    assert_string_equal(tallyfy_error_field_name(err, 1), "max_answer_bytes");
    assert_string_equal(tallyfy_error_field_name(err, 2), "max_pages");
    tallyfy_error_free(err);
    assert_int_equal(tallyfy_call_options_set_timeout_ms(options, 0x80000000u), TALLYFY_OK);
    assert_int_equal(tallyfy_call_options_set_max_answer_bytes(options, 10), TALLYFY_OK);
    assert_int_equal(tallyfy_call_options_set_max_pages(options, 1), TALLYFY_OK);
    err = NULL;
    assert_int_equal(tallyfy_call_get_group(cfg, "org", "g1", options, &call, &err), TALLYFY_INVALID_INPUT);
    assert_int_equal(tallyfy_error_field_count(err), 1);
    assert_string_equal(tallyfy_error_field_code(err, 0), "out_of_range");
    tallyfy_error_free(err);
    assert_int_equal(tallyfy_call_options_set_timeout_ms(options, 250), TALLYFY_OK);
    assert_int_equal(tallyfy_call_get_group(cfg, "org", "g1", options, &call, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_call_next(call), TALLYFY_STEP_SEND);
    assert_int_equal(tallyfy_call_timeout_ms(call), 250);
    assert_int_equal(tallyfy_call_max_answer_bytes(call), 10);
    /* Past max_answer_bytes the answer is malformed, whether the host read it or stopped. */
    assert_int_equal(tallyfy_call_answer(call, 200, NULL, 0, (const uint8_t *)"{\"data\":{}}", 11, NULL), TALLYFY_OK);
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
    (void)state;
    assert_int_equal(tallyfy_call_list_groups(cfg, "org", NULL, NULL, &list, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_call_list_all_groups(cfg, "org", NULL, NULL, &all, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_call_next(list), TALLYFY_STEP_SEND);
    assert_int_equal(tallyfy_call_next(all), TALLYFY_STEP_SEND);
    assert_int_equal(tallyfy_call_answer(list, 200, NULL, 0, (const uint8_t *)page, strlen(page), NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_call_answer(all, 200, NULL, 0, (const uint8_t *)page, strlen(page), NULL), TALLYFY_OK);
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
    assert_string_equal(tallyfy_group_id(tallyfy_group_page_get(kept_page, 0)), "g1");
    assert_int_equal(tallyfy_group_page_total(kept_page), 1);
    assert_string_equal(tallyfy_group_name(kept_group), "A");
    tallyfy_group_free(kept_group);
    tallyfy_group_page_free(kept_page);
    tallyfy_config_free(cfg);
}

static void full_update_from_an_input_matches_the_group(void **state) {
    static const char fields[] = "{\"name\":\"Ops\",\"description\":\"d\",\"members\":[1,2],\"guests\":[\"a@b.co\"]}";
    tallyfy_group *g = group(); /* the same fields as `fields` */
    tallyfy_group_input *current = NULL, *changes = tallyfy_group_input_new(), *from_group = NULL, *from_input = NULL;
    tallyfy_error *err = NULL;
    char *a = NULL, *b = NULL;
    (void)state;
    assert_int_equal(tallyfy_group_input_set_name(changes, "Dev"), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_from_json(fields, strlen(fields), &current, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_full_update(g, changes, &from_group, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_full_update_input(current, changes, &from_input, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_to_json(from_group, &a, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_to_json(from_input, &b, NULL), TALLYFY_OK);
    assert_string_equal(b, "{\"name\":\"Dev\",\"description\":\"d\",\"members\":[1,2],\"guests\":[\"a@b.co\"]}");
    assert_string_equal(a, b);
    tallyfy_string_free(a);
    tallyfy_string_free(b);
    tallyfy_group_input_free(from_input);
    tallyfy_group_input_free(current);
    /* A blank description is left out; absent lists read as empty. */
    current = tallyfy_group_input_new();
    assert_int_equal(tallyfy_group_input_set_name(current, "Ops"), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_set_description(current, " "), TALLYFY_OK);
    assert_int_equal(tallyfy_full_update_input(current, changes, &from_input, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_to_json(from_input, &b, NULL), TALLYFY_OK);
    assert_string_equal(b, "{\"name\":\"Dev\",\"members\":[],\"guests\":[]}");
    tallyfy_string_free(b);
    tallyfy_group_input_free(from_input);
    from_input = NULL;
    assert_int_equal(tallyfy_full_update_input(NULL, changes, &from_input, &err), TALLYFY_NULL_ARGUMENT);
    assert_null(from_input);
    assert_non_null(strstr(tallyfy_error_message(err), "current"));
    tallyfy_error_free(err);
    tallyfy_group_input_free(current);
    tallyfy_group_input_free(from_group);
    tallyfy_group_input_free(changes);
    tallyfy_group_free(g);
}

/* The first field error of `err` as "field code message"; frees `err`. */
static void first_problem(tallyfy_error *err, char *out, size_t size) {
    assert_non_null(err);
    assert_true(tallyfy_error_field_count(err) >= 1);
    snprintf(out, size, "%s %s %s", tallyfy_error_field_name(err, 0), tallyfy_error_field_code(err, 0),
             tallyfy_error_field_message(err, 0));
    tallyfy_error_free(err);
}

static void text_with_a_length_is_judged_by_the_core(void **state) {
    static const char guest_json[] = "{\"guests\":[\"a\\u0000@b.co\"]}";
    static const char sort_by_json[] = "{\"sortBy\":\"name\\u0000\"}";
    tallyfy_config *cfg = config();
    tallyfy_group_input *in = tallyfy_group_input_new();
    tallyfy_group_input *unused = NULL;
    tallyfy_list_query *query = tallyfy_list_query_new(), *unused_query = NULL;
    tallyfy_request *req = NULL;
    tallyfy_error *err = NULL;
    char *json = NULL;
    char have[256], want[256];
    size_t len = 0;
    (void)state;
    /* U+0000 in a name or description: the core takes it, as from JSON. */
    assert_int_equal(tallyfy_group_input_set_name_n_ex(in, "a\0b", 3, &err), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_set_description_n(in, "d\0", 2), TALLYFY_OK);
    assert_memory_equal(tallyfy_group_input_name(in, &len), "a\0b", 4);
    assert_int_equal(len, 3);
    assert_int_equal(tallyfy_group_input_to_json(in, &json, NULL), TALLYFY_OK);
    assert_string_equal(json, "{\"name\":\"a\\u0000b\",\"description\":\"d\\u0000\"}");
    tallyfy_string_free(json);
    /* A blank name is refused as ever; the name is kept. */
    assert_int_equal(tallyfy_group_input_set_name_n_ex(in, " \t", 2, &err), TALLYFY_INVALID_INPUT);
    first_problem(err, have, sizeof have);
    err = NULL;
    assert_string_equal(have, "name blank name must not be blank");
    assert_int_equal(tallyfy_group_input_set_description_n_ex(in, NULL, 0, &err), TALLYFY_INVALID_INPUT);
    tallyfy_error_free(err);
    err = NULL;
    assert_memory_equal(tallyfy_group_input_name(in, NULL), "a\0b", 4);
    /* U+0000 in an address: the field error of the JSON path; the absent list stays absent. */
    assert_int_equal(tallyfy_group_input_add_guest_n_ex(in, "a\0@b.co", 7, &err), TALLYFY_INVALID_INPUT);
    first_problem(err, have, sizeof have);
    err = NULL;
    assert_int_equal(tallyfy_group_input_from_json(guest_json, strlen(guest_json), &unused, &err),
                     TALLYFY_INVALID_INPUT);
    first_problem(err, want, sizeof want);
    err = NULL;
    assert_string_equal(have, want);
    assert_int_equal(tallyfy_group_input_has_guests(in), 0);
    assert_int_equal(tallyfy_group_input_add_member_ex(in, 0, NULL), TALLYFY_INVALID_INPUT);
    assert_int_equal(tallyfy_group_input_has_members(in), 0);
    assert_int_equal(tallyfy_group_input_add_guest(in, "\xff@b.co"), TALLYFY_INVALID_UTF8);
    assert_int_equal(tallyfy_group_input_has_guests(in), 0);
    assert_int_equal(tallyfy_group_input_add_guest_n(in, "x\0@y.io", 7), TALLYFY_OK); /* checked later */
    assert_int_equal(tallyfy_group_input_guest_count(in), 1);
    assert_int_equal(tallyfy_validate_update_group(in, &err), TALLYFY_INVALID_INPUT);
    first_problem(err, have, sizeof have);
    err = NULL;
    assert_string_equal(have, want);
    /* Query values. */
    assert_int_equal(tallyfy_list_query_set_q_n_ex(query, "a\0b", 3, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_list_query_set_sort_by_n_ex(query, "name\0", 5, &err), TALLYFY_INVALID_INPUT);
    first_problem(err, have, sizeof have);
    err = NULL;
    assert_int_equal(tallyfy_list_query_from_json(sort_by_json, strlen(sort_by_json), &unused_query, &err),
                     TALLYFY_INVALID_INPUT);
    first_problem(err, want, sizeof want);
    err = NULL;
    assert_string_equal(have, want);
    assert_int_equal(tallyfy_list_query_set_sort_n_ex(query, "desc", 4, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_list_query_add_with_n_ex(query, "users\0", 6, NULL), TALLYFY_INVALID_INPUT);
    assert_int_equal(tallyfy_list_query_add_with_n_ex(query, "users", 5, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_list_query_set_q_n(query, "a\0c", 3), TALLYFY_OK);
    assert_int_equal(tallyfy_list_query_set_q_n_ex(query, "\xff", 1, &err), TALLYFY_INVALID_UTF8);
    tallyfy_error_free(err);
    assert_int_equal(tallyfy_build_list_groups(cfg, "org", query, &req, NULL), TALLYFY_OK);
    assert_string_equal(tallyfy_request_url(req),
                        "https://go.tallyfy.com/api/organizations/org/groups?q=a%00c&sort=desc&with=users");
    tallyfy_request_free(req);
    assert_int_equal(tallyfy_list_query_set_q_n(query, NULL, 0), TALLYFY_OK);
    assert_int_equal(tallyfy_list_query_set_q_n(query, NULL, 1), TALLYFY_NULL_ARGUMENT);
    tallyfy_list_query_free(query);
    tallyfy_group_input_free(in);
    tallyfy_config_free(cfg);
}

static void retry_after_uses_the_clock(void **state) {
    tallyfy_header seconds[] = {{"retry-after", "5"}, {"X-Request-Id", "req-1"}};
    tallyfy_header past[] = {{"Retry-After", "Tue, 14 Nov 2023 22:15:00 GMT"}};
    tallyfy_error *err = NULL;
    (void)state;
    assert_int_equal(tallyfy_parse_delete_group(429, seconds, 2, NULL, 0, &err), TALLYFY_RATE_LIMITED);
    assert_int_equal(tallyfy_error_retry_after_seconds(err), 5);
    assert_string_equal(tallyfy_error_request_id(err), "req-1");
    tallyfy_error_free(err);
    err = NULL;
    assert_int_equal(tallyfy_parse_delete_group(429, past, 1, NULL, 0, &err), TALLYFY_RATE_LIMITED);
    assert_int_equal(tallyfy_error_retry_after_seconds(err), 0);
    assert_int_equal(tallyfy_error_retry_after_seconds_at(err, 1700000000), 100);
    tallyfy_error_free(err);
}

/* Each thread works on its own handles; the config is shared read-only. */
static void *work(void *arg) {
    const tallyfy_config *cfg = arg;
    int i;
    for (i = 0; i < 200; i++) {
        tallyfy_group_input *in = tallyfy_group_input_new();
        tallyfy_request *req = NULL;
        tallyfy_group *g = NULL;
        int ok = tallyfy_group_input_set_name(in, "Ops") == TALLYFY_OK &&
                 tallyfy_group_input_set_description(in, "d") == TALLYFY_OK &&
                 tallyfy_build_create_group(cfg, "org", in, &req, NULL) == TALLYFY_OK &&
                 tallyfy_parse_group(201, NULL, 0, (const uint8_t *)GROUP_BODY, strlen(GROUP_BODY), &g, NULL) ==
                     TALLYFY_OK &&
                 strcmp(tallyfy_group_name(g), "Ops") == 0;
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

static const char *request_header(const tallyfy_request *req, const char *name) {
    size_t i;
    for (i = 0; i < tallyfy_request_header_count(req); i++) {
        if (strcmp(tallyfy_request_header_name(req, i), name) == 0) {
            return tallyfy_request_header_value(req, i);
        }
    }
    return "";
}

/* Whether the request `c` lends is its own: its tenant's token, client header and org, its id. */
static int own_request(const struct open_call *c, const struct tenant *tenants) {
    const struct tenant *t = &tenants[c->tenant];
    const tallyfy_request *req = tallyfy_call_request(c->call);
    char bearer[64];
    char path[96];
    size_t len = 0;
    const uint8_t *body;
    if (req == NULL) {
        return 0;
    }
    snprintf(bearer, sizeof bearer, "Bearer %s", t->token);
    if (c->op == 0) {
        snprintf(path, sizeof path, "/organizations/%s/groups", t->org);
    } else {
        snprintf(path, sizeof path, "/organizations/%s/groups/%s", t->org, c->id);
    }
    body = tallyfy_request_body(req, &len);
    if (strcmp(request_header(req, "Authorization"), bearer) != 0 ||
        strcmp(request_header(req, "X-Tallyfy-Client"), t->client) != 0 ||
        strstr(tallyfy_request_url(req), path) == NULL) {
        return 0;
    }
    if (c->op == 0) {
        char name[48];
        char text[256];
        snprintf(name, sizeof name, "\"name\":\"%s\"", c->id);
        if (body == NULL || len == 0 || len >= sizeof text) {
            return 0;
        }
        memcpy(text, body, len);
        text[len] = '\0';
        return strstr(text, name) != NULL;
    }
    return body == NULL;
}

/* A new call of a random tenant and operation in `c`; 0 when it could not be made. */
static int open_call(struct open_call *c, uint64_t *state, const struct tenant *tenants, int round) {
    tallyfy_group_input *in = NULL;
    tallyfy_code code;
    const tallyfy_config *cfg;
    const char *org;
    c->tenant = (int)(next_random(state) % TENANTS);
    c->op = (int)(next_random(state) % 3);
    c->retries = 0;
    snprintf(c->id, sizeof c->id, "id%llu_%d", (unsigned long long)(next_random(state) % 100000), round);
    cfg = tenants[c->tenant].cfg;
    org = tenants[c->tenant].org;
    if (c->op == 0) {
        in = tallyfy_group_input_new();
        if (tallyfy_group_input_set_name(in, c->id) != TALLYFY_OK ||
            tallyfy_group_input_set_description(in, "d") != TALLYFY_OK) {
            tallyfy_group_input_free(in);
            return 0;
        }
        code = tallyfy_call_create_group(cfg, org, in, NULL, &c->call, NULL);
        tallyfy_group_input_free(in); /* the call keeps nothing of it but its request */
    } else if (c->op == 1) {
        code = tallyfy_call_get_group(cfg, org, c->id, NULL, &c->call, NULL);
    } else {
        code = tallyfy_call_delete_group(cfg, org, c->id, NULL, &c->call, NULL);
    }
    return code == TALLYFY_OK && tallyfy_call_next(c->call) == TALLYFY_STEP_SEND && own_request(c, tenants);
}

/* ROUNDS random moves over OPEN_CALLS slots: open a call, answer one with a 429 (it must wait,
 * then send its own request again), or drop one mid-flight. 1 when every request was its own. */
static int interleave(uint64_t seed, const struct tenant *tenants) {
    struct open_call calls[OPEN_CALLS];
    tallyfy_header retry_after[] = {{"Retry-After", "1"}};
    uint64_t state = seed | 1;
    int round, i, ok = 1;
    memset(calls, 0, sizeof calls);
    for (round = 0; round < ROUNDS && ok; round++) {
        struct open_call *c = &calls[next_random(&state) % OPEN_CALLS];
        if (c->call == NULL) {
            ok = open_call(c, &state, tenants, round);
        } else if (c->retries < MAX_RETRIES && next_random(&state) % 2 == 0) {
            c->retries++;
            ok = tallyfy_call_answer(c->call, 429, retry_after, 1, NULL, 0, NULL) == TALLYFY_OK &&
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
        assert_int_equal(tallyfy_config_new_with_client_header(tenants[i].token, NULL, tenants[i].client,
                                                               &tenants[i].cfg, NULL),
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
        cmocka_unit_test(bodies_with_embedded_nuls),
        cmocka_unit_test(huge_inputs_are_bounded),
        cmocka_unit_test(empty_arrays_and_impossible_lengths),
        cmocka_unit_test(freeing_null_is_harmless),
        cmocka_unit_test(indexes_out_of_range),
        cmocka_unit_test(refused_setters_change_nothing),
        cmocka_unit_test(cleared_lists_are_sent_empty),
        cmocka_unit_test(input_accessors_read_back_every_field),
        cmocka_unit_test(q_ex_reports_its_refusal),
        cmocka_unit_test(a_call_refuses_answers_out_of_turn),
        cmocka_unit_test(call_options_are_checked_when_a_call_is_made),
        cmocka_unit_test(results_of_a_call_outlive_it_when_cloned),
        cmocka_unit_test(full_update_from_an_input_matches_the_group),
        cmocka_unit_test(text_with_a_length_is_judged_by_the_core),
        cmocka_unit_test(retry_after_uses_the_clock),
        cmocka_unit_test(handles_work_from_threads),
        cmocka_unit_test(interleaved_calls_never_share_caller_data),
        cmocka_unit_test(concurrent_calls_never_share_caller_data),
    };
    return cmocka_run_group_tests_name("misuse", tests, NULL, NULL);
}
