// Must not compile: the URL of a temporary request would dangle.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::request::url\(\) const ?&&
#include <string_view>
#include <vector>

#include "fixtures.hpp"

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
