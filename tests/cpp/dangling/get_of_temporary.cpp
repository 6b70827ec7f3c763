// Must not compile: a group borrowed from a temporary page would dangle.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::group_page::get\((std::size_t|long unsigned int)\) const ?&&
#include <string_view>
#include <vector>

#include "fixtures.hpp"

int main() {
#ifdef TALLYFY_SAFE
    tallyfy::group_page page = tallyfy::parse_group_list(list_answer);
    tallyfy::group_ref g = page.get(0);
#else
    tallyfy::group_ref g = tallyfy::parse_group_list(list_answer).get(0);
#endif
    return g.id().empty() ? 1 : 0;
}
