// Must not compile: an owner is move-only, so no two objects free one handle.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::group::group\(const tallyfy::group ?&\)
#include <utility>

#include "fixtures.hpp"

int main() {
    tallyfy::group g = tallyfy::parse_group(answer);
#ifdef TALLYFY_SAFE
    tallyfy::group other = g.clone();
#else
    tallyfy::group other = g;
#endif
    return other.id() == g.id() ? 0 : 1;
}
