/*
 * Runs every case of the shared vectors (every JSON file in tests/vectors) through the C API, one cmocka
 * test per case, with the same expectations as the core's own runner. C reads a JSON input with
 * tallyfy_group_input_from_json() and sets each call option with its checking setter first, so a
 * case that input or an option refuses is that refusal: the expected field errors in order, without
 * those only the whole operation finds (an argument's, an update that changes nothing).
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
#include "str.h"

/* When a parse case gives no `now`, retry-after is evaluated at this time (as in Rust). */
#define DEFAULT_NOW 1700000000u

/* The most vector files read. */
#define MAX_FILES 64

/* ---- reading the case ---------------------------------------------------------------- */

static const cJSON *get(const cJSON *object, const char *key) {
    return cJSON_GetObjectItemCaseSensitive(object, key);
}

/* The string at `key`, or NULL when absent or null. */
static const char *jstr(const cJSON *object, const char *key) {
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

/* An absent string and a JSON null are the same; otherwise the strings must be equal. */
static void assert_optional_string(tallyfy_str have, const cJSON *want) {
    if (want == NULL || cJSON_IsNull(want)) {
        assert_str_absent(have);
    } else {
        assert_str_equal(have, want->valuestring);
    }
}

static void assert_request(const tallyfy_request *req, const cJSON *want) {
    const cJSON *headers = get(want, "headers");
    size_t i;
    tallyfy_header past;
    assert_str_equal(tallyfy_request_method(req), jstr(want, "method"));
    assert_str_equal(tallyfy_request_url(req), jstr(want, "url"));
    assert_int_equal(tallyfy_request_header_count(req), cJSON_GetArraySize(headers));
    for (i = 0; i < tallyfy_request_header_count(req); i++) {
        const cJSON *pair = cJSON_GetArrayItem(headers, (int)i);
        tallyfy_header header = tallyfy_request_header_at(req, i);
        assert_str_equal(header.name, cJSON_GetArrayItem(pair, 0)->valuestring);
        assert_str_equal(header.value, cJSON_GetArrayItem(pair, 1)->valuestring);
    }
    past = tallyfy_request_header_at(req, i);
    assert_str_absent(past.name);
    assert_str_absent(past.value);
    assert_optional_string(tallyfy_request_body(req), get(want, "body"));
}

/* Whether a field error of a vector is one that reading an input from JSON cannot find: an
 * argument's (org_id, ...) or the operation's (an update that changes nothing). */
static int found_by_the_operation(const cJSON *field) {
    static const char *const arguments[] = {"org_id", "group_id", "access_token", "base_url", "client_header"};
    size_t i;
    for (i = 0; i < sizeof arguments / sizeof arguments[0]; i++) {
        if (strcmp(jstr(field, "field"), arguments[i]) == 0) {
            return 1;
        }
    }
    return strcmp(jstr(field, "code"), "no_changes") == 0;
}

/* The error's field errors are `want` ({field, code[, message]}) in order; with `read_only`,
 * only those that reading the input finds (see found_by_the_operation()). */
static void assert_fields_of(const tallyfy_error *err, const cJSON *want, int with_messages, int read_only) {
    const cJSON *field;
    size_t i = 0;
    cJSON_ArrayForEach(field, want) {
        tallyfy_str message = tallyfy_error_field_message(err, i);
        if (read_only && found_by_the_operation(field)) {
            continue;
        }
        assert_str_equal(tallyfy_error_field_name(err, i), jstr(field, "field"));
        assert_str_equal(tallyfy_error_field_code(err, i), jstr(field, "code"));
        assert_non_null(message.data);
        assert_true(message.len > 0);
        if (with_messages && jstr(field, "message") != NULL) {
            assert_str_equal(message, jstr(field, "message"));
        }
        i++;
    }
    assert_int_equal(tallyfy_error_field_count(err), i);
    assert_str_absent(tallyfy_error_field_name(err, i));
}

static void assert_fields(const tallyfy_error *err, const cJSON *want, int with_messages) {
    assert_fields_of(err, want, with_messages, 0);
}

/* An error from building or validating: invalid input, no status, the token never shown; with
 * `read_only`, the error of reading the input (see assert_fields_of()). */
static void assert_input_error_of(tallyfy_code rc, const tallyfy_error *err, const cJSON *want, const cJSON *c,
                                  int read_only) {
    const char *token = jstr(get(c, "config"), "accessToken");
    tallyfy_str message = tallyfy_error_message(err);
    assert_non_null(err);
    assert_int_equal(rc, tallyfy_error_code(err));
    assert_str_equal(tallyfy_error_code_name(err), jstr(want, "code"));
    assert_int_equal(tallyfy_error_status(err), 0);
    assert_true(message.len > 0);
    assert_fields_of(err, get(want, "fieldErrors"), 0, read_only);
    if (token != NULL && strlen(token) > 3 && str_contains(message, token)) {
        fail_msg("the token leaked into \"%.*s\"", (int)message.len, message.data);
    }
}

static void assert_input_error(tallyfy_code rc, const tallyfy_error *err, const cJSON *want, const cJSON *c) {
    assert_input_error_of(rc, err, want, c, 0);
}

/* ---- making handles from vector JSON ------------------------------------------------- */

/* The case's config (an absent or null value: {NULL, 0}, the default). */
static tallyfy_code make_config(const cJSON *c, tallyfy_config **out, tallyfy_error **err) {
    const cJSON *config = get(c, "config");
    return tallyfy_config_new(str(jstr(config, "accessToken")), str(jstr(config, "baseUrl")),
                              str(jstr(config, "clientHeader")), out, err);
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
    rc = tallyfy_list_query_from_json(str(text), out, err);
    cJSON_free(text);
    return rc;
}

/* A group handle holding a vector's Group (its JavaScript shape), read by
 * tallyfy_group_from_json; it writes the same JSON back. */
static tallyfy_group *make_group(const cJSON *group) {
    tallyfy_group *out = NULL;
    tallyfy_text *back = NULL;
    char *json = json_text(group);
    cJSON *parsed;
    assert_int_equal(tallyfy_group_from_json(str(json), &out, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_to_json(out, &back, NULL), TALLYFY_OK);
    parsed = cJSON_ParseWithLength(tallyfy_text_str(back).data, tallyfy_text_str(back).len);
    assert_true(cJSON_Compare(parsed, group, 1));
    cJSON_Delete(parsed);
    tallyfy_text_free(back);
    cJSON_free(json);
    return out;
}

/* ---- the operations ------------------------------------------------------------------ */

/* Builds with the C entry points; a create or update reads its input from JSON first
 * (tallyfy_group_input_from_json), whose refusal ends the build (`*read_only` says so). */
static tallyfy_code build(const cJSON *c, const tallyfy_config *cfg, tallyfy_request **out, tallyfy_error **err,
                          int *read_only) {
    const char *op = jstr(c, "op");
    tallyfy_str org = str(jstr(c, "orgId")), group = str(jstr(c, "groupId"));
    char *json;
    tallyfy_group_input *input = NULL;
    tallyfy_code rc;

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
    json = json_text(get(c, "input"));
    rc = tallyfy_group_input_from_json(str(json), &input, err);
    *read_only = rc != TALLYFY_OK;
    if (rc == TALLYFY_OK) {
        rc = strcmp(op, "build_create") == 0 ? tallyfy_build_create_group(cfg, org, input, out, err)
                                             : tallyfy_build_update_group(cfg, org, group, input, out, err);
    }
    tallyfy_group_input_free(input);
    cJSON_free(json);
    return rc;
}

static void check_build(const cJSON *c) {
    const cJSON *expect = get(c, "expect");
    tallyfy_config *cfg = NULL;
    tallyfy_request *req = (tallyfy_request *)&cfg; /* a sentinel: failures must not write it */
    tallyfy_request *const sentinel = req;
    tallyfy_error *err = NULL;
    int read_only = 0;
    tallyfy_code rc = make_config(c, &cfg, &err);
    if (rc == TALLYFY_OK) {
        rc = build(c, cfg, &req, &err, &read_only);
    }
    if (get(expect, "error") != NULL) {
        assert_true(rc != TALLYFY_OK);
        assert_ptr_equal(req, sentinel);
        assert_input_error_of(rc, err, get(expect, "error"), c, read_only);
    } else {
        if (rc != TALLYFY_OK) {
            fail_msg("unexpected error %.*s", (int)tallyfy_error_message(err).len, tallyfy_error_message(err).data);
        }
        assert_null(err);
        assert_request(req, get(expect, "request"));
        tallyfy_request_free(req);
    }
    tallyfy_error_free(err);
    tallyfy_config_free(cfg);
}

/* Validates with the C entry points, the input read from JSON first: its refusal is the
 * validation's answer (without what only the operation finds). */
static void check_validate(const cJSON *c) {
    int create = strcmp(jstr(c, "op"), "validate_create") == 0;
    const cJSON *want = get(get(c, "expect"), "fieldErrors");
    char *json = json_text(get(c, "input"));
    tallyfy_group_input *input = NULL;
    tallyfy_error *err = NULL;
    int read_only;
    tallyfy_code rc = tallyfy_group_input_from_json(str(json), &input, &err);
    read_only = rc != TALLYFY_OK;
    if (rc == TALLYFY_OK) {
        rc = create ? tallyfy_validate_create_group(input, &err) : tallyfy_validate_update_group(input, &err);
    }
    if (cJSON_GetArraySize(want) == 0) {
        assert_int_equal(rc, TALLYFY_OK);
        assert_null(err);
    } else {
        assert_int_equal(rc, TALLYFY_INVALID_INPUT);
        assert_fields_of(err, want, 0, read_only);
    }
    tallyfy_group_input_free(input);
    tallyfy_error_free(err);
    cJSON_free(json);
}

static void assert_group(const tallyfy_group *g, const cJSON *want) {
    const cJSON *members = get(want, "members");
    const cJSON *guests = get(want, "guests");
    tallyfy_text *json = NULL;
    tallyfy_str text;
    cJSON *parsed;
    size_t i;
    assert_str_equal(tallyfy_group_id(g), jstr(want, "id"));
    assert_str_equal(tallyfy_group_name(g), jstr(want, "name"));
    assert_str_equal(tallyfy_group_description(g), jstr(want, "description"));
    assert_optional_string(tallyfy_group_logo(g), get(want, "logo"));
    assert_optional_string(tallyfy_group_created_at(g), get(want, "createdAt"));
    assert_optional_string(tallyfy_group_updated_at(g), get(want, "updatedAt"));
    assert_int_equal(tallyfy_group_member_count(g), cJSON_GetArraySize(members));
    for (i = 0; i < tallyfy_group_member_count(g); i++) {
        assert_true((double)tallyfy_group_member_at(g, i) == cJSON_GetArrayItem(members, (int)i)->valuedouble);
    }
    assert_int_equal(tallyfy_group_member_at(g, i), 0);
    assert_int_equal(tallyfy_group_guest_count(g), cJSON_GetArraySize(guests));
    for (i = 0; i < tallyfy_group_guest_count(g); i++) {
        assert_str_equal(tallyfy_group_guest_at(g, i), cJSON_GetArrayItem(guests, (int)i)->valuestring);
    }
    assert_str_absent(tallyfy_group_guest_at(g, i));
    assert_int_equal(tallyfy_group_to_json(g, &json, NULL), TALLYFY_OK);
    text = tallyfy_text_str(json);
    parsed = cJSON_ParseWithLength(text.data, text.len);
    assert_true(cJSON_Compare(parsed, want, 1));
    cJSON_Delete(parsed);
    tallyfy_text_free(json);
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
    tallyfy_str message = tallyfy_error_message(err);
    assert_int_equal(rc, tallyfy_error_code(err));
    assert_str_equal(tallyfy_error_code_name(err), jstr(want, "code"));
    assert_int_equal(tallyfy_error_status(err), cJSON_IsNumber(status) ? status->valueint : 0);
    assert_true(message.len > 0 && message.len <= 512);
    if (jstr(want, "message") != NULL) {
        assert_str_equal(message, jstr(want, "message"));
    }
    cJSON_ArrayForEach(item, excludes) {
        assert_false(str_contains(message, item->valuestring));
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
        assert_optional_string(tallyfy_error_request_id(err), get(want, "requestId"));
    }
}

static void check_parse(const cJSON *c) {
    const cJSON *response = get(c, "response");
    const cJSON *expect = get(c, "expect");
    const cJSON *pairs = get(response, "headers");
    const char *op = jstr(c, "op");
    size_t count = (size_t)cJSON_GetArraySize(pairs), i;
    tallyfy_header *headers = calloc(count + 1, sizeof *headers);
    tallyfy_response answer;
    tallyfy_error *err = NULL;
    tallyfy_code rc;
    assert_non_null(headers);
    for (i = 0; i < count; i++) {
        headers[i].name = str(cJSON_GetArrayItem(cJSON_GetArrayItem(pairs, (int)i), 0)->valuestring);
        headers[i].value = str(cJSON_GetArrayItem(cJSON_GetArrayItem(pairs, (int)i), 1)->valuestring);
    }
    answer.status = (int32_t)num(response, "status");
    answer.headers = headers;
    answer.header_count = count;
    answer.body = str(jstr(response, "body"));
    if (strcmp(op, "parse_group") == 0) {
        tallyfy_group *group = NULL;
        rc = tallyfy_parse_group(&answer, &group, &err);
        if (rc == TALLYFY_OK) {
            assert_non_null(get(expect, "group"));
            assert_group(group, get(expect, "group"));
        }
        tallyfy_group_free(group);
    } else if (strcmp(op, "parse_group_list") == 0) {
        tallyfy_group_page *page = NULL;
        rc = tallyfy_parse_group_list(&answer, &page, &err);
        if (rc == TALLYFY_OK) {
            assert_non_null(get(expect, "page"));
            assert_page(page, get(expect, "page"));
        }
        tallyfy_group_page_free(page);
    } else {
        rc = tallyfy_parse_delete_group(&answer, &err);
        if (rc == TALLYFY_OK) {
            assert_true(cJSON_IsTrue(get(expect, "ok")));
        }
    }
    if (rc != TALLYFY_OK) {
        if (get(expect, "error") == NULL) {
            fail_msg("unexpected error %.*s", (int)tallyfy_error_message(err).len, tallyfy_error_message(err).data);
        }
        assert_answer_error(rc, err, get(expect, "error"), c);
    } else {
        assert_null(err);
    }
    tallyfy_error_free(err);
    free(headers);
}

/* One call option's setter refused its value: the refusal is the next of the case's expected
 * field errors. */
static void assert_refused_option(tallyfy_code rc, const tallyfy_error *err, const cJSON *c, size_t index) {
    const cJSON *field = cJSON_GetArrayItem(get(get(get(c, "expect"), "error"), "fieldErrors"), (int)index);
    if (field == NULL) {
        fail_msg("an option was refused: %.*s", (int)tallyfy_error_message(err).len, tallyfy_error_message(err).data);
    }
    assert_int_equal(rc, TALLYFY_INVALID_INPUT);
    assert_int_equal(tallyfy_error_field_count(err), 1);
    assert_str_equal(tallyfy_error_field_name(err, 0), jstr(field, "field"));
    assert_str_equal(tallyfy_error_field_code(err, 0), jstr(field, "code"));
    if (jstr(field, "message") != NULL) {
        assert_str_equal(tallyfy_error_field_message(err, 0), jstr(field, "message"));
    }
}

/* The case's call options: the surface's reader is the options handle; a case without a
 * randomSeed gets 0, as in the core's runner. Each setter checks its value at once: `*refused`
 * counts the values refused (each one of the case's expected field errors, in order). */
static tallyfy_call_options *make_options(const cJSON *c, size_t *refused) {
    const cJSON *item;
    tallyfy_call_options *options = tallyfy_call_options_new();
    assert_non_null(options);
    assert_int_equal(tallyfy_call_options_set_random_seed(options, 0, NULL), TALLYFY_OK);
    *refused = 0;
    cJSON_ArrayForEach(item, get(c, "options")) {
        tallyfy_code rc = TALLYFY_INVALID_INPUT;
        tallyfy_error *err = NULL;
        assert_true(cJSON_IsNumber(item));
        if (strcmp(item->string, "timeoutMs") == 0) {
            rc = tallyfy_call_options_set_timeout_ms(options, (uint32_t)item->valuedouble, &err);
        } else if (strcmp(item->string, "maxAnswerBytes") == 0) {
            rc = tallyfy_call_options_set_max_answer_bytes(options, (uint64_t)item->valuedouble, &err);
        } else if (strcmp(item->string, "maxPages") == 0) {
            rc = tallyfy_call_options_set_max_pages(options, (uint32_t)item->valuedouble, &err);
        } else if (strcmp(item->string, "randomSeed") == 0) {
            rc = tallyfy_call_options_set_random_seed(options, (uint64_t)item->valuedouble, &err);
        } else {
            fail_msg("unknown option %s", item->string);
        }
        if (rc != TALLYFY_OK) {
            assert_refused_option(rc, err, c, (*refused)++);
        }
        tallyfy_error_free(err);
    }
    return options;
}

/* The call of the case's operation, through the C call constructors. */
static tallyfy_code make_call(const cJSON *c, const tallyfy_config *cfg, const tallyfy_call_options *options,
                              tallyfy_call **out, tallyfy_error **err) {
    const char *operation = jstr(c, "operation");
    tallyfy_str org = str(jstr(c, "orgId")), group = str(jstr(c, "groupId"));
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
        rc = tallyfy_group_input_from_json(str(json), &input, err);
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

static tallyfy_no_answer no_answer_of(const char *name) {
    int kind;
    for (kind = 0; kind < 3; kind++) {
        if (strcmp(NO_ANSWER[kind], name) == 0) {
            return (tallyfy_no_answer)kind;
        }
    }
    fail_msg("unknown no-answer kind %s", name);
    return TALLYFY_NO_ANSWER_NOT_DELIVERED;
}

/* The send step is the script's `send`; then hands back the script's answer or no-answer. */
static void perform_send(tallyfy_call *call, const cJSON *step) {
    const cJSON *send = get(step, "send"), *answer = get(step, "answer"), *pair;
    const tallyfy_request *req = tallyfy_call_request(call), *trace = tallyfy_call_trace(call);
    const char *trace_url = jstr(send, "traceUrl") != NULL ? jstr(send, "traceUrl") : jstr(send, "url");
    tallyfy_header headers[16];
    tallyfy_response response;
    size_t i, count = 0;
    if (send == NULL) {
        fail_msg("sent %.*s where the script says %s", (int)tallyfy_request_url(req).len, tallyfy_request_url(req).data,
                 cJSON_PrintUnformatted(step));
    }
    assert_str_equal(tallyfy_request_method(req), jstr(send, "method"));
    assert_str_equal(tallyfy_request_url(req), jstr(send, "url"));
    assert_true((double)tallyfy_call_timeout_ms(call) == num(send, "timeoutMs"));
    assert_true((double)tallyfy_call_max_answer_bytes(call) == num(send, "maxAnswerBytes"));
    assert_str_equal(tallyfy_request_url(trace), trace_url);
    for (i = 0; i < tallyfy_request_header_count(trace); i++) {
        tallyfy_header header = tallyfy_request_header_at(trace, i);
        if (str_is(header.name, "Authorization")) {
            assert_str_equal(header.value, "Bearer [redacted]");
            count++;
        }
    }
    assert_int_equal(count, 1);
    if (jstr(step, "noAnswer") != NULL) {
        assert_int_equal(tallyfy_call_no_answer(call, no_answer_of(jstr(step, "noAnswer")), NULL), TALLYFY_OK);
        return;
    }
    count = 0;
    cJSON_ArrayForEach(pair, get(answer, "headers")) {
        assert_true(count < sizeof headers / sizeof headers[0]);
        headers[count].name = str(cJSON_GetArrayItem(pair, 0)->valuestring);
        headers[count].value = str(cJSON_GetArrayItem(pair, 1)->valuestring);
        count++;
    }
    response.status = (int32_t)num(answer, "status");
    response.headers = count ? headers : NULL;
    response.header_count = count;
    response.body = str(jstr(answer, "body"));
    assert_int_equal(tallyfy_call_answer(call, &response, NULL), TALLYFY_OK);
}

/* The wait step is the script's `wait`: its delay, attempt and reason (an error answer, or
 * the no-answer kind when there is none). */
static void check_wait(const tallyfy_call *call, const cJSON *step) {
    const cJSON *wait = get(step, "wait");
    const tallyfy_error *reason = tallyfy_call_error(call);
    if (wait == NULL) {
        fail_msg("waited %lu ms where the script says %s", (unsigned long)tallyfy_call_delay_ms(call),
                 cJSON_PrintUnformatted(step));
    }
    assert_true((double)tallyfy_call_delay_ms(call) == num(wait, "delayMs"));
    assert_true((double)tallyfy_call_attempt(call) == num(wait, "attempt"));
    if (reason != NULL) {
        assert_str_equal(tallyfy_error_code_name(reason), jstr(wait, "reason"));
    } else {
        assert_string_equal(NO_ANSWER[tallyfy_call_no_answer_kind(call)], jstr(wait, "reason"));
    }
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
        assert_true(tallyfy_call_deleted(call));
    }
}

/* Runs the case's script through a tallyfy_call: each step the call gives must be the next one
 * of the script, and the script must end with the call. */
static void check_call(const cJSON *c) {
    const cJSON *expect = get(c, "expect"), *steps = get(c, "steps");
    tallyfy_config *cfg = NULL;
    size_t refused;
    tallyfy_call_options *options = make_options(c, &refused);
    tallyfy_call *call = NULL;
    tallyfy_error *err = NULL;
    int i = 0, ended = 0;
    tallyfy_code rc;
    assert_int_equal(make_config(c, &cfg, NULL), TALLYFY_OK);
    if (refused > 0) {
        /* The options were refused as they were set: no call, and nothing else to refuse. */
        assert_int_equal(cJSON_GetArraySize(steps), 0);
        assert_string_equal(jstr(get(expect, "error"), "code"), "invalid_input");
        assert_int_equal(cJSON_GetArraySize(get(get(expect, "error"), "fieldErrors")), refused);
        ended = 1;
    } else if ((rc = make_call(c, cfg, options, &call, &err)) != TALLYFY_OK) {
        assert_int_equal(cJSON_GetArraySize(steps), 0);
        assert_null(call);
        if (get(expect, "error") == NULL) {
            fail_msg("the call could not be made: %.*s", (int)tallyfy_error_message(err).len,
                     tallyfy_error_message(err).data);
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
                fail_msg("an extra send of %.*s", (int)tallyfy_request_url(tallyfy_call_request(call)).len,
                         tallyfy_request_url(tallyfy_call_request(call)).data);
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
                fail_msg("unexpected failure: %.*s", (int)tallyfy_error_message(tallyfy_call_error(call)).len,
                         tallyfy_error_message(tallyfy_call_error(call)).data);
            }
            assert_answer_error(tallyfy_error_code(tallyfy_call_error(call)), tallyfy_call_error(call),
                                get(expect, "error"), c);
            ended = 1;
            break;
        case TALLYFY_STEP_UNANSWERED:
            assert_null(step);
            assert_null(tallyfy_call_error(call));
            assert_string_equal(NO_ANSWER[tallyfy_call_no_answer_kind(call)], jstr(expect, "unanswered"));
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
    tallyfy_text *body_json = NULL;
    tallyfy_str text;
    cJSON *parsed;
    assert_int_equal(tallyfy_group_input_from_json(str(changes_json), &changes, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_full_update(current, changes, &body, NULL), TALLYFY_OK);
    assert_int_equal(tallyfy_group_input_to_json(body, &body_json, NULL), TALLYFY_OK);
    text = tallyfy_text_str(body_json);
    parsed = cJSON_ParseWithLength(text.data, text.len);
    assert_true(cJSON_Compare(parsed, get(get(c, "expect"), "input"), 1));
    cJSON_Delete(parsed);
    tallyfy_text_free(body_json);
    tallyfy_group_input_free(body);
    tallyfy_group_input_free(changes);
    cJSON_free(changes_json);
    tallyfy_group_free(current);
}

/* How many cases ran: the run fails unless it is the count the files state. */
static size_t ran;

static void run_case(void **state) {
    const cJSON *c = *state;
    const char *op = jstr(c, "op");
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
            tests[count].name = jstr(c, "name");
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
