// Must not compile: the body of a temporary request would dangle.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::request::body\(\) const ?&&
#include <string_view>
#include <vector>

#include "fixtures.hpp"

int main() {
    tallyfy::config cfg("token");
    tallyfy::group_input in;
    in.set_name("Ops");
#ifdef TALLYFY_SAFE
    tallyfy::request req = tallyfy::build_create_group(cfg, "org", in);
    auto body = req.body();
#else
    auto body = tallyfy::build_create_group(cfg, "org", in).body();
#endif
    return body ? 0 : 1;
}
