// Must not compile: views of a temporary group's guests would dangle.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::group::guests\(\) const ?&&
#include <string_view>
#include <vector>

#include "fixtures.hpp"

int main() {
#ifdef TALLYFY_SAFE
    tallyfy::group g = tallyfy::parse_group(answer);
    auto guests = g.guests();
#else
    auto guests = tallyfy::parse_group(answer).guests();
#endif
    return guests.empty() ? 1 : 0;
}
