// The safe idioms of tallyfy.hpp, run under AddressSanitizer and UBSan: views of named owners,
// moved-from owners (empty, safe to call), copies of tallyfy::error outliving the original,
// strings holding U+0000 refused with a field error (never cut) or judged by the core when a
// setter passes them with their length, setters refusing at once what the JSON path refuses,
// the code names checked against the enum of tallyfy.h (generated from the Rust enum), and the
// groups_client over a fake transport: retries with virtual waits, paging, every way a call
// ends (the call handle freed each time, exceptions of the transport included).
//
// usage: safety_cpp PATH/TO/tallyfy.h
#include <algorithm>
#include <chrono>
#include <cctype>
#include <fstream>
#include <iostream>
#include <optional>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "tallyfy.hpp"

namespace {

int checks = 0;
int failures = 0;

void expect(bool ok, const std::string &what) {
    checks++;
    if (!ok) {
        failures++;
        std::cout << "FAILED " << what << '\n';
    }
}

using namespace std::string_literals;
using namespace std::string_view_literals;

const tallyfy::response group_answer{
    200, {{"X-Request-Id", "req-1"}},
    R"({"data":{"id":"g1","name":"Ops","description":"d","members":[7,8],"guests":["a@b.co"]}})"};
const tallyfy::response page_answer{200, {}, R"({"data":[{"id":"g1","name":"Ops"},{"id":"g2","name":"Dev"}],)"
                                             R"("meta":{"pagination":{"total":2,"count":2,"per_page":10,)"
                                             R"("current_page":1,"total_pages":1}}})"};

/// Runs `f`, which must throw tallyfy::error with `code` and exactly the field errors `fields`
/// (field and code of each).
template <class F>
void expect_refused(const std::string &what, F f, tallyfy_code code,
                    const std::vector<std::pair<std::string, std::string>> &fields) {
    try {
        f();
        expect(false, what + ": no error");
    } catch (const tallyfy::error &e) {
        std::vector<std::pair<std::string, std::string>> have;
        for (const auto &fe : e.field_errors()) have.emplace_back(fe.field, fe.code);
        expect(e.code() == code, what + ": code " + std::string(e.code_name()));
        expect(have == fields, what + ": field errors (" + std::to_string(have.size()) + ")");
    }
}

void views_of_named_owners() {
    tallyfy::config cfg("token");
    tallyfy::group_input in;
    in.name("Ops").description("d").add_member(7).add_guest("a@b.co");
    tallyfy::request req = tallyfy::build_create_group(cfg, "org", in);
    auto headers = req.headers();
    std::string_view url = req.url();
    auto body = req.body();
    expect(req.method() == "POST", "method");
    expect(url == "https://go.tallyfy.com/api/organizations/org/groups", "url");
    expect(!headers.empty() && headers[0].first == "Authorization", "headers");
    expect(body && body->find("\"Ops\"") != std::string_view::npos, "body");

    tallyfy::group g = tallyfy::parse_group(group_answer);
    std::string_view id = g.id();
    auto guests = g.guests();
    tallyfy::group_ref ref = g;
    expect(id == "g1" && ref.name() == "Ops" && guests.size() == 1 && guests[0] == "a@b.co", "group views");
    // Owning values are fine on a temporary.
    expect(tallyfy::parse_group(group_answer).members() == std::vector<uint64_t>{7, 8}, "members of a temporary");
    expect(tallyfy::parse_group(group_answer).to_json().find("\"g1\"") != std::string::npos, "to_json of a temporary");
    expect(tallyfy::full_update(tallyfy::parse_group(group_answer), in).to_json().find("\"members\":[7]") !=
               std::string::npos,
           "full_update of a temporary");

    tallyfy::group_page page = tallyfy::parse_group_list(page_answer);
    std::string ids;
    for (auto each : page.groups()) ids += std::string(each.id()) + ",";
    expect(ids == "g1,g2,", "page groups");
    expect(page.at(1).name() == "Dev", "page at");
}

void moved_from_owners() {
    tallyfy::group g = tallyfy::parse_group(group_answer);
    tallyfy::group taken = std::move(g);
    expect(taken.id() == "g1", "moved-to group");
    expect(g.get() == nullptr && g.id().empty() && g.name().empty() && g.guests().empty() && g.members().empty() &&
               !g.logo(),
           "moved-from group is empty");
    expect_refused("to_json of a moved-from group", [&] { (void)g.to_json(); }, TALLYFY_NULL_ARGUMENT, {});

    tallyfy::group_page page = tallyfy::parse_group_list(page_answer);
    tallyfy::group_page other = std::move(page);
    expect(other.size() == 2 && page.size() == 0 && page.groups().empty() && page.total() == 0,
           "moved-from page is empty");

    tallyfy::config cfg("token");
    tallyfy::request req = tallyfy::build_get_group(cfg, "org", "g1");
    tallyfy::request moved = std::move(req);
    expect(moved.url().size() > 0 && req.url().empty() && req.method().empty() && req.headers().empty() && !req.body(),
           "moved-from request is empty");

    tallyfy::group_input in;
    tallyfy::group_input in2 = std::move(in);
    expect_refused("name on a moved-from input", [&] { in.name("x"); }, TALLYFY_NULL_ARGUMENT, {});

    tallyfy::config cfg2 = std::move(cfg);
    expect_refused("build with a moved-from config", [&] { (void)tallyfy::build_get_group(cfg, "org", "g1"); },
                   TALLYFY_NULL_ARGUMENT, {});
    tallyfy::request again = tallyfy::build_get_group(cfg2, "org", "g1");
    expect(again.method() == "GET", "moved-to config works");
}

void error_copies() {
    std::optional<tallyfy::error> copy;
    try {
        tallyfy::parse_group({404, {{"X-Request-Id", "req-404"}}, R"({"error":"no such group"})"});
    } catch (const tallyfy::error &e) {
        copy.emplace(e);  // noexcept copy (static_assert in tallyfy.hpp)
    }
    expect(copy.has_value() && copy->code() == TALLYFY_NOT_FOUND && copy->code_name() == "not_found", "copy code");
    expect(copy && copy->status() == 404 && copy->request_id() == std::optional<std::string_view>("req-404"),
           "copy outlives the original");
    tallyfy::error assigned = *copy;
    copy.reset();
    expect(assigned.status() == 404 && assigned.request_id() == std::optional<std::string_view>("req-404"),
           "assigned copy outlives the others");
}

void nul_refused() {
    expect_refused("token", [] { tallyfy::config("tok\0en"s); }, TALLYFY_INVALID_INPUT,
                   {{"access_token", "invalid_value"}});
    expect_refused("every config string at once",
                   [] { tallyfy::config("tok\0en"s, "http://127.0.0.1\0x"s, "c\0"s); }, TALLYFY_INVALID_INPUT,
                   {{"access_token", "invalid_value"}, {"base_url", "invalid_value"}, {"client_header", "invalid_value"}});
    tallyfy::config cfg("token");
    expect_refused("org_id", [&] { (void)tallyfy::build_get_group(cfg, "org\0/../../other"s, "g1"); },
                   TALLYFY_INVALID_INPUT, {{"org_id", "invalid_value"}});
    expect_refused("group_id", [&] { (void)tallyfy::build_delete_group(cfg, "org", "g\0"s); }, TALLYFY_INVALID_INPUT,
                   {{"group_id", "invalid_value"}});
    expect_refused("org_id and group_id", [&] { (void)tallyfy::build_get_group(cfg, "o\0"s, "g\0"s); },
                   TALLYFY_INVALID_INPUT, {{"org_id", "invalid_value"}, {"group_id", "invalid_value"}});
    try {
        tallyfy::config("tok\0en"s);
    } catch (const tallyfy::error &e) {
        expect(std::string(e.what()) ==
                   "invalid input: access_token: `access_token` holds a NUL character (U+0000), which a C string "
                   "cannot carry",
               std::string("message in the core's wording: ") + e.what());
    }
    expect_refused("client header", [&] { cfg.set_client_header("a\0b"s); }, TALLYFY_INVALID_INPUT,
                   {{"client_header", "invalid_value"}});
    // The setters pass their text with its length: the core judges a U+0000 as the JSON path does.
    tallyfy::group_input in;
    in.name("abc\0def"s).description("x\0"s);
    in.add_guest("a@b.co");
    expect_refused("second guest", [&] { in.add_guest("b@c.co\0x"s); }, TALLYFY_INVALID_INPUT,
                   {{"guests.1", "invalid_email"}});
    expect(in.to_json() == R"({"name":"abc\u0000def","description":"x\u0000","guests":["a@b.co"]})",
           "U+0000 kept, nothing set by the refused calls: " + in.to_json());
    tallyfy::list_query query;
    query.q("a\0b"s);
    tallyfy::config search_cfg("token");
    auto search = tallyfy::build_list_groups(search_cfg, "org", &query);
    expect(search.url() == "https://go.tallyfy.com/api/organizations/org/groups?q=a%00b",
           "q keeps U+0000: " + std::string(search.url()));
    expect_refused("sort_by", [&] { query.sort_by("name\0"s); }, TALLYFY_INVALID_INPUT, {{"sort_by", "invalid_value"}});
    expect_refused("with", [&] { query.add_with("users\0"s); }, TALLYFY_INVALID_INPUT, {{"with.0", "invalid_value"}});
    expect_refused("response header",
                   [] { (void)tallyfy::parse_group({200, {{"X-Request-Id", "r\0"s}}, group_answer.body}); },
                   TALLYFY_INVALID_INPUT, {{"headers.0.value", "invalid_value"}});
    tallyfy::groups_client refusing(search_cfg, "org", [](const tallyfy::exchange &) -> tallyfy::answer {
        throw std::logic_error("nothing is sent for a refused argument");
    });
    expect_refused("client group id", [&] { (void)refusing.get("g\0"s); }, TALLYFY_INVALID_INPUT,
                   {{"group_id", "invalid_value"}});
    // The JSON paths carry U+0000 as the core reads it (escaped), with their length.
    tallyfy::group_input from_json = tallyfy::group_input::from_json(R"({"name":"abc\u0000def"})");
    expect(from_json.to_json() == R"({"name":"abc\u0000def"})", "JSON keeps U+0000: " + from_json.to_json());
    // The guest index counts the guests the input holds, however they came.
    auto parsed = tallyfy::group_input::from_json(R"({"guests":["a@b.co","c@d.io"]})");
    expect_refused("third guest of an input read from JSON", [&] { parsed.add_guest("e@f.io\0"s); },
                   TALLYFY_INVALID_INPUT, {{"guests.2", "invalid_email"}});
    auto body = tallyfy::full_update(tallyfy::parse_group(group_answer), tallyfy::group_input().name("Dev"));
    expect_refused("second guest of a full update", [&] { body.add_guest("x\0"s); }, TALLYFY_INVALID_INPUT,
                   {{"guests.1", "invalid_email"}});
    parsed.clear_guests();
    expect_refused("first guest after a clear", [&] { parsed.add_guest("x\0"s); }, TALLYFY_INVALID_INPUT,
                   {{"guests.0", "invalid_email"}});
    // Text that is not UTF-8 is refused with an error object naming q; the query is unchanged.
    tallyfy::list_query searched;
    searched.q("ops");
    try {
        searched.q("ab\xff");
        expect(false, "q: invalid UTF-8 taken");
    } catch (const tallyfy::error &e) {
        expect(e.code() == TALLYFY_INVALID_UTF8 && std::string(e.what()).find("q") != std::string::npos,
               std::string("q: invalid UTF-8 refused naming q: ") + e.what());
    }
    tallyfy::config cfg2("token");
    auto listed = tallyfy::build_list_groups(cfg2, "org", &searched);
    expect(listed.url() == "https://go.tallyfy.com/api/organizations/org/groups?q=ops",
           "q unchanged: " + std::string(listed.url()));
}

/// The field errors `f` throws as tallyfy::error (TALLYFY_INVALID_INPUT expected), or none.
template <class F>
std::vector<tallyfy::field_error> refusal(F f) {
    try {
        f();
        return {};
    } catch (const tallyfy::error &e) {
        expect(e.code() == TALLYFY_INVALID_INPUT, "refusal code " + std::string(e.code_name()));
        return e.field_errors();
    }
}

bool same(const std::vector<tallyfy::field_error> &a, const std::vector<tallyfy::field_error> &b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](const auto &x, const auto &y) {
               return x.field == y.field && x.code == y.code && x.message == y.message;
           });
}

