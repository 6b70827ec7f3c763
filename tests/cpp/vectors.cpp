// Runs every case of the shared vectors through the C++ wrapper (tallyfy.hpp), with the same
// expectations as the core's own runner. Prints one line per failure and a closing
// "N passed, N failed" line.
//
// usage: vectors_cpp VECTOR_DIR
#include <cjson/cJSON.h>
#include <dirent.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "tallyfy.hpp"

namespace {

constexpr uint64_t DEFAULT_NOW = 1700000000;

/// A failed expectation of one case.
struct failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

void expect(bool ok, const std::string &what) {
    if (!ok) {
        throw failure(what);
    }
}

template <class A, class B>
void expect_eq(const A &have, const B &want, const std::string &what) {
    if (!(have == want)) {
        std::ostringstream text;
        text << what << ": have [" << have << "], want [" << want << "]";
        throw failure(text.str());
    }
}

const cJSON *get(const cJSON *object, const char *key) { return cJSON_GetObjectItemCaseSensitive(object, key); }

std::string str(const cJSON *object, const char *key) {
    const cJSON *item = get(object, key);
    expect(cJSON_IsString(item), std::string("`") + key + "` is a string");
    return item->valuestring;
}

std::optional<std::string> optional_str(const cJSON *object, const char *key) {
    const cJSON *item = get(object, key);
    return cJSON_IsString(item) ? std::optional<std::string>(item->valuestring) : std::nullopt;
}

double num(const cJSON *object, const char *key) {
    const cJSON *item = get(object, key);
    expect(cJSON_IsNumber(item), std::string("`") + key + "` is a number");
    return item->valuedouble;
}

/// `item` as a whole number of type T; fails the case for a value T cannot hold (never cut).
template <class T>
T whole_as(const cJSON *item, const std::string &what) {
    expect(cJSON_IsNumber(item), what + " is a number");
    double d = item->valuedouble;
    bool whole = d == std::floor(d) && d >= static_cast<double>(std::numeric_limits<T>::min()) &&
                 d < std::ldexp(1.0, std::numeric_limits<T>::digits);
    expect(whole, what + " fits the argument's type");
    return static_cast<T>(d);
}

/// JSON text of `value` with whole numbers written exactly (cJSON would print 2^53 - 1 as a
/// float in exponent form).
std::string json_text(const cJSON *value) {
    struct owned {
        cJSON *json;
        ~owned() { cJSON_Delete(json); }
    } copy{cJSON_Duplicate(value, 1)};
    std::vector<cJSON *> stack{copy.json};
    while (!stack.empty()) {
        cJSON *item = stack.back();
        stack.pop_back();
        for (cJSON *child = item->child, *next = nullptr; child != nullptr; child = next) {
            next = child->next;
            double d = child->valuedouble;
            if (cJSON_IsNumber(child) && d == std::floor(d) && std::fabs(d) < 9.3e18) {
                char text[32];
                std::snprintf(text, sizeof text, "%.0f", d);
                if (child->string != nullptr) {
                    cJSON_ReplaceItemInObjectCaseSensitive(item, child->string, cJSON_CreateRaw(text));
                } else {
                    cJSON_ReplaceItemViaPointer(item, child, cJSON_CreateRaw(text));
                }
            } else {
                stack.push_back(child);
            }
        }
    }
    char *text = cJSON_PrintUnformatted(copy.json);
    std::string out(text);
    cJSON_free(text);
    return out;
}

bool same_json(const std::string &text, const cJSON *want) {
    cJSON *have = cJSON_Parse(text.c_str());
    bool same = cJSON_Compare(have, want, 1);
    cJSON_Delete(have);
    return same;
}

std::string opt(const std::optional<std::string_view> &v) { return v ? std::string(*v) : "<none>"; }

std::string opt_json(const cJSON *v) { return cJSON_IsString(v) ? v->valuestring : "<none>"; }

void check_request(const tallyfy::request &req, const cJSON *want) {
    expect_eq(req.method(), str(want, "method"), "method");
    expect_eq(req.url(), str(want, "url"), "url");
    auto headers = req.headers();
    const cJSON *pairs = get(want, "headers");
    expect_eq(headers.size(), static_cast<std::size_t>(cJSON_GetArraySize(pairs)), "header count");
    for (std::size_t i = 0; i < headers.size(); i++) {
        const cJSON *pair = cJSON_GetArrayItem(pairs, static_cast<int>(i));
        expect_eq(headers[i].first, std::string(cJSON_GetArrayItem(pair, 0)->valuestring), "header name");
        expect_eq(headers[i].second, std::string(cJSON_GetArrayItem(pair, 1)->valuestring), "header value");
    }
    expect_eq(opt(req.body()), opt_json(get(want, "body")), "body");
}

/// Whether a field error of a vector is one that reading an input from JSON cannot find: an
/// argument's (org_id, ...) or the operation's (an update that changes nothing).
bool found_by_the_operation(const cJSON *field) {
    std::string name = str(field, "field");
    for (const char *argument : {"org_id", "group_id", "access_token", "base_url", "client_header"}) {
        if (name == argument) return true;
    }
    return str(field, "code") == "no_changes";
}

/// The field errors are `want` ({field, code[, message]}) in order; with `read_only` (the
/// error of reading the input, which ends a build before its operation), only those that
/// reading the input finds.
void check_fields(const std::vector<tallyfy::field_error> &have, const cJSON *want, bool with_messages,
                  bool read_only = false) {
    std::vector<const cJSON *> wanted;
    const cJSON *item = nullptr;
    cJSON_ArrayForEach(item, want) {
        if (!(read_only && found_by_the_operation(item))) wanted.push_back(item);
    }
    expect_eq(have.size(), wanted.size(), "field error count");
    for (std::size_t i = 0; i < have.size(); i++) {
        const cJSON *field = wanted[i];
        expect_eq(have[i].field, str(field, "field"), "field");
        expect_eq(have[i].code, str(field, "code"), "field code");
        expect(!have[i].message.empty(), "field message");
        if (with_messages && get(field, "message") != nullptr) {
            expect_eq(have[i].message, str(field, "message"), "field message");
        }
    }
}

tallyfy::config make_config(const cJSON *c) {
    const cJSON *config = get(c, "config");
    return tallyfy::config(str(config, "accessToken"), optional_str(config, "baseUrl"),
                           optional_str(config, "clientHeader"));
}

std::optional<tallyfy::list_query> make_query(const cJSON *c) {
    if (get(c, "query") == nullptr) {
        return std::nullopt;
    }
    return tallyfy::list_query::from_json(json_text(get(c, "query")));
}

/// The case's request; a create or update reads its input from JSON first, whose refusal
/// ends the build (`read_only` says so).
tallyfy::request build(const cJSON *c, bool &read_only) {
    tallyfy::config cfg = make_config(c);
    std::string op = str(c, "op");
    std::string org = str(c, "orgId");
    if (op == "build_get") return tallyfy::build_get_group(cfg, org, str(c, "groupId"));
    if (op == "build_delete") return tallyfy::build_delete_group(cfg, org, str(c, "groupId"));
    if (op == "build_list") {
        auto query = make_query(c);
        return tallyfy::build_list_groups(cfg, org, query ? &*query : nullptr);
    }
    read_only = true;
    auto input = tallyfy::group_input::from_json(json_text(get(c, "input")));
    read_only = false;
    if (op == "build_create") return tallyfy::build_create_group(cfg, org, input);
    return tallyfy::build_update_group(cfg, org, str(c, "groupId"), input);
}

void check_build(const cJSON *c) {
    const cJSON *expect_json = get(c, "expect");
    bool read_only = false;
    try {
        tallyfy::request req = build(c, read_only);
        expect(get(expect_json, "error") == nullptr, "an error was expected");
        check_request(req, get(expect_json, "request"));
    } catch (const tallyfy::error &e) {
        const cJSON *want = get(expect_json, "error");
        expect(want != nullptr, std::string("unexpected error: ") + e.what());
        expect_eq(e.code_name(), str(want, "code"), "code");
        expect(e.code() == TALLYFY_INVALID_INPUT, "code value");
        expect(!e.status().has_value(), "no status");
        check_fields(e.field_errors(), get(want, "fieldErrors"), false, read_only);
    }
}

/// The problems of a JSON input as a create (or update) body: those of reading it
/// (group_input::from_json; `*read_only` then says so), else those of the input read.
std::vector<tallyfy::field_error> validate_json(bool create, const std::string &json, bool *read_only = nullptr) {
    std::optional<tallyfy::group_input> input;
    try {
        input.emplace(tallyfy::group_input::from_json(json));
    } catch (const tallyfy::error &e) {
        expect_eq(e.code_name(), std::string("invalid_input"), "from_json refusal code");
        if (read_only != nullptr) *read_only = true;
        return e.field_errors();
    }
    return create ? tallyfy::validate_create_group(*input) : tallyfy::validate_update_group(*input);
}

void check_validate(const cJSON *c) {
    bool read_only = false;
    auto problems = validate_json(str(c, "op") == "validate_create", json_text(get(c, "input")), &read_only);
    check_fields(problems, get(get(c, "expect"), "fieldErrors"), false, read_only);
}

// ---- The setters against the JSON path ------------------------------------------------------
//
// A case whose input the setters can express (known keys; strings; whole numbers in the
// setter's range; lists of those) is also given value by value through the setters. Each call
// must refuse exactly what the JSON path refuses for the same value in the same place (the
// accepted values before it), with the same field errors (field, code and message); a refused
// value is left out, as the setter leaves the object unchanged.

/// Cases run through the setters as well.
int setter_cases = 0;

bool whole_in(const cJSON *v, double max) {
    return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble == std::floor(v->valuedouble) &&
           v->valuedouble <= max;
}

/// What a setter takes: one text, one number, or a list of either.
enum class kind { text, number, texts, numbers };

bool of_kind(const cJSON *v, kind k, double max) {
    if (k == kind::text) return cJSON_IsString(v);
    if (k == kind::number) return whole_in(v, max);
    if (!cJSON_IsArray(v)) return false;
    const cJSON *element = nullptr;
    cJSON_ArrayForEach(element, v) {
        if (!of_kind(element, k == kind::texts ? kind::text : kind::number, max)) return false;
    }
    return true;
}

/// Whether every key of `object` is in `keys` and its value is null or of the key's kind
/// (numbers whole, from 0 to `max`).
bool expressible(const cJSON *object, std::initializer_list<std::pair<std::string_view, kind>> keys, double max) {
    if (!cJSON_IsObject(object)) return false;
    const cJSON *item = nullptr;
    cJSON_ArrayForEach(item, object) {
        auto key = std::find_if(keys.begin(), keys.end(), [&](const auto &k) { return k.first == item->string; });
        if (key == keys.end() || !(cJSON_IsNull(item) || of_kind(item, key->second, max))) return false;
    }
    return true;
}

/// The field errors `f` throws as tallyfy::error (none when it returns).
template <class F>
std::vector<tallyfy::field_error> refusal(F f) {
    try {
        f();
        return {};
    } catch (const tallyfy::error &e) {
        expect_eq(e.code_name(), std::string("invalid_input"), "refusal code");
        expect(!e.field_errors().empty(), "a refusal names its field");
        return e.field_errors();
    }
}

std::string describe(const std::vector<tallyfy::field_error> &errors) {
    std::string out;
    for (const auto &e : errors) out += (out.empty() ? "" : "; ") + e.field + " " + e.code + " \"" + e.message + "\"";
    return out;
}

void expect_same_errors(const std::vector<tallyfy::field_error> &have, const std::vector<tallyfy::field_error> &want,
                        const std::string &what) {
    bool same = have.size() == want.size() &&
                std::equal(have.begin(), have.end(), want.begin(), [](const auto &a, const auto &b) {
                    return a.field == b.field && a.code == b.code && a.message == b.message;
                });
    if (!same) throw failure(what + ": setter [" + describe(have) + "], JSON path [" + describe(want) + "]");
}

/// `{"key": value}` as JSON text.
std::string one_key(const char *key, const cJSON *value) {
    cJSON *object = cJSON_CreateObject();
    cJSON_AddItemToObject(object, key, cJSON_Duplicate(value, 1));
    std::string text = json_text(object);
    cJSON_Delete(object);
    return text;
}

/// Gives each value of `key` in `source` to `set`, comparing each call with `json_path` on
/// `{"key": value}` (for a list: the accepted elements and this one); a list is first made
/// present and empty by `present`. Returns the refusals.
template <class Set, class JsonPath, class Present = void (*)()>
std::vector<tallyfy::field_error> through_setters(const cJSON *source, const char *key, Set set, JsonPath json_path,
                                                  Present present = [] {}) {
    std::vector<tallyfy::field_error> refused;
    const cJSON *value = get(source, key);
    if (value == nullptr || cJSON_IsNull(value)) return refused;
    if (!cJSON_IsArray(value)) {
        auto have = refusal([&] { set(value); });
        expect_same_errors(have, json_path(one_key(key, value)), key);
        refused.insert(refused.end(), have.begin(), have.end());
        return refused;
    }
    present();
    cJSON *accepted = cJSON_CreateArray();
    const cJSON *element = nullptr;
    cJSON_ArrayForEach(element, value) {
        cJSON_AddItemToArray(accepted, cJSON_Duplicate(element, 1));
        std::string json = one_key(key, accepted);
        auto want = json_path(json);
        auto have = refusal([&] { set(element); });
        if (!have.empty()) cJSON_DeleteItemFromArray(accepted, cJSON_GetArraySize(accepted) - 1);
        try {
            expect_same_errors(have, want, json);
        } catch (...) {
            cJSON_Delete(accepted);
            throw;
        }
        refused.insert(refused.end(), have.begin(), have.end());
    }
    cJSON_Delete(accepted);
    return refused;
}

uint64_t whole(const cJSON *v) { return static_cast<uint64_t>(v->valuedouble); }

std::string list_of(const std::string &field) { return field.substr(0, field.find('.')); }

/// Whether the refusals are the case's expected field errors `want`: the first one exactly
/// (field and code); a later one in a list may stand at a smaller index, since a refused
/// element is not added, so its list and code are compared.
void expect_expected(const std::vector<tallyfy::field_error> &refused, const cJSON *want) {
    for (std::size_t i = 0; i < refused.size(); i++) {
        bool found = false;
        const cJSON *item = nullptr;
        cJSON_ArrayForEach(item, want) {
            std::string field = str(item, "field");
            found = found || (refused[i].code == str(item, "code") &&
                              (i == 0 ? refused[i].field == field : list_of(refused[i].field) == list_of(field)));
        }
        expect(found, "the vector expects " + refused[i].field + " " + refused[i].code);
    }
}

/// A validate case's input through tallyfy::group_input's setters.
void check_input_setters(const cJSON *c) {
    const cJSON *input = get(c, "input");
    if (!expressible(input,
                     {{"name", kind::text}, {"description", kind::text}, {"members", kind::numbers}, {"guests", kind::texts}},
                     18446744073709549568.0)) return;
    setter_cases++;
    tallyfy::group_input in;
    auto json_path = [](const std::string &json) { return validate_json(false, json); };
    std::vector<tallyfy::field_error> refused;
    for (auto part : {through_setters(input, "name", [&](const cJSON *v) { in.set_name(v->valuestring); }, json_path),
                      through_setters(input, "description", [&](const cJSON *v) { in.set_description(v->valuestring); },
                                      json_path),
                      through_setters(input, "members", [&](const cJSON *v) { in.add_member(whole(v)); }, json_path,
                                      [&] { in.clear_members(); }),
                      through_setters(input, "guests", [&](const cJSON *v) { in.add_guest(v->valuestring); }, json_path,
                                      [&] { in.clear_guests(); })}) {
        refused.insert(refused.end(), part.begin(), part.end());
    }
    // Against the vector: the setters refuse when it expects a problem with a given field,
    // and each refusal is one it expects.
    const cJSON *want = get(get(c, "expect"), "fieldErrors");
    bool given_field_refused = false;
    const cJSON *item = nullptr;
    cJSON_ArrayForEach(item, want) {
        std::string field = str(item, "field");
        const cJSON *value = get(input, list_of(field).c_str());
        given_field_refused = given_field_refused || (value != nullptr && !cJSON_IsNull(value));
    }
    expect(refused.empty() != given_field_refused, "setters refuse exactly when the vector expects a given field refused");
    expect_expected(refused, want);
    if (refused.empty()) {
        expect_eq(in.to_json(), tallyfy::group_input::from_json(json_text(input)).to_json(), "setters build the input");
    }
}

/// A list case's query through tallyfy::list_query's setters.
void check_query_setters(const cJSON *c) {
    const cJSON *query = get(c, "query");
    if (!expressible(query,
                     {{"q", kind::text}, {"page", kind::number}, {"perPage", kind::number}, {"sortBy", kind::text},
                      {"sort", kind::text}, {"with", kind::texts}},
                     4294967295.0)) return;
    setter_cases++;
    tallyfy::list_query q;
    auto json_path = [](const std::string &json) {
        return refusal([&] { tallyfy::list_query::from_json(json); });
    };
    std::vector<tallyfy::field_error> refused;
    for (auto part : {
             through_setters(query, "q", [&](const cJSON *v) { q.set_q(v->valuestring); }, json_path),
             through_setters(query, "page", [&](const cJSON *v) { q.set_page(static_cast<uint32_t>(whole(v))); }, json_path),
             through_setters(query, "perPage", [&](const cJSON *v) { q.set_per_page(static_cast<uint32_t>(whole(v))); },
                             json_path),
             through_setters(query, "sortBy", [&](const cJSON *v) { q.set_sort_by(v->valuestring); }, json_path),
             through_setters(query, "sort", [&](const cJSON *v) { q.set_sort(v->valuestring); }, json_path),
             through_setters(query, "with", [&](const cJSON *v) { q.add_with(v->valuestring); }, json_path)}) {
        refused.insert(refused.end(), part.begin(), part.end());
    }
    const cJSON *error = get(get(c, "expect"), "error");
    expect(refused.empty() == (error == nullptr), "setters refuse exactly when the vector expects an error");
    expect_expected(refused, get(error, "fieldErrors"));
    if (refused.empty()) {
        tallyfy::request req = tallyfy::build_list_groups(make_config(c), str(c, "orgId"), &q);
        check_request(req, get(get(c, "expect"), "request"));
    }
}

template <class G>
void check_group(const G &g, const cJSON *want) {
    expect_eq(g.id(), str(want, "id"), "id");
    expect_eq(g.name(), str(want, "name"), "name");
    expect_eq(g.description(), str(want, "description"), "description");
    expect_eq(opt(g.logo()), opt_json(get(want, "logo")), "logo");
    expect_eq(opt(g.created_at()), opt_json(get(want, "createdAt")), "createdAt");
    expect_eq(opt(g.updated_at()), opt_json(get(want, "updatedAt")), "updatedAt");
    auto members = g.members();
    expect_eq(members.size(), static_cast<std::size_t>(cJSON_GetArraySize(get(want, "members"))), "member count");
    for (std::size_t i = 0; i < members.size(); i++) {
        expect(static_cast<double>(members[i]) ==
                   cJSON_GetArrayItem(get(want, "members"), static_cast<int>(i))->valuedouble,
               "member " + std::to_string(i));
    }
    auto guests = g.guests();
    expect_eq(guests.size(), static_cast<std::size_t>(cJSON_GetArraySize(get(want, "guests"))), "guest count");
    for (std::size_t i = 0; i < guests.size(); i++) {
        expect_eq(guests[i], std::string(cJSON_GetArrayItem(get(want, "guests"), static_cast<int>(i))->valuestring),
                  "guest");
    }
    expect(same_json(g.to_json(), want), "to_json");
}

void check_error(const cJSON *c, const tallyfy::error &e);
void check_page(const tallyfy::group_page &page, const cJSON *want);

void check_parse(const cJSON *c) {
    const cJSON *r = get(c, "response");
    const cJSON *expect_json = get(c, "expect");
    tallyfy::response answer;
    answer.status = whole_as<int32_t>(get(r, "status"), "status");
    answer.body = str(r, "body");
    const cJSON *pair = nullptr;
    cJSON_ArrayForEach(pair, get(r, "headers")) {
        answer.headers.emplace_back(cJSON_GetArrayItem(pair, 0)->valuestring, cJSON_GetArrayItem(pair, 1)->valuestring);
    }
    std::string op = str(c, "op");
    try {
        if (op == "parse_group") {
            tallyfy::group group = tallyfy::parse_group(answer);
            check_group(group, get(expect_json, "group"));
        } else if (op == "parse_group_list") {
            tallyfy::group_page page = tallyfy::parse_group_list(answer);
            check_page(page, get(expect_json, "page"));
        } else {
            tallyfy::parse_delete_group(answer);
            expect(cJSON_IsTrue(get(expect_json, "ok")), "ok");
        }
        expect(get(expect_json, "error") == nullptr, "an error was expected");
    } catch (const tallyfy::error &e) {
        check_error(c, e);
    }
}

/// `e` is the case's `expect.error`.
void check_error(const cJSON *c, const tallyfy::error &e) {
    const cJSON *want = get(get(c, "expect"), "error");
    expect(want != nullptr, std::string("unexpected error: ") + e.what());
    expect_eq(e.code_name(), str(want, "code"), "code");
    const cJSON *status = get(want, "status");
    expect_eq(e.status().value_or(0), cJSON_IsNumber(status) ? status->valueint : 0, "status");
    std::string message = e.what();
    if (get(want, "message") != nullptr) expect_eq(message, str(want, "message"), "message");
    const cJSON *excluded = nullptr;
    cJSON_ArrayForEach(excluded, get(want, "messageExcludes")) {
        expect(message.find(excluded->valuestring) == std::string::npos, "message excludes");
    }
    if (get(want, "fieldErrors") != nullptr) check_fields(e.field_errors(), get(want, "fieldErrors"), true);
    if (const cJSON *retry = get(want, "retryAfterSeconds")) {
        uint64_t now = get(c, "now") != nullptr ? static_cast<uint64_t>(num(c, "now")) : DEFAULT_NOW;
        auto seconds = e.retry_after_seconds_at(now);
        expect_eq(seconds.value_or(-1), cJSON_IsNumber(retry) ? static_cast<int64_t>(retry->valuedouble) : -1,
                  "retryAfterSeconds");
    }
    if (const cJSON *id = get(want, "requestId")) expect_eq(opt(e.request_id()), opt_json(id), "requestId");
}

void check_policy(const cJSON *c) {
    std::string op = str(c, "op");
    const cJSON *want = get(c, "expect");
    if (op == "full_update") {
        tallyfy::group current = tallyfy::group::from_json(json_text(get(c, "current")));
        expect(same_json(current.to_json(), get(c, "current")), "the current group reads back");
        auto changes = tallyfy::group_input::from_json(json_text(get(c, "changes")));
        expect(same_json(tallyfy::full_update(current, changes).to_json(), get(want, "input")), "full body");
    } else {
        throw failure("unknown op " + op);
    }
}

/// A page of the C++ API is the vector's `page`.
void check_page(const tallyfy::group_page &page, const cJSON *want) {
    expect(want != nullptr, "a page");
    expect_eq(page.len(), static_cast<std::size_t>(cJSON_GetArraySize(get(want, "groups"))), "page size");
    for (std::size_t i = 0; i < page.len(); i++) {
        check_group(page.get(i), cJSON_GetArrayItem(get(want, "groups"), static_cast<int>(i)));
    }
    const cJSON *p = get(want, "pagination");
    expect(page.total() == num(p, "total") && page.count() == num(p, "count") &&
               page.per_page() == num(p, "perPage") && page.current_page() == num(p, "currentPage") &&
               page.total_pages() == num(p, "totalPages"),
           "pagination");
}

/// The case's call options, read through the setters (a case without randomSeed gets 0, as in
/// the core's runner). Each setter checks its value at once: the field errors of every refusal
/// go to `refused`, and the options keep the values taken.
tallyfy::call_options make_options(const cJSON *c, std::vector<tallyfy::field_error> &refused) {
    tallyfy::call_options options;
    options.set_random_seed(0);
    const cJSON *item = nullptr;
    cJSON_ArrayForEach(item, get(c, "options")) {
        std::string key = item->string;
        auto set = [&](auto setter) {
            try {
                setter();
            } catch (const tallyfy::error &e) {
                expect_eq(e.code_name(), std::string("invalid_input"), key + " refusal code");
                refused.insert(refused.end(), e.field_errors().begin(), e.field_errors().end());
            }
        };
        if (key == "timeoutMs") {
            set([&] { options.set_timeout_ms(whole_as<uint32_t>(item, key)); });
        } else if (key == "maxAnswerBytes") {
            set([&] { options.set_max_answer_bytes(whole_as<uint64_t>(item, key)); });
        } else if (key == "maxPages") {
            set([&] { options.set_max_pages(whole_as<uint32_t>(item, key)); });
        } else if (key == "randomSeed") {
            set([&] { options.set_random_seed(whole_as<uint64_t>(item, key)); });
        } else {
            throw failure("unknown option " + key);
        }
    }
    return options;
}

/// Options the setters refused are the case's expected error: invalid input, no status, and
/// exactly its field errors (messages included), all refused before anything is sent.
void check_refused_options(const cJSON *c, const std::vector<tallyfy::field_error> &refused) {
    const cJSON *want = get(get(c, "expect"), "error");
    expect(want != nullptr, "options refused: " + refused.front().field + " " + refused.front().message);
    expect_eq(str(want, "code"), std::string("invalid_input"), "code");
    expect(cJSON_IsNull(get(want, "status")), "no status");
    expect(get(want, "message") == nullptr, "the refusals of several setters have no one message");
    check_fields(refused, get(want, "fieldErrors"), true);
    expect_eq(cJSON_GetArraySize(get(c, "steps")), 0, "nothing sent");
}

tallyfy::no_answer no_answer_of(const std::string &name) {
    for (auto kind : {tallyfy::no_answer::not_delivered, tallyfy::no_answer::timeout, tallyfy::no_answer::too_large}) {
        if (tallyfy::no_answer_name(kind) == name) return kind;
    }
    throw failure("unknown no-answer kind " + name);
}

/// The script of a call case: each exchange and each wait the call gives must be its next
/// step, and the call must end with the script.
struct script {
    const cJSON *steps;
    int next = 0;

