// The safe idioms of tallyfy.hpp, run under AddressSanitizer and UBSan: views of named owners,
// owned copies that outlive what they came from, moved-from owners (empty, safe to call),
// copies of tallyfy::error outliving the original, a token a server echoed taken out by
// error::redacted(cfg), response headers that are not UTF-8 judged only when the library reads
// them, strings holding U+0000 passed whole (the wrapper's outcome is the C API's for the same
// bytes, and not the outcome of the string cut at the NUL), empty and absent strings, groups
// read back from their JSON, setters refusing at once what the JSON path refuses, the code
// names against the enum of tallyfy.h (generated from the Rust enum), the call driven by hand,
// and the groups_client over a fake transport: retries with virtual waits, paging, every way a
// call ends (the call handle freed each time, exceptions of the transport included).
//
// usage: safety_cpp PATH/TO/tallyfy.h
#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
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

/// The code names of tallyfy.h's enum tallyfy_code: value to the constant's suffix in lower case.
std::map<int, std::string> header_codes;

/// Every error a test sees: its code name must be the header's name of its code.
void check_code_name(const tallyfy::error &e) {
    auto named = header_codes.find(static_cast<int>(e.code()));
    expect(named != header_codes.end() && e.code_name() == named->second,
           "code name " + std::string(e.code_name()) + " of code " + std::to_string(static_cast<int>(e.code())));
}

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
        check_code_name(e);
    }
}

/// What became of a call: "ok " and the result, or "error ", the code name and each field
/// error, so that two ways of making the same call compare as text.
template <class F>
std::string outcome(F f) {
    try {
        return "ok " + f();
    } catch (const tallyfy::error &e) {
        check_code_name(e);
        std::string text = "error " + std::string(e.code_name());
        for (const auto &fe : e.field_errors()) text += " " + fe.field + ":" + fe.code;
        return text;
    }
}

/// The outcome of a C call that returned `code` and `err` (freed here).
std::string c_outcome(tallyfy_code code, tallyfy_error *err, const std::string &result) {
    if (code == TALLYFY_OK) return "ok " + result;
    tallyfy::error e(code, err);  // takes `err`
    std::string text = "error " + std::string(e.code_name());
    for (const auto &fe : e.field_errors()) text += " " + fe.field + ":" + fe.code;
    return text;
}

tallyfy_str c_str(std::string_view s) { return {s.data(), s.size()}; }

std::string text_of(tallyfy_str s) { return s.data != nullptr ? std::string(s.data, s.len) : std::string(); }

void views_of_named_owners() {
    tallyfy::config cfg("token");
    tallyfy::group_input in;
    in.set_name("Ops").set_description("d").add_member(7).add_guest("a@b.co");
    tallyfy::request req = tallyfy::build_create_group(cfg, "org", in);
    auto headers = req.headers();
    std::string_view url = req.url();
    auto body = req.body();
    expect(req.method() == "POST" && !req.idempotent(), "method");
    expect(url == "https://go.tallyfy.com/api/organizations/org/groups", "url");
    expect(!headers.empty() && headers[0].first == "Authorization", "headers");
    expect(body && body->find("\"Ops\"") != std::string_view::npos, "body");
    tallyfy::request get = tallyfy::build_get_group(cfg, "org", "g1");
    expect(get.idempotent() && !get.body(), "a GET is idempotent and has no body");

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
    expect(page.len() == 2 && page.get(1).name() == "Dev", "page get");
    try {
        (void)page.get(2);
        expect(false, "page get past the end");
    } catch (const std::out_of_range &) {
        expect(true, "page get past the end throws std::out_of_range");
    }
}

/// Copies made by clone() and full_update() own their data: they outlive what they came from.
void owned_copies_outlive_their_source() {
    std::optional<tallyfy::group> copy;
    std::optional<tallyfy::group_page> page_copy;
    std::optional<tallyfy::group_input> body;
    {
        tallyfy::group g = tallyfy::parse_group(group_answer);
        copy.emplace(g.clone());
        tallyfy::group_page page = tallyfy::parse_group_list(page_answer);
        page_copy.emplace(page.clone());
        body.emplace(tallyfy::full_update(page.get(0), tallyfy::group_input().set_name("Dev")));
        tallyfy::group from_ref = page.get(1).clone();
        expect(from_ref.id() == "g2", "clone of a borrowed group");
    }
    expect(copy->id() == "g1" && copy->guests() == std::vector<std::string_view>{"a@b.co"}, "group clone");
    expect(page_copy->len() == 2 && page_copy->get(1).id() == "g2" && page_copy->total() == 2, "page clone");
    expect(body->to_json() == R"({"name":"Dev","members":[],"guests":[]})", "full update: " + body->to_json());
}

