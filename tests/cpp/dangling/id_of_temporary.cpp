// Must not compile: a view of a temporary group's id would dangle.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::group::id\(\) const ?&&
#include <string_view>
#include <vector>

#include "fixtures.hpp"

int main() {
#ifdef TALLYFY_SAFE
    tallyfy::group g = tallyfy::parse_group(answer);
    std::string_view id = g.id();
#else
    std::string_view id = tallyfy::parse_group(answer).id();
#endif
    return id.empty() ? 1 : 0;
}
