/**
 * @file tallyfy.hpp
 * @brief Header-only C++17 wrapper of libtallyfy (tallyfy.h).
 *
 * Every handle is owned by a RAII object (std::unique_ptr with the matching `*_free`), so user
 * code never frees anything. Failures throw tallyfy::error, which carries the tallyfy_code,
 * the HTTP status, the field errors, the retry-after and the request id.
 *
 * Borrowed views: accessors return std::string_view (and tallyfy::group_ref) borrowed from
 * the object they come from. They exist only on named objects (lvalues): calling one on a
 * temporary, such as `tallyfy::parse_group(r).id()`, does not compile, because the view would
 * outlive the temporary. Keep the owner alive while you use a view; copy into std::string to
 * keep a value longer. A moved-from owner is empty: its accessors give empty values and the
 * calls that need it throw tallyfy::error (TALLYFY_NULL_ARGUMENT).
 *
 * Setters check their value when they are called, by the core's rules (the C `*_ex` setters):
 * a value the JSON path refuses (`name(" ")`, `add_member(0)`, `page(0)`, `sort("up")`) throws
 * tallyfy::error with TALLYFY_INVALID_INPUT and the core's field error (the same field path,
 * code and message as the JSON path), and leaves the object unchanged. Rules that depend on the
 * operation (a create needs a name and a description) are checked when the request is built,
 * which then lists every remaining problem at once.
 *
 * Strings: the setters of group_input and list_query pass their text with its length, so a
 * U+0000 in it is judged by the core as in the JSON path (a name may hold one, an email may
 * not: `invalid_email`). Other std::string arguments (token, ids, headers) cannot carry U+0000
 * across the C API: they are refused with TALLYFY_INVALID_INPUT and a field error naming the
 * argument (code `invalid_value`), never cut. JSON texts are passed with their length.
 *
 * Threading is that of the C API: one object is not used from two threads at once while one
 * of them changes it; distinct objects may be used from any thread.
 *
 * tallyfy::groups_client runs each operation through the library's call driver over a
 * transport you supply (a callable that sends one exchange and returns the answer, or why
 * there was none) and a sleep you may replace, so C++ users get the same retries, waits,
 * paging, timeouts, answer size limit and redaction as every other surface.
 */
#ifndef TALLYFY_HPP
#define TALLYFY_HPP

#if defined(_MSVC_LANG) && _MSVC_LANG > __cplusplus
#define TALLYFY_CPLUSPLUS _MSVC_LANG
#else
#define TALLYFY_CPLUSPLUS __cplusplus
#endif
#if TALLYFY_CPLUSPLUS < 201703L
#error "tallyfy.hpp needs C++17 or later (compile with -std=c++17); from older C++ or C, include tallyfy.h"
#else

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "tallyfy.h"

namespace tallyfy {

/// The library's version, such as "0.1.0".
inline std::string_view version() noexcept { return tallyfy_version(); }

/// A code as the snake_case name shared with JavaScript and the vectors ("not_found"); empty
/// for a value that is not a tallyfy_code.
constexpr std::string_view code_name(tallyfy_code code) noexcept {
    switch (code) {
        case TALLYFY_OK: return "ok";
        case TALLYFY_INVALID_INPUT: return "invalid_input";
        case TALLYFY_BAD_REQUEST: return "bad_request";
        case TALLYFY_UNAUTHORIZED: return "unauthorized";
        case TALLYFY_FORBIDDEN: return "forbidden";
        case TALLYFY_NOT_FOUND: return "not_found";
        case TALLYFY_VALIDATION_FAILED: return "validation_failed";
        case TALLYFY_RATE_LIMITED: return "rate_limited";
        case TALLYFY_SERVER_ERROR: return "server_error";
        case TALLYFY_UNEXPECTED_STATUS: return "unexpected_status";
        case TALLYFY_MALFORMED_RESPONSE: return "malformed_response";
        case TALLYFY_NULL_ARGUMENT: return "null_argument";
        case TALLYFY_INVALID_UTF8: return "invalid_utf8";
        case TALLYFY_PANIC: return "panic";
        case TALLYFY_TOO_MANY_PAGES: return "too_many_pages";
    }
    return {};
}

/// One problem with one field: its dot path (`name`, `members.2`, `org_id`), a snake_case
/// code (`required`, `too_long`, `rejected`, ...) and a sentence.
struct field_error {
    std::string field;
    std::string code;
    std::string message;
};

namespace detail {

/// The deleter of a handle type: its `*_free` function.
template <class T, void (*Free)(T *)>
struct deleter {
    void operator()(T *p) const noexcept { Free(p); }
};

template <class T, void (*Free)(T *)>
using owner = std::unique_ptr<T, deleter<T, Free>>;

inline std::string_view view(const char *s) noexcept { return s != nullptr ? std::string_view(s) : std::string_view(); }

inline std::optional<std::string_view> optional_view(const char *s) {
    return s != nullptr ? std::optional<std::string_view>(s) : std::nullopt;
}

/// The string a `_n` accessor lends: `len` bytes at `s`, a U+0000 inside included.
inline std::optional<std::string_view> optional_view(const char *s, std::size_t len) {
    return s != nullptr ? std::optional<std::string_view>(std::string_view(s, len)) : std::nullopt;
}

inline std::vector<field_error> fields_of(const tallyfy_error *err) {
    std::vector<field_error> fields;
    std::size_t count = tallyfy_error_field_count(err);
    fields.reserve(count);
    for (std::size_t i = 0; i < count; i++) {
        fields.push_back({std::string(view(tallyfy_error_field_name(err, i))),
                          std::string(view(tallyfy_error_field_code(err, i))),
                          std::string(view(tallyfy_error_field_message(err, i)))});
    }
    return fields;
}

/// What an error shares between its copies: the C error and its field errors.
struct error_state {
    owner<tallyfy_error, tallyfy_error_free> raw;
    std::vector<field_error> fields;
};

}  // namespace detail

/// A failed call. Its copies share one immutable state (the C error, freed with the last
/// copy), so copying never throws and every copy answers exactly what the C API would.
class error : public std::runtime_error {
public:
    /// Takes ownership of the C error; `raw` may be NULL, then only `code` is known.
    error(tallyfy_code code, tallyfy_error *raw)
        : std::runtime_error(raw != nullptr ? tallyfy_error_message(raw) : "tallyfy call failed"), code_(code) {
        detail::owner<tallyfy_error, tallyfy_error_free> owned(raw);
        std::vector<field_error> fields = detail::fields_of(raw);
        state_ = std::make_shared<const detail::error_state>(detail::error_state{std::move(owned), std::move(fields)});
    }

