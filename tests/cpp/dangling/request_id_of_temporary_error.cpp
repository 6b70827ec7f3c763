// Must not compile: the request id of a temporary error would dangle.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::error::request_id\(\) const ?&&
#include <optional>
#include <string_view>

#include "fixtures.hpp"

int main() {
    tallyfy::config cfg("token");
    std::optional<std::string_view> id;
    try {
        tallyfy::parse_delete_group({404, {{"X-Request-Id", "req-1"}}, ""});
    } catch (const tallyfy::error &e) {
#ifdef TALLYFY_SAFE
        tallyfy::error shown = e.redacted(cfg);
        id = shown.request_id();
#else
        id = e.redacted(cfg).request_id();
#endif
    }
    return id ? 0 : 1;
}
