// Must not compile: slicing a temporary group into a borrowed group_ref would dangle.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::group::operator tallyfy::group_ref\(\) const ?&&
#include <string_view>
#include <vector>

#include "fixtures.hpp"

int main() {
#ifdef TALLYFY_SAFE
    tallyfy::group g = tallyfy::parse_group(answer);
    tallyfy::group_ref x = g;
#else
    tallyfy::group_ref x = tallyfy::parse_group(answer);
#endif
    return x.id().empty() ? 1 : 0;
}