    /// An error found by this wrapper before calling the C API (a string holding U+0000).
    error(tallyfy_code code, const std::string &message, std::vector<field_error> fields)
        : std::runtime_error(message),
          code_(code),
          state_(std::make_shared<const detail::error_state>(detail::error_state{nullptr, std::move(fields)})) {}

    /// The code: TALLYFY_NOT_FOUND, TALLYFY_INVALID_INPUT, ...
    tallyfy_code code() const noexcept { return code_; }
    /// The code as the snake_case name shared with JavaScript ("not_found").
    std::string_view code_name() const noexcept { return tallyfy::code_name(code_); }
    /// The HTTP status of the answer, if the error comes from one.
    std::optional<uint16_t> status() const noexcept {
        uint16_t status = tallyfy_error_status(raw());
        return status != 0 ? std::optional<uint16_t>(status) : std::nullopt;
    }
    /// Every field problem (client-side validation, or the server's 422 answer).
    const std::vector<field_error> &field_errors() const noexcept { return state_->fields; }
    /// Seconds to wait before retrying (Retry-After; an HTTP-date counts from the system clock).
    std::optional<int64_t> retry_after_seconds() const noexcept {
        return seconds(tallyfy_error_retry_after_seconds(raw()));
    }
    /// Like retry_after_seconds(), counting an HTTP-date from `now_unix`.
    std::optional<int64_t> retry_after_seconds_at(uint64_t now_unix) const noexcept {
        return seconds(tallyfy_error_retry_after_seconds_at(raw(), now_unix));
    }
    /// The server's X-Request-Id, if it sent one (borrowed from this error and its copies).
    std::optional<std::string_view> request_id() const {
        return detail::optional_view(tallyfy_error_request_id(raw()));
    }

private:
    static std::optional<int64_t> seconds(int64_t value) noexcept {
        return value >= 0 ? std::optional<int64_t>(value) : std::nullopt;
    }
    const tallyfy_error *raw() const noexcept { return state_->raw.get(); }

    tallyfy_code code_;
    std::shared_ptr<const detail::error_state> state_;
};

static_assert(std::is_nothrow_copy_constructible_v<error> && std::is_nothrow_copy_assignable_v<error>,
              "tallyfy::error must copy without throwing");

namespace detail {

/// Throws the error of a failed call; `err` is the call's error out-parameter.
inline void check(tallyfy_code code, tallyfy_error *err) {
    if (code != TALLYFY_OK) {
        throw error(code, err);
    }
}

/// Calls `f(&err)` and throws on failure.
template <class F>
void call(F f) {
    tallyfy_error *err = nullptr;
    tallyfy_code code = f(&err);  // before reading `err`
    check(code, err);
}

/// Takes a new handle from `*out` or throws when `allocated` is NULL.
template <class T>
T *made(T *allocated) {
    if (allocated == nullptr) {
        throw error(TALLYFY_PANIC, nullptr);
    }
    return allocated;
}

/// A string the library returned through `char **`, copied then freed.
inline std::string take_string(char *s) {
    owner<char, tallyfy_string_free> owned(s);
    return std::string(view(s));
}

/// The field error of a string argument that holds U+0000.
inline field_error nul_field(const std::string &field) {
    return {field, "invalid_value",
            "`" + field + "` holds a NUL character (U+0000), which a C string cannot carry"};
}

/// Throws TALLYFY_INVALID_INPUT with one field error per argument that holds U+0000 (the C
/// API would see the text cut there); `args` pairs a field name with a string (NULL: absent).
inline void refuse_nul(std::initializer_list<std::pair<std::string, const std::string *>> args) {
    std::vector<field_error> fields;
    for (const auto &arg : args) {
        if (arg.second != nullptr && arg.second->find('\0') != std::string::npos) {
            fields.push_back(nul_field(arg.first));
        }
    }
    if (!fields.empty()) {
        // The core's wording for invalid input.
        std::string first = fields.front().field + ": " + fields.front().message;
        std::string message = fields.size() == 1 ? "invalid input: " + first
                                                 : "invalid input: " + std::to_string(fields.size()) +
                                                       " problems, first " + first;
        throw error(TALLYFY_INVALID_INPUT, message, std::move(fields));
    }
}

/// `value` as a C string; throws TALLYFY_INVALID_INPUT naming `field` when it holds U+0000.
inline const char *c_str(const std::string &value, const std::string &field) {
    refuse_nul({{field, &value}});
    return value.c_str();
}

}  // namespace detail

/// Access token, base URL and client header, validated when made.
class config {
public:
    /// Throws TALLYFY_INVALID_INPUT listing every problem (`access_token`, `base_url`,
    /// `client_header`). No base URL means https://go.tallyfy.com/api.
    explicit config(const std::string &access_token, const std::optional<std::string> &base_url = std::nullopt,
                    const std::optional<std::string> &client_header = std::nullopt) {
        detail::refuse_nul({{"access_token", &access_token},
                            {"base_url", base_url ? &*base_url : nullptr},
                            {"client_header", client_header ? &*client_header : nullptr}});
        tallyfy_config *raw = nullptr;
        detail::call([&](tallyfy_error **err) {
            return tallyfy_config_new_with_client_header(access_token.c_str(), base_url ? base_url->c_str() : nullptr,
                                                         client_header ? client_header->c_str() : nullptr, &raw, err);
        });
        handle_.reset(raw);
    }

