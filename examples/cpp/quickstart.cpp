// The C++ quick start: build a create request, then parse an answer as a server would send
// it; then the same create through tallyfy::groups_client, whose call driver retries a 429.
// No HTTP here: hand request.method()/url()/headers()/body() to your client, or make it the
// client's transport.
#include <iostream>

#include "tallyfy.hpp"

void print(const tallyfy::error &e) {
    std::cout << "refused: " << e.code_name() << '\n';
    for (const auto &f : e.field_errors()) {
        std::cout << "  " << f.field << " [" << f.code << "]: " << f.message << '\n';
    }
}

int main() {
    try {
        tallyfy::config cfg("my-token");  // base URL: https://go.tallyfy.com/api
        tallyfy::group_input input;
        input.set_name("Onboarding").set_description("New client onboarding").add_member(1001).add_guest("ann@example.com");
        tallyfy::request req = tallyfy::build_create_group(cfg, "org123", input);
        std::cout << req.method() << ' ' << req.url() << '\n' << req.body().value_or("") << '\n';

        tallyfy::response answer{201, {{"X-Request-Id", "req-1"}},
                                 R"({"data":{"id":"53a4560dc877f9b4f709f97630efbb5a","name":"Onboarding",)"
                                 R"("description":"New client onboarding","members":[1001],"guests":[]}})"};
        tallyfy::group group = tallyfy::parse_group(answer);
        std::cout << "created " << group.id() << " (" << group.name() << ")\n";

        // The client: a transport (here a fake server: 429 first, then the answer) and a sleep
        // (here it only prints: the driver decides how long).
        int sent = 0;
        tallyfy::groups_client client(
            cfg, "org123",
            [&](const tallyfy::exchange &x) -> tallyfy::answer {
                std::cout << x.trace.method() << ' ' << x.trace.url() << '\n';
                return ++sent == 1 ? tallyfy::response{429, {{"Retry-After", "2"}}, ""} : answer;
            },
            [](const tallyfy::retry &r) { std::cout << "waiting " << r.delay.count() << " ms\n"; });
        tallyfy::group again = client.create(input);
        std::cout << "created " << again.id() << " after " << sent << " exchanges\n";

        // A setter refuses a bad value at once, with the core's field error.
        tallyfy::group_input invalid;
        try {
            invalid.add_member(0);
            return 1;  // not reached
        } catch (const tallyfy::error &e) {
            print(e);
        }
        // A create without a name and description is refused when it is built.
        invalid.add_member(1001);
        tallyfy::build_create_group(cfg, "org123", invalid);
        return 1;  // not reached: the incomplete input throws
    } catch (const tallyfy::error &e) {
        print(e);
        return e.code() == TALLYFY_INVALID_INPUT && e.field_errors().size() == 2 ? 0 : 1;
    }
}