    const cJSON *step(const char *kind) {
        const cJSON *s = cJSON_GetArrayItem(steps, next++);
        expect(s != nullptr && get(s, kind) != nullptr, std::string("the script's next step is a ") + kind);
        return s;
    }

    /// Checks an exchange against the next step, a send, and returns its answer.
    tallyfy::answer send(tallyfy::request_ref request, tallyfy::request_ref trace, uint64_t timeout_ms,
                         uint64_t max_answer_bytes) {
        const cJSON *s = step("send");
        const cJSON *send = get(s, "send");
        expect_eq(request.method(), str(send, "method"), "method");
        expect_eq(request.url(), str(send, "url"), "url");
        expect(static_cast<double>(timeout_ms) == num(send, "timeoutMs"), "timeoutMs");
        expect(static_cast<double>(max_answer_bytes) == num(send, "maxAnswerBytes"), "maxAnswerBytes");
        expect_eq(trace.method(), str(send, "method"), "trace method");
        expect_eq(trace.url(), optional_str(send, "traceUrl").value_or(str(send, "url")), "traceUrl");
        expect(request.idempotent() == (str(send, "method") != "POST"), "idempotent");
        int authorizations = 0;
        for (const auto &header : trace.headers()) {
            if (header.first == "Authorization") {
                expect_eq(header.second, std::string("Bearer [redacted]"), "trace Authorization");
                authorizations++;
            }
        }
        expect_eq(authorizations, 1, "Authorization headers");
        if (auto kind = optional_str(s, "noAnswer")) return no_answer_of(*kind);
        const cJSON *a = get(s, "answer");
        tallyfy::response r;
        r.status = whole_as<int32_t>(get(a, "status"), "status");
        r.body = str(a, "body");
        const cJSON *pair = nullptr;
        cJSON_ArrayForEach(pair, get(a, "headers")) {
            r.headers.emplace_back(cJSON_GetArrayItem(pair, 0)->valuestring, cJSON_GetArrayItem(pair, 1)->valuestring);
        }
        return r;
    }

