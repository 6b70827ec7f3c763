// Must not compile: the headers of a temporary request would dangle.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::request::headers\(\) const ?&&
#include <string_view>
#include <vector>

#include "fixtures.hpp"

int main() {
    tallyfy::config cfg("token");
    tallyfy::group_input in;
    in.set_name("Ops");
#ifdef TALLYFY_SAFE
    tallyfy::request req = tallyfy::build_create_group(cfg, "org", in);
    auto hs = req.headers();
#else
    auto hs = tallyfy::build_create_group(cfg, "org", in).headers();
#endif
    return hs.empty() ? 1 : 0;
}