    /// Changes the X-Tallyfy-Client header; throws TALLYFY_INVALID_INPUT (unchanged) when refused.
    void set_client_header(const std::string &value) {
        detail::check(tallyfy_config_set_client_header(handle_.get(), detail::c_str(value, "client_header")), nullptr);
    }

    /// The C handle, borrowed (NULL once moved from).
    const tallyfy_config *get() const noexcept { return handle_.get(); }

private:
    detail::owner<tallyfy_config, tallyfy_config_free> handle_;
};

/// The fields of a group to create, or to change in an update; absent until set. Each setter
/// checks its value at once (see the file's comment); a create's required fields are checked
/// when the request is built.
class group_input {
public:
    group_input() : handle_(detail::made(tallyfy_group_input_new())) {}

    /// Reads `{"name","description","members","guests"}`; throws TALLYFY_INVALID_INPUT.
    static group_input from_json(std::string_view json) {
        tallyfy_group_input *raw = nullptr;
        detail::call([&](tallyfy_error **err) { return tallyfy_group_input_from_json(json.data(), json.size(), &raw, err); });
        return group_input(raw);
    }

    /// Sets the name; throws TALLYFY_INVALID_INPUT (field `name`: blank, longer than 200
    /// characters) and leaves the input unchanged when the core refuses it.
    group_input &name(const std::string &value) {
        return set([&](tallyfy_error **err) {
            return tallyfy_group_input_set_name_n_ex(get(), value.data(), value.size(), err);
        });
    }
    /// Sets the description; throws TALLYFY_INVALID_INPUT (field `description`: blank) and leaves
    /// the input unchanged when the core refuses it.
    group_input &description(const std::string &value) {
        return set([&](tallyfy_error **err) {
            return tallyfy_group_input_set_description_n_ex(get(), value.data(), value.size(), err);
        });
    }
    /// Adds a member's user id; throws TALLYFY_INVALID_INPUT (field `members.N`, N where it would
    /// stand: outside 1 to 2^53 - 1) and leaves the input unchanged when the core refuses it.
    group_input &add_member(uint64_t user_id) {
        return set([&](tallyfy_error **err) { return tallyfy_group_input_add_member_ex(get(), user_id, err); });
    }
    /// Adds a guest email; throws TALLYFY_INVALID_INPUT (field `guests.N`, N where it would
    /// stand: not `local@domain`, a control character) and leaves the input unchanged when the
    /// core refuses it.
    group_input &add_guest(const std::string &email) {
        return set([&](tallyfy_error **err) {
            return tallyfy_group_input_add_guest_n_ex(get(), email.data(), email.size(), err);
        });
    }
    /// Members present and empty: an update removes every member.
    group_input &clear_members() {
        detail::check(tallyfy_group_input_clear_members(get()), nullptr);
        return *this;
    }
    /// Guests present and empty: an update removes every guest.
    group_input &clear_guests() {
        detail::check(tallyfy_group_input_clear_guests(get()), nullptr);
        return *this;
    }

    /// The JSON body this input stands for (exactly the present fields).
    std::string to_json() const {
        char *json = nullptr;
        detail::call([&](tallyfy_error **err) { return tallyfy_group_input_to_json(get(), &json, err); });
        return detail::take_string(json);
    }

    /// The C handle, borrowed (NULL once moved from).
    tallyfy_group_input *get() const noexcept { return handle_.get(); }

    /// Wraps a handle the caller owns.
    explicit group_input(tallyfy_group_input *raw) : handle_(raw) {}

private:
    /// Runs the checking setter `f(&err)`; throws its refusal.
    template <class F>
    group_input &set(F f) {
        detail::call(f);
        return *this;
    }

    detail::owner<tallyfy_group_input, tallyfy_group_input_free> handle_;
};

/// Search, paging, sorting and related data of a list request; absent until set. Each setter
/// checks its value at once, as list_query::from_json() does.
class list_query {
public:
    list_query() : handle_(detail::made(tallyfy_list_query_new())) {}

    /// Reads `{"q","page","perPage","sortBy","sort","with"}`; throws TALLYFY_INVALID_INPUT.
    static list_query from_json(std::string_view json) {
        tallyfy_list_query *raw = nullptr;
        detail::call([&](tallyfy_error **err) { return tallyfy_list_query_from_json(json.data(), json.size(), &raw, err); });
        return list_query(raw);
    }

    /// Sets the text searched in names and descriptions (any text, U+0000 included); invalid
    /// UTF-8 throws tallyfy::error naming `q`, with the query unchanged.
    list_query &q(const std::string &text) {
        return set([&](tallyfy_error **err) { return tallyfy_list_query_set_q_n_ex(get(), text.data(), text.size(), err); });
    }
    /// Sets the page, from 1; throws TALLYFY_INVALID_INPUT (field `page`) and leaves the query
    /// unchanged for 0.
    list_query &page(uint32_t page) {
        return set([&](tallyfy_error **err) { return tallyfy_list_query_set_page_ex(get(), page, err); });
    }
    /// Sets the page size, 1 to 100; throws TALLYFY_INVALID_INPUT (field `per_page`) and leaves
    /// the query unchanged otherwise.
    list_query &per_page(uint32_t per_page) {
        return set([&](tallyfy_error **err) { return tallyfy_list_query_set_per_page_ex(get(), per_page, err); });
    }
    /// "name", "created_at" or "updated_at"; throws TALLYFY_INVALID_INPUT (field `sort_by`)
    /// and leaves the query unchanged otherwise.
    list_query &sort_by(const std::string &field) {
        return set([&](tallyfy_error **err) {
            return tallyfy_list_query_set_sort_by_n_ex(get(), field.data(), field.size(), err);
        });
    }
    /// "asc" or "desc"; throws TALLYFY_INVALID_INPUT (field `sort`) and leaves the query
    /// unchanged otherwise.
    list_query &sort(const std::string &direction) {
        return set([&](tallyfy_error **err) {
            return tallyfy_list_query_set_sort_n_ex(get(), direction.data(), direction.size(), err);
        });
    }
    /// "assets", "users" or "guests", each once; throws TALLYFY_INVALID_INPUT (field `with.N`,
    /// N where it would stand) and leaves the query unchanged otherwise.
    list_query &add_with(const std::string &relation) {
        return set([&](tallyfy_error **err) {
            return tallyfy_list_query_add_with_n_ex(get(), relation.data(), relation.size(), err);
        });
    }