/// A group_input reads back what it holds, as owned copies.
void input_reads_back() {
    tallyfy::group_input in;
    expect(!in.name() && !in.description() && !in.has_members() && !in.has_guests() && in.members().empty(),
           "a new input holds nothing");
    in.set_name("Ops").set_description("d").add_member(7).add_member(8).add_guest("a@b.co");
    std::optional<std::string> name = in.name();
    in.set_name("Dev");  // the copy read before stays whole
    expect(name == "Ops" && in.name() == "Dev", "name read back");
    expect(in.description() == "d" && in.members() == std::vector<uint64_t>{7, 8} &&
               in.guests() == std::vector<std::string>{"a@b.co"},
           "fields read back");
    in.set_description(std::nullopt);
    expect(!in.description() && in.to_json() == R"({"name":"Dev","members":[7,8],"guests":["a@b.co"]})",
           "std::nullopt unsets the description: " + in.to_json());
    in.clear_members();
    expect(in.has_members() && in.members().empty(), "cleared members are present and empty");
    tallyfy::group_input chained = tallyfy::group_input().set_name("x").add_guest("b@c.de");
    expect(chained.to_json() == R"({"name":"x","guests":["b@c.de"]})", "a temporary chain moves into a named input");
}

void moved_from_owners() {
    tallyfy::group g = tallyfy::parse_group(group_answer);
    tallyfy::group taken = std::move(g);
    expect(taken.id() == "g1", "moved-to group");
    expect(g.raw() == nullptr && g.id().empty() && g.name().empty() && g.guests().empty() && g.members().empty() &&
               !g.logo(),
           "moved-from group is empty");
    expect_refused("to_json of a moved-from group", [&] { (void)g.to_json(); }, TALLYFY_NULL_ARGUMENT, {});
    expect_refused("clone of a moved-from group", [&] { (void)g.clone(); }, TALLYFY_NULL_ARGUMENT, {});

    tallyfy::group_page page = tallyfy::parse_group_list(page_answer);
    tallyfy::group_page other = std::move(page);
    expect(other.len() == 2 && page.len() == 0 && page.groups().empty() && page.total() == 0,
           "moved-from page is empty");

    tallyfy::config cfg("token");
    tallyfy::request req = tallyfy::build_get_group(cfg, "org", "g1");
    tallyfy::request moved = std::move(req);
    expect(moved.url().size() > 0 && req.url().empty() && req.method().empty() && req.headers().empty() && !req.body(),
           "moved-from request is empty");

    tallyfy::group_input in;
    tallyfy::group_input in2 = std::move(in);
    expect_refused("set_name on a moved-from input", [&] { in.set_name("x"); }, TALLYFY_NULL_ARGUMENT, {});
    expect(!in.name() && in.guests().empty(), "moved-from input reads empty");
    expect_refused("validate a moved-from input", [&] { (void)tallyfy::validate_update_group(in); },
                   TALLYFY_NULL_ARGUMENT, {});

    tallyfy::call_options options;
    tallyfy::call_options options2 = std::move(options);
    expect_refused("set_max_pages on moved-from options", [&] { options.set_max_pages(1); }, TALLYFY_NULL_ARGUMENT,
                   {});

    tallyfy::call call = tallyfy::call_get_group(cfg, "org", "g1");
    tallyfy::call call2 = std::move(call);
    expect(call.next() == tallyfy::step::failed && !call.error() && !call.group() && call.request().raw() == nullptr,
           "a moved-from call fails at once, with nothing lent");
    expect_refused("answer to a moved-from call", [&] { call.answer(group_answer); }, TALLYFY_NULL_ARGUMENT, {});
    expect(call2.next() == tallyfy::step::send && call2.request().url().size() > 0, "moved-to call");

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
    expect(copy && copy->message() == std::string_view(copy->what()), "message() is what()");
    tallyfy::error assigned = *copy;
    copy.reset();
    expect(assigned.status() == 404 && assigned.request_id() == std::optional<std::string_view>("req-404"),
           "assigned copy outlives the others");
}

