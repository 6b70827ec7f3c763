// Must not compile: the request a temporary call lends would dangle.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::call::request\(\) const ?&&
#include "fixtures.hpp"

int main() {
    tallyfy::config cfg("token");
#ifdef TALLYFY_SAFE
    tallyfy::call call = tallyfy::call_get_group(cfg, "org", "g1");
    tallyfy::request_ref req = call.request();
#else
    tallyfy::request_ref req = tallyfy::call_get_group(cfg, "org", "g1").request();
#endif
    return req.url().empty() ? 1 : 0;
}
