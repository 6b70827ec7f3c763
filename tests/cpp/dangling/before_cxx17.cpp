// Must not compile below C++17 (the test builds it with -std=c++14): tallyfy.hpp stops with one
// clear #error instead of a cascade of unrelated errors. With -DTALLYFY_SAFE it is built as C++17.
// expect-error: #error "tallyfy.hpp needs C\+\+17 or later
#include "tallyfy.hpp"

int main() { return 0; }