/// A server that echoes the access token: a parse error shows it as it came (the parser does not
/// know the token), redacted(cfg) takes it out of what(), the field errors and the request id,
/// keeping everything else; the original is unchanged.
void redacted_errors() {
    const std::string token = "zqTok-7f3a.x~9+Q";  // opaque: no credential heuristic matches it
    tallyfy::config cfg(token);
    auto shows_token = [&](const tallyfy::error &e) {
        std::string shown = std::string(e.what()) + std::string(e.request_id().value_or(""));
        for (const auto &f : e.field_errors()) shown += f.field + f.message;
        return shown.find(token) != std::string::npos;
    };
    try {
        std::string body = R"({"message":"token )" + token + R"( is invalid"})";
        tallyfy::parse_group({401, {{"X-Request-Id", "req-" + token}}, body});
        expect(false, "a 401 throws");
    } catch (const tallyfy::error &e) {
        expect(shows_token(e), "a parse error shows an echoed token until redacted");
        tallyfy::error clean = e.redacted(cfg);
        expect(!shows_token(clean), std::string("redacted: ") + clean.what());
        expect(std::string(clean.what()) == "token [redacted] is invalid", std::string("message: ") + clean.what());
        expect(clean.request_id() == std::optional<std::string_view>("req-[redacted]"), "request id redacted");
        expect(clean.code() == TALLYFY_UNAUTHORIZED && clean.status() == 401, "code and status kept");
        expect(shows_token(e), "the original is unchanged");
    }
    try {
        tallyfy::parse_delete_group({422, {}, R"({"message":"no","errors":{"name":[")" + token + R"( is taken"]}})"});
        expect(false, "a 422 throws");
    } catch (const tallyfy::error &e) {
        tallyfy::error clean = e.redacted(cfg);
        expect(clean.field_errors().size() == 1 && clean.field_errors()[0].message == "[redacted] is taken",
               "field error redacted");
    }
    tallyfy::config moved(std::move(cfg));
    try {
        tallyfy::parse_delete_group({404, {}, ""});
    } catch (const tallyfy::error &e) {
        expect_refused("redacted with a moved-from config", [&] { (void)e.redacted(cfg); }, TALLYFY_NULL_ARGUMENT,
                       {});
        expect(e.redacted(moved).code() == TALLYFY_NOT_FOUND, "redacted with the moved-to config");
    }
}

/// Headers cross as bytes: one the library does not read is never judged; one it reads must be
/// UTF-8, else TALLYFY_INVALID_UTF8 naming it.
void unread_headers_never_judged() {
    tallyfy::response answer = group_answer;
    answer.headers = {{"X-Served-By", "caf\xe9"}, {"caf\xe9-Header", "1"}, {"X-Request-Id", "req-1"}};
    tallyfy::group g = tallyfy::parse_group(answer);
    expect(g.name() == "Ops", "a valid answer with headers that are not UTF-8 parses");
    answer.headers.push_back({"retry-after", "\xff"});
    try {
        (void)tallyfy::parse_group(answer);
        expect(false, "a Retry-After that is not UTF-8 is refused");
    } catch (const tallyfy::error &e) {
        check_code_name(e);
        expect(e.code() == TALLYFY_INVALID_UTF8 && e.message().find("Retry-After") != std::string_view::npos,
               std::string("the refusal names the header: ") + e.what());
    }
}

