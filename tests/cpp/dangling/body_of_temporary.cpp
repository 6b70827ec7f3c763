// Must not compile: the body of a temporary request would dangle.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::request::body\(\) const ?&&
#include <string_view>
#include <vector>

#include "tallyfy.hpp"

static const tallyfy::response answer{
    200, {}, R"({"data":{"id":"g1","name":"Ops","description":"d","members":[7],"guests":["a@b.co"]}})"};
static const tallyfy::response list_answer{200, {}, R"({"data":[{"id":"g1","name":"Ops"}],)"
                                                    R"("meta":{"pagination":{"total":1,"count":1,"per_page":10,)"
                                                    R"("current_page":1,"total_pages":1}}})"};

int main() {
    tallyfy::config cfg("token");
    tallyfy::group_input in;
    in.name("Ops");
#ifdef TALLYFY_SAFE
    tallyfy::request req = tallyfy::build_create_group(cfg, "org", in);
    auto body = req.body();
#else
    auto body = tallyfy::build_create_group(cfg, "org", in).body();
#endif
    return body ? 0 : 1;
}
