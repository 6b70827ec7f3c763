/**
 * @file tallyfy.hpp
 * @brief Header-only C++17 wrapper of libtallyfy (tallyfy.h, ABI 0.2).
 *
 * It wraps every function of tallyfy.h and adds no rule of its own: messages, field paths,
 * codes and redaction are the library's. Names are the C names without the `tallyfy_`
 * prefix, in namespace tallyfy (`tallyfy_build_create_group` is tallyfy::build_create_group,
 * `tallyfy_group_name` is tallyfy::group::name(), `tallyfy_call_next` is tallyfy::call::next()).
 *
 * Ownership: every handle is owned by a move-only RAII object (std::unique_ptr with the
 * matching `*_free`), so user code never frees anything. A moved-from object is empty: its
 * accessors give empty values and the calls that need it throw tallyfy::error
 * (TALLYFY_NULL_ARGUMENT).
 *
 * Errors: every failure throws tallyfy::error, which wraps the library's error (code, code
 * name, message, HTTP status, field errors, retry-after, request id). A parse function does not
 * know the access token, so the error of an answer whose server echoed it shows it; call
 * `e.redacted(cfg)` on every error of a call made with `cfg` before you show or log it.
 *
 * Strings: arguments are std::string_view (read only during the call) and go to the library
 * with their length, so a U+0000 inside reaches the core, which alone judges it. An optional
 * argument is std::optional<std::string_view>: std::nullopt is "absent", any string view (an
 * empty one too) is present. Results are std::string_view (std::optional when the value may be
 * absent), borrowed from the object that gave them; owned results (to_json()) are std::string.
 *
 * Borrowed views (std::string_view, tallyfy::group_ref, tallyfy::request_ref) exist only on
 * named objects: calling an accessor that lends one on a temporary, such as
 * `tallyfy::parse_group(r).id()`, does not compile (the `&&` overloads are deleted), because the
 * view would outlive the temporary. A view stays valid while its owner lives; the request and
 * trace a tallyfy::call lends are valid until its next next(). A group_input's getters and a
 * call's results (group, page, groups, error) are owned copies, so changing the input or
 * advancing the call never invalidates them.
 *
 * Threading is that of the C API: one object is not used from two threads at once while one
 * of them changes it; distinct objects may be used from any thread; tallyfy::config is
 * immutable.
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

namespace detail {

/// Releases a handle with its `*_free` function (each accepts NULL).
inline void release(tallyfy_text *p) noexcept { tallyfy_text_free(p); }
inline void release(tallyfy_config *p) noexcept { tallyfy_config_free(p); }
inline void release(tallyfy_error *p) noexcept { tallyfy_error_free(p); }
inline void release(tallyfy_group *p) noexcept { tallyfy_group_free(p); }
inline void release(tallyfy_group_page *p) noexcept { tallyfy_group_page_free(p); }
inline void release(tallyfy_group_input *p) noexcept { tallyfy_group_input_free(p); }
inline void release(tallyfy_list_query *p) noexcept { tallyfy_list_query_free(p); }
inline void release(tallyfy_request *p) noexcept { tallyfy_request_free(p); }
inline void release(tallyfy_call_options *p) noexcept { tallyfy_call_options_free(p); }
inline void release(tallyfy_call *p) noexcept { tallyfy_call_free(p); }

/// The deleter of every handle type: release().
struct deleter {
    template <class T>
    void operator()(T *p) const noexcept {
        release(p);
    }
};

/// The owner of a handle: freed once, when the owner goes.
template <class T>
using owner = std::unique_ptr<T, deleter>;

/// A present string argument: never `{NULL, 0}`, which the library reads as "absent" (a
/// default-constructed std::string_view has a NULL data pointer).
inline tallyfy_str arg(std::string_view s) noexcept { return {s.data() != nullptr ? s.data() : "", s.size()}; }

/// An optional string argument: std::nullopt is `{NULL, 0}`, "absent".
inline tallyfy_str optional_arg(const std::optional<std::string_view> &s) noexcept {
    return s ? arg(*s) : tallyfy_str{nullptr, 0};
}

/// A string the library lends; empty when absent.
inline std::string_view view(tallyfy_str s) noexcept {
    return s.data != nullptr ? std::string_view(s.data, s.len) : std::string_view();
}

/// A string the library lends; std::nullopt when absent (`{NULL, 0}`).
inline std::optional<std::string_view> optional_view(tallyfy_str s) noexcept {
    return s.data != nullptr ? std::optional<std::string_view>(std::string_view(s.data, s.len)) : std::nullopt;
}

/// The text of an owned tallyfy_text, copied, then the text freed.
inline std::string take_text(tallyfy_text *text) {
    owner<tallyfy_text> owned(text);
    return std::string(view(tallyfy_text_str(text)));
}

}  // namespace detail

/// The library's version, such as "0.2.0".
inline std::string_view version() noexcept { return detail::view(tallyfy_version()); }

/// One problem with one field, as the library gives it: its dot path (`name`, `members.2`,
/// `org_id`), a snake_case code (`required`, `too_long`, ...) and a sentence.
struct field_error {
    std::string field;
    std::string code;
    std::string message;
};

class config;
class group;

/// A failed call: the library's error. Its copies share one immutable state (the C error,
/// freed with the last copy), so copying never throws and every copy answers what the C API
/// would.
class error : public std::runtime_error {
    /// What the copies of an error share: the C error and its field errors.
    struct state {
        detail::owner<tallyfy_error> raw;
        std::vector<field_error> fields;
    };

public:
    /// Takes ownership of the C error of a call that returned `code`. `raw` is NULL only when
    /// the library had no error to give (a constructor without an error out-parameter failed):
    /// then only the code is known.
    error(tallyfy_code code, tallyfy_error *raw) : error(code, state_of(raw)) {}

    /// The code: TALLYFY_NOT_FOUND, TALLYFY_INVALID_INPUT, ...
    tallyfy_code code() const noexcept { return code_; }
    /// The code's snake_case name, shared by every surface ("not_found", "invalid_input").
    std::string_view code_name() const & noexcept { return detail::view(tallyfy_error_code_name(raw())); }
    std::string_view code_name() const && = delete;
    /// The message, whole (what() is the same text, up to a U+0000 if it holds one).
    std::string_view message() const & noexcept { return detail::view(tallyfy_error_message(raw())); }
    std::string_view message() const && = delete;
    /// The HTTP status of the answer, if the error comes from one.
    std::optional<uint16_t> status() const noexcept {
        uint16_t status = tallyfy_error_status(raw());
        return status != 0 ? std::optional<uint16_t>(status) : std::nullopt;
    }
    /// Every field problem (client-side validation, or the server's 422 answer), in order.
    const std::vector<field_error> &field_errors() const noexcept { return state_->fields; }
    /// Seconds to wait before retrying (Retry-After; an HTTP-date counts from the system clock).
    std::optional<int64_t> retry_after_seconds() const noexcept {
        return seconds(tallyfy_error_retry_after_seconds(raw()));
    }
    /// Like retry_after_seconds(), counting an HTTP-date from `now_unix`.
    std::optional<int64_t> retry_after_seconds_at(uint64_t now_unix) const noexcept {
        return seconds(tallyfy_error_retry_after_seconds_at(raw(), now_unix));
    }
    /// The server's X-Request-Id, if it sent one.
    std::optional<std::string_view> request_id() const & noexcept {
        return detail::optional_view(tallyfy_error_request_id(raw()));
    }
    std::optional<std::string_view> request_id() const && = delete;
    /// This error with the access token of `cfg` taken out of its message, field errors and
    /// request id, wherever a server echoed it (tallyfy_error_redact()); code, status and
    /// retry-after are kept. Throws TALLYFY_NULL_ARGUMENT for a moved-from `cfg`.
    error redacted(const config &cfg) const;
    /// A copy of the C error `lent` (tallyfy_error_clone()), which stays the lender's.
    static error copy_of(const tallyfy_error *lent);

    /// The C error, borrowed (NULL when the library gave none).
    const tallyfy_error *raw() const noexcept { return state_->raw.get(); }

private:
    /// `raw` is owned by `shared` before anything else is made, so nothing can leak it.
    error(tallyfy_code code, std::shared_ptr<const state> shared)
        : std::runtime_error(std::string(detail::view(tallyfy_error_message(shared->raw.get())))),
          code_(shared->raw != nullptr ? tallyfy_error_code(shared->raw.get()) : code),
          state_(std::move(shared)) {}

    /// Takes `raw` and reads its field errors.
    static std::shared_ptr<const state> state_of(tallyfy_error *raw) {
        detail::owner<tallyfy_error> owned(raw);
        std::vector<field_error> fields;
        std::size_t count = tallyfy_error_field_count(raw);
        fields.reserve(count);
        for (std::size_t i = 0; i < count; i++) {
            fields.push_back({std::string(detail::view(tallyfy_error_field_name(raw, i))),
                              std::string(detail::view(tallyfy_error_field_code(raw, i))),
                              std::string(detail::view(tallyfy_error_field_message(raw, i)))});
        }
        return std::make_shared<const state>(state{std::move(owned), std::move(fields)});
    }

    static std::optional<int64_t> seconds(int64_t value) noexcept {
        return value >= 0 ? std::optional<int64_t>(value) : std::nullopt;
    }

    tallyfy_code code_;
    std::shared_ptr<const state> state_;
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

/// Calls `f(&err)` and throws its error on failure.
template <class F>
void call(F f) {
    tallyfy_error *err = nullptr;
    tallyfy_code code = f(&err);  // before reading `err`
    check(code, err);
}

/// Calls `f(&out, &err)`, throws its error on failure, and returns what it made.
template <class T, class F>
T *make(F f) {
    T *out = nullptr;
    call([&](tallyfy_error **err) { return f(&out, err); });
    return out;
}

/// The handle a constructor without an error out-parameter made; it gives NULL only when the
/// library failed internally (TALLYFY_PANIC).
template <class T>
T *made(T *allocated) {
    if (allocated == nullptr) {
        throw error(TALLYFY_PANIC, nullptr);
    }
    return allocated;
}

}  // namespace detail

inline error error::copy_of(const tallyfy_error *lent) {
    return error(TALLYFY_OK, detail::make<tallyfy_error>([&](tallyfy_error **out, tallyfy_error **err) {
                     return tallyfy_error_clone(lent, out, err);
                 }));
}

/// Access token, base URL and client header, validated when made; immutable.
class config {
public:
    /// Move-only: one owner frees the handle, once; a moved-from owner is empty.
    config(config &&) noexcept = default;
    config &operator=(config &&) noexcept = default;
    config(const config &) = delete;
    config &operator=(const config &) = delete;

    /// Throws TALLYFY_INVALID_INPUT listing every problem (`access_token`, `base_url`,
    /// `client_header`). No base URL: https://go.tallyfy.com/api; no client header: the default.
    explicit config(std::string_view access_token, std::optional<std::string_view> base_url = std::nullopt,
                    std::optional<std::string_view> client_header = std::nullopt)
        : handle_(detail::make<tallyfy_config>([&](tallyfy_config **out, tallyfy_error **err) {
              return tallyfy_config_new(detail::arg(access_token), detail::optional_arg(base_url),
                                        detail::optional_arg(client_header), out, err);
          })) {}

    /// The C handle, borrowed (NULL once moved from).
    const tallyfy_config *raw() const noexcept { return handle_.get(); }

private:
    detail::owner<tallyfy_config> handle_;
};

inline error error::redacted(const config &cfg) const {
    if (raw() == nullptr) {
        return *this;  // no text from the library, nothing to take out
    }
    return error(code_, detail::make<tallyfy_error>([&](tallyfy_error **out, tallyfy_error **err) {
                     return tallyfy_error_redact(raw(), cfg.raw(), out, err);
                 }));
}

/// A group borrowed from a tallyfy::group or a tallyfy::group_page: a view, valid while its
/// owner lives (like std::string_view). Made only from a named owner.
class group_ref {
public:
    /// Borrows a group handle.
    explicit group_ref(const tallyfy_group *raw) noexcept : raw_(raw) {}

    /// The group's id.
    std::string_view id() const noexcept { return detail::view(tallyfy_group_id(raw_)); }
    /// The group's name.
    std::string_view name() const noexcept { return detail::view(tallyfy_group_name(raw_)); }
    /// Empty when the server sent none.
    std::string_view description() const noexcept { return detail::view(tallyfy_group_description(raw_)); }
    /// The logo's URL, if any.
    std::optional<std::string_view> logo() const noexcept { return detail::optional_view(tallyfy_group_logo(raw_)); }
    /// When the group was created (ISO 8601, as sent), if the server said.
    std::optional<std::string_view> created_at() const noexcept {
        return detail::optional_view(tallyfy_group_created_at(raw_));
    }
    /// When the group last changed (ISO 8601, as sent), if the server said.
    std::optional<std::string_view> updated_at() const noexcept {
        return detail::optional_view(tallyfy_group_updated_at(raw_));
    }
    /// The members' user ids (an owned copy).
    std::vector<uint64_t> members() const {
        std::vector<uint64_t> out(tallyfy_group_member_count(raw_));
        for (std::size_t i = 0; i < out.size(); i++) {
            out[i] = tallyfy_group_member_at(raw_, i);
        }
        return out;
    }
    /// The guests' emails, borrowed.
    std::vector<std::string_view> guests() const {
        std::vector<std::string_view> out(tallyfy_group_guest_count(raw_));
        for (std::size_t i = 0; i < out.size(); i++) {
            out[i] = detail::view(tallyfy_group_guest_at(raw_, i));
        }
        return out;
    }
    /// `{"id","name","description","logo","members","guests","createdAt","updatedAt"}`.
    std::string to_json() const {
        return detail::take_text(detail::make<tallyfy_text>(
            [&](tallyfy_text **out, tallyfy_error **err) { return tallyfy_group_to_json(raw_, out, err); }));
    }
    /// An owned copy of this group.
    group clone() const;

    /// The C handle, borrowed.
    const tallyfy_group *raw() const noexcept { return raw_; }

private:
    const tallyfy_group *raw_;
};

/// A group the caller owns (from parse_group, from_json(), a call, or clone()). Its views exist only on a
/// named group; a temporary group converts to nothing borrowed (`group_ref r = parse_group(a);`
/// does not compile). Owning values (members(), to_json(), clone()) work on temporaries too.
class group {
public:
    /// Move-only: one owner frees the handle, once; a moved-from owner is empty.
    group(group &&) noexcept = default;
    group &operator=(group &&) noexcept = default;
    group(const group &) = delete;
    group &operator=(const group &) = delete;

    /// Takes ownership of a group handle.
    explicit group(tallyfy_group *raw) noexcept : handle_(raw) {}

    /// Reads a group in the shape to_json() writes, so that `group::from_json(g.to_json())` is
    /// the same group; throws TALLYFY_INVALID_INPUT listing every problem (`id`, `name`,
    /// `members.2`, ..., unknown keys; `group` for text that is not a JSON object).
    static group from_json(std::string_view json) {
        return group(detail::make<tallyfy_group>([&](tallyfy_group **out, tallyfy_error **err) {
            return tallyfy_group_from_json(detail::arg(json), out, err);
        }));
    }

    /// The group's id.
    std::string_view id() const & noexcept { return ref().id(); }
    std::string_view id() const && = delete;
    /// The group's name.
    std::string_view name() const & noexcept { return ref().name(); }
    std::string_view name() const && = delete;
    /// Empty when the server sent none.
    std::string_view description() const & noexcept { return ref().description(); }
    std::string_view description() const && = delete;
    /// The logo's URL, if any.
    std::optional<std::string_view> logo() const & noexcept { return ref().logo(); }
    std::optional<std::string_view> logo() const && = delete;
    /// When the group was created, if the server said.
    std::optional<std::string_view> created_at() const & noexcept { return ref().created_at(); }
    std::optional<std::string_view> created_at() const && = delete;
    /// When the group last changed, if the server said.
    std::optional<std::string_view> updated_at() const & noexcept { return ref().updated_at(); }
    std::optional<std::string_view> updated_at() const && = delete;
    /// The guests' emails, borrowed.
    std::vector<std::string_view> guests() const & { return ref().guests(); }
    std::vector<std::string_view> guests() const && = delete;
    /// The members' user ids (an owned copy).
    std::vector<uint64_t> members() const { return ref().members(); }
    /// `{"id","name","description","logo","members","guests","createdAt","updatedAt"}`.
    std::string to_json() const { return ref().to_json(); }
    /// An owned copy of this group.
    group clone() const { return ref().clone(); }

    /// This group, borrowed.
    operator group_ref() const & noexcept { return ref(); }
    operator group_ref() const && = delete;

    /// The C handle, borrowed (NULL once moved from).
    const tallyfy_group *raw() const & noexcept { return handle_.get(); }
    const tallyfy_group *raw() const && = delete;

private:
    group_ref ref() const noexcept { return group_ref(handle_.get()); }

    detail::owner<tallyfy_group> handle_;
};

inline group group_ref::clone() const {
    return group(detail::make<tallyfy_group>(
        [&](tallyfy_group **out, tallyfy_error **err) { return tallyfy_group_clone(raw_, out, err); }));
}

/// One page of a group list. Its groups are borrowed from it, so they exist only on a named
/// page.
class group_page {
public:
    /// Move-only: one owner frees the handle, once; a moved-from owner is empty.
    group_page(group_page &&) noexcept = default;
    group_page &operator=(group_page &&) noexcept = default;
    group_page(const group_page &) = delete;
    group_page &operator=(const group_page &) = delete;

    /// Takes ownership of a page handle.
    explicit group_page(tallyfy_group_page *raw) noexcept : handle_(raw) {}

    /// The number of groups on this page.
    std::size_t len() const noexcept { return tallyfy_group_page_len(handle_.get()); }
    /// Group `index`, borrowed from this page; throws std::out_of_range past the end.
    group_ref get(std::size_t index) const & {
        const tallyfy_group *g = tallyfy_group_page_get(handle_.get(), index);
        if (g == nullptr) {
            throw std::out_of_range("tallyfy::group_page::get: index past the end");
        }
        return group_ref(g);
    }
    group_ref get(std::size_t index) const && = delete;
    /// Every group of the page, borrowed.
    std::vector<group_ref> groups() const & {
        std::vector<group_ref> out;
        for (std::size_t i = 0, n = len(); i < n; i++) {
            out.push_back(get(i));
        }
        return out;
    }
    std::vector<group_ref> groups() const && = delete;
    /// The server's pagination: groups in the whole list, ...
    uint64_t total() const noexcept { return tallyfy_group_page_total(handle_.get()); }
    /// ... groups on this page, ...
    uint64_t count() const noexcept { return tallyfy_group_page_count(handle_.get()); }
    /// ... the page size, ...
    uint64_t per_page() const noexcept { return tallyfy_group_page_per_page(handle_.get()); }
    /// ... this page's number, from 1, ...
    uint64_t current_page() const noexcept { return tallyfy_group_page_current_page(handle_.get()); }
    /// ... and the number of pages.
    uint64_t total_pages() const noexcept { return tallyfy_group_page_total_pages(handle_.get()); }
    /// An owned copy of this page.
    group_page clone() const {
        return group_page(detail::make<tallyfy_group_page>([&](tallyfy_group_page **out, tallyfy_error **err) {
            return tallyfy_group_page_clone(handle_.get(), out, err);
        }));
    }

    /// The C handle, borrowed (NULL once moved from).
    const tallyfy_group_page *raw() const & noexcept { return handle_.get(); }
    const tallyfy_group_page *raw() const && = delete;

private:
    detail::owner<tallyfy_group_page> handle_;
};

/// The fields of a group to create, or to change in an update; absent until set. Each setter
/// checks its value at once, by the core's rules: a value the JSON path refuses throws
/// TALLYFY_INVALID_INPUT with the core's field error and leaves the input unchanged. What
/// depends on the operation (a create needs a name and a description) is checked when the
/// request is built. The getters return owned copies.
class group_input {
public:
    /// Move-only: one owner frees the handle, once; a moved-from owner is empty.
    group_input(group_input &&) noexcept = default;
    group_input &operator=(group_input &&) noexcept = default;
    group_input(const group_input &) = delete;
    group_input &operator=(const group_input &) = delete;

    /// An input with no field set.
    group_input() : handle_(detail::made(tallyfy_group_input_new())) {}
    /// Takes ownership of an input handle.
    explicit group_input(tallyfy_group_input *raw) noexcept : handle_(raw) {}

    /// Reads `{"name","description","members","guests"}`; throws TALLYFY_INVALID_INPUT listing
    /// every problem (types, unknown keys, values).
    static group_input from_json(std::string_view json) {
        return group_input(detail::make<tallyfy_group_input>([&](tallyfy_group_input **out, tallyfy_error **err) {
            return tallyfy_group_input_from_json(detail::arg(json), out, err);
        }));
    }

    /// Sets the name (field `name`).
    group_input &set_name(std::string_view name) & {
        return set([&](tallyfy_error **err) { return tallyfy_group_input_set_name(get(), detail::arg(name), err); });
    }
    group_input &&set_name(std::string_view name) && { return std::move(set_name(name)); }
    /// Sets the description (field `description`); std::nullopt unsets it.
    group_input &set_description(std::optional<std::string_view> description) & {
        return set([&](tallyfy_error **err) {
            return tallyfy_group_input_set_description(get(), detail::optional_arg(description), err);
        });
    }
    group_input &&set_description(std::optional<std::string_view> description) && {
        return std::move(set_description(description));
    }
    /// Adds a member's user id (field `members.N`, N where it would stand).
    group_input &add_member(uint64_t user_id) & {
        return set([&](tallyfy_error **err) { return tallyfy_group_input_add_member(get(), user_id, err); });
    }
    group_input &&add_member(uint64_t user_id) && { return std::move(add_member(user_id)); }
    /// Adds a guest email (field `guests.N`, N where it would stand).
    group_input &add_guest(std::string_view email) & {
        return set([&](tallyfy_error **err) { return tallyfy_group_input_add_guest(get(), detail::arg(email), err); });
    }
    group_input &&add_guest(std::string_view email) && { return std::move(add_guest(email)); }
    /// Members present and empty: an update removes every member.
    group_input &clear_members() & {
        return set([&](tallyfy_error **err) { return tallyfy_group_input_clear_members(get(), err); });
    }
    group_input &&clear_members() && { return std::move(clear_members()); }
    /// Guests present and empty: an update removes every guest.
    group_input &clear_guests() & {
        return set([&](tallyfy_error **err) { return tallyfy_group_input_clear_guests(get(), err); });
    }
    group_input &&clear_guests() && { return std::move(clear_guests()); }

    /// The name; std::nullopt when unset.
    std::optional<std::string> name() const { return owned(tallyfy_group_input_name(get())); }
    /// The description; std::nullopt when unset.
    std::optional<std::string> description() const { return owned(tallyfy_group_input_description(get())); }
    /// Whether the members are given (an empty list too).
    bool has_members() const noexcept { return tallyfy_group_input_has_members(get()); }
    /// The members given (empty when not given).
    std::vector<uint64_t> members() const {
        std::vector<uint64_t> out(tallyfy_group_input_member_count(get()));
        for (std::size_t i = 0; i < out.size(); i++) {
            out[i] = tallyfy_group_input_member_at(get(), i);
        }
        return out;
    }
    /// Whether the guests are given (an empty list too).
    bool has_guests() const noexcept { return tallyfy_group_input_has_guests(get()); }
    /// The guests given (empty when not given).
    std::vector<std::string> guests() const {
        std::vector<std::string> out(tallyfy_group_input_guest_count(get()));
        for (std::size_t i = 0; i < out.size(); i++) {
            out[i] = std::string(detail::view(tallyfy_group_input_guest_at(get(), i)));
        }
        return out;
    }
    /// The JSON body this input stands for (exactly the present fields).
    std::string to_json() const {
        return detail::take_text(detail::make<tallyfy_text>(
            [&](tallyfy_text **out, tallyfy_error **err) { return tallyfy_group_input_to_json(get(), out, err); }));
    }

    /// The C handle, borrowed (NULL once moved from).
    tallyfy_group_input *raw() const noexcept { return handle_.get(); }

private:
    tallyfy_group_input *get() const noexcept { return handle_.get(); }

    static std::optional<std::string> owned(tallyfy_str s) {
        auto v = detail::optional_view(s);
        return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
    }

    /// Runs the checking setter `f(&err)`; throws its refusal.
    template <class F>
    group_input &set(F f) {
        detail::call(f);
        return *this;
    }

    detail::owner<tallyfy_group_input> handle_;
};

/// Search, paging, sorting and related data of a list request; absent until set. Each setter
/// checks its value at once, as list_query::from_json() does, and leaves the query unchanged
/// when it throws.
class list_query {
public:
    /// Move-only: one owner frees the handle, once; a moved-from owner is empty.
    list_query(list_query &&) noexcept = default;
    list_query &operator=(list_query &&) noexcept = default;
    list_query(const list_query &) = delete;
    list_query &operator=(const list_query &) = delete;

    /// A query with nothing set: the server's defaults.
    list_query() : handle_(detail::made(tallyfy_list_query_new())) {}

    /// Reads `{"q","page","perPage","sortBy","sort","with"}`; throws TALLYFY_INVALID_INPUT.
    static list_query from_json(std::string_view json) {
        return list_query(detail::make<tallyfy_list_query>([&](tallyfy_list_query **out, tallyfy_error **err) {
            return tallyfy_list_query_from_json(detail::arg(json), out, err);
        }));
    }

    /// The text searched in names and descriptions.
    list_query &set_q(std::string_view q) & {
        return set([&](tallyfy_error **err) { return tallyfy_list_query_set_q(get(), detail::arg(q), err); });
    }
    list_query &&set_q(std::string_view q) && { return std::move(set_q(q)); }
    /// The page, from 1 (field `page`).
    list_query &set_page(uint32_t page) & {
        return set([&](tallyfy_error **err) { return tallyfy_list_query_set_page(get(), page, err); });
    }
    list_query &&set_page(uint32_t page) && { return std::move(set_page(page)); }
    /// The page size, 1 to 100 (field `per_page`).
    list_query &set_per_page(uint32_t per_page) & {
        return set([&](tallyfy_error **err) { return tallyfy_list_query_set_per_page(get(), per_page, err); });
    }
    list_query &&set_per_page(uint32_t per_page) && { return std::move(set_per_page(per_page)); }
    /// "name", "created_at" or "updated_at" (field `sort_by`).
    list_query &set_sort_by(std::string_view sort_by) & {
        return set([&](tallyfy_error **err) { return tallyfy_list_query_set_sort_by(get(), detail::arg(sort_by), err); });
    }
    list_query &&set_sort_by(std::string_view sort_by) && { return std::move(set_sort_by(sort_by)); }
    /// "asc" or "desc" (field `sort`).
    list_query &set_sort(std::string_view sort) & {
        return set([&](tallyfy_error **err) { return tallyfy_list_query_set_sort(get(), detail::arg(sort), err); });
    }
    list_query &&set_sort(std::string_view sort) && { return std::move(set_sort(sort)); }
    /// "assets", "users" or "guests", each once (field `with.N`, N where it would stand).
    list_query &add_with(std::string_view with) & {
        return set([&](tallyfy_error **err) { return tallyfy_list_query_add_with(get(), detail::arg(with), err); });
    }
    list_query &&add_with(std::string_view with) && { return std::move(add_with(with)); }

    /// The C handle, borrowed (NULL once moved from).
    tallyfy_list_query *raw() const noexcept { return handle_.get(); }

private:
    explicit list_query(tallyfy_list_query *raw) noexcept : handle_(raw) {}

    tallyfy_list_query *get() const noexcept { return handle_.get(); }

    /// Runs the checking setter `f(&err)`; throws its refusal.
    template <class F>
    list_query &set(F f) {
        detail::call(f);
        return *this;
    }

    detail::owner<tallyfy_list_query> handle_;
};

/// One request header, borrowed.
using header = std::pair<std::string_view, std::string_view>;

/// A request borrowed from a tallyfy::request or lent by a tallyfy::call: a view, valid while
/// its owner lives (a call's, until its next next()).
class request_ref {
public:
    /// Borrows a request handle.
    explicit request_ref(const tallyfy_request *raw) noexcept : raw_(raw) {}

    /// The HTTP method: POST, GET, PUT or DELETE.
    std::string_view method() const noexcept { return detail::view(tallyfy_request_method(raw_)); }
    /// The whole URL, query included.
    std::string_view url() const noexcept { return detail::view(tallyfy_request_url(raw_)); }
    /// The headers in order (a request's Authorization holds the token: do not log its value;
    /// a trace's holds `Bearer [redacted]`).
    std::vector<header> headers() const {
        std::vector<header> out;
        for (std::size_t i = 0, n = tallyfy_request_header_count(raw_); i < n; i++) {
            tallyfy_header h = tallyfy_request_header_at(raw_, i);
            out.emplace_back(detail::view(h.name), detail::view(h.value));
        }
        return out;
    }
    /// The JSON body of create and update; none for get, list and delete.
    std::optional<std::string_view> body() const noexcept { return detail::optional_view(tallyfy_request_body(raw_)); }
    /// Whether the method is idempotent (GET, PUT, DELETE): the call driver may resend it after
    /// no answer. A POST is never resent: keep your HTTP client from resending it by itself.
    bool idempotent() const noexcept { return tallyfy_request_idempotent(raw_); }

    /// The C handle, borrowed.
    const tallyfy_request *raw() const noexcept { return raw_; }

private:
    const tallyfy_request *raw_;
};

/// What to send: method, URL, headers and body, for your HTTP client to send unchanged. The
/// views it gives are borrowed from it, so they exist only on a named request.
class request {
public:
    /// Move-only: one owner frees the handle, once; a moved-from owner is empty.
    request(request &&) noexcept = default;
    request &operator=(request &&) noexcept = default;
    request(const request &) = delete;
    request &operator=(const request &) = delete;

    /// Takes ownership of a request handle.
    explicit request(tallyfy_request *raw) noexcept : handle_(raw) {}

    /// The HTTP method: POST, GET, PUT or DELETE.
    std::string_view method() const & noexcept { return ref().method(); }
    std::string_view method() const && = delete;
    /// The whole URL, query included.
    std::string_view url() const & noexcept { return ref().url(); }
    std::string_view url() const && = delete;
    /// The headers in order (Authorization holds the token: do not log its value).
    std::vector<header> headers() const & { return ref().headers(); }
    std::vector<header> headers() const && = delete;
    /// The JSON body of create and update; none for get, list and delete.
    std::optional<std::string_view> body() const & noexcept { return ref().body(); }
    std::optional<std::string_view> body() const && = delete;
    /// Whether the method is idempotent (see request_ref::idempotent()).
    bool idempotent() const noexcept { return ref().idempotent(); }

    /// This request, borrowed.
    operator request_ref() const & noexcept { return ref(); }
    operator request_ref() const && = delete;

    /// The C handle, borrowed (NULL once moved from).
    const tallyfy_request *raw() const & noexcept { return handle_.get(); }
    const tallyfy_request *raw() const && = delete;

private:
    request_ref ref() const noexcept { return request_ref(handle_.get()); }

    detail::owner<tallyfy_request> handle_;
};

/// An HTTP answer as your client received it: status (judged by the library), headers (all
/// may be given; only those the library reads must be UTF-8) and the raw body.
struct response {
    int32_t status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

namespace detail {

/// Calls `f(&answer)` with `r` as a tallyfy_response that borrows from it.
template <class F>
auto with_response(const response &r, F f) {
    std::vector<tallyfy_header> headers;
    headers.reserve(r.headers.size());
    for (const auto &h : r.headers) {
        headers.push_back({arg(h.first), arg(h.second)});
    }
    tallyfy_response answer{r.status, headers.data(), headers.size(), arg(r.body)};
    return f(&answer);
}

}  // namespace detail

/// POST /organizations/{org_id}/groups; throws TALLYFY_INVALID_INPUT listing every problem.
inline request build_create_group(const config &cfg, std::string_view org_id, const group_input &input) {
    return request(detail::make<tallyfy_request>([&](tallyfy_request **out, tallyfy_error **err) {
        return tallyfy_build_create_group(cfg.raw(), detail::arg(org_id), input.raw(), out, err);
    }));
}

/// GET /organizations/{org_id}/groups/{group_id}.
inline request build_get_group(const config &cfg, std::string_view org_id, std::string_view group_id) {
    return request(detail::make<tallyfy_request>([&](tallyfy_request **out, tallyfy_error **err) {
        return tallyfy_build_get_group(cfg.raw(), detail::arg(org_id), detail::arg(group_id), out, err);
    }));
}

/// GET /organizations/{org_id}/groups?... (no query: the server's defaults).
inline request build_list_groups(const config &cfg, std::string_view org_id, const list_query *query = nullptr) {
    return request(detail::make<tallyfy_request>([&](tallyfy_request **out, tallyfy_error **err) {
        return tallyfy_build_list_groups(cfg.raw(), detail::arg(org_id), query != nullptr ? query->raw() : nullptr,
                                         out, err);
    }));
}

/// PUT /organizations/{org_id}/groups/{group_id} with the present fields of `changes`.
inline request build_update_group(const config &cfg, std::string_view org_id, std::string_view group_id,
                                  const group_input &changes) {
    return request(detail::make<tallyfy_request>([&](tallyfy_request **out, tallyfy_error **err) {
        return tallyfy_build_update_group(cfg.raw(), detail::arg(org_id), detail::arg(group_id), changes.raw(), out,
                                          err);
    }));
}

/// DELETE /organizations/{org_id}/groups/{group_id}.
inline request build_delete_group(const config &cfg, std::string_view org_id, std::string_view group_id) {
    return request(detail::make<tallyfy_request>([&](tallyfy_request **out, tallyfy_error **err) {
        return tallyfy_build_delete_group(cfg.raw(), detail::arg(org_id), detail::arg(group_id), out, err);
    }));
}

/// The answer to create, get or update; throws the answer's error (TALLYFY_NOT_FOUND, ...).
inline group parse_group(const response &r) {
    return group(detail::make<tallyfy_group>([&](tallyfy_group **out, tallyfy_error **err) {
        return detail::with_response(r, [&](const tallyfy_response *a) { return tallyfy_parse_group(a, out, err); });
    }));
}

/// The answer to list.
inline group_page parse_group_list(const response &r) {
    return group_page(detail::make<tallyfy_group_page>([&](tallyfy_group_page **out, tallyfy_error **err) {
        return detail::with_response(r,
                                     [&](const tallyfy_response *a) { return tallyfy_parse_group_list(a, out, err); });
    }));
}

/// The answer to delete: returns when the group is deleted.
inline void parse_delete_group(const response &r) {
    detail::call([&](tallyfy_error **err) {
        return detail::with_response(r, [&](const tallyfy_response *a) { return tallyfy_parse_delete_group(a, err); });
    });
}

namespace detail {

/// The field errors of a validation that returned `code`: its problems for
/// TALLYFY_INVALID_INPUT, none for TALLYFY_OK; any other failure throws.
inline std::vector<field_error> problems(tallyfy_code code, tallyfy_error *err) {
    if (code == TALLYFY_INVALID_INPUT) {
        return error(code, err).field_errors();
    }
    check(code, err);
    return {};
}

}  // namespace detail

/// Every problem `input` has as a create body; empty when valid. Does not throw for invalid
/// input (a moved-from input throws TALLYFY_NULL_ARGUMENT).
inline std::vector<field_error> validate_create_group(const group_input &input) {
    tallyfy_error *err = nullptr;
    tallyfy_code code = tallyfy_validate_create_group(input.raw(), &err);
    return detail::problems(code, err);
}

/// Every problem `input` has as an update body; empty when valid.
inline std::vector<field_error> validate_update_group(const group_input &input) {
    tallyfy_error *err = nullptr;
    tallyfy_code code = tallyfy_validate_update_group(input.raw(), &err);
    return detail::problems(code, err);
}

/// The full-body update (as the official SDK sends it): `current` with `changes` applied.
inline group_input full_update(const group_ref &current, const group_input &changes) {
    return group_input(detail::make<tallyfy_group_input>([&](tallyfy_group_input **out, tallyfy_error **err) {
        return tallyfy_full_update(current.raw(), changes.raw(), out, err);
    }));
}

/// Like full_update(const group_ref &, ...), from an owned group (a temporary one too).
inline group_input full_update(const group &current, const group_input &changes) {
    const tallyfy_group *g = current.raw();
    return full_update(group_ref(g), changes);
}

/// Why an exchange got no answer (tallyfy_no_answer).
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

/// What the host does next in a call (tallyfy_step).
enum class step {
    /// Send request() within timeout_ms(), reading at most max_answer_bytes(); then answer()
    /// or no_answer().
    send = TALLYFY_STEP_SEND,
    /// Sleep delay_ms() (or give up), then ask next() again.
    wait = TALLYFY_STEP_WAIT,
    /// The call succeeded: read group(), page(), groups() or deleted(), as the operation gives.
    done = TALLYFY_STEP_DONE,
    /// The call failed with error().
    failed = TALLYFY_STEP_FAILED,
    /// The last exchange got no answer and is not retried (no_answer_kind()): the transport's
    /// own failure stands.
    unanswered = TALLYFY_STEP_UNANSWERED,
};

/// The settings of a call: exchange timeout, answer size limit, page cap and jitter seed. The
/// values are checked, all at once, when a call starts (an invalid one throws
/// TALLYFY_INVALID_INPUT naming `timeout_ms`, `max_answer_bytes` or `max_pages`).
class call_options {
public:
    /// Move-only: one owner frees the handle, once; a moved-from owner is empty.
    call_options(call_options &&) noexcept = default;
    call_options &operator=(call_options &&) noexcept = default;
    call_options(const call_options &) = delete;
    call_options &operator=(const call_options &) = delete;

    /// The defaults (timeout_ms 30000, max_answer_bytes 16 MiB, max_pages 100) and a
    /// random_seed from the system's randomness.
    call_options() : handle_(detail::made(tallyfy_call_options_new())) {}

    /// The longest one exchange may take, in ms (1 to 2^31 - 1).
    call_options &set_timeout_ms(uint32_t timeout_ms) & {
        return set([&](tallyfy_error **err) { return tallyfy_call_options_set_timeout_ms(get(), timeout_ms, err); });
    }
    call_options &&set_timeout_ms(uint32_t timeout_ms) && { return std::move(set_timeout_ms(timeout_ms)); }
    /// The largest answer body to read, in bytes (at least 1).
    call_options &set_max_answer_bytes(uint64_t max_answer_bytes) & {
        return set([&](tallyfy_error **err) {
            return tallyfy_call_options_set_max_answer_bytes(get(), max_answer_bytes, err);
        });
    }
    call_options &&set_max_answer_bytes(uint64_t max_answer_bytes) && {
        return std::move(set_max_answer_bytes(max_answer_bytes));
    }
    /// The most pages a list-all call reads (at least 1); past it, TALLYFY_TOO_MANY_PAGES.
    call_options &set_max_pages(uint32_t max_pages) & {
        return set([&](tallyfy_error **err) { return tallyfy_call_options_set_max_pages(get(), max_pages, err); });
    }
    call_options &&set_max_pages(uint32_t max_pages) && { return std::move(set_max_pages(max_pages)); }
    /// The seed of the retry jitter: a fixed one makes the waits repeatable.
    call_options &set_random_seed(uint64_t random_seed) & {
        return set([&](tallyfy_error **err) { return tallyfy_call_options_set_random_seed(get(), random_seed, err); });
    }
    call_options &&set_random_seed(uint64_t random_seed) && { return std::move(set_random_seed(random_seed)); }

    /// The C handle, borrowed (NULL once moved from).
    const tallyfy_call_options *raw() const noexcept { return handle_.get(); }

private:
    tallyfy_call_options *get() const noexcept { return handle_.get(); }

    template <class F>
    call_options &set(F f) {
        detail::call(f);
        return *this;
    }

    detail::owner<tallyfy_call_options> handle_;
};

/// One operation in progress, driven by the library (tallyfy_call): next() says what to do,
/// the host does it. Made by the call_* functions; move-only. Its request() and trace() are
/// borrowed until the next next(); its results (group(), page(), groups(), error()) are owned
/// copies.
class call {
public:
    /// Move-only: one owner frees the handle, once; a moved-from owner is empty.
    call(call &&) noexcept = default;
    call &operator=(call &&) noexcept = default;
    call(const call &) = delete;
    call &operator=(const call &) = delete;

    /// Takes ownership of a call handle.
    explicit call(tallyfy_call *raw) noexcept : handle_(raw) {}

    /// The next step (a moved-from call fails at once).
    step next() noexcept { return static_cast<step>(tallyfy_call_next(handle_.get())); }

    /// The request to send (step send), borrowed until the next next().
    request_ref request() const & noexcept { return request_ref(tallyfy_call_request(get())); }
    request_ref request() const && = delete;
    /// The same request with the access token taken out wherever it appears, for logs.
    request_ref trace() const & noexcept { return request_ref(tallyfy_call_trace(get())); }
    request_ref trace() const && = delete;
    /// The longest the exchange may take (step send).
    uint32_t timeout_ms() const noexcept { return tallyfy_call_timeout_ms(get()); }
    /// The largest body to read (step send): past it, stop and report no_answer::too_large.
    uint64_t max_answer_bytes() const noexcept { return tallyfy_call_max_answer_bytes(get()); }
    /// How long to wait (step wait).
    uint64_t delay_ms() const noexcept { return tallyfy_call_delay_ms(get()); }
    /// The number of the retry that follows the wait: 1 for the first.
    uint32_t attempt() const noexcept { return tallyfy_call_attempt(get()); }
    /// The error (step failed; at step wait, the answer that is retried), an owned copy.
    std::optional<tallyfy::error> error() const {
        const tallyfy_error *lent = tallyfy_call_error(get());
        return lent != nullptr ? std::optional<tallyfy::error>(tallyfy::error::copy_of(lent)) : std::nullopt;
    }
    /// Why there was no answer (step unanswered; at step wait, the exchange that is retried).
    tallyfy::no_answer no_answer_kind() const noexcept {
        return static_cast<tallyfy::no_answer>(tallyfy_call_no_answer_kind(get()));
    }
    /// The group (step done of create, get and update), an owned copy.
    std::optional<tallyfy::group> group() const {
        const tallyfy_group *g = tallyfy_call_group(get());
        return g != nullptr ? std::optional<tallyfy::group>(group_ref(g).clone()) : std::nullopt;
    }
    /// The page (step done of list), an owned copy.
    std::optional<group_page> page() const {
        const tallyfy_group_page *p = tallyfy_call_page(get());
        if (p == nullptr) {
            return std::nullopt;
        }
        return group_page(detail::make<tallyfy_group_page>(
            [&](tallyfy_group_page **out, tallyfy_error **err) { return tallyfy_group_page_clone(p, out, err); }));
    }
    /// The number of groups (step done of list-all).
    std::size_t group_count() const noexcept { return tallyfy_call_group_count(get()); }
    /// Group `index` (step done of list-all), an owned copy; throws std::out_of_range past the
    /// end.
    tallyfy::group group_at(std::size_t index) const {
        const tallyfy_group *g = tallyfy_call_group_at(get(), index);
        if (g == nullptr) {
            throw std::out_of_range("tallyfy::call::group_at: index past the end");
        }
        return group_ref(g).clone();
    }
    /// Every group (step done of list-all), owned copies.
    std::vector<tallyfy::group> groups() const {
        std::vector<tallyfy::group> out;
        for (std::size_t i = 0, n = group_count(); i < n; i++) {
            out.push_back(group_at(i));
        }
        return out;
    }
    /// Whether the group is deleted (step done of delete).
    bool deleted() const noexcept { return tallyfy_call_deleted(get()); }

    /// Hands over the answer to the send step's exchange; throws when the library refuses it
    /// (a header it reads that is not UTF-8, a status out of range, a call not at step send).
    void answer(const response &r) {
        detail::call([&](tallyfy_error **err) {
            return detail::with_response(r,
                                         [&](const tallyfy_response *a) { return tallyfy_call_answer(get(), a, err); });
        });
    }
    /// Reports that the send step's exchange got no answer.
    void no_answer(tallyfy::no_answer kind) {
        detail::call([&](tallyfy_error **err) {
            return tallyfy_call_no_answer(get(), static_cast<tallyfy_no_answer>(kind), err);
        });
    }

    /// The C handle, borrowed (NULL once moved from).
    const tallyfy_call *raw() const noexcept { return handle_.get(); }

private:
    tallyfy_call *get() const noexcept { return handle_.get(); }

    detail::owner<tallyfy_call> handle_;
};

namespace detail {

template <class F>
tallyfy::call start(F f) {
    return tallyfy::call(make<tallyfy_call>(f));
}

inline const tallyfy_call_options *options_of(const call_options *options) noexcept {
    return options != nullptr ? options->raw() : nullptr;
}

inline const tallyfy_list_query *query_of(const list_query *query) noexcept {
    return query != nullptr ? query->raw() : nullptr;
}

}  // namespace detail

/// Starts creating a group. No options: the defaults with a random_seed of 0. Throws
/// TALLYFY_INVALID_INPUT listing every problem of the arguments and the options before anything
/// is sent. The call keeps its own copy of what it needs from `cfg`, `input` and `options`.
inline call call_create_group(const config &cfg, std::string_view org_id, const group_input &input,
                              const call_options *options = nullptr) {
    return detail::start([&](tallyfy_call **out, tallyfy_error **err) {
        return tallyfy_call_create_group(cfg.raw(), detail::arg(org_id), input.raw(), detail::options_of(options), out,
                                         err);
    });
}

/// Starts reading one group (see call_create_group()).
inline call call_get_group(const config &cfg, std::string_view org_id, std::string_view group_id,
                           const call_options *options = nullptr) {
    return detail::start([&](tallyfy_call **out, tallyfy_error **err) {
        return tallyfy_call_get_group(cfg.raw(), detail::arg(org_id), detail::arg(group_id),
                                      detail::options_of(options), out, err);
    });
}

/// Starts reading one page of groups (no query: the server's defaults).
inline call call_list_groups(const config &cfg, std::string_view org_id, const list_query *query = nullptr,
                             const call_options *options = nullptr) {
    return detail::start([&](tallyfy_call **out, tallyfy_error **err) {
        return tallyfy_call_list_groups(cfg.raw(), detail::arg(org_id), detail::query_of(query),
                                        detail::options_of(options), out, err);
    });
}

/// Starts reading every group, page after page, from the query's page; a list that cannot be
/// completed fails (TALLYFY_MALFORMED_RESPONSE, TALLYFY_TOO_MANY_PAGES past max_pages): never a
/// partial list.
inline call call_list_all_groups(const config &cfg, std::string_view org_id, const list_query *query = nullptr,
                                 const call_options *options = nullptr) {
    return detail::start([&](tallyfy_call **out, tallyfy_error **err) {
        return tallyfy_call_list_all_groups(cfg.raw(), detail::arg(org_id), detail::query_of(query),
                                            detail::options_of(options), out, err);
    });
}

/// Starts changing the present fields of `changes`.
inline call call_update_group(const config &cfg, std::string_view org_id, std::string_view group_id,
                              const group_input &changes, const call_options *options = nullptr) {
    return detail::start([&](tallyfy_call **out, tallyfy_error **err) {
        return tallyfy_call_update_group(cfg.raw(), detail::arg(org_id), detail::arg(group_id), changes.raw(),
                                         detail::options_of(options), out, err);
    });
}

/// Starts deleting a group.
inline call call_delete_group(const config &cfg, std::string_view org_id, std::string_view group_id,
                              const call_options *options = nullptr) {
    return detail::start([&](tallyfy_call **out, tallyfy_error **err) {
        return tallyfy_call_delete_group(cfg.raw(), detail::arg(org_id), detail::arg(group_id),
                                         detail::options_of(options), out, err);
    });
}

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

/// A client of one organization's groups: every operation is a tallyfy::call, which decides
/// retries and their waits, paging, timeouts and the answer size limit; the client only hands
/// each exchange to the transport and each wait to the sleep. Errors are tallyfy::error
/// (already free of the access token); a last exchange left unanswered is tallyfy::unanswered;
/// whatever the transport or the sleep throws passes through.
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
        return run(call_create_group(*cfg_, org_id_, input, &options_)).group().value();
    }

    /// Reads one group.
    group get(std::string_view group_id) {
        return run(call_get_group(*cfg_, org_id_, group_id, &options_)).group().value();
    }

    /// Reads one page of groups (no query: the server's defaults).
    group_page list(const list_query *query = nullptr) {
        return run(call_list_groups(*cfg_, org_id_, query, &options_)).page().value();
    }

    /// Reads every group, page after page, from the query's page (100 a page unless the query
    /// sets one). A list that cannot be completed throws (TALLYFY_MALFORMED_RESPONSE,
    /// TALLYFY_TOO_MANY_PAGES past max_pages): never a partial list.
    std::vector<group> list_all(const list_query *query = nullptr) {
        return run(call_list_all_groups(*cfg_, org_id_, query, &options_)).groups();
    }

    /// Changes a group: only the present fields of `changes` (at least one).
    group update(std::string_view group_id, const group_input &changes) {
        return run(call_update_group(*cfg_, org_id_, group_id, changes, &options_)).group().value();
    }

    /// Deletes a group; returns when it is deleted.
    void remove(std::string_view group_id) { run(call_delete_group(*cfg_, org_id_, group_id, &options_)); }

private:
    static void sleep_for(const retry &r) { std::this_thread::sleep_for(r.delay); }

    /// Drives `c` to its done step and returns it; throws how it failed.
    call run(call c) {
        for (;;) {
            switch (c.next()) {
                case step::send: send(c); break;
                case step::wait: sleep_(waited(c)); break;
                case step::done: return c;
                case step::failed: throw failure(c);
                case step::unanswered: throw unanswered(c.no_answer_kind());
            }
        }
    }

    /// Performs the send step through the transport and hands back what came of it.
    void send(call &c) {
        answer a = send_(exchange{c.request(), c.trace(), std::chrono::milliseconds(c.timeout_ms()),
                                  c.max_answer_bytes()});
        if (const response *r = std::get_if<response>(&a)) {
            c.answer(*r);
        } else {
            c.no_answer(std::get<no_answer>(a));
        }
    }

    /// The error of the failed step; TALLYFY_PANIC when the library gave none (it failed
    /// internally).
    static error failure(const call &c) {
        std::optional<error> failed = c.error();
        return failed ? std::move(*failed) : error(TALLYFY_PANIC, nullptr);
    }

    /// The wait step as a retry.
    static retry waited(const call &c) {
        std::optional<error> answer_error = c.error();
        std::variant<error, no_answer> reason = answer_error ? std::variant<error, no_answer>(std::move(*answer_error))
                                                             : std::variant<error, no_answer>(c.no_answer_kind());
        return retry{std::chrono::milliseconds(c.delay_ms()), c.attempt(), std::move(reason)};
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