/// Every string argument reaches the library whole, with its length: a U+0000 inside is judged
/// by the core alone. The wrapper's outcome is the C API's for the same bytes, and differs
/// from the outcome of the string cut at the NUL (which a NUL-terminated API would have sent).
void nul_goes_to_the_core() {
    auto config_outcome = [](std::string_view token, std::optional<std::string_view> base_url) {
        return outcome([&] {
            tallyfy::config cfg(token, base_url);
            tallyfy::request req = tallyfy::build_get_group(cfg, "org", "g1");
            return std::string(req.url()) + " " + std::string(req.headers()[0].second);
        });
    };
    auto c_config_outcome = [](std::string_view token, std::optional<std::string_view> base_url) {
        tallyfy_config *cfg = nullptr;
        tallyfy_error *err = nullptr;
        tallyfy_code code = tallyfy_config_new(c_str(token), base_url ? c_str(*base_url) : tallyfy_str{nullptr, 0},
                                               tallyfy_str{nullptr, 0}, &cfg, &err);
        std::string result;
        if (code == TALLYFY_OK) {
            tallyfy_request *req = nullptr;
            code = tallyfy_build_get_group(cfg, c_str("org"), c_str("g1"), &req, &err);
            if (code == TALLYFY_OK) {
                tallyfy_header auth = tallyfy_request_header_at(req, 0);
                result = std::string(text_of(tallyfy_request_url(req))) + " " +
                         std::string(text_of(auth.value));
            }
            tallyfy_request_free(req);
        }
        tallyfy_config_free(cfg);
        return c_outcome(code, err, result);
    };
    for (auto [token, base] : {std::pair{"tok\0en"sv, std::optional<std::string_view>()},
                               std::pair{"token"sv, std::optional<std::string_view>("http://127.0.0.1\0x"sv)}}) {
        std::string have = config_outcome(token, base);
        expect(have == c_config_outcome(token, base), "config: the C API's outcome: " + have);
        std::optional<std::string_view> cut_base;
        if (base) cut_base = base->substr(0, base->find('\0'));
        expect(have != config_outcome(token.substr(0, token.find('\0')), cut_base), "config: not cut: " + have);
    }

    tallyfy::config cfg("token");
    auto build_outcome = [&](std::string_view org, std::string_view group) {
        return outcome([&] {
            tallyfy::request req = tallyfy::build_delete_group(cfg, org, group);
            return std::string(req.url());
        });
    };
    auto c_build_outcome = [&](std::string_view org, std::string_view group) {
        tallyfy_request *req = nullptr;
        tallyfy_error *err = nullptr;
        tallyfy_code code = tallyfy_build_delete_group(cfg.raw(), c_str(org), c_str(group), &req, &err);
        std::string url = code == TALLYFY_OK ? std::string(text_of(tallyfy_request_url(req))) : "";
        tallyfy_request_free(req);
        return c_outcome(code, err, url);
    };
    for (auto [org, group] : {std::pair{"org\0/../../other"sv, "g1"sv}, std::pair{"org"sv, "g\0"sv}}) {
        std::string have = build_outcome(org, group);
        expect(have == c_build_outcome(org, group), "ids: the C API's outcome: " + have);
        expect(have != build_outcome(org.substr(0, org.find('\0')), group.substr(0, group.find('\0'))),
               "ids: not cut: " + have);
    }

    auto parse_outcome = [](const tallyfy::response &r) {
        return outcome([&] {
            tallyfy::group g = tallyfy::parse_group(r);
            return std::string(g.id());
        });
    };
    tallyfy::response echoed{200, {{"X-Request-Id", "r\0"s}}, group_answer.body};
    tallyfy_header h{c_str("X-Request-Id"), c_str("r\0"sv)};
    tallyfy_response c_answer{200, &h, 1, c_str(group_answer.body)};
    tallyfy_group *g = nullptr;
    tallyfy_error *err = nullptr;
    tallyfy_code code = tallyfy_parse_group(&c_answer, &g, &err);
    std::string c_have = c_outcome(code, err, code == TALLYFY_OK ? std::string(text_of(tallyfy_group_id(g))) : "");
    tallyfy_group_free(g);
    expect(parse_outcome(echoed) == c_have, "response header: the C API's outcome: " + c_have);

    // The setters: the core judges a U+0000 as the JSON path does.
    tallyfy::group_input in;
    in.set_name("abc\0def"s).set_description("x\0"s);
    in.add_guest("a@b.co");
    expect_refused("second guest", [&] { in.add_guest("b@c.co\0x"s); }, TALLYFY_INVALID_INPUT,
                   {{"guests.1", "invalid_email"}});
    expect(in.to_json() == R"({"name":"abc\u0000def","description":"x\u0000","guests":["a@b.co"]})",
           "U+0000 kept, nothing set by the refused calls: " + in.to_json());
    expect(in.name() == "abc\0def"s, "the name reads back whole");
    tallyfy::list_query query;
    query.set_q("a\0b"s);
    auto search = tallyfy::build_list_groups(cfg, "org", &query);
    expect(search.url() == "https://go.tallyfy.com/api/organizations/org/groups?q=a%00b",
           "q keeps U+0000: " + std::string(search.url()));
    // The JSON paths carry U+0000 as the core reads it (escaped), with their length.
    tallyfy::group_input from_json = tallyfy::group_input::from_json(R"({"name":"abc\u0000def"})");
    expect(from_json.to_json() == R"({"name":"abc\u0000def"})", "JSON keeps U+0000: " + from_json.to_json());
    // The guest index counts the guests the input holds, however they came.
    auto parsed = tallyfy::group_input::from_json(R"({"guests":["a@b.co","c@d.io"]})");
    expect_refused("third guest of an input read from JSON", [&] { parsed.add_guest("e@f.io\0"s); },
                   TALLYFY_INVALID_INPUT, {{"guests.2", "invalid_email"}});
    parsed.clear_guests();
    expect_refused("first guest after a clear", [&] { parsed.add_guest("x\0"s); }, TALLYFY_INVALID_INPUT,
                   {{"guests.0", "invalid_email"}});
    // Text that is not UTF-8 is refused with an error naming q; the query is unchanged.
    tallyfy::list_query searched;
    searched.set_q("ops");
    try {
        searched.set_q("ab\xff");
        expect(false, "q: invalid UTF-8 taken");
    } catch (const tallyfy::error &e) {
        check_code_name(e);
        expect(e.code() == TALLYFY_INVALID_UTF8 && e.message().find("q") != std::string_view::npos,
               std::string("q: invalid UTF-8 refused naming q: ") + e.what());
    }
    auto listed = tallyfy::build_list_groups(cfg, "org", &searched);
    expect(listed.url() == "https://go.tallyfy.com/api/organizations/org/groups?q=ops",
           "q unchanged: " + std::string(listed.url()));
}