    /// The C handle, borrowed (NULL once moved from).
    tallyfy_list_query *get() const noexcept { return handle_.get(); }

private:
    explicit list_query(tallyfy_list_query *raw) : handle_(raw) {}

    /// Runs the checking setter `f(&err)`; throws its refusal.
    template <class F>
    list_query &set(F f) {
        detail::call(f);
        return *this;
    }

    detail::owner<tallyfy_list_query, tallyfy_list_query_free> handle_;
};

/// A request borrowed from a tallyfy::request or from an exchange of a groups_client: a view,
/// valid while its owner lives (like std::string_view).
class request_ref {
public:
    explicit request_ref(const tallyfy_request *raw) noexcept : raw_(raw) {}

    std::string_view method() const noexcept { return detail::view(tallyfy_request_method(raw_)); }
    std::string_view url() const noexcept { return detail::view(tallyfy_request_url(raw_)); }
    /// The headers in order (a request's Authorization holds the token: do not log its value;
    /// a trace's holds `Bearer [redacted]`).
    std::vector<std::pair<std::string_view, std::string_view>> headers() const {
        std::vector<std::pair<std::string_view, std::string_view>> out;
        for (std::size_t i = 0, n = tallyfy_request_header_count(raw_); i < n; i++) {
            out.emplace_back(detail::view(tallyfy_request_header_name(raw_, i)),
                             detail::view(tallyfy_request_header_value(raw_, i)));
        }
        return out;
    }
    /// The JSON body of create and update; none for get, list and delete.
    std::optional<std::string_view> body() const noexcept {
        std::size_t len = 0;
        const uint8_t *bytes = tallyfy_request_body(raw_, &len);
        if (bytes == nullptr) {
            return std::nullopt;
        }
        return std::string_view(reinterpret_cast<const char *>(bytes), len);
    }
    /// Whether the method is idempotent (GET, PUT, DELETE): the call driver may resend it after
    /// no answer. A POST is never resent: keep your HTTP client from resending it by itself.
    bool idempotent() const noexcept { return tallyfy_request_idempotent(raw_) != 0; }

    /// The C handle, borrowed.
    const tallyfy_request *get() const noexcept { return raw_; }

private:
    const tallyfy_request *raw_;
};

/// What to send: method, URL, headers and body, for your HTTP client to send unchanged. The
/// views it gives are borrowed from it, so they exist only on a named request.
class request {
public:
    /// Takes ownership of a request handle.
    explicit request(tallyfy_request *raw) : handle_(raw) {}

    std::string_view method() const & noexcept { return ref().method(); }
    std::string_view method() const && = delete;
    std::string_view url() const & noexcept { return ref().url(); }
    std::string_view url() const && = delete;
    /// The headers in order (Authorization holds the token: do not log its value).
    std::vector<std::pair<std::string_view, std::string_view>> headers() const & { return ref().headers(); }
    std::vector<std::pair<std::string_view, std::string_view>> headers() const && = delete;
    /// The JSON body of create and update; none for get, list and delete.
    std::optional<std::string_view> body() const & noexcept { return ref().body(); }
    std::optional<std::string_view> body() const && = delete;

    /// This request, borrowed.
    operator request_ref() const & noexcept { return ref(); }
    operator request_ref() const && = delete;

    /// The C handle, borrowed (NULL once moved from).
    const tallyfy_request *get() const & noexcept { return handle_.get(); }
    const tallyfy_request *get() const && = delete;

private:
    request_ref ref() const noexcept { return request_ref(handle_.get()); }

    detail::owner<tallyfy_request, tallyfy_request_free> handle_;
};

/// A group borrowed from a tallyfy::group or a tallyfy::group_page: a view, valid while its
/// owner lives (like std::string_view). Made only from a named owner.
class group_ref {
public:
    explicit group_ref(const tallyfy_group *raw) noexcept : raw_(raw) {}

    std::string_view id() const noexcept { return text<tallyfy_group_id_n>().value_or(std::string_view()); }
    std::string_view name() const noexcept { return text<tallyfy_group_name_n>().value_or(std::string_view()); }
    std::string_view description() const noexcept {
        return text<tallyfy_group_description_n>().value_or(std::string_view());
    }
    std::optional<std::string_view> logo() const { return text<tallyfy_group_logo_n>(); }
    std::optional<std::string_view> created_at() const { return text<tallyfy_group_created_at_n>(); }
    std::optional<std::string_view> updated_at() const { return text<tallyfy_group_updated_at_n>(); }
    std::vector<uint64_t> members() const {
        std::vector<uint64_t> out(tallyfy_group_member_count(raw_));
        for (std::size_t i = 0; i < out.size(); i++) {
            out[i] = tallyfy_group_member_at(raw_, i);
        }
        return out;
    }
    std::vector<std::string_view> guests() const {
        std::vector<std::string_view> out(tallyfy_group_guest_count(raw_));
        for (std::size_t i = 0; i < out.size(); i++) {
            std::size_t len = 0;
            const char *guest = tallyfy_group_guest_at_n(raw_, i, &len);
            out[i] = detail::optional_view(guest, len).value_or(std::string_view());
        }
        return out;
    }
    /// `{"id","name","description","logo","members","guests","createdAt","updatedAt"}`.
    std::string to_json() const {
        char *json = nullptr;
        detail::call([&](tallyfy_error **err) { return tallyfy_group_to_json(raw_, &json, err); });
        return detail::take_string(json);
    }

    /// The C handle, borrowed.
    const tallyfy_group *get() const noexcept { return raw_; }

private:
    /// A string field with its length (a U+0000 inside kept); nullopt when absent.
    template <const char *(*Field)(const tallyfy_group *, std::size_t *)>
    std::optional<std::string_view> text() const noexcept {
        std::size_t len = 0;
        const char *s = Field(raw_, &len);
        return detail::optional_view(s, len);
    }

