/*
 * tallyfy_str in the C tests: borrowing a C string, comparing, and cmocka checks. Include it
 * after <cmocka.h>.
 */
#ifndef TALLYFY_TESTS_STR_H
#define TALLYFY_TESTS_STR_H

#include <string.h>

#include "tallyfy.h"

/* A tallyfy_str borrowing a NUL-terminated string (without its NUL); {NULL, 0} for NULL. */
static inline tallyfy_str str(const char *text) {
    tallyfy_str s;
    s.data = text;
    s.len = text != NULL ? strlen(text) : 0;
    return s;
}

/* A tallyfy_str of `len` bytes at `data` (which may hold U+0000). */
static inline tallyfy_str str_n(const char *data, size_t len) {
    tallyfy_str s;
    s.data = data;
    s.len = len;
    return s;
}

/* Whether `s` is present and holds exactly the bytes of `text`. */
static inline int str_is(tallyfy_str s, const char *text) {
    return s.data != NULL && s.len == strlen(text) && memcmp(s.data, text, s.len) == 0;
}

/* Whether `s` holds the bytes of `needle` somewhere. */
static inline int str_contains(tallyfy_str s, const char *needle) {
    size_t n = strlen(needle), i;
    for (i = 0; s.data != NULL && i + n <= s.len; i++) {
        if (memcmp(s.data + i, needle, n) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Fails the test unless `have` is present and holds exactly the bytes of `want`. */
#define assert_str_equal(have, want) assert_str_equal_at((have), (want), __FILE__, __LINE__)

static inline void assert_str_equal_at(tallyfy_str have, const char *want, const char *file, int line) {
    if (!str_is(have, want)) {
        if (have.data == NULL) {
            print_error("absent (len %lu) != \"%s\"\n", (unsigned long)have.len, want);
        } else {
            print_error("\"%.*s\" != \"%s\"\n", (int)have.len, have.data, want);
        }
        _fail(file, line);
    }
}

/* Fails the test unless `have` is the absent string {NULL, 0}. */
#define assert_str_absent(have) assert_str_absent_at((have), __FILE__, __LINE__)

static inline void assert_str_absent_at(tallyfy_str have, const char *file, int line) {
    if (have.data != NULL || have.len != 0) {
        print_error("expected an absent string, got \"%.*s\"\n", (int)have.len, have.data ? have.data : "");
        _fail(file, line);
    }
}

#endif