/// An empty string view is an empty string, never "absent": even a default-constructed one
/// (whose data pointer is NULL) reaches the core as "", and gets the core's verdict for it.
void empty_is_not_absent() {
    auto have = outcome([] {
        tallyfy::config cfg{std::string_view()};
        return std::string("made");
    });
    auto c_have = [] {
        tallyfy_config *cfg = nullptr;
        tallyfy_error *err = nullptr;
        tallyfy_code code = tallyfy_config_new(c_str(""), tallyfy_str{nullptr, 0}, tallyfy_str{nullptr, 0}, &cfg, &err);
        tallyfy_config_free(cfg);
        return c_outcome(code, err, "made");
    }();
    expect(have == c_have && have.find("null_argument") == std::string::npos, "an empty token: " + have);
    tallyfy::config cfg("token");
    std::string org = outcome([&] {
        tallyfy::request r = tallyfy::build_get_group(cfg, std::string_view(), "g1");
        return std::string(r.url());
    });
    expect(org.find("org_id") != std::string::npos && org.find("null_argument") == std::string::npos,
           "an empty org_id is judged by the core: " + org);
    // An absent optional argument takes the default; a present empty one is judged.
    tallyfy::config defaults("token", std::nullopt, std::nullopt);
    tallyfy::request r = tallyfy::build_get_group(defaults, "org", "g1");
    expect(r.url() == "https://go.tallyfy.com/api/organizations/org/groups/g1", "no base URL: the default");
    std::string empty_base = outcome([] {
        tallyfy::config c("token", ""sv);
        return std::string("made");
    });
    expect(empty_base.find("base_url") != std::string::npos, "an empty base URL is judged: " + empty_base);
}

/// A server's string holding U+0000 reads whole.
void server_strings_keep_nul() {
    const tallyfy::response answer{200, {},
                                   R"({"data":{"id":"g\u0000","name":"a\u0000b","description":"\u0000","logo":"l\u0000",)"
                                   R"("guests":["x\u0000@y.z"],"created_at":"c\u0000","updated_at":"u\u0000"}})"};
    tallyfy::group g = tallyfy::parse_group(answer);
    expect(g.id() == "g\0"sv && g.name() == "a\0b"sv && g.description() == "\0"sv, "id, name, description keep U+0000");
    expect(g.logo() == "l\0"sv && g.created_at() == "c\0"sv && g.updated_at() == "u\0"sv, "logo and dates keep U+0000");
    expect(g.guests() == std::vector<std::string_view>{"x\0@y.z"sv}, "guests keep U+0000");
}