    const tallyfy_group *raw_;
};

/// A group the caller owns (from parse_group). Its views exist only on a named group; a
/// temporary group converts to nothing borrowed (`group_ref r = parse_group(a);` does not
/// compile). Owning values (members(), to_json()) work on temporaries too.
class group {
public:
    explicit group(tallyfy_group *raw) noexcept : handle_(raw) {}

    std::string_view id() const & noexcept { return ref().id(); }
    std::string_view id() const && = delete;
    std::string_view name() const & noexcept { return ref().name(); }
    std::string_view name() const && = delete;
    std::string_view description() const & noexcept { return ref().description(); }
    std::string_view description() const && = delete;
    std::optional<std::string_view> logo() const & { return ref().logo(); }
    std::optional<std::string_view> logo() const && = delete;
    std::optional<std::string_view> created_at() const & { return ref().created_at(); }
    std::optional<std::string_view> created_at() const && = delete;
    std::optional<std::string_view> updated_at() const & { return ref().updated_at(); }
    std::optional<std::string_view> updated_at() const && = delete;
    std::vector<std::string_view> guests() const & { return ref().guests(); }
    std::vector<std::string_view> guests() const && = delete;
    std::vector<uint64_t> members() const { return ref().members(); }
    /// `{"id","name","description","logo","members","guests","createdAt","updatedAt"}`.
    std::string to_json() const { return ref().to_json(); }

    /// This group, borrowed.
    operator group_ref() const & noexcept { return ref(); }
    operator group_ref() const && = delete;

    /// The C handle, borrowed (NULL once moved from).
    const tallyfy_group *get() const & noexcept { return handle_.get(); }
    const tallyfy_group *get() const && = delete;

private:
    group_ref ref() const noexcept { return group_ref(handle_.get()); }

    detail::owner<tallyfy_group, tallyfy_group_free> handle_;
};

/// One page of a group list. Its groups are borrowed from it, so they exist only on a named
/// page.
class group_page {
public:
    explicit group_page(tallyfy_group_page *raw) noexcept : handle_(raw) {}

    std::size_t size() const noexcept { return tallyfy_group_page_len(handle_.get()); }
    /// Group `index`, borrowed from this page; throws std::out_of_range past the end.
    group_ref at(std::size_t index) const & {
        const tallyfy_group *g = tallyfy_group_page_get(handle_.get(), index);
        if (g == nullptr) {
            throw std::out_of_range("tallyfy::group_page::at");
        }
        return group_ref(g);
    }
    group_ref at(std::size_t index) const && = delete;
    /// Every group of the page, borrowed.
    std::vector<group_ref> groups() const & {
        std::vector<group_ref> out;
        for (std::size_t i = 0; i < size(); i++) {
            out.push_back(at(i));
        }
        return out;
    }
    std::vector<group_ref> groups() const && = delete;
    uint64_t total() const noexcept { return tallyfy_group_page_total(handle_.get()); }
    uint64_t count() const noexcept { return tallyfy_group_page_count(handle_.get()); }
    uint64_t per_page() const noexcept { return tallyfy_group_page_per_page(handle_.get()); }
    uint64_t current_page() const noexcept { return tallyfy_group_page_current_page(handle_.get()); }
    uint64_t total_pages() const noexcept { return tallyfy_group_page_total_pages(handle_.get()); }

