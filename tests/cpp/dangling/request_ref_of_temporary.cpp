// Must not compile: a request borrowed from a temporary request would dangle.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::request::operator tallyfy::request_ref\(\) const ?&&
#include "fixtures.hpp"

int main() {
    tallyfy::config cfg("token");
#ifdef TALLYFY_SAFE
    tallyfy::request req = tallyfy::build_get_group(cfg, "org", "g1");
    tallyfy::request_ref ref = req;
#else
    tallyfy::request_ref ref = tallyfy::build_get_group(cfg, "org", "g1");
#endif
    return ref.url().empty() ? 1 : 0;
}
