// Must not compile: the URL of a temporary request would dangle.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::request::url\(\) const ?&&
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
#ifdef TALLYFY_SAFE
    tallyfy::request req = tallyfy::build_get_group(cfg, "org", "g1");
    std::string_view url = req.url();
#else
    std::string_view url = tallyfy::build_get_group(cfg, "org", "g1").url();
#endif
    return url.empty() ? 1 : 0;
}
