// Must not compile: a view of a temporary group's id would dangle.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::group::id\(\) const ?&&
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
    tallyfy::group g = tallyfy::parse_group(answer);
    std::string_view id = g.id();
#else
    std::string_view id = tallyfy::parse_group(answer).id();
#endif
    return id.empty() ? 1 : 0;
}