    /// Checks a wait against the next step, a wait; `reason` is an error code or no-answer kind.
    void wait(uint64_t delay_ms, uint32_t attempt, const std::string &reason) {
        const cJSON *wait = get(step("wait"), "wait");
        expect(static_cast<double>(delay_ms) == num(wait, "delayMs"), "delayMs " + std::to_string(delay_ms));
        expect(attempt == num(wait, "attempt"), "attempt");
        expect_eq(reason, str(wait, "reason"), "reason");
    }

    void ended() const { expect_eq(next, cJSON_GetArraySize(steps), "steps taken"); }
};

/// The groups of a list-all call are the case's `expect.groups`.
void check_groups(const std::vector<tallyfy::group> &groups, const cJSON *want) {
    expect(want != nullptr, "groups");
    expect_eq(groups.size(), static_cast<std::size_t>(cJSON_GetArraySize(want)), "group count");
    for (std::size_t i = 0; i < groups.size(); i++) {
        check_group(groups[i], cJSON_GetArrayItem(want, static_cast<int>(i)));
    }
}

/// Runs the case's script through a tallyfy::groups_client: its transport and its sleep take
/// the script's steps in order, and the script must end with the call.
void call_through_client(const cJSON *c) {
    const cJSON *expect_json = get(c, "expect");
    script s{get(c, "steps")};
    auto transport = [&](const tallyfy::exchange &x) {
        return s.send(x.request, x.trace, static_cast<uint64_t>(x.timeout.count()), x.max_answer_bytes);
    };
    auto sleep = [&](const tallyfy::retry &r) {
        s.wait(static_cast<uint64_t>(r.delay.count()), r.attempt,
               std::holds_alternative<tallyfy::error>(r.reason)
                   ? std::string(std::get<tallyfy::error>(r.reason).code_name())
                   : std::string(tallyfy::no_answer_name(std::get<tallyfy::no_answer>(r.reason))));
    };
    std::vector<tallyfy::field_error> refused;
    tallyfy::call_options options = make_options(c, refused);
    if (!refused.empty()) return check_refused_options(c, refused);
    tallyfy::config cfg = make_config(c);
    tallyfy::groups_client client(cfg, str(c, "orgId"), transport, sleep, std::move(options));
    std::string operation = str(c, "operation");
    try {
        if (operation == "create_group" || operation == "update_group") {
            auto input = tallyfy::group_input::from_json(json_text(get(c, "input")));
            tallyfy::group group =
                operation == "create_group" ? client.create(input) : client.update(str(c, "groupId"), input);
            check_group(group, get(expect_json, "group"));
        } else if (operation == "get_group") {
            tallyfy::group group = client.get(str(c, "groupId"));
            check_group(group, get(expect_json, "group"));
        } else if (operation == "list_groups") {
            auto query = make_query(c);
            tallyfy::group_page page = client.list(query ? &*query : nullptr);
            check_page(page, get(expect_json, "page"));
        } else if (operation == "list_all_groups") {
            auto query = make_query(c);
            check_groups(client.list_all(query ? &*query : nullptr), get(expect_json, "groups"));
        } else if (operation == "delete_group") {
            client.remove(str(c, "groupId"));
            expect(cJSON_IsTrue(get(expect_json, "deleted")), "deleted");
        } else {
            throw failure("unknown operation " + operation);
        }
        expect(get(expect_json, "error") == nullptr && get(expect_json, "unanswered") == nullptr,
               "the call succeeded where the case expects it to fail");
    } catch (const tallyfy::error &e) {
        check_error(c, e);
    } catch (const tallyfy::unanswered &e) {
        expect_eq(std::string(tallyfy::no_answer_name(e.kind())), str(expect_json, "unanswered"), "unanswered");
    }
    s.ended();
}

/// The call of the case's operation and arguments.
tallyfy::call start_call(const cJSON *c, const tallyfy::config &cfg, const tallyfy::call_options &options) {
    std::string operation = str(c, "operation");
    std::string org = str(c, "orgId");
    if (operation == "create_group" || operation == "update_group") {
        auto input = tallyfy::group_input::from_json(json_text(get(c, "input")));
        return operation == "create_group" ? tallyfy::call_create_group(cfg, org, input, &options)
                                           : tallyfy::call_update_group(cfg, org, str(c, "groupId"), input, &options);
    }
    if (operation == "get_group") return tallyfy::call_get_group(cfg, org, str(c, "groupId"), &options);
    if (operation == "delete_group") return tallyfy::call_delete_group(cfg, org, str(c, "groupId"), &options);
    auto query = make_query(c);
    if (operation == "list_groups") return tallyfy::call_list_groups(cfg, org, query ? &*query : nullptr, &options);
    if (operation == "list_all_groups") {
        return tallyfy::call_list_all_groups(cfg, org, query ? &*query : nullptr, &options);
    }
    throw failure("unknown operation " + operation);
}

/// Runs the case's script through tallyfy::call by hand: each step next() gives is the
/// script's next one, and the done step lends exactly the operation's result.
void call_by_hand(const cJSON *c) {
    const cJSON *expect_json = get(c, "expect");
    std::string operation = str(c, "operation");
    script s{get(c, "steps")};
    std::vector<tallyfy::field_error> refused;
    tallyfy::call_options options = make_options(c, refused);
    if (!refused.empty()) return check_refused_options(c, refused);
    tallyfy::config cfg = make_config(c);
    try {
        tallyfy::call call = start_call(c, cfg, options);
        for (bool ended = false; !ended;) {
            switch (call.next()) {
                case tallyfy::step::send: {
                    tallyfy::answer a = s.send(call.request(), call.trace(), call.timeout_ms(), call.max_answer_bytes());
                    if (auto *r = std::get_if<tallyfy::response>(&a)) {
                        call.answer(*r);
                    } else {
                        call.no_answer(std::get<tallyfy::no_answer>(a));
                    }
                    break;
                }
                case tallyfy::step::wait: {
                    auto reason = call.error();
                    s.wait(call.delay_ms(), call.attempt(),
                           reason ? std::string(reason->code_name())
                                  : std::string(tallyfy::no_answer_name(call.no_answer_kind())));
                    break;
                }
                case tallyfy::step::done: {
                    bool single = operation == "create_group" || operation == "get_group" || operation == "update_group";
                    expect(call.group().has_value() == single, "a group exactly for create, get and update");
                    expect(call.page().has_value() == (operation == "list_groups"), "a page exactly for list");
                    expect(call.deleted() == (operation == "delete_group"), "deleted exactly for delete");
                    expect(!call.error().has_value(), "no error when done");
                    if (single) check_group(*call.group(), get(expect_json, "group"));
                    if (operation == "list_groups") check_page(*call.page(), get(expect_json, "page"));
                    if (operation == "list_all_groups") {
                        check_groups(call.groups(), get(expect_json, "groups"));
                    } else {
                        expect_eq(call.group_count(), std::size_t{0}, "no groups but for list-all");
                    }
                    expect(get(expect_json, "error") == nullptr && get(expect_json, "unanswered") == nullptr,
                           "the call succeeded where the case expects it to fail");
                    ended = true;
                    break;
                }
                case tallyfy::step::failed:
                    expect(!call.group().has_value() && !call.deleted(), "no result when failed");
                    check_error(c, call.error().value());
                    ended = true;
                    break;
                case tallyfy::step::unanswered:
                    expect_eq(std::string(tallyfy::no_answer_name(call.no_answer_kind())),
                              str(expect_json, "unanswered"), "unanswered");
                    ended = true;
                    break;
            }
        }
    } catch (const tallyfy::error &e) {
        check_error(c, e);  // refused before anything was sent
    }
    s.ended();
}

/// A call case, through the client and by hand.
void check_call(const cJSON *c) {
    call_through_client(c);
    call_by_hand(c);
}

void run_case(const cJSON *c) {
    std::string op = str(c, "op");
    if (op.rfind("build_", 0) == 0) {
        check_build(c);
        if (op == "build_list") check_query_setters(c);
    } else if (op.rfind("validate_", 0) == 0) {
        check_validate(c);
        check_input_setters(c);
    } else if (op.rfind("parse_", 0) == 0) {
        check_parse(c);
    } else if (op == "call") {
        check_call(c);
    } else {
        check_policy(c);
    }
}

std::vector<std::string> vector_files(const std::string &dir) {
    std::vector<std::string> files;
    if (DIR *d = opendir(dir.c_str())) {
        while (dirent *entry = readdir(d)) {
            std::string name = entry->d_name;
            if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) files.push_back(dir + "/" + name);
        }
        closedir(d);
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::cerr << "usage: " << argv[0] << " VECTOR_DIR\n";
        return 2;
    }
    int passed = 0, failed = 0, stated = 0, broken = 0;
    std::vector<std::string> files = vector_files(argv[1]);
    if (files.empty()) {
        std::cout << "FAILED no vector file in " << argv[1] << '\n';
        broken++;
    }
    for (const std::string &path : files) {
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        cJSON *file = in ? cJSON_Parse(text.str().c_str()) : nullptr;
        const cJSON *count = get(file, "count");
        const cJSON *cases = get(file, "cases");
        if (file == nullptr || !cJSON_IsNumber(count) || !cJSON_IsArray(cases) ||
            cJSON_GetArraySize(cases) != count->valueint) {
            std::cout << "FAILED " << path << ": unreadable, unparsable, or its case count is not its \"count\"\n";
            broken++;
            cJSON_Delete(file);
            continue;
        }
        stated += count->valueint;
        int ran = 0;
        const cJSON *c = nullptr;
        cJSON_ArrayForEach(c, cases) {
            ran++;
            try {
                run_case(c);
                passed++;
            } catch (const std::exception &e) {
                failed++;
                std::cout << "FAILED " << str(c, "name") << ": " << e.what() << '\n';
            }
        }
        if (ran != count->valueint) {
            std::cout << "FAILED " << path << ": ran " << ran << " cases, the file states " << count->valueint << '\n';
            broken++;
        }
        cJSON_Delete(file);
    }
    std::cout << "C++ vectors (tallyfy " << tallyfy::version() << ")\n"
              << passed << " passed, " << failed << " failed, " << stated << " stated by the files; "
              << setter_cases << " of them also through the setters\n";
    if (setter_cases == 0) std::cout << "FAILED no case ran through the setters\n";
    return failed == 0 && broken == 0 && passed == stated && setter_cases > 0 ? 0 : 1;
}