/// Each setter refuses a value at once with the field error the JSON path gives for it (read
/// from the JSON path here, not copied), and leaves its object unchanged; a value the JSON path
/// takes is taken.
/// A server's string holding U+0000 reads whole, through the `_n` accessors.
void server_strings_keep_nul() {
    const tallyfy::response answer{200, {},
                                   R"({"data":{"id":"g\u0000","name":"a\u0000b","description":"\u0000","logo":"l\u0000",)"
                                   R"("guests":["x\u0000@y.z"],"created_at":"c\u0000","updated_at":"u\u0000"}})"};
    tallyfy::group g = tallyfy::parse_group(answer);
    expect(g.id() == "g\0"sv && g.name() == "a\0b"sv && g.description() == "\0"sv, "id, name, description keep U+0000");
    expect(g.logo() == "l\0"sv && g.created_at() == "c\0"sv && g.updated_at() == "u\0"sv, "logo and dates keep U+0000");
    expect(g.guests() == std::vector<std::string_view>{"x\0@y.z"sv}, "guests keep U+0000");
}

void setters_check_at_once() {
    const std::string long_name(201, 'n');
    const std::string longest_name(200, 'n');
    struct input_case {
        std::string what, json;
        void (*set)(tallyfy::group_input &, const std::string &);
        std::string value;
        bool refused;
    };
    auto name = [](tallyfy::group_input &in, const std::string &v) { in.name(v); };
    auto description = [](tallyfy::group_input &in, const std::string &v) { in.description(v); };
    auto member = [](tallyfy::group_input &in, const std::string &v) { in.add_member(std::stoull(v)); };
    auto guest = [](tallyfy::group_input &in, const std::string &v) { in.add_guest(v); };
    const input_case inputs[] = {
        {"empty name", R"({"guests":["a@b.co"],"name":""})", name, "", true},
        {"blank name", R"({"guests":["a@b.co"],"name":" \t"})", name, " \t", true},
        {"201-character name", R"({"guests":["a@b.co"],"name":")" + long_name + R"("})", name, long_name, true},
        {"200-character name", R"({"guests":["a@b.co"],"name":")" + longest_name + R"("})", name, longest_name, false},
        {"blank description", R"({"guests":["a@b.co"],"description":"  "})", description, "  ", true},
        {"member 0", R"({"guests":["a@b.co"],"members":[7,0]})", member, "0", true},
        {"member 2^53", R"({"guests":["a@b.co"],"members":[7,9007199254740992]})", member, "9007199254740992", true},
        {"member 2^64 - 1", R"({"guests":["a@b.co"],"members":[7,18446744073709551615]})", member,
         "18446744073709551615", true},
        {"member 2^53 - 1", R"({"guests":["a@b.co"],"members":[7,9007199254740991]})", member, "9007199254740991",
         false},
        {"guest without @", R"({"guests":["a@b.co","ab"]})", guest, "ab", true},
        {"guest with a control character", R"({"guests":["a@b.co","a\u0001b@c.de"]})", guest, "a\x01" "b@c.de", true},
        {"guest a@b", R"({"guests":["a@b.co","a@b"]})", guest, "a@b", false},
        {"guest with U+0000", R"({"guests":["a@b.co","a\u0000b@c.de"]})", guest, "a\0b@c.de"s, true},
        {"name with U+0000", R"({"guests":["a@b.co"],"name":"a\u0000b"})", name, "a\0b"s, false},
    };
    for (const auto &c : inputs) {
        tallyfy::group_input in;
        in.add_guest("a@b.co");
        if (c.json.find("members") != std::string::npos) in.add_member(7);
        std::string before = in.to_json();
        auto have = refusal([&] { c.set(in, c.value); });
        auto want = tallyfy::validate_update_group_json(c.json);
        expect(same(have, want), "setter as the JSON path: " + c.what);
        expect(have.empty() != c.refused, "refused: " + c.what);
        expect(have.size() <= 1, "one field error: " + c.what);
        if (c.refused) expect(in.to_json() == before, "unchanged after a refusal: " + c.what);
    }

    struct query_case {
        std::string what, json;
        void (*set)(tallyfy::list_query &, const std::string &);
        std::string value;
        bool refused;
    };
    auto page = [](tallyfy::list_query &q, const std::string &v) { q.page(static_cast<uint32_t>(std::stoul(v))); };
    auto per_page = [](tallyfy::list_query &q, const std::string &v) {
        q.per_page(static_cast<uint32_t>(std::stoul(v)));
    };
    auto sort_by = [](tallyfy::list_query &q, const std::string &v) { q.sort_by(v); };
    auto sort = [](tallyfy::list_query &q, const std::string &v) { q.sort(v); };
    auto with = [](tallyfy::list_query &q, const std::string &v) { q.add_with(v); };
    const query_case queries[] = {
        {"page 0", R"({"with":["users"],"page":0})", page, "0", true},
        {"page 2^32 - 1", R"({"with":["users"],"page":4294967295})", page, "4294967295", false},
        {"per_page 0", R"({"with":["users"],"perPage":0})", per_page, "0", true},
        {"per_page 101", R"({"with":["users"],"perPage":101})", per_page, "101", true},
        {"per_page 100", R"({"with":["users"],"perPage":100})", per_page, "100", false},
        {"sort_by title", R"({"with":["users"],"sortBy":"title"})", sort_by, "title", true},
        {"sort up", R"({"with":["users"],"sort":"up"})", sort, "up", true},
        {"with members", R"({"with":["users","members"]})", with, "members", true},
        {"with users twice", R"({"with":["users","users"]})", with, "users", true},
        {"with guests", R"({"with":["users","guests"]})", with, "guests", false},
        {"sort_by with U+0000", R"({"with":["users"],"sortBy":"name\u0000"})", sort_by, "name\0"s, true},
        {"with U+0000", R"({"with":["users","guests\u0000"]})", with, "guests\0"s, true},
    };
    tallyfy::config cfg("token");
    for (const auto &c : queries) {
        tallyfy::list_query q;
        q.add_with("users");
        auto url = [&] {
            tallyfy::request req = tallyfy::build_list_groups(cfg, "org", &q);
            return std::string(req.url());
        };
        std::string before = url();
        auto have = refusal([&] { c.set(q, c.value); });
        auto want = refusal([&] { tallyfy::list_query::from_json(c.json); });
        expect(same(have, want), "setter as the JSON path: " + c.what);
        expect(have.empty() != c.refused, "refused: " + c.what);
        expect(have.size() <= 1, "one field error: " + c.what);
        if (c.refused) {
            expect(url() == before, "unchanged after a refusal: " + c.what);
        }
    }

    // Rules that depend on the operation are checked when the request is built, all at once.
    tallyfy::group_input in;
    in.add_member(7);
    try {
        (void)tallyfy::build_create_group(cfg, "org", in);
        expect(false, "a create without name and description is refused");
    } catch (const tallyfy::error &e) {
        expect(same(e.field_errors(), tallyfy::validate_create_group_json(R"({"members":[7]})")) &&
                   e.field_errors().size() == 2,
               "build lists the required fields");
    }
}

