// Must not compile: views of a temporary group's guests would dangle.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::group::guests\(\) const ?&&
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
    auto guests = g.guests();
#else
    auto guests = tallyfy::parse_group(answer).guests();
#endif
    return guests.empty() ? 1 : 0;
}
