// Must not compile: a client borrowing a temporary config would dangle.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::groups_client::groups_client\(const tallyfy::config ?&&
#include "fixtures.hpp"

static tallyfy::answer offline(const tallyfy::exchange &) { return tallyfy::no_answer::not_delivered; }

int main() {
#ifdef TALLYFY_SAFE
    tallyfy::config cfg("token");
    tallyfy::groups_client client(cfg, "org", offline);
#else
    tallyfy::groups_client client(tallyfy::config("token"), "org", offline);
#endif
    return client.options().raw() != nullptr ? 0 : 1;
}