    /// The C handle, borrowed (NULL once moved from).
    const tallyfy_group_page *get() const & noexcept { return handle_.get(); }
    const tallyfy_group_page *get() const && = delete;

private:
    detail::owner<tallyfy_group_page, tallyfy_group_page_free> handle_;
};

/// What the HTTP client received: status, headers (all may be given) and the raw body.
struct response {
    uint16_t status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

namespace detail {

template <class F>
request build(F f) {
    tallyfy_request *raw = nullptr;
    call([&](tallyfy_error **err) { return f(&raw, err); });
    return request(raw);
}

/// Runs `parse(status, headers, count, body, len, err)` on `r`.
template <class F>
tallyfy_code parse(const response &r, tallyfy_error **err, F parse) {
    std::vector<tallyfy_header> headers;
    headers.reserve(r.headers.size());
    for (std::size_t i = 0; i < r.headers.size(); i++) {
        std::string field = "headers." + std::to_string(i);
        refuse_nul({{field + ".name", &r.headers[i].first}, {field + ".value", &r.headers[i].second}});
        headers.push_back({r.headers[i].first.c_str(), r.headers[i].second.c_str()});
    }
    return parse(r.status, headers.data(), headers.size(), reinterpret_cast<const uint8_t *>(r.body.data()),
                 r.body.size(), err);
}

}  // namespace detail

/// POST /organizations/{org_id}/groups; throws TALLYFY_INVALID_INPUT listing every problem.
inline request build_create_group(const config &cfg, const std::string &org_id, const group_input &input) {
    return detail::build([&](tallyfy_request **out, tallyfy_error **err) {
        return tallyfy_build_create_group(cfg.get(), detail::c_str(org_id, "org_id"), input.get(), out, err);
    });
}

/// Like build_create_group, with the input as JSON.
inline request build_create_group_json(const config &cfg, const std::string &org_id, std::string_view json) {
    return detail::build([&](tallyfy_request **out, tallyfy_error **err) {
        return tallyfy_build_create_group_json(cfg.get(), detail::c_str(org_id, "org_id"), json.data(), json.size(), out, err);
    });
}

/// GET /organizations/{org_id}/groups/{group_id}.
inline request build_get_group(const config &cfg, const std::string &org_id, const std::string &group_id) {
    detail::refuse_nul({{"org_id", &org_id}, {"group_id", &group_id}});
    return detail::build([&](tallyfy_request **out, tallyfy_error **err) {
        return tallyfy_build_get_group(cfg.get(), org_id.c_str(), group_id.c_str(), out, err);
    });
}

/// GET /organizations/{org_id}/groups?... (no query: the server's defaults).
inline request build_list_groups(const config &cfg, const std::string &org_id, const list_query *query = nullptr) {
    return detail::build([&](tallyfy_request **out, tallyfy_error **err) {
        return tallyfy_build_list_groups(cfg.get(), detail::c_str(org_id, "org_id"), query != nullptr ? query->get() : nullptr, out,
                                         err);
    });
}

/// PUT /organizations/{org_id}/groups/{group_id} with the present fields of `changes`.
inline request build_update_group(const config &cfg, const std::string &org_id, const std::string &group_id,
                                  const group_input &changes) {
    detail::refuse_nul({{"org_id", &org_id}, {"group_id", &group_id}});
    return detail::build([&](tallyfy_request **out, tallyfy_error **err) {
        return tallyfy_build_update_group(cfg.get(), org_id.c_str(), group_id.c_str(), changes.get(), out, err);
    });
}

/// Like build_update_group, with the changes as JSON.
inline request build_update_group_json(const config &cfg, const std::string &org_id, const std::string &group_id,
                                       std::string_view json) {
    detail::refuse_nul({{"org_id", &org_id}, {"group_id", &group_id}});
    return detail::build([&](tallyfy_request **out, tallyfy_error **err) {
        return tallyfy_build_update_group_json(cfg.get(), org_id.c_str(), group_id.c_str(), json.data(), json.size(),
                                               out, err);
    });
}

/// DELETE /organizations/{org_id}/groups/{group_id}.
inline request build_delete_group(const config &cfg, const std::string &org_id, const std::string &group_id) {
    detail::refuse_nul({{"org_id", &org_id}, {"group_id", &group_id}});
    return detail::build([&](tallyfy_request **out, tallyfy_error **err) {
        return tallyfy_build_delete_group(cfg.get(), org_id.c_str(), group_id.c_str(), out, err);
    });
}

/// The answer to create, get or update; throws the answer's error (TALLYFY_NOT_FOUND, ...).
inline group parse_group(const response &r) {
    tallyfy_group *raw = nullptr;
    detail::call([&](tallyfy_error **err) {
        return detail::parse(r, err, [&](uint16_t s, const tallyfy_header *h, std::size_t n, const uint8_t *b,
                                         std::size_t len, tallyfy_error **e) {
            return tallyfy_parse_group(s, h, n, b, len, &raw, e);
        });
    });
    return group(raw);
}

/// The answer to list.
inline group_page parse_group_list(const response &r) {
    tallyfy_group_page *raw = nullptr;
    detail::call([&](tallyfy_error **err) {
        return detail::parse(r, err, [&](uint16_t s, const tallyfy_header *h, std::size_t n, const uint8_t *b,
                                         std::size_t len, tallyfy_error **e) {
            return tallyfy_parse_group_list(s, h, n, b, len, &raw, e);
        });
    });
    return group_page(raw);
}

/// The answer to delete: returns when the group is deleted.
inline void parse_delete_group(const response &r) {
    detail::call([&](tallyfy_error **err) { return detail::parse(r, err, tallyfy_parse_delete_group); });
}

namespace detail {

inline std::vector<field_error> problems(tallyfy_code code, tallyfy_error *err) {
    if (code == TALLYFY_INVALID_INPUT) {
        owner<tallyfy_error, tallyfy_error_free> owned(err);
        return fields_of(err);
    }
    check(code, err);
    return {};
}

}  // namespace detail

/// Every problem `input` has as a create body; empty when valid. Never throws for invalid input.
inline std::vector<field_error> validate_create_group(const group_input &input) {
    tallyfy_error *err = nullptr;
    tallyfy_code code = tallyfy_validate_create_group(input.get(), &err);
    return detail::problems(code, err);
}

/// Every problem `input` has as an update body; empty when valid.
inline std::vector<field_error> validate_update_group(const group_input &input) {
    tallyfy_error *err = nullptr;
    tallyfy_code code = tallyfy_validate_update_group(input.get(), &err);
    return detail::problems(code, err);
}

/// Every problem a JSON create body has, types and unknown fields included; empty when valid.
inline std::vector<field_error> validate_create_group_json(std::string_view json) {
    tallyfy_error *err = nullptr;
    tallyfy_code code = tallyfy_validate_create_group_json(json.data(), json.size(), &err);
    return detail::problems(code, err);
}

/// Every problem a JSON update body has; empty when valid.
inline std::vector<field_error> validate_update_group_json(std::string_view json) {
    tallyfy_error *err = nullptr;
    tallyfy_code code = tallyfy_validate_update_group_json(json.data(), json.size(), &err);
    return detail::problems(code, err);
}

/// The full-body update (as the official SDK sends it): `current` with `changes` applied.
inline group_input full_update(const group_ref &current, const group_input &changes) {
    tallyfy_group_input *raw = nullptr;
    detail::call([&](tallyfy_error **err) { return tallyfy_full_update(current.get(), changes.get(), &raw, err); });
    return group_input(raw);
}

/// Like full_update(const group_ref &, ...), from an owned group (a temporary one too).
inline group_input full_update(const group &current, const group_input &changes) {
    tallyfy_group_input *raw = nullptr;
    const tallyfy_group *g = current.get();
    detail::call([&](tallyfy_error **err) { return tallyfy_full_update(g, changes.get(), &raw, err); });
    return group_input(raw);
}

/// Why an exchange got no answer (the C tallyfy_no_answer).
enum class no_answer {
    /// The request may not have reached the server: the connection failed or broke (refused,
    /// reset, DNS). Retried for GET, PUT and DELETE, never for POST.
    not_delivered = TALLYFY_NO_ANSWER_NOT_DELIVERED,
    /// No complete answer within the exchange's timeout_ms. Not retried.
    timeout = TALLYFY_NO_ANSWER_TIMEOUT,
    /// The body passed max_answer_bytes and the transport stopped reading it: a malformed
    /// answer, not retried.
    too_large = TALLYFY_NO_ANSWER_TOO_LARGE,
};

/// The kind as its snake_case name: "not_delivered", "timeout" or "too_large".
constexpr std::string_view no_answer_name(no_answer kind) noexcept {
    switch (kind) {
        case no_answer::not_delivered: return "not_delivered";
        case no_answer::timeout: return "timeout";
        case no_answer::too_large: return "too_large";
    }
    return {};
}

/// The last exchange of a call got no answer and the driver does not retry it (a POST that was
/// not delivered, a timeout): the transport's failure stands.
class unanswered : public std::runtime_error {
public:
    explicit unanswered(no_answer kind)
        : std::runtime_error("no answer: " + std::string(no_answer_name(kind))), kind_(kind) {}

