// Must not compile: a view of the name of a group read from JSON, left temporary, would dangle.
// With -DTALLYFY_SAFE, the safe spelling of the same code compiles.
// expect-error: use of deleted function.*tallyfy::group::name\(\) const ?&&
#include <string_view>

#include "fixtures.hpp"

int main() {
    const char *json = R"({"id":"g1","name":"Ops","description":"","members":[],"guests":[]})";
#ifdef TALLYFY_SAFE
    tallyfy::group g = tallyfy::group::from_json(json);
    std::string_view name = g.name();
#else
    std::string_view name = tallyfy::group::from_json(json).name();
#endif
    return name.empty() ? 1 : 0;
}
