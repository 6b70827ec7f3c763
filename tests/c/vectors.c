/*
 * Runs every case of the shared vectors (every JSON file in tests/vectors) through the C API, one cmocka
 * test per case, with the same expectations as the core's own runner.
 *
 * usage: vectors DIR
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "tallyfy.h"

/* When a parse case gives no `now`, retry-after is evaluated at this time (as in Rust). */
#define DEFAULT_NOW 1700000000u

/* The most vector files read. */
#define MAX_FILES 64

/* ---- reading the case ---------------------------------------------------------------- */

static const cJSON *get(const cJSON *object, const char *key) {
    return cJSON_GetObjectItemCaseSensitive(object, key);
}

/* The string at `key`, or NULL when absent or null. */
static const char *str(const cJSON *object, const char *key) {
    const cJSON *item = get(object, key);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

static double num(const cJSON *object, const char *key) {
    const cJSON *item = get(object, key);
    if (!cJSON_IsNumber(item)) {
        fail_msg("`%s` is not a number", key);
    }
    return item->valuedouble;
}

/* Replaces each whole number under `item` by its exact decimal text: cJSON keeps numbers as
 * doubles and would print 9007199254740991 as 9.007199254740991e+15, a float. */
static void exact_integers(cJSON *item) {
    cJSON *child = item->child;
    while (child != NULL) {
        cJSON *next = child->next;
        if (cJSON_IsNumber(child) && child->valuedouble == floor(child->valuedouble) &&
            fabs(child->valuedouble) < 9.3e18) {
            char text[32];
            snprintf(text, sizeof text, "%.0f", child->valuedouble);
            if (child->string != NULL) {
                cJSON_ReplaceItemInObjectCaseSensitive(item, child->string, cJSON_CreateRaw(text));
            } else {
                cJSON_ReplaceItemViaPointer(item, child, cJSON_CreateRaw(text));
            }
        } else {
            exact_integers(child);
        }
        child = next;
    }
}

/* `value` as compact JSON text with whole numbers written exactly; free with cJSON_free. */
static char *json_text(const cJSON *value) {
    cJSON *copy = cJSON_Duplicate(value, 1);
    char *text;
    assert_non_null(copy);
    exact_integers(copy);
    text = cJSON_PrintUnformatted(copy);
    cJSON_Delete(copy);
    assert_non_null(text);
    return text;
}

static int starts_with(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* ---- checking results ---------------------------------------------------------------- */

/* NULL and a JSON null are the same; otherwise the strings must be equal. */
static void assert_optional_string(const char *have, const cJSON *want, const char *what) {
    if (want == NULL || cJSON_IsNull(want)) {
        if (have != NULL) {
            fail_msg("%s: expected none, got \"%s\"", what, have);
        }
        return;
    }
    if (have == NULL) {
        fail_msg("%s: expected \"%s\", got none", what, want->valuestring);
    }
    assert_string_equal(have, want->valuestring);
}

static void assert_request(const tallyfy_request *req, const cJSON *want) {
    const cJSON *headers = get(want, "headers");
    const cJSON *body = get(want, "body");
    size_t i, len = 0;
    const uint8_t *bytes;
    assert_string_equal(tallyfy_request_method(req), str(want, "method"));
    assert_string_equal(tallyfy_request_url(req), str(want, "url"));
    assert_int_equal(tallyfy_request_header_count(req), cJSON_GetArraySize(headers));
    for (i = 0; i < tallyfy_request_header_count(req); i++) {
        const cJSON *pair = cJSON_GetArrayItem(headers, (int)i);
        assert_string_equal(tallyfy_request_header_name(req, i), cJSON_GetArrayItem(pair, 0)->valuestring);
        assert_string_equal(tallyfy_request_header_value(req, i), cJSON_GetArrayItem(pair, 1)->valuestring);
    }
    assert_null(tallyfy_request_header_name(req, i));
    bytes = tallyfy_request_body(req, &len);
    if (cJSON_IsNull(body)) {
        assert_null(bytes);
        assert_int_equal(len, 0);
    } else {
        assert_non_null(bytes);
        assert_int_equal(len, strlen(body->valuestring));
        assert_memory_equal(bytes, body->valuestring, len);
        assert_int_equal(bytes[len], 0);
    }
}

/* Two requests built by different entry points are the same. */
static void assert_same_request(const tallyfy_request *a, const tallyfy_request *b) {
    size_t i, len_a = 0, len_b = 0;
    const uint8_t *body_a = tallyfy_request_body(a, &len_a);
    const uint8_t *body_b = tallyfy_request_body(b, &len_b);
    assert_string_equal(tallyfy_request_method(a), tallyfy_request_method(b));
    assert_string_equal(tallyfy_request_url(a), tallyfy_request_url(b));
    assert_int_equal(tallyfy_request_header_count(a), tallyfy_request_header_count(b));
    for (i = 0; i < tallyfy_request_header_count(a); i++) {
        assert_string_equal(tallyfy_request_header_name(a, i), tallyfy_request_header_name(b, i));
        assert_string_equal(tallyfy_request_header_value(a, i), tallyfy_request_header_value(b, i));
    }
    assert_int_equal(len_a, len_b);
    assert_true((body_a == NULL) == (body_b == NULL));
    if (len_a > 0) {
        assert_memory_equal(body_a, body_b, len_a);
    }
}

/* The error's field errors are `want` ({field, code[, message]}) in order. */
static void assert_fields(const tallyfy_error *err, const cJSON *want, int with_messages) {
    size_t i;
    assert_int_equal(tallyfy_error_field_count(err), cJSON_GetArraySize(want));
    for (i = 0; i < tallyfy_error_field_count(err); i++) {
        const cJSON *field = cJSON_GetArrayItem(want, (int)i);
        assert_string_equal(tallyfy_error_field_name(err, i), str(field, "field"));
        assert_string_equal(tallyfy_error_field_code(err, i), str(field, "code"));
        assert_non_null(tallyfy_error_field_message(err, i));
        assert_true(strlen(tallyfy_error_field_message(err, i)) > 0);
        if (with_messages && str(field, "message") != NULL) {
            assert_string_equal(tallyfy_error_field_message(err, i), str(field, "message"));
        }
    }
    assert_null(tallyfy_error_field_name(err, i));
}

/* Two errors from different entry points are the same. */
static void assert_same_error(const tallyfy_error *a, const tallyfy_error *b) {
    size_t i;
    assert_int_equal(tallyfy_error_code(a), tallyfy_error_code(b));
    assert_string_equal(tallyfy_error_message(a), tallyfy_error_message(b));
    assert_int_equal(tallyfy_error_field_count(a), tallyfy_error_field_count(b));
    for (i = 0; i < tallyfy_error_field_count(a); i++) {
        assert_string_equal(tallyfy_error_field_name(a, i), tallyfy_error_field_name(b, i));
        assert_string_equal(tallyfy_error_field_code(a, i), tallyfy_error_field_code(b, i));
        assert_string_equal(tallyfy_error_field_message(a, i), tallyfy_error_field_message(b, i));
    }
}

/* An error from building or validating: invalid input, no status, the token never shown. */
static void assert_input_error(tallyfy_code rc, const tallyfy_error *err, const cJSON *want, const cJSON *c) {
    const char *token = str(get(c, "config"), "accessToken");
    assert_non_null(err);
    assert_int_equal(rc, tallyfy_error_code(err));
    assert_string_equal(tallyfy_error_code_name(err), str(want, "code"));
    assert_int_equal(tallyfy_error_status(err), 0);
    assert_true(strlen(tallyfy_error_message(err)) > 0);
    assert_fields(err, get(want, "fieldErrors"), 0);
    if (token != NULL && strlen(token) > 3 && strstr(tallyfy_error_message(err), token) != NULL) {
        fail_msg("the token leaked into \"%s\"", tallyfy_error_message(err));
    }
}

/* ---- making handles from vector JSON ------------------------------------------------- */

/* The case's config: through tallyfy_config_new (+ set_client_header, the contract's path)
 * when it is valid; through tallyfy_config_new_with_client_header, which reports every
 * problem at once, to see the error. */
static tallyfy_code make_config(const cJSON *c, tallyfy_config **out, tallyfy_error **err) {
    const cJSON *config = get(c, "config");
    const char *token = str(config, "accessToken");
    const char *base_url = str(config, "baseUrl");
    const char *client_header = str(config, "clientHeader");
    tallyfy_config *checked = NULL;
    tallyfy_code rc = tallyfy_config_new_with_client_header(token, base_url, client_header, &checked, err);
    if (rc != TALLYFY_OK) {
        return rc;
    }
    tallyfy_config_free(checked);
    assert_int_equal(tallyfy_config_new(token, base_url, out, NULL), TALLYFY_OK);
    if (client_header != NULL) {
        assert_int_equal(tallyfy_config_set_client_header(*out, client_header), TALLYFY_OK);
    }
    return TALLYFY_OK;
}

/* The case's query (NULL when absent); TALLYFY_OK or the query's error. */
static tallyfy_code make_query(const cJSON *c, tallyfy_list_query **out, tallyfy_error **err) {
    const cJSON *query = get(c, "query");
    char *text;
    tallyfy_code rc;
    *out = NULL;
    if (query == NULL) {
        return TALLYFY_OK;
    }
    text = json_text(query);
    rc = tallyfy_list_query_from_json(text, strlen(text), out, err);
    cJSON_free(text);
    return rc;
}

/* A group handle holding a vector's Group (camelCase), parsed from the API's shape. */
static tallyfy_group *make_group(const cJSON *group) {
    cJSON *wire = cJSON_CreateObject();
    cJSON *envelope = cJSON_CreateObject();
    const char *keys[][2] = {{"id", "id"},     {"name", "name"},       {"description", "description"},
                             {"logo", "logo"}, {"members", "members"}, {"guests", "guests"},
                             {"createdAt", "created_at"}, {"updatedAt", "last_updated"}};
    tallyfy_group *out = NULL;
    char *body;
    size_t i;
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        cJSON_AddItemToObject(wire, keys[i][1], cJSON_Duplicate(get(group, keys[i][0]), 1));
    }
    cJSON_AddItemToObject(envelope, "data", wire);
    body = json_text(envelope);
    assert_int_equal(tallyfy_parse_group(200, NULL, 0, (const uint8_t *)body, strlen(body), &out, NULL), TALLYFY_OK);
    cJSON_free(body);
    cJSON_Delete(envelope);
    return out;
}

/* ---- the operations ------------------------------------------------------------------ */

/* Builds through the JSON entry point; when the input alone is valid JSON for an input,
 * the typed entry point must give the very same result. */
static tallyfy_code build(const cJSON *c, const tallyfy_config *cfg, tallyfy_request **out, tallyfy_error **err) {
    const char *op = str(c, "op");
    const char *org = str(c, "orgId");
    const char *group = str(c, "groupId");
    int create = strcmp(op, "build_create") == 0;
    char *input;
    tallyfy_group_input *typed = NULL;
    tallyfy_request *typed_req = NULL;
    tallyfy_error *typed_err = NULL;
    tallyfy_code rc, typed_rc;

    if (strcmp(op, "build_get") == 0) {
        return tallyfy_build_get_group(cfg, org, group, out, err);
    }
    if (strcmp(op, "build_delete") == 0) {
        return tallyfy_build_delete_group(cfg, org, group, out, err);
    }
    if (strcmp(op, "build_list") == 0) {
        tallyfy_list_query *query = NULL;
        rc = make_query(c, &query, err);
        if (rc == TALLYFY_OK) {
            rc = tallyfy_build_list_groups(cfg, org, query, out, err);
        }
        tallyfy_list_query_free(query);
        return rc;
    }
    input = json_text(get(c, "input"));
    rc = create ? tallyfy_build_create_group_json(cfg, org, input, strlen(input), out, err)
                : tallyfy_build_update_group_json(cfg, org, group, input, strlen(input), out, err);
    if (tallyfy_group_input_from_json(input, strlen(input), &typed, NULL) == TALLYFY_OK) {
        typed_rc = create ? tallyfy_build_create_group(cfg, org, typed, &typed_req, &typed_err)
                          : tallyfy_build_update_group(cfg, org, group, typed, &typed_req, &typed_err);
        assert_int_equal(typed_rc, rc);
        if (rc == TALLYFY_OK) {
            assert_same_request(*out, typed_req);
        } else {
            assert_same_error(*err, typed_err);
        }
        tallyfy_request_free(typed_req);
        tallyfy_error_free(typed_err);
        tallyfy_group_input_free(typed);
    }
    cJSON_free(input);
    return rc;
}

static void check_build(const cJSON *c) {
    const cJSON *expect = get(c, "expect");
    tallyfy_config *cfg = NULL;
    tallyfy_request *req = (tallyfy_request *)&cfg; /* a sentinel: failures must not write it */
    tallyfy_request *const sentinel = req;
    tallyfy_error *err = NULL;
    tallyfy_code rc = make_config(c, &cfg, &err);
    if (rc == TALLYFY_OK) {
        rc = build(c, cfg, &req, &err);
    }
    if (get(expect, "error") != NULL) {
        assert_true(rc != TALLYFY_OK);
        assert_ptr_equal(req, sentinel);
        assert_input_error(rc, err, get(expect, "error"), c);
    } else {
        if (rc != TALLYFY_OK) {
            fail_msg("unexpected error %s: %s", tallyfy_error_code_name(err), tallyfy_error_message(err));
        }
        assert_null(err);
        assert_request(req, get(expect, "request"));
        tallyfy_request_free(req);
    }
    tallyfy_error_free(err);
    tallyfy_config_free(cfg);
}

static void check_validate(const cJSON *c) {
    int create = strcmp(str(c, "op"), "validate_create") == 0;
    const cJSON *want = get(get(c, "expect"), "fieldErrors");
    char *input = json_text(get(c, "input"));
    tallyfy_group_input *typed = NULL;
    tallyfy_error *err = NULL, *typed_err = NULL;
    tallyfy_code rc = create ? tallyfy_validate_create_group_json(input, strlen(input), &err)
                             : tallyfy_validate_update_group_json(input, strlen(input), &err);
    if (cJSON_GetArraySize(want) == 0) {
        assert_int_equal(rc, TALLYFY_OK);
        assert_null(err);
    } else {
        assert_int_equal(rc, TALLYFY_INVALID_INPUT);
        assert_fields(err, want, 0);
    }
    if (tallyfy_group_input_from_json(input, strlen(input), &typed, NULL) == TALLYFY_OK) {
        tallyfy_code typed_rc = create ? tallyfy_validate_create_group(typed, &typed_err)
                                       : tallyfy_validate_update_group(typed, &typed_err);
        assert_int_equal(typed_rc, rc);
        if (rc != TALLYFY_OK) {
            assert_same_error(err, typed_err);
        }
    }
    tallyfy_error_free(typed_err);
    tallyfy_group_input_free(typed);
    tallyfy_error_free(err);
    cJSON_free(input);
}

static void assert_group(const tallyfy_group *g, const cJSON *want) {
    const cJSON *members = get(want, "members");
    const cJSON *guests = get(want, "guests");
    char *json = NULL;
    cJSON *parsed;
    size_t i;
    assert_string_equal(tallyfy_group_id(g), str(want, "id"));
    assert_string_equal(tallyfy_group_name(g), str(want, "name"));
    assert_string_equal(tallyfy_group_description(g), str(want, "description"));
    assert_optional_string(tallyfy_group_logo(g), get(want, "logo"), "logo");
    assert_optional_string(tallyfy_group_created_at(g), get(want, "createdAt"), "createdAt");
    assert_optional_string(tallyfy_group_updated_at(g), get(want, "updatedAt"), "updatedAt");
    assert_int_equal(tallyfy_group_member_count(g), cJSON_GetArraySize(members));
    for (i = 0; i < tallyfy_group_member_count(g); i++) {
        assert_true((double)tallyfy_group_member_at(g, i) == cJSON_GetArrayItem(members, (int)i)->valuedouble);
    }
    assert_int_equal(tallyfy_group_member_at(g, i), 0);
    assert_int_equal(tallyfy_group_guest_count(g), cJSON_GetArraySize(guests));
    for (i = 0; i < tallyfy_group_guest_count(g); i++) {
        assert_string_equal(tallyfy_group_guest_at(g, i), cJSON_GetArrayItem(guests, (int)i)->valuestring);
    }
    assert_null(tallyfy_group_guest_at(g, i));
    assert_int_equal(tallyfy_group_to_json(g, &json, NULL), TALLYFY_OK);
    parsed = cJSON_Parse(json);
    assert_true(cJSON_Compare(parsed, want, 1));
    cJSON_Delete(parsed);
    tallyfy_string_free(json);
}

static void assert_page(const tallyfy_group_page *page, const cJSON *want) {
    const cJSON *groups = get(want, "groups");
    const cJSON *pagination = get(want, "pagination");
    size_t i;
    assert_int_equal(tallyfy_group_page_len(page), cJSON_GetArraySize(groups));
    for (i = 0; i < tallyfy_group_page_len(page); i++) {
        assert_group(tallyfy_group_page_get(page, i), cJSON_GetArrayItem(groups, (int)i));
    }
    assert_null(tallyfy_group_page_get(page, i));
    assert_true((double)tallyfy_group_page_total(page) == num(pagination, "total"));
    assert_true((double)tallyfy_group_page_count(page) == num(pagination, "count"));
    assert_true((double)tallyfy_group_page_per_page(page) == num(pagination, "perPage"));
    assert_true((double)tallyfy_group_page_current_page(page) == num(pagination, "currentPage"));
    assert_true((double)tallyfy_group_page_total_pages(page) == num(pagination, "totalPages"));
}

static void assert_answer_error(tallyfy_code rc, const tallyfy_error *err, const cJSON *want, const cJSON *c) {
    const cJSON *status = get(want, "status");
    const cJSON *excludes = get(want, "messageExcludes");
    const cJSON *retry = get(want, "retryAfterSeconds");
    const cJSON *item;
    const char *message = tallyfy_error_message(err);
    assert_int_equal(rc, tallyfy_error_code(err));
    assert_string_equal(tallyfy_error_code_name(err), str(want, "code"));
    assert_int_equal(tallyfy_error_status(err), cJSON_IsNumber(status) ? status->valueint : 0);
    assert_true(strlen(message) > 0 && strlen(message) <= 512);
    if (str(want, "message") != NULL) {
        assert_string_equal(message, str(want, "message"));
    }
    cJSON_ArrayForEach(item, excludes) {
        assert_null(strstr(message, item->valuestring));
    }
    if (get(want, "fieldErrors") != NULL) {
        assert_fields(err, get(want, "fieldErrors"), 1);
    }
    if (retry != NULL) {
        uint64_t now = get(c, "now") != NULL ? (uint64_t)num(c, "now") : DEFAULT_NOW;
        int64_t seconds = tallyfy_error_retry_after_seconds_at(err, now);
        assert_int_equal(seconds, cJSON_IsNumber(retry) ? (int64_t)retry->valuedouble : -1);
    }
    if (get(want, "requestId") != NULL) {
        assert_optional_string(tallyfy_error_request_id(err), get(want, "requestId"), "requestId");
    }
}

static void check_parse(const cJSON *c) {
    const cJSON *response = get(c, "response");
    const cJSON *expect = get(c, "expect");
    const cJSON *pairs = get(response, "headers");
    const char *body = str(response, "body");
    uint16_t status = (uint16_t)num(response, "status");
    const char *op = str(c, "op");
    size_t count = (size_t)cJSON_GetArraySize(pairs), i;
    tallyfy_header *headers = calloc(count + 1, sizeof *headers);
    tallyfy_error *err = NULL;
    tallyfy_code rc;
    assert_non_null(headers);
    for (i = 0; i < count; i++) {
        headers[i].name = cJSON_GetArrayItem(cJSON_GetArrayItem(pairs, (int)i), 0)->valuestring;
        headers[i].value = cJSON_GetArrayItem(cJSON_GetArrayItem(pairs, (int)i), 1)->valuestring;
    }
    if (strcmp(op, "parse_group") == 0) {
        tallyfy_group *group = NULL;
        rc = tallyfy_parse_group(status, headers, count, (const uint8_t *)body, strlen(body), &group, &err);
        if (rc == TALLYFY_OK) {
            assert_non_null(get(expect, "group"));
            assert_group(group, get(expect, "group"));
        }
        tallyfy_group_free(group);
    } else if (strcmp(op, "parse_group_list") == 0) {
        tallyfy_group_page *page = NULL;
        rc = tallyfy_parse_group_list(status, headers, count, (const uint8_t *)body, strlen(body), &page, &err);
        if (rc == TALLYFY_OK) {
            assert_non_null(get(expect, "page"));
            assert_page(page, get(expect, "page"));
        }
        tallyfy_group_page_free(page);
    } else {
        rc = tallyfy_parse_delete_group(status, headers, count, (const uint8_t *)body, strlen(body), &err);
        if (rc == TALLYFY_OK) {
            assert_true(cJSON_IsTrue(get(expect, "ok")));
        }
    }
    if (rc != TALLYFY_OK) {
        if (get(expect, "error") == NULL) {
            fail_msg("unexpected error %s: %s", tallyfy_error_code_name(err), tallyfy_error_message(err));
        }
        assert_answer_error(rc, err, get(expect, "error"), c);
    } else {
        assert_null(err);
    }
    tallyfy_error_free(err);
    free(headers);
}

/* The case's call options: the surface's reader is the options handle; a case without a
 * randomSeed gets 0, as in the core's runner. */
static tallyfy_call_options *make_options(const cJSON *c) {
    const cJSON *item;
    tallyfy_call_options *options = tallyfy_call_options_new();
    assert_non_null(options);
    assert_int_equal(tallyfy_call_options_set_random_seed(options, 0), TALLYFY_OK);
    cJSON_ArrayForEach(item, get(c, "options")) {
        tallyfy_code rc = TALLYFY_INVALID_INPUT;
        assert_true(cJSON_IsNumber(item));
        if (strcmp(item->string, "timeoutMs") == 0) {
            rc = tallyfy_call_options_set_timeout_ms(options, (uint32_t)item->valuedouble);
        } else if (strcmp(item->string, "maxAnswerBytes") == 0) {
            rc = tallyfy_call_options_set_max_answer_bytes(options, (uint64_t)item->valuedouble);
        } else if (strcmp(item->string, "maxPages") == 0) {
            rc = tallyfy_call_options_set_max_pages(options, (uint32_t)item->valuedouble);
        } else if (strcmp(item->string, "randomSeed") == 0) {
            rc = tallyfy_call_options_set_random_seed(options, (uint64_t)item->valuedouble);
        } else {
            fail_msg("unknown option %s", item->string);
        }
        assert_int_equal(rc, TALLYFY_OK);
    }
    return options;
}

/* The call of the case's operation, through the C call constructors. */
static tallyfy_code make_call(const cJSON *c, const tallyfy_config *cfg, const tallyfy_call_options *options,
                              tallyfy_call **out, tallyfy_error **err) {
    const char *operation = str(c, "operation");
    const char *org = str(c, "orgId");
    const char *group = str(c, "groupId");
    tallyfy_code rc;
    if (strcmp(operation, "get_group") == 0) {
        return tallyfy_call_get_group(cfg, org, group, options, out, err);
    }
    if (strcmp(operation, "delete_group") == 0) {
        return tallyfy_call_delete_group(cfg, org, group, options, out, err);
    }
    if (strcmp(operation, "list_groups") == 0 || strcmp(operation, "list_all_groups") == 0) {
        tallyfy_list_query *query = NULL;
        rc = make_query(c, &query, err);
        if (rc == TALLYFY_OK) {
            rc = strcmp(operation, "list_groups") == 0
                     ? tallyfy_call_list_groups(cfg, org, query, options, out, err)
                     : tallyfy_call_list_all_groups(cfg, org, query, options, out, err);
        }
        tallyfy_list_query_free(query);
        return rc;
    }
    if (strcmp(operation, "create_group") == 0 || strcmp(operation, "update_group") == 0) {
        char *json = json_text(get(c, "input"));
        tallyfy_group_input *input = NULL;
        rc = tallyfy_group_input_from_json(json, strlen(json), &input, err);
        if (rc == TALLYFY_OK) {
            rc = strcmp(operation, "create_group") == 0
                     ? tallyfy_call_create_group(cfg, org, input, options, out, err)
                     : tallyfy_call_update_group(cfg, org, group, input, options, out, err);
        }
        tallyfy_group_input_free(input);
        cJSON_free(json);
        return rc;
    }
    fail_msg("unknown operation %s", operation);
    return TALLYFY_PANIC;
}

/* The names of the no-answer kinds, by their C values. */
static const char *const NO_ANSWER[] = {"not_delivered", "timeout", "too_large"};

static int no_answer_of(const char *name) {
    int kind;
    for (kind = 0; kind < 3; kind++) {
        if (strcmp(NO_ANSWER[kind], name) == 0) {
            return kind;
        }
    }
    fail_msg("unknown no-answer kind %s", name);
    return -1;
}

/* The send step is the script's `send`; then hands back the script's answer or no-answer. */
static void perform_send(tallyfy_call *call, const cJSON *step) {
    const cJSON *send = get(step, "send"), *answer = get(step, "answer"), *pairs, *pair;
    const tallyfy_request *req = tallyfy_call_request(call), *trace = tallyfy_call_trace(call);
    const char *trace_url = str(send, "traceUrl") != NULL ? str(send, "traceUrl") : str(send, "url");
    tallyfy_header headers[16];
    size_t i, count = 0;
    const char *body;
    if (send == NULL) {
        fail_msg("sent %s %s where the script says %s", tallyfy_request_method(req), tallyfy_request_url(req),
                 cJSON_PrintUnformatted(step));
    }
    assert_string_equal(tallyfy_request_method(req), str(send, "method"));
    assert_string_equal(tallyfy_request_url(req), str(send, "url"));
    assert_true((double)tallyfy_call_timeout_ms(call) == num(send, "timeoutMs"));
    assert_true((double)tallyfy_call_max_answer_bytes(call) == num(send, "maxAnswerBytes"));
    assert_string_equal(tallyfy_request_url(trace), trace_url);
    for (i = 0; i < tallyfy_request_header_count(trace); i++) {
        if (strcmp(tallyfy_request_header_name(trace, i), "Authorization") == 0) {
            assert_string_equal(tallyfy_request_header_value(trace, i), "Bearer [redacted]");
            count++;
        }
    }
    assert_int_equal(count, 1);
    if (str(step, "noAnswer") != NULL) {
        assert_int_equal(tallyfy_call_no_answer(call, no_answer_of(str(step, "noAnswer")), NULL), TALLYFY_OK);
        return;
    }
    pairs = get(answer, "headers");
    count = 0;
    cJSON_ArrayForEach(pair, pairs) {
        assert_true(count < sizeof headers / sizeof headers[0]);
        headers[count].name = cJSON_GetArrayItem(pair, 0)->valuestring;
        headers[count].value = cJSON_GetArrayItem(pair, 1)->valuestring;
        count++;
    }
    body = str(answer, "body");
    assert_int_equal(tallyfy_call_answer(call, (uint16_t)num(answer, "status"), count ? headers : NULL, count,
                                         (const uint8_t *)body, strlen(body), NULL),
                     TALLYFY_OK);
}

/* The wait step is the script's `wait`: its delay, attempt and reason. */
static void check_wait(const tallyfy_call *call, const cJSON *step) {
    const cJSON *wait = get(step, "wait");
    const tallyfy_error *reason = tallyfy_call_error(call);
    int kind = tallyfy_call_no_answer_kind(call);
    if (wait == NULL) {
        fail_msg("waited %lu ms where the script says %s", (unsigned long)tallyfy_call_delay_ms(call),
                 cJSON_PrintUnformatted(step));
    }
    assert_true((double)tallyfy_call_delay_ms(call) == num(wait, "delayMs"));
    assert_true((double)tallyfy_call_attempt(call) == num(wait, "attempt"));
    /* The reason is either an error answer or a no-answer kind, never both. */
    assert_true((reason == NULL) != (kind < 0));
    assert_string_equal(reason != NULL ? tallyfy_error_code_name(reason) : NO_ANSWER[kind], str(wait, "reason"));
    assert_null(tallyfy_call_request(call));
}

/* The call's result is the case's `expect`. */
static void check_done(const tallyfy_call *call, const cJSON *expect) {
    const cJSON *groups = get(expect, "groups");
    size_t i;
    if (get(expect, "group") != NULL) {
        assert_group(tallyfy_call_group(call), get(expect, "group"));
    } else if (get(expect, "page") != NULL) {
        assert_page(tallyfy_call_page(call), get(expect, "page"));
    } else if (groups != NULL) {
        assert_int_equal(tallyfy_call_group_count(call), cJSON_GetArraySize(groups));
        for (i = 0; i < tallyfy_call_group_count(call); i++) {
            assert_group(tallyfy_call_group_at(call, i), cJSON_GetArrayItem(groups, (int)i));
        }
        assert_null(tallyfy_call_group_at(call, i));
    } else {
        assert_true(cJSON_IsTrue(get(expect, "deleted")));
        assert_int_equal(tallyfy_call_deleted(call), 1);
    }
}

/* Runs the case's script through a tallyfy_call: each step the call gives must be the next one
 * of the script, and the script must end with the call. */
static void check_call(const cJSON *c) {
    const cJSON *expect = get(c, "expect"), *steps = get(c, "steps");
    tallyfy_config *cfg = NULL;
    tallyfy_call_options *options = make_options(c);
    tallyfy_call *call = NULL;
    tallyfy_error *err = NULL;
    int i = 0, ended = 0;
    tallyfy_code rc;
    assert_int_equal(make_config(c, &cfg, NULL), TALLYFY_OK);
    rc = make_call(c, cfg, options, &call, &err);
    if (rc != TALLYFY_OK) {
        assert_int_equal(cJSON_GetArraySize(steps), 0);
        assert_null(call);
        if (get(expect, "error") == NULL) {
            fail_msg("the call could not be made: %s", tallyfy_error_message(err));
        }
        assert_answer_error(rc, err, get(expect, "error"), c);
        assert_input_error(rc, err, get(expect, "error"), c);
        ended = 1;
    }
    while (!ended) {
        const cJSON *step = cJSON_GetArrayItem(steps, i);
        switch (tallyfy_call_next(call)) {
        case TALLYFY_STEP_SEND:
            if (step == NULL) {
                fail_msg("an extra send of %s", tallyfy_request_url(tallyfy_call_request(call)));
            }
            perform_send(call, step);
            i++;
            break;
        case TALLYFY_STEP_WAIT:
            if (step == NULL) {
                fail_msg("an extra wait of %lu ms", (unsigned long)tallyfy_call_delay_ms(call));
            }
            check_wait(call, step);
            i++;
            break;
        case TALLYFY_STEP_DONE:
            assert_null(step);
            check_done(call, expect);
            ended = 1;
            break;
        case TALLYFY_STEP_FAILED:
            assert_null(step);
            if (get(expect, "error") == NULL) {
                fail_msg("unexpected failure: %s", tallyfy_error_message(tallyfy_call_error(call)));
            }
            assert_answer_error(tallyfy_error_code(tallyfy_call_error(call)), tallyfy_call_error(call),
                                get(expect, "error"), c);
            ended = 1;
            break;
        case TALLYFY_STEP_UNANSWERED:
            assert_null(step);
            assert_int_not_equal(tallyfy_call_no_answer_kind(call), -1);
            assert_string_equal(NO_ANSWER[tallyfy_call_no_answer_kind(call)], str(expect, "unanswered"));
            ended = 1;
            break;
        }
    }
    tallyfy_call_free(call);
    tallyfy_error_free(err);
    tallyfy_call_options_free(options);
    tallyfy_config_free(cfg);
}

static void check_full_update(const cJSON *c) {
    tallyfy_group *current = make_group(get(c, "current"));
    tallyfy_group_input *changes = NULL, *body = NULL;
    char *changes_json = json_text(get(c, "changes"));
    char *body_json = NULL;
    cJSON *parsed;
    assert_int_equal(tallyfy_group_input_from_json(changes_json, strlen(changes_json), &changes, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_full_update(current, changes, &body, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_to_json(body, &body_json, NULL), TALLYFY_OK);
    parsed = cJSON_Parse(body_json);
    assert_true(cJSON_Compare(parsed, get(get(c, "expect"), "input"), 1));
    cJSON_Delete(parsed);
    tallyfy_string_free(body_json);
    tallyfy_group_input_free(body);
    tallyfy_group_input_free(changes);
    cJSON_free(changes_json);
    tallyfy_group_free(current);
}

/* How many cases ran: the run fails unless it is the count the files state. */
static size_t ran;

static void run_case(void **state) {
    const cJSON *c = *state;
    const char *op = str(c, "op");
    ran++;
    if (starts_with(op, "build_")) {
        check_build(c);
    } else if (starts_with(op, "validate_")) {
        check_validate(c);
    } else if (starts_with(op, "parse_")) {
        check_parse(c);
    } else if (strcmp(op, "call") == 0) {
        check_call(c);
    } else if (strcmp(op, "full_update") == 0) {
        check_full_update(c);
    } else {
        fail_msg("unknown op %s", op);
    }
}

/* ---- loading the files --------------------------------------------------------------- */

static cJSON *load(const char *dir, const char *file) {
    char path[4096];
    FILE *f;
    long size;
    char *text;
    cJSON *json;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    f = fopen(path, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    text = malloc((size_t)size + 1);
    if (text == NULL || fread(text, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    text[size] = '\0';
    fclose(f);
    json = cJSON_Parse(text);
    free(text);
    if (json == NULL) {
        fprintf(stderr, "%s is not JSON\n", path);
        exit(2);
    }
    return json;
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names of the `*.json` files in `dir`, sorted; returns how many. */
static size_t list_files(const char *dir, char **names) {
    DIR *d = opendir(dir);
    struct dirent *entry;
    size_t n = 0;
    if (d == NULL) {
        fprintf(stderr, "cannot open %s\n", dir);
        exit(2);
    }
    while ((entry = readdir(d)) != NULL) {
        size_t len = strlen(entry->d_name);
        if (len > 5 && strcmp(entry->d_name + len - 5, ".json") == 0) {
            if (n == MAX_FILES) {
                fprintf(stderr, "more than %d vector files in %s\n", MAX_FILES, dir);
                exit(2);
            }
            names[n++] = strdup(entry->d_name);
        }
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    return n;
}

int main(int argc, char **argv) {
    char *names[MAX_FILES];
    cJSON *files[MAX_FILES];
    struct CMUnitTest *tests;
    size_t file_count, count = 0, stated_total, i;
    int failed;
    if (argc != 2) {
        fprintf(stderr, "usage: %s VECTOR_DIR\n", argv[0]);
        return 2;
    }
    file_count = list_files(argv[1], names);
    if (file_count == 0) {
        fprintf(stderr, "no vector file in %s\n", argv[1]);
        return 2;
    }
    for (i = 0; i < file_count; i++) {
        const cJSON *stated;
        files[i] = load(argv[1], names[i]);
        stated = get(files[i], "count");
        /* Each file states its exact case count; a file that does not match fails the run. */
        if (!cJSON_IsArray(get(files[i], "cases")) || !cJSON_IsNumber(stated) ||
            cJSON_GetArraySize(get(files[i], "cases")) != stated->valueint) {
            fprintf(stderr, "%s: its cases are not the \"count\" it states\n", names[i]);
            return 2;
        }
        count += (size_t)stated->valueint;
        free(names[i]);
    }
    tests = calloc(count + 1, sizeof *tests);
    if (tests == NULL) {
        return 2;
    }
    stated_total = count;
    count = 0;
    for (i = 0; i < file_count; i++) {
        const cJSON *c;
        cJSON_ArrayForEach(c, get(files[i], "cases")) {
            tests[count].name = str(c, "name");
            tests[count].test_func = run_case;
            tests[count].initial_state = (void *)c;
            count++;
        }
    }
    failed = _cmocka_run_group_tests("vectors", tests, count, NULL, NULL);
    free(tests);
    for (i = 0; i < file_count; i++) {
        cJSON_Delete(files[i]);
    }
    if (ran != stated_total) {
        fprintf(stderr, "ran %lu vectors, the files state %lu\n", (unsigned long)ran, (unsigned long)stated_total);
        return 1;
    }
    return failed == 0 ? 0 : 1;
}
