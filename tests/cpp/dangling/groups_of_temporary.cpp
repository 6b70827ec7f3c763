// Must not compile: the groups of a temporary page would dangle inside the loop.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::group_page::groups\(\) const ?&&
#include <string_view>
#include <vector>

#include "fixtures.hpp"

int main() {
    std::size_t n = 0;
#ifdef TALLYFY_SAFE
    tallyfy::group_page page = tallyfy::parse_group_list(list_answer);
    for (auto g : page.groups()) n += g.id().size();
#else
    for (auto g : tallyfy::parse_group_list(list_answer).groups()) n += g.id().size();
#endif
    return n == 2 ? 0 : 1;
}