/// The C++ code names against the enum of tallyfy.h, which cbindgen generates from the Rust
/// enum: the same codes, the same values, the name being the constant's suffix in lower case.
void code_names(const char *header_path) {
    std::ifstream in(header_path);
    std::stringstream text;
    text << in.rdbuf();
    std::string header = text.str();
    std::size_t start = header.find("enum tallyfy_code {"), end = header.find('}', start);
    expect(in && start != std::string::npos && end != std::string::npos, "tallyfy.h has enum tallyfy_code");
    if (start == std::string::npos || end == std::string::npos) return;
    std::string body = header.substr(start, end - start);
    std::regex constant(R"(TALLYFY_([A-Z0-9_]+) = (\d+),)");
    int seen = 0, highest = -1;
    for (std::sregex_iterator it(body.begin(), body.end(), constant), last; it != last; ++it) {
        std::string name = (*it)[1];
        for (char &ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        int value = std::stoi((*it)[2]);
        highest = std::max(highest, value);
        expect(tallyfy::code_name(static_cast<tallyfy_code>(value)) == name, "code name of " + name);
        seen++;
    }
    expect(seen > 0 && seen == highest + 1, "tallyfy.h lists the codes 0 to N: " + std::to_string(seen));
    expect(tallyfy::code_name(static_cast<tallyfy_code>(highest + 1)).empty(), "no name past the last code");
}

/// A scripted transport: each exchange gets the next answer; the URLs sent are kept.
struct script {
    std::vector<tallyfy::answer> answers;
    std::vector<std::string> sent;
    std::size_t next = 0;

    tallyfy::answer operator()(const tallyfy::exchange &x) {
        sent.emplace_back(x.request.url());
        if (next == answers.size()) throw std::logic_error("an exchange past the script");
        return answers[next++];
    }
};

std::string page_of(int page, int total_pages) {
    return R"({"data":[{"id":"g)" + std::to_string(page) + R"(","name":"Ops"}],"meta":{"pagination":{"total":)" +
           std::to_string(total_pages) + R"(,"count":1,"per_page":1,"current_page":)" + std::to_string(page) +
           R"(,"total_pages":)" + std::to_string(total_pages) + "}}}";
}

void client_over_a_fake_transport() {
    tallyfy::config cfg("tok_cpp_9", "https://api.example.com");
    std::vector<tallyfy::retry> waits;
    auto record = [&](const tallyfy::retry &r) { waits.push_back(r); };
    script s;
    s.answers = {tallyfy::no_answer::not_delivered, tallyfy::response{503, {}, ""}, tallyfy::response{200, {}, page_of(1, 2)},
                 tallyfy::response{200, {}, page_of(2, 2)}};
    tallyfy::groups_client client(cfg, "org1", std::ref(s), record, tallyfy::call_options().random_seed(1));
    std::vector<tallyfy::group> all = client.list_all();
    expect(all.size() == 2 && all[0].id() == "g1" && all[1].id() == "g2", "list_all: every group");
    expect(s.sent.size() == 4 && s.sent[3] == "https://api.example.com/organizations/org1/groups?page=2&per_page=100",
           "list_all: the second page");
    expect(waits.size() == 2 && waits[0].attempt == 1 && waits[1].attempt == 2, "list_all: two waits");
    expect(std::holds_alternative<tallyfy::no_answer>(waits[0].reason) &&
               std::holds_alternative<tallyfy::error>(waits[1].reason) &&
               std::get<tallyfy::error>(waits[1].reason).code() == TALLYFY_SERVER_ERROR,
           "list_all: the reasons");
    expect(waits[0].delay > std::chrono::milliseconds(0), "a wait is never 0 ms");

    // A POST that got no answer is not resent: the transport's failure stands.
    s = script{{tallyfy::no_answer::not_delivered}, {}, 0};
    tallyfy::group_input in;
    in.name("Ops").description("d");
    try {
        (void)client.create(in);
        expect(false, "create: unanswered");
    } catch (const tallyfy::unanswered &e) {
        expect(e.kind() == tallyfy::no_answer::not_delivered && s.sent.size() == 1, "create: not resent");
    }
    // An error answer echoing the token fails without it.
    s = script{{tallyfy::response{401, {}, R"({"message":"tok_cpp_9 is unknown"})"}}, {}, 0};
    expect_refused("get: 401", [&] { (void)client.get("g1"); }, TALLYFY_UNAUTHORIZED, {});
    try {
        s.next = 0;
        (void)client.get("g1");
    } catch (const tallyfy::error &e) {
        expect(std::string(e.what()) == "[redacted] is unknown", "get: redacted: " + std::string(e.what()));
    }
    // The transport's own exception ends the call and passes through.
    s = script{};
    try {
        client.remove("g1");
        expect(false, "remove: the transport's exception");
    } catch (const std::logic_error &) {
        expect(s.sent.size() == 1, "remove: one exchange");
    }
    // Invalid options are refused, all at once, before anything is sent.
    client.options().timeout_ms(0).max_pages(0);
    expect_refused("options", [&] { (void)client.list(); }, TALLYFY_INVALID_INPUT,
                   {{"timeout_ms", "out_of_range"}, {"max_pages", "out_of_range"}});
    expect(s.sent.size() == 1, "nothing sent with invalid options");
    // Past max_pages, list_all fails rather than give a partial list.
    client.options().timeout_ms(1000).max_pages(1);
    s = script{{tallyfy::response{200, {}, page_of(1, 2)}}, {}, 0};
    expect_refused("max_pages", [&] { (void)client.list_all(); }, TALLYFY_TOO_MANY_PAGES, {});
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::cerr << "usage: " << argv[0] << " PATH/TO/tallyfy.h\n";
        return 2;
    }
    views_of_named_owners();
    moved_from_owners();
    error_copies();
    nul_refused();
    server_strings_keep_nul();
    setters_check_at_once();
    code_names(argv[1]);
    client_over_a_fake_transport();
    std::cout << "C++ safety: " << checks - failures << " passed, " << failures << " failed\n";
    return failures == 0 ? 0 : 1;
}
