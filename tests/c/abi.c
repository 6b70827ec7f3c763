/* The ABI's constants: version macros against tallyfy_version(), code values and names. */
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
    (void)state;
    assert_string_equal(tallyfy_version(), TALLYFY_VERSION);
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
        assert_int_equal(tallyfy_parse_group(cases[i].status, NULL, 0, NULL, 0, NULL, &err), TALLYFY_NULL_ARGUMENT);
        tallyfy_error_free(err);
        err = NULL;
        assert_int_equal(tallyfy_parse_delete_group(cases[i].status, NULL, 0, NULL, 0, &err), cases[i].code);
        assert_int_equal(tallyfy_error_code(err), cases[i].code);
        assert_string_equal(tallyfy_error_code_name(err), cases[i].name);
        assert_int_equal(tallyfy_error_status(err), cases[i].status);
        tallyfy_error_free(err);
    }
}

static void header_is_two_pointers(void **state) {
    (void)state;
    assert_int_equal(sizeof(tallyfy_header), 2 * sizeof(const char *));
    assert_int_equal(offsetof(tallyfy_header, value), sizeof(const char *));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_macros_match_the_library),
        cmocka_unit_test(codes_keep_their_values),
        cmocka_unit_test(statuses_map_to_codes_and_names),
        cmocka_unit_test(header_is_two_pointers),
    };
    return cmocka_run_group_tests_name("abi", tests, NULL, NULL);
}