/// group::from_json reads back what to_json writes (U+0000 included), owned like any group; it
/// refuses a group the core refuses with every field error at once, and judges the bytes as
/// the C API does (a U+0000 byte in the text is not JSON; an empty view is empty text).
void group_from_json() {
    tallyfy::group parsed = tallyfy::parse_group(group_answer);
    tallyfy::group read = tallyfy::group::from_json(parsed.to_json());
    expect(read.to_json() == parsed.to_json() && read.id() == "g1" && read.members() == std::vector<uint64_t>{7, 8} &&
               read.guests() == std::vector<std::string_view>{"a@b.co"} && !read.logo(),
           "a group reads back from its JSON: " + read.to_json());
    std::optional<tallyfy::group> kept;
    {
        std::string text = R"({"id":"g\u0000","name":"a\u0000b","description":"","logo":null,"members":[0],)"
                           R"("guests":["x\u0000"],"createdAt":"c","updatedAt":null})";
        kept.emplace(tallyfy::group::from_json(text));
    }
    expect(kept->id() == "g\0"sv && kept->name() == "a\0b"sv && kept->guests() == std::vector<std::string_view>{"x\0"sv} &&
               kept->members() == std::vector<uint64_t>{0} && kept->created_at() == "c"sv && !kept->updated_at(),
           "the group owns its values (U+0000 kept), past the text it was read from");
    tallyfy::group_input changes;
    changes.set_name("Dev");
    expect(tallyfy::full_update(*kept, changes).to_json() == R"({"name":"Dev","members":[0],"guests":["x\u0000"]})",
           "a group read from JSON is a full update's current group");
    expect_refused("a group the core refuses",
                   [] {
                       (void)tallyfy::group::from_json(
                           R"({"id":"","name":7,"description":"","members":[-1,"7"],"guests":[null],"zeta":1})");
                   },
                   TALLYFY_INVALID_INPUT,
                   {{"id", "blank"},
                    {"name", "invalid_type"},
                    {"members.0", "out_of_range"},
                    {"members.1", "invalid_type"},
                    {"guests.0", "invalid_type"},
                    {"zeta", "unknown_field"}});
    for (std::string_view text : {""sv, std::string_view(), R"({"id":"g1"} x)"sv, "{\"id\":\"g\0\"}"sv}) {
        expect_refused("not a JSON group", [&] { (void)tallyfy::group::from_json(text); }, TALLYFY_INVALID_INPUT,
                       {{"group", "invalid_json"}});
        tallyfy_group *c_group = nullptr;
        tallyfy_error *err = nullptr;
        tallyfy_code code = tallyfy_group_from_json(c_str(text.data() != nullptr ? text : ""sv), &c_group, &err);
        auto read_id = [&] {
            tallyfy::group g = tallyfy::group::from_json(text);
            return std::string(g.id());
        };
        expect(outcome(read_id) == c_outcome(code, err, ""),
               "the C API's outcome for the same bytes");
        tallyfy_group_free(c_group);
    }
    expect_refused("an array", [] { (void)tallyfy::group::from_json("[]"); }, TALLYFY_INVALID_INPUT,
                   {{"group", "invalid_type"}});
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

/// The problems of a JSON input as an update body: reading it, then validating it.
std::vector<tallyfy::field_error> json_path(const std::string &json) {
    std::vector<tallyfy::field_error> read;
    auto problems = refusal([&] { read = tallyfy::validate_update_group(tallyfy::group_input::from_json(json)); });
    return problems.empty() ? read : problems;
}

/// Each setter refuses a value at once with the field error the JSON path gives for it (read
/// from the JSON path here, not copied), and leaves its object unchanged; a value the JSON path
/// takes is taken.
void setters_check_at_once() {
    const std::string long_name(201, 'n');
    const std::string longest_name(200, 'n');
    struct input_case {
        std::string what, json;
        void (*set)(tallyfy::group_input &, const std::string &);
        std::string value;
        bool refused;
    };
    auto name = [](tallyfy::group_input &in, const std::string &v) { in.set_name(v); };
    auto description = [](tallyfy::group_input &in, const std::string &v) { in.set_description(v); };
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
        auto want = json_path(c.json);
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
    auto page = [](tallyfy::list_query &q, const std::string &v) { q.set_page(static_cast<uint32_t>(std::stoul(v))); };
    auto per_page = [](tallyfy::list_query &q, const std::string &v) {
        q.set_per_page(static_cast<uint32_t>(std::stoul(v)));
    };
    auto sort_by = [](tallyfy::list_query &q, const std::string &v) { q.set_sort_by(v); };
    auto sort = [](tallyfy::list_query &q, const std::string &v) { q.set_sort(v); };
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

    // Rules that depend on the operation are checked when the request is built, all at once,
    // as validate_create_group() lists them.
    tallyfy::group_input in;
    in.add_member(7);
    try {
        (void)tallyfy::build_create_group(cfg, "org", in);
        expect(false, "a create without name and description is refused");
    } catch (const tallyfy::error &e) {
        expect(same(e.field_errors(), tallyfy::validate_create_group(in)) && e.field_errors().size() == 2,
               "build lists the required fields");
    }
    expect(tallyfy::validate_update_group(in).empty(), "an update with members is valid");
}

/// Reads tallyfy.h's enum tallyfy_code, which cbindgen generates from the Rust enum, into
/// header_codes; checks that it lists the codes 0 to N.
void read_header_codes(const char *header_path) {
    std::ifstream in(header_path);
    std::stringstream text;
    text << in.rdbuf();
    std::string header = text.str();
    std::size_t start = header.find("enum tallyfy_code {"), end = header.find('}', start);
    expect(in && start != std::string::npos && end != std::string::npos, "tallyfy.h has enum tallyfy_code");
    if (start == std::string::npos || end == std::string::npos) return;
    std::string body = header.substr(start, end - start);
    std::regex constant(R"(TALLYFY_([A-Z0-9_]+) = (\d+),)");
    int highest = -1;
    for (std::sregex_iterator it(body.begin(), body.end(), constant), last; it != last; ++it) {
        std::string name = (*it)[1];
        for (char &ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        int value = std::stoi((*it)[2]);
        highest = std::max(highest, value);
        header_codes[value] = name;
    }
    expect(!header_codes.empty() && static_cast<int>(header_codes.size()) == highest + 1,
           "tallyfy.h lists the codes 0 to N: " + std::to_string(header_codes.size()));
}

/// An error of every code the library gives, each with the code name of tallyfy.h.
void every_code_named() {
    std::vector<int> seen;
    auto parse = [&](int32_t status, std::string body) {
        try {
            tallyfy::parse_delete_group({status, {}, std::move(body)});
        } catch (const tallyfy::error &e) {
            check_code_name(e);
            seen.push_back(e.code());
        }
    };
    for (int32_t status : {400, 401, 403, 404, 422, 429, 500, 402}) parse(status, "{}");
    parse(99, "");                                                  // a status out of range: invalid input
    try {
        (void)tallyfy::parse_group({200, {}, "not json"});
    } catch (const tallyfy::error &e) {
        check_code_name(e);
        seen.push_back(e.code());
    }
    tallyfy::config cfg("token");
    tallyfy::config gone = std::move(cfg);
    try {
        (void)tallyfy::build_get_group(cfg, "org", "g1");
    } catch (const tallyfy::error &e) {
        check_code_name(e);
        seen.push_back(e.code());
    }
    try {
        (void)tallyfy::build_get_group(gone, "org\xff", "g1");
    } catch (const tallyfy::error &e) {
        check_code_name(e);
        seen.push_back(e.code());
    }
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    expect(seen == std::vector<int>{TALLYFY_INVALID_INPUT, TALLYFY_BAD_REQUEST, TALLYFY_UNAUTHORIZED,
                                    TALLYFY_FORBIDDEN, TALLYFY_NOT_FOUND, TALLYFY_VALIDATION_FAILED,
                                    TALLYFY_RATE_LIMITED, TALLYFY_SERVER_ERROR, TALLYFY_UNEXPECTED_STATUS,
                                    TALLYFY_MALFORMED_RESPONSE, TALLYFY_NULL_ARGUMENT, TALLYFY_INVALID_UTF8},
           "every code but panic and too_many_pages seen here (" + std::to_string(seen.size()) + ")");
}

/// A call driven by hand: the request it lends lives until the next next(); its results are
/// owned copies that outlive it.
void call_by_hand() {
    tallyfy::config cfg("tok_cpp_7", "https://api.example.com");
    std::optional<tallyfy::group> kept;
    std::optional<tallyfy::error> waited_for;
    {
        tallyfy::call c = tallyfy::call_get_group(cfg, "org1", "g1", nullptr);
        expect(c.next() == tallyfy::step::send, "first step: send");
        tallyfy::request_ref req = c.request();
        expect(req.url() == "https://api.example.com/organizations/org1/groups/g1" && req.idempotent(), "request");
        expect(c.trace().headers()[0].second == "Bearer [redacted]", "trace");
        expect(c.timeout_ms() == 30000 && c.max_answer_bytes() == 16u * 1024 * 1024, "the defaults");
        c.answer({503, {{"Retry-After", "1"}}, ""});
        expect(c.next() == tallyfy::step::wait && c.attempt() == 1 && c.delay_ms() == 1000, "wait: Retry-After");
        waited_for = c.error();
        expect(c.next() == tallyfy::step::send, "then send again");
        c.answer({200, {}, "{}"});  // taken: the call judges it
        std::optional<tallyfy::error> failed = c.next() == tallyfy::step::failed ? c.error() : std::nullopt;
        expect(failed && failed->code() == TALLYFY_MALFORMED_RESPONSE && !c.group(),
               "an answer of the wrong shape fails the call");
    }
    {
        tallyfy::call c = tallyfy::call_get_group(cfg, "org1", "g1", nullptr);
        expect(c.next() == tallyfy::step::send, "send");
        c.answer(group_answer);
        expect(c.next() == tallyfy::step::done && !c.page() && c.group_count() == 0 && !c.deleted(), "done: a group");
        kept = c.group();
        expect_refused("an answer when none is asked", [&] { c.answer(group_answer); }, TALLYFY_INVALID_INPUT,
                       {{"call", "invalid_value"}});
        try {
            (void)c.group_at(0);
            expect(false, "group_at of a get");
        } catch (const std::out_of_range &) {
            expect(true, "group_at of a get throws std::out_of_range");
        }
    }
    expect(kept && kept->id() == "g1" && kept->members() == std::vector<uint64_t>{7, 8}, "the group outlives its call");
    expect(waited_for && waited_for->code() == TALLYFY_SERVER_ERROR && waited_for->status() == 503,
           "the wait's error outlives its call");
    tallyfy::call c = tallyfy::call_delete_group(cfg, "org1", "g1", nullptr);
    expect(c.next() == tallyfy::step::send, "delete: send");
    c.no_answer(tallyfy::no_answer::timeout);
    expect(c.next() == tallyfy::step::unanswered && c.no_answer_kind() == tallyfy::no_answer::timeout && !c.deleted(),
           "a timeout is not retried");
    tallyfy::call_options options = tallyfy::call_options().set_timeout_ms(250).set_max_answer_bytes(64);
    expect_refused("max_pages 0", [&] { options.set_max_pages(0); }, TALLYFY_INVALID_INPUT,
                   {{"max_pages", "out_of_range"}});
    tallyfy::call with_options = tallyfy::call_list_groups(cfg, "org1", nullptr, &options);
    expect(with_options.next() == tallyfy::step::send && with_options.timeout_ms() == 250 &&
               with_options.max_answer_bytes() == 64,
           "a call takes its options");
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
    tallyfy::groups_client client(cfg, "org1", std::ref(s), record, tallyfy::call_options().set_random_seed(1));
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
    in.set_name("Ops").set_description("d");
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
    // update and list, each to its result.
    s = script{{tallyfy::response{200, {}, group_answer.body}, tallyfy::response{200, {}, page_answer.body}}, {}, 0};
    tallyfy::group updated = client.update("g1", tallyfy::group_input().set_name("Ops"));
    tallyfy::list_query query = tallyfy::list_query().set_per_page(10);
    tallyfy::group_page page = client.list(&query);
    expect(updated.id() == "g1" && page.len() == 2 && s.sent[1] == "https://api.example.com/organizations/org1/groups?per_page=10",
           "update and list");
    // An answer the library refuses ends the call with the library's error, not resent.
    s = script{{tallyfy::response{0, {}, ""}}, {}, 0};
    expect_refused("an answer with status 0", [&] { (void)client.get("g1"); }, TALLYFY_INVALID_INPUT,
                   {{"status", "out_of_range"}});
    expect(s.sent.size() == 1, "a refused answer is not resent");
    // The transport's own exception ends the call and passes through.
    s = script{};
    try {
        client.remove("g1");
        expect(false, "remove: the transport's exception");
    } catch (const std::logic_error &) {
        expect(s.sent.size() == 1, "remove: one exchange");
    }
    // An option's setter refuses an invalid value at once, and keeps the value it had.
    expect_refused("timeout_ms 0", [&] { client.options().set_timeout_ms(0); }, TALLYFY_INVALID_INPUT,
                   {{"timeout_ms", "out_of_range"}});
    expect_refused("max_answer_bytes 0", [&] { client.options().set_max_answer_bytes(0); }, TALLYFY_INVALID_INPUT,
                   {{"max_answer_bytes", "out_of_range"}});
    tallyfy::call kept = tallyfy::call_get_group(cfg, "org1", "g1", &client.options());
    expect(kept.next() == tallyfy::step::send && kept.timeout_ms() == 30000 &&
               kept.max_answer_bytes() == 16u * 1024 * 1024,
           "the values before the refusals kept");
    // Past max_pages, list_all fails rather than give a partial list.
    client.options().set_max_pages(1);
    s = script{{tallyfy::response{200, {}, page_of(1, 2)}}, {}, 0};
    expect_refused("max_pages", [&] { (void)client.list_all(); }, TALLYFY_TOO_MANY_PAGES, {});
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::cerr << "usage: " << argv[0] << " PATH/TO/tallyfy.h\n";
        return 2;
    }
    read_header_codes(argv[1]);
    expect(tallyfy::version() == TALLYFY_VERSION, "version() is the header's TALLYFY_VERSION");
    views_of_named_owners();
    owned_copies_outlive_their_source();
    input_reads_back();
    moved_from_owners();
    error_copies();
    redacted_errors();
    unread_headers_never_judged();
    nul_goes_to_the_core();
    empty_is_not_absent();
    server_strings_keep_nul();
    group_from_json();
    setters_check_at_once();
    every_code_named();
    call_by_hand();
    client_over_a_fake_transport();
    std::cout << "C++ safety: " << checks - failures << " passed, " << failures << " failed\n";
    return failures == 0 ? 0 : 1;
}
