// Must not compile: a group borrowed from a temporary page would dangle.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::group_page::at\((std::size_t|long unsigned int)\) const ?&&
#include <string_view>
#include <vector>

#include "tallyfy.hpp"

static const tallyfy::response answer{
    200, {}, R"({"data":{"id":"g1","name":"Ops","description":"d","members":[7],"guests":["a@b.co"]}})"};
static const tallyfy::response list_answer{200, {}, R"({"data":[{"id":"g1","name":"Ops"}],)"
                                                    R"("meta":{"pagination":{"total":1,"count":1,"per_page":10,)"
                                                    R"("current_page":1,"total_pages":1}}})"};

int main() {
#ifdef TALLYFY_SAFE
    tallyfy::group_page page = tallyfy::parse_group_list(list_answer);
    tallyfy::group_ref g = page.at(0);
#else
    tallyfy::group_ref g = tallyfy::parse_group_list(list_answer).at(0);
#endif
    return g.id().empty() ? 1 : 0;
}
