/* The ABI's constants and layouts: version macros against tallyfy_version(), code values and
 * names, the string, header and response structs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tallyfy.h"

#define STRINGIFY(x) #x
#define VERSION_OF(major, minor, patch) STRINGIFY(major) "." STRINGIFY(minor) "." STRINGIFY(patch)

static void version_macros_match_the_library(void **state) {
    tallyfy_str version = tallyfy_version();
    (void)state;
    assert_non_null(version.data);
    assert_int_equal(version.len, strlen(TALLYFY_VERSION));
    assert_memory_equal(version.data, TALLYFY_VERSION, version.len);
    assert_string_equal(TALLYFY_VERSION,
                        VERSION_OF(TALLYFY_VERSION_MAJOR, TALLYFY_VERSION_MINOR, TALLYFY_VERSION_PATCH));
}

static void codes_keep_their_values(void **state) {
    (void)state;
    assert_int_equal(TALLYFY_OK, 0);
    assert_int_equal(TALLYFY_INVALID_INPUT, 1);
    assert_int_equal(TALLYFY_BAD_REQUEST, 2);
    assert_int_equal(TALLYFY_UNAUTHORIZED, 3);
    assert_int_equal(TALLYFY_FORBIDDEN, 4);
    assert_int_equal(TALLYFY_NOT_FOUND, 5);
    assert_int_equal(TALLYFY_VALIDATION_FAILED, 6);
    assert_int_equal(TALLYFY_RATE_LIMITED, 7);
    assert_int_equal(TALLYFY_SERVER_ERROR, 8);
    assert_int_equal(TALLYFY_UNEXPECTED_STATUS, 9);
    assert_int_equal(TALLYFY_MALFORMED_RESPONSE, 10);
    assert_int_equal(TALLYFY_NULL_ARGUMENT, 11);
    assert_int_equal(TALLYFY_INVALID_UTF8, 12);
    assert_int_equal(TALLYFY_PANIC, 13);
    assert_int_equal(TALLYFY_TOO_MANY_PAGES, 14);
    /* The steps of a call and the no-answer kinds (tallyfy_call_no_answer takes their values). */
    assert_int_equal(TALLYFY_STEP_SEND, 0);
    assert_int_equal(TALLYFY_STEP_WAIT, 1);
    assert_int_equal(TALLYFY_STEP_DONE, 2);
    assert_int_equal(TALLYFY_STEP_FAILED, 3);
    assert_int_equal(TALLYFY_STEP_UNANSWERED, 4);
    assert_int_equal(TALLYFY_NO_ANSWER_NOT_DELIVERED, 0);
    assert_int_equal(TALLYFY_NO_ANSWER_TIMEOUT, 1);
    assert_int_equal(TALLYFY_NO_ANSWER_TOO_LARGE, 2);
}

/* Each error status maps to its code and its snake_case name. */
static void statuses_map_to_codes_and_names(void **state) {
    static const struct {
        uint16_t status;
        tallyfy_code code;
        const char *name;
    } cases[] = {
        {400, TALLYFY_BAD_REQUEST, "bad_request"},     {401, TALLYFY_UNAUTHORIZED, "unauthorized"},
        {403, TALLYFY_FORBIDDEN, "forbidden"},         {404, TALLYFY_NOT_FOUND, "not_found"},
        {422, TALLYFY_VALIDATION_FAILED, "validation_failed"}, {429, TALLYFY_RATE_LIMITED, "rate_limited"},
        {502, TALLYFY_SERVER_ERROR, "server_error"},   {409, TALLYFY_UNEXPECTED_STATUS, "unexpected_status"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tallyfy_error *err = NULL;
        tallyfy_response response;
        tallyfy_str name;
        memset(&response, 0, sizeof response);
        response.status = cases[i].status;
        assert_int_equal(tallyfy_parse_group(&response, NULL, &err), TALLYFY_NULL_ARGUMENT);
        tallyfy_error_free(err);
        err = NULL;
        assert_int_equal(tallyfy_parse_delete_group(&response, &err), cases[i].code);
        assert_int_equal(tallyfy_error_code(err), cases[i].code);
        name = tallyfy_error_code_name(err);
        assert_int_equal(name.len, strlen(cases[i].name));
        assert_memory_equal(name.data, cases[i].name, name.len);
        assert_int_equal(tallyfy_error_status(err), cases[i].status);
        tallyfy_error_free(err);
    }
}

/* The layouts C# and other FFIs declare by hand: a string is a pointer and a size_t. */
static void structs_have_their_documented_layout(void **state) {
    (void)state;
    assert_int_equal(sizeof(size_t), sizeof(const char *));
    assert_int_equal(sizeof(tallyfy_str), 2 * sizeof(const char *));
    assert_int_equal(offsetof(tallyfy_str, len), sizeof(const char *));
    assert_int_equal(sizeof(tallyfy_header), 2 * sizeof(tallyfy_str));
    assert_int_equal(offsetof(tallyfy_header, value), sizeof(tallyfy_str));
    assert_int_equal(offsetof(tallyfy_response, headers), sizeof(const char *));
    assert_int_equal(offsetof(tallyfy_response, header_count), 2 * sizeof(const char *));
    assert_int_equal(offsetof(tallyfy_response, body), 3 * sizeof(const char *));
    assert_int_equal(sizeof(tallyfy_response), 3 * sizeof(const char *) + sizeof(tallyfy_str));
    assert_int_equal(sizeof(tallyfy_no_answer), sizeof(int32_t));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_macros_match_the_library),
        cmocka_unit_test(codes_keep_their_values),
        cmocka_unit_test(statuses_map_to_codes_and_names),
        cmocka_unit_test(structs_have_their_documented_layout),
    };
    return cmocka_run_group_tests_name("abi", tests, NULL, NULL);
}