    /// Why there was no answer.
    no_answer kind() const noexcept { return kind_; }

private:
    no_answer kind_;
};

/// One HTTP exchange for the transport to perform, borrowed for the duration of its call.
struct exchange {
    /// What to send, unchanged.
    request_ref request;
    /// The same request with the access token taken out wherever it appears, for logs.
    request_ref trace;
    /// The longest the whole exchange may take (sending, status, headers, whole body); past
    /// it, return no_answer::timeout.
    std::chrono::milliseconds timeout;
    /// The largest body to read: past it, stop reading and return no_answer::too_large.
    uint64_t max_answer_bytes;
};

/// What came of an exchange: the answer, or why there was none.
using answer = std::variant<response, no_answer>;

/// A wait before a retry, as the driver decided it.
struct retry {
    /// How long to wait.
    std::chrono::milliseconds delay;
    /// The number of the retry that follows: 1 for the first.
    uint32_t attempt;
    /// What went wrong with the last attempt: the error answer (429, 502 to 504; the access
    /// token already taken out), or why there was no answer.
    std::variant<error, no_answer> reason;
};

/// The settings of the calls a groups_client makes: exchange timeout, answer size limit, page
/// cap and jitter seed. The values are checked, all at once, when a call starts (an invalid one
/// throws TALLYFY_INVALID_INPUT naming `timeout_ms`, `max_answer_bytes` or `max_pages`).
class call_options {
public:
    /// The defaults (timeout_ms 30000, max_answer_bytes 16 MiB, max_pages 100) and a
    /// random_seed from the system's randomness.
    call_options() : handle_(detail::made(tallyfy_call_options_new())) {}

    /// The longest one exchange may take, in ms (1 to 2^31 - 1).
    call_options &timeout_ms(uint32_t value) & { return set(tallyfy_call_options_set_timeout_ms, value); }
    call_options &&timeout_ms(uint32_t value) && { return std::move(timeout_ms(value)); }
    /// The largest answer body to read, in bytes (at least 1).
    call_options &max_answer_bytes(uint64_t value) & { return set(tallyfy_call_options_set_max_answer_bytes, value); }
    call_options &&max_answer_bytes(uint64_t value) && { return std::move(max_answer_bytes(value)); }
    /// The most pages list_all() reads (at least 1); past it, TALLYFY_TOO_MANY_PAGES.
    call_options &max_pages(uint32_t value) & { return set(tallyfy_call_options_set_max_pages, value); }
    call_options &&max_pages(uint32_t value) && { return std::move(max_pages(value)); }
    /// The seed of the retry jitter: a fixed one makes the waits repeatable.
    call_options &random_seed(uint64_t value) & { return set(tallyfy_call_options_set_random_seed, value); }
    call_options &&random_seed(uint64_t value) && { return std::move(random_seed(value)); }

    /// The C handle, borrowed (NULL once moved from).
    tallyfy_call_options *get() const noexcept { return handle_.get(); }

private:
    template <class T>
    call_options &set(tallyfy_code (*setter)(tallyfy_call_options *, T), T value) {
        detail::check(setter(get(), value), nullptr);
        return *this;
    }

    detail::owner<tallyfy_call_options, tallyfy_call_options_free> handle_;
};

/// A client of one organization's groups: every operation is a call of the library's driver,
/// which decides retries and their waits, paging, timeouts and the answer size limit; the
/// client only hands each exchange to the transport and each wait to the sleep. Errors are
/// tallyfy::error (already free of the access token); a last exchange left unanswered is
/// tallyfy::unanswered; whatever the transport or the sleep throws passes through.
class groups_client {
public:
    /// Sends one exchange and returns the answer (all its headers may be given) or why there
    /// was none; it may also throw its own error, which ends the call.
    using transport = std::function<answer(const exchange &)>;
    /// Waits before a retry (std::this_thread::sleep_for by default; a test records instead).
    using sleeper = std::function<void(const retry &)>;

    /// A client of `org_id` through `cfg` (borrowed: it must outlive the client).
    groups_client(const config &cfg, std::string org_id, transport send, sleeper sleep = sleep_for,
                  call_options options = call_options())
        : cfg_(&cfg),
          org_id_(std::move(org_id)),
          send_(std::move(send)),
          sleep_(std::move(sleep)),
          options_(std::move(options)) {}
    /// A client cannot borrow a temporary config.
    groups_client(const config &&, std::string, transport, sleeper = sleep_for, call_options = call_options()) = delete;

    /// The options of every call, to change between calls.
    call_options &options() noexcept { return options_; }

    /// Creates a group; throws TALLYFY_INVALID_INPUT listing every problem before sending.
    group create(const group_input &input) {
        return group(run_to<tallyfy_group>(
            [&](tallyfy_call **out, tallyfy_error **err) {
                return tallyfy_call_create_group(cfg_->get(), org(), input.get(), options_.get(), out, err);
            },
            [](const tallyfy_call *c, tallyfy_group **out) { return tallyfy_group_clone(tallyfy_call_group(c), out, nullptr); }));
    }

    /// Reads one group.
    group get(const std::string &group_id) {
        const char *id = detail::c_str(group_id, "group_id");
        return group(run_to<tallyfy_group>(
            [&](tallyfy_call **out, tallyfy_error **err) {
                return tallyfy_call_get_group(cfg_->get(), org(), id, options_.get(), out, err);
            },
            [](const tallyfy_call *c, tallyfy_group **out) { return tallyfy_group_clone(tallyfy_call_group(c), out, nullptr); }));
    }

    /// Reads one page of groups (no query: the server's defaults).
    group_page list(const list_query *query = nullptr) {
        return group_page(run_to<tallyfy_group_page>(
            [&](tallyfy_call **out, tallyfy_error **err) {
                return tallyfy_call_list_groups(cfg_->get(), org(), query_of(query), options_.get(), out, err);
            },
            [](const tallyfy_call *c, tallyfy_group_page **out) {
                return tallyfy_group_page_clone(tallyfy_call_page(c), out, nullptr);
            }));
    }

    /// Reads every group, page after page, from the query's page (100 a page unless the query
    /// sets one). A list that cannot be completed throws (TALLYFY_MALFORMED_RESPONSE,
    /// TALLYFY_TOO_MANY_PAGES past max_pages): never a partial list.
    std::vector<group> list_all(const list_query *query = nullptr) {
        std::vector<group> groups;
        run(
            [&](tallyfy_call **out, tallyfy_error **err) {
                return tallyfy_call_list_all_groups(cfg_->get(), org(), query_of(query), options_.get(), out, err);
            },
            [&](const tallyfy_call *c) {
                std::size_t count = tallyfy_call_group_count(c);
                groups.reserve(count);
                for (std::size_t i = 0; i < count; i++) {
                    tallyfy_group *copy = nullptr;
                    detail::check(tallyfy_group_clone(tallyfy_call_group_at(c, i), &copy, nullptr), nullptr);
                    groups.emplace_back(copy);
                }
            });
        return groups;
    }

    /// Changes a group: only the present fields of `changes` (at least one).
    group update(const std::string &group_id, const group_input &changes) {
        const char *id = detail::c_str(group_id, "group_id");
        return group(run_to<tallyfy_group>(
            [&](tallyfy_call **out, tallyfy_error **err) {
                return tallyfy_call_update_group(cfg_->get(), org(), id, changes.get(), options_.get(), out, err);
            },
            [](const tallyfy_call *c, tallyfy_group **out) { return tallyfy_group_clone(tallyfy_call_group(c), out, nullptr); }));
    }

    /// Deletes a group; returns when it is deleted.
    void remove(const std::string &group_id) {
        const char *id = detail::c_str(group_id, "group_id");
        run([&](tallyfy_call **out, tallyfy_error **err) {
            return tallyfy_call_delete_group(cfg_->get(), org(), id, options_.get(), out, err);
        }, [](const tallyfy_call *) {});
    }

private:
    using call_owner = detail::owner<tallyfy_call, tallyfy_call_free>;

    static void sleep_for(const retry &r) { std::this_thread::sleep_for(r.delay); }

    static const tallyfy_list_query *query_of(const list_query *query) noexcept {
        return query != nullptr ? query->get() : nullptr;
    }

    const char *org() const { return detail::c_str(org_id_, "org_id"); }

    /// Runs the call `make` starts to its end; `done` reads its done step.
    template <class Make, class Done>
    void run(Make make, Done done) {
        tallyfy_call *raw = nullptr;
        detail::call([&](tallyfy_error **err) { return make(&raw, err); });
        call_owner call(raw);
        for (;;) {
            switch (tallyfy_call_next(call.get())) {
                case TALLYFY_STEP_SEND: send(call.get()); break;
                case TALLYFY_STEP_WAIT: sleep_(waited(call.get())); break;
                case TALLYFY_STEP_DONE: done(call.get()); return;
                case TALLYFY_STEP_FAILED: throw copied(tallyfy_call_error(call.get()));
                case TALLYFY_STEP_UNANSWERED:
                    throw unanswered(static_cast<no_answer>(tallyfy_call_no_answer_kind(call.get())));
            }
        }
    }

    /// Like run(), giving the handle `read(call, &out)` copies out of the done step.
    template <class T, class Make, class Read>
    T *run_to(Make make, Read read) {
        T *out = nullptr;
        run(make, [&](const tallyfy_call *c) { detail::check(read(c, &out), nullptr); });
        return out;
    }

    /// Performs the send step through the transport and hands back what came of it.
    void send(tallyfy_call *call) {
        exchange x{request_ref(tallyfy_call_request(call)), request_ref(tallyfy_call_trace(call)),
                   std::chrono::milliseconds(tallyfy_call_timeout_ms(call)), tallyfy_call_max_answer_bytes(call)};
        answer a = send_(x);
        if (const response *r = std::get_if<response>(&a)) {
            detail::call([&](tallyfy_error **err) {
                return detail::parse(*r, err, [&](uint16_t s, const tallyfy_header *h, std::size_t n, const uint8_t *b,
                                                  std::size_t len, tallyfy_error **e) {
                    return tallyfy_call_answer(call, s, h, n, b, len, e);
                });
            });
        } else {
            detail::call([&](tallyfy_error **err) {
                return tallyfy_call_no_answer(call, static_cast<int>(std::get<no_answer>(a)), err);
            });
        }
    }

    /// The wait step as a retry.
    static retry waited(const tallyfy_call *call) {
        const tallyfy_error *answer_error = tallyfy_call_error(call);
        std::variant<error, no_answer> reason =
            answer_error != nullptr ? std::variant<error, no_answer>(copied(answer_error))
                                    : std::variant<error, no_answer>(static_cast<no_answer>(tallyfy_call_no_answer_kind(call)));
        return retry{std::chrono::milliseconds(tallyfy_call_delay_ms(call)), tallyfy_call_attempt(call), std::move(reason)};
    }

    /// An owned copy of an error the call lends.
    static error copied(const tallyfy_error *lent) {
        tallyfy_error *copy = nullptr;
        tallyfy_code code = tallyfy_error_clone(lent, &copy);
        return error(code == TALLYFY_OK ? tallyfy_error_code(copy) : code, copy);
    }

    const config *cfg_;
    std::string org_id_;
    transport send_;
    sleeper sleep_;
    call_options options_;
};

}  // namespace tallyfy

#endif /* C++17 */
#endif /* TALLYFY_HPP */
