// Tallyfy.cs: the C# binding of libtallyfy (the C ABI of the Tallyfy Groups API core).
//
// P/Invoke (cdecl) with UTF-8 marshalled by hand: strings go in as NUL-terminated UTF-8 byte
// arrays and come back as pointers decoded here, so the .NET/Mono marshaller never frees (or
// re-encodes) a string the library owns. Every handle is a SafeHandle released by its `*_free`;
// results (Request, Group, GroupPage, the steps of a Call) are copied into plain managed objects
// and hold no native memory. The text of GroupInput and ListQuery goes in with its length, so
// the core judges a U+0000 in it; any other string argument holding U+0000, which the C ABI
// takes only as a C string, is refused with InvalidInput naming the field. Failures throw
// TallyfyException.
//
// Call is the core's call driver (retries, waits, timeouts, the answer size limit, paging,
// redaction); GroupsClient is a short loop over it that only moves bytes with HttpClient and
// sleeps.
//
// Builds as Tallyfy.Groups.dll (.NET Standard 2.0 APIs only) with Mono's mcs (C# 6) and with the .NET
// SDK; the library is found as "tallyfy" (libtallyfy.so next to the program, on
// LD_LIBRARY_PATH, or in the NuGet package's runtimes/ folder).
using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;

namespace Tallyfy
{
    /// <summary>The result codes of the C API (tallyfy_code); the same values as in tallyfy.h.</summary>
    public enum TallyfyCode
    {
        /// <summary>Success.</summary>
        Ok = 0,
        /// <summary>Client-side validation failed; FieldErrors lists each problem.</summary>
        InvalidInput = 1,
        /// <summary>The server answered 400.</summary>
        BadRequest = 2,
        /// <summary>The server answered 401.</summary>
        Unauthorized = 3,
        /// <summary>The server answered 403.</summary>
        Forbidden = 4,
        /// <summary>The server answered 404.</summary>
        NotFound = 5,
        /// <summary>The server answered 422; FieldErrors holds its field errors.</summary>
        ValidationFailed = 6,
        /// <summary>The server answered 429; see RetryAfterSeconds.</summary>
        RateLimited = 7,
        /// <summary>The server answered 5xx.</summary>
        ServerError = 8,
        /// <summary>Any other status the operation does not expect.</summary>
        UnexpectedStatus = 9,
        /// <summary>A success status with a body that is not the documented shape.</summary>
        MalformedResponse = 10,
        /// <summary>A required argument was null.</summary>
        NullArgument = 11,
        /// <summary>A string argument was not valid UTF-8.</summary>
        InvalidUtf8 = 12,
        /// <summary>A bug inside the library, caught at the boundary.</summary>
        Panic = 13,
        /// <summary>A "list every group" call read CallOptions.MaxPages pages and more
        /// remained: narrow the query or raise MaxPages.</summary>
        TooManyPages = 14,
    }

    /// <summary>One problem with one field: its dot path (name, members.2, org_id), a snake_case
    /// code (required, too_long, rejected, ...) and a sentence.</summary>
    public sealed class FieldError
    {
        /// <summary>A field error with its path, code and sentence.</summary>
        public FieldError(string field, string code, string message)
        {
            Field = field;
            Code = code;
            Message = message;
        }

        /// <summary>The field's dot path: name, members.2, org_id.</summary>
        public string Field { get; private set; }
        /// <summary>The snake_case code: required, too_long, invalid_value, ...</summary>
        public string Code { get; private set; }
        /// <summary>A sentence for people.</summary>
        public string Message { get; private set; }

        /// <summary>"field [code]: message".</summary>
        public override string ToString()
        {
            return Field + " [" + Code + "]: " + Message;
        }
    }

    /// <summary>A failed call: invalid input, an error answer or a malformed answer. It owns the
    /// library's error (freed with the exception), so every property stays readable.</summary>
    public sealed class TallyfyException : Exception
    {
        private readonly ErrorHandle error;

        /// <summary>An InvalidInput found by the binding before calling the library (what the C
        /// ABI cannot carry); its message lists every field error.</summary>
        internal TallyfyException(IList<FieldError> fields)
            : base(string.Join("; ", fields))
        {
            Code = TallyfyCode.InvalidInput;
            CodeName = "invalid_input";
            error = new ErrorHandle();
            FieldErrors = new List<FieldError>(fields).AsReadOnly();
        }

        internal TallyfyException(TallyfyCode code, ErrorHandle error)
            : base(error.IsInvalid ? "tallyfy call failed with " + code : Utf8.Read(Native.tallyfy_error_message(error)))
        {
            Code = code;
            this.error = error;
            var fields = new List<FieldError>();
            if (!error.IsInvalid)
            {
                CodeName = Utf8.Read(Native.tallyfy_error_code_name(error));
                int status = Native.tallyfy_error_status(error);
                Status = status == 0 ? (int?)null : status;
                long count = (long)Native.tallyfy_error_field_count(error);
                for (long i = 0; i < count; i++)
                {
                    var index = new UIntPtr((ulong)i);
                    fields.Add(new FieldError(
                        Utf8.Read(Native.tallyfy_error_field_name(error, index)),
                        Utf8.Read(Native.tallyfy_error_field_code(error, index)),
                        Utf8.Read(Native.tallyfy_error_field_message(error, index))));
                }
                RequestId = Utf8.ReadOrNull(Native.tallyfy_error_request_id(error));
            }
            FieldErrors = fields.AsReadOnly();
        }

        /// <summary>The code (NotFound, InvalidInput, ...).</summary>
        public TallyfyCode Code { get; private set; }
        /// <summary>The code as the snake_case name shared with JavaScript ("not_found").</summary>
        public string CodeName { get; private set; }
        /// <summary>The HTTP status of the answer, if the error comes from one.</summary>
        public int? Status { get; private set; }
        /// <summary>Every field problem: client-side validation, or the server's 422 answer.</summary>
        public IReadOnlyList<FieldError> FieldErrors { get; private set; }
        /// <summary>The server's X-Request-Id, if it sent one.</summary>
        public string RequestId { get; private set; }

        /// <summary>Seconds to wait before retrying (Retry-After); an HTTP-date counts from the
        /// system clock.</summary>
        public long? RetryAfterSeconds
        {
            get { return Seconds(Native.tallyfy_error_retry_after_seconds(error)); }
        }

        /// <summary>Like RetryAfterSeconds, counting an HTTP-date from nowUnix.</summary>
        public long? RetryAfterSecondsAt(ulong nowUnix)
        {
            return Seconds(Native.tallyfy_error_retry_after_seconds_at(error, nowUnix));
        }

        private static long? Seconds(long value)
        {
            return value >= 0 ? value : (long?)null;
        }

        /// <summary>This error with the access token of config taken out of its message, field
        /// errors and request id, wherever a server echoed it (the core's rule); code, status and
        /// retry-after are kept. The errors of a Call (and so of GroupsClient) already are; a
        /// host that parses answers itself (Groups.Parse*) calls it before it shows or logs an
        /// error.</summary>
        public TallyfyException Redacted(Config config)
        {
            if (config == null) throw new ArgumentNullException("config");
            if (error.IsInvalid) return this;
            ErrorHandle clean;
            Native.Check(Native.tallyfy_error_redact(error, config.Handle, out clean));
            return new TallyfyException(Code, clean);
        }
    }

    /// <summary>Access token, base URL and client header, validated when made.</summary>
    public sealed class Config : IDisposable
    {
        internal readonly ConfigHandle Handle;

        /// <summary>Throws InvalidInput listing every problem; no base URL means
        /// https://go.tallyfy.com/api, no client header APIClient.</summary>
        public Config(string accessToken, string baseUrl = null, string clientHeader = null)
        {
            Utf8.RefuseNul("access_token", accessToken, "base_url", baseUrl, "client_header", clientHeader);
            ConfigHandle handle;
            ErrorHandle err;
            var code = Native.tallyfy_config_new_with_client_header(
                Utf8.Encode(accessToken, "access_token"), Utf8.Encode(baseUrl, "base_url"),
                Utf8.Encode(clientHeader, "client_header"), out handle, out err);
            Native.Check(code, err);
            Handle = handle;
        }

        /// <summary>Frees the native config.</summary>
        public void Dispose()
        {
            Handle.Dispose();
        }
    }

    /// <summary>The fields of a group to create, or to change in an update. null means absent;
    /// an empty list means "remove all" in an update. Each property checks its value when it is
    /// set, by the core's rules: a value the JSON path refuses throws TallyfyException
    /// (InvalidInput, the same field error) and leaves the property unchanged. Elements added to
    /// a list after it was set, and the fields a create requires, are checked when the request is
    /// built, which lists every problem at once.</summary>
    public sealed class GroupInput
    {
        private string name;
        private string description;
        private List<ulong> members;
        private List<string> guests;

        /// <summary>An input with every field absent.</summary>
        public GroupInput() { }

        /// <summary>An input with values the library wrote (unchecked here: the request's
        /// build checks them).</summary>
        internal GroupInput(string name, string description, List<ulong> members, List<string> guests)
        {
            this.name = name;
            this.description = description;
            this.members = members;
            this.guests = guests;
        }

        /// <summary>The group's name (required to create): not blank, at most 200 characters;
        /// otherwise setting it throws TallyfyException (field "name").</summary>
        public string Name
        {
            get { return name; }
            set
            {
                if (value != null) Checks.Text(value, "name", Native.tallyfy_group_input_set_name_n_ex);
                name = value;
            }
        }

        /// <summary>The group's description (required to create): not blank; otherwise setting
        /// it throws TallyfyException (field "description").</summary>
        public string Description
        {
            get { return description; }
            set
            {
                if (value != null)
                    Checks.Text(value, "description", Native.tallyfy_group_input_set_description_n_ex);
                description = value;
            }
        }

        /// <summary>Member user ids; empty in an update removes every member. Setting a list
        /// with an id outside 1 to 2^53 - 1 throws TallyfyException (field "members.N" of the
        /// first such id).</summary>
        public List<ulong> Members
        {
            get { return members; }
            set
            {
                if (value != null) Checks.Members(value);
                members = value;
            }
        }

        /// <summary>Guest emails; empty in an update removes every guest. Setting a list with an
        /// address that is not local@domain (or holds a control character) throws
        /// TallyfyException (field "guests.N" of the first such address).</summary>
        public List<string> Guests
        {
            get { return guests; }
            set
            {
                if (value != null) Checks.Guests(value);
                guests = value;
            }
        }

        /// <summary>The native input. Its setters defer their checks, so that the build (or
        /// validation) reports every problem at once, the elements added to a list since it was
        /// set included.</summary>
        internal GroupInputHandle ToNative()
        {
            var handle = Native.tallyfy_group_input_new();
            try
            {
                byte[] text;
                if (Name != null)
                {
                    text = Utf8.Bytes(Name, "name");
                    Native.Check(Native.tallyfy_group_input_set_name_n(handle, text, Utf8.Length(text)));
                }
                if (Description != null)
                {
                    text = Utf8.Bytes(Description, "description");
                    Native.Check(Native.tallyfy_group_input_set_description_n(handle, text, Utf8.Length(text)));
                }
                if (Members != null)
                {
                    Native.Check(Native.tallyfy_group_input_clear_members(handle));
                    foreach (var id in Members) Native.Check(Native.tallyfy_group_input_add_member(handle, id));
                }
                if (Guests != null)
                {
                    Native.Check(Native.tallyfy_group_input_clear_guests(handle));
                    int index = 0;
                    foreach (var email in Guests)
                    {
                        text = Utf8.Bytes(email, "guests." + index++);
                        Native.Check(Native.tallyfy_group_input_add_guest_n(handle, text, Utf8.Length(text)));
                    }
                }
                return handle;
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }

        /// <summary>The JSON body this input stands for: exactly the present fields.</summary>
        public string ToJson()
        {
            using (var handle = ToNative()) return Native.ToJson(handle);
        }
    }

    /// <summary>The query of a list request; null values are left out (server defaults). Each
    /// property checks its value when it is set, as the JSON path does: a refused value throws
    /// TallyfyException (InvalidInput, the same field error) and leaves the property unchanged.
    /// Elements added to With after it was set are checked when the request is built.</summary>
    public sealed class ListQuery
    {
        private string q;
        private uint? page;
        private uint? perPage;
        private string sortBy;
        private string sort;
        private List<string> with;

        /// <summary>Search text: any text, U+0000 included.</summary>
        public string Q
        {
            get { return q; }
            set
            {
                if (value != null) Checks.Text(value, "q", Native.tallyfy_list_query_set_q_n_ex);
                q = value;
            }
        }

        /// <summary>The page, from 1; 0 throws TallyfyException (field "page").</summary>
        public uint? Page
        {
            get { return page; }
            set
            {
                if (value.HasValue) Checks.Number(value.Value, Native.tallyfy_list_query_set_page_ex);
                page = value;
            }
        }

        /// <summary>Groups per page, 1 to 100; otherwise TallyfyException (field "per_page").</summary>
        public uint? PerPage
        {
            get { return perPage; }
            set
            {
                if (value.HasValue) Checks.Number(value.Value, Native.tallyfy_list_query_set_per_page_ex);
                perPage = value;
            }
        }

        /// <summary>"name", "created_at" or "updated_at"; otherwise TallyfyException (field
        /// "sort_by").</summary>
        public string SortBy
        {
            get { return sortBy; }
            set
            {
                if (value != null) Checks.Text(value, "sort_by", Native.tallyfy_list_query_set_sort_by_n_ex);
                sortBy = value;
            }
        }

        /// <summary>"asc" or "desc"; otherwise TallyfyException (field "sort").</summary>
        public string Sort
        {
            get { return sort; }
            set
            {
                if (value != null) Checks.Text(value, "sort", Native.tallyfy_list_query_set_sort_n_ex);
                sort = value;
            }
        }

        /// <summary>"assets", "users", "guests", each once; setting a list with another value
        /// throws TallyfyException (field "with.N" of the first one).</summary>
        public List<string> With
        {
            get { return with; }
            set
            {
                if (value != null) Checks.With(value);
                with = value;
            }
        }

        /// <summary>The native query; like GroupInput.ToNative, its build reports every problem
        /// at once.</summary>
        internal ListQueryHandle ToNative()
        {
            var handle = Native.tallyfy_list_query_new();
            try
            {
                if (Q != null)
                {
                    byte[] text = Utf8.Bytes(Q, "q");
                    Native.Check(Native.tallyfy_list_query_set_q_n(handle, text, Utf8.Length(text)));
                }
                if (Page.HasValue) Native.Check(Native.tallyfy_list_query_set_page(handle, Page.Value));
                if (PerPage.HasValue) Native.Check(Native.tallyfy_list_query_set_per_page(handle, PerPage.Value));
                if (SortBy != null) Checks.Text(handle, SortBy, "sort_by", Native.tallyfy_list_query_set_sort_by_n_ex);
                if (Sort != null) Checks.Text(handle, Sort, "sort", Native.tallyfy_list_query_set_sort_n_ex);
                if (With != null)
                {
                    int index = 0;
                    foreach (var w in With) Checks.Text(handle, w, "with." + index++, Native.tallyfy_list_query_add_with_n_ex);
                }
                return handle;
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }
    }

    /// <summary>What to send, unchanged: method, URL, headers in order, JSON body or null.</summary>
    public sealed class Request
    {
        // Copies every value out of a native request (owned by a request handle, or lent by a
        // call until its next step).
        internal Request(IntPtr handle)
        {
            Method = Utf8.Read(Native.tallyfy_request_method(handle));
            Url = Utf8.Read(Native.tallyfy_request_url(handle));
            var headers = new List<KeyValuePair<string, string>>();
            long count = (long)Native.tallyfy_request_header_count(handle);
            for (long i = 0; i < count; i++)
            {
                var index = new UIntPtr((ulong)i);
                headers.Add(new KeyValuePair<string, string>(
                    Utf8.Read(Native.tallyfy_request_header_name(handle, index)),
                    Utf8.Read(Native.tallyfy_request_header_value(handle, index))));
            }
            Headers = headers.AsReadOnly();
            UIntPtr len;
            IntPtr body = Native.tallyfy_request_body(handle, out len);
            Body = body == IntPtr.Zero ? null : Utf8.Read(body, (int)len.ToUInt64());
        }

        /// <summary>GET, POST, PUT or DELETE.</summary>
        public string Method { get; private set; }
        /// <summary>The full URL, path segments encoded.</summary>
        public string Url { get; private set; }
        /// <summary>Authorization holds the token (except in an exchange's Trace): never log the
        /// value of a request to send.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Headers { get; private set; }
        /// <summary>The JSON body of create and update; null for get, list and delete.</summary>
        public string Body { get; private set; }
    }

    /// <summary>What the HTTP client received.</summary>
    public sealed class Response
    {
        /// <summary>An answer; null headers or body mean none.</summary>
        public Response(ushort status, IList<KeyValuePair<string, string>> headers, byte[] body)
        {
            Status = status;
            Headers = headers ?? new List<KeyValuePair<string, string>>();
            Body = body ?? new byte[0];
        }

        /// <summary>The HTTP status.</summary>
        public ushort Status { get; private set; }
        /// <summary>The headers as received (names in any case).</summary>
        public IList<KeyValuePair<string, string>> Headers { get; private set; }
        /// <summary>The raw body.</summary>
        public byte[] Body { get; private set; }
    }

    /// <summary>A group as the API returned it: plain managed values, no native memory.</summary>
    public sealed class Group
    {
        // Copies every value out of the native group (owned by a group handle or a page handle,
        // which the caller frees right after).
        internal Group(IntPtr raw)
        {
            // Strings are read with their length, so that a U+0000 in one is kept.
            UIntPtr len;
            Id = Utf8.ReadOrNull(Native.tallyfy_group_id_n(raw, out len), len) ?? "";
            Name = Utf8.ReadOrNull(Native.tallyfy_group_name_n(raw, out len), len) ?? "";
            Description = Utf8.ReadOrNull(Native.tallyfy_group_description_n(raw, out len), len) ?? "";
            Logo = Utf8.ReadOrNull(Native.tallyfy_group_logo_n(raw, out len), len);
            CreatedAt = Utf8.ReadOrNull(Native.tallyfy_group_created_at_n(raw, out len), len);
            UpdatedAt = Utf8.ReadOrNull(Native.tallyfy_group_updated_at_n(raw, out len), len);
            var members = new List<ulong>();
            long count = (long)Native.tallyfy_group_member_count(raw);
            for (long i = 0; i < count; i++) members.Add(Native.tallyfy_group_member_at(raw, new UIntPtr((ulong)i)));
            Members = members.AsReadOnly();
            var guests = new List<string>();
            count = (long)Native.tallyfy_group_guest_count(raw);
            for (long i = 0; i < count; i++)
            {
                guests.Add(Utf8.ReadOrNull(Native.tallyfy_group_guest_at_n(raw, new UIntPtr((ulong)i), out len), len) ?? "");
            }
            Guests = guests.AsReadOnly();
            IntPtr json;
            ErrorHandle err;
            Native.Check(Native.tallyfy_group_to_json(raw, out json, out err), err);
            this.json = Native.TakeString(json);
        }

        private readonly string json;

        /// <summary>The group's id.</summary>
        public string Id { get; private set; }
        /// <summary>The group's name.</summary>
        public string Name { get; private set; }
        /// <summary>Empty when the server sent none.</summary>
        public string Description { get; private set; }
        /// <summary>The logo URL, or null.</summary>
        public string Logo { get; private set; }
        /// <summary>Member user ids.</summary>
        public IReadOnlyList<ulong> Members { get; private set; }
        /// <summary>Guest emails.</summary>
        public IReadOnlyList<string> Guests { get; private set; }
        /// <summary>When it was created (ISO 8601, as sent), or null.</summary>
        public string CreatedAt { get; private set; }
        /// <summary>When it last changed (ISO 8601, as sent), or null.</summary>
        public string UpdatedAt { get; private set; }

        /// <summary>{"id","name","description","logo","members","guests","createdAt","updatedAt"}.</summary>
        public string ToJson()
        {
            return json;
        }
    }

    /// <summary>Where a page stands in the whole list.</summary>
    public sealed class Pagination
    {
        /// <summary>Groups in the whole list.</summary>
        public ulong Total { get; internal set; }
        /// <summary>Groups on this page.</summary>
        public ulong Count { get; internal set; }
        /// <summary>Groups per page.</summary>
        public ulong PerPage { get; internal set; }
        /// <summary>This page's number, from 1.</summary>
        public ulong CurrentPage { get; internal set; }
        /// <summary>Pages in the whole list.</summary>
        public ulong TotalPages { get; internal set; }
    }

    /// <summary>One page of a group list: plain managed values, no native memory.</summary>
    public sealed class GroupPage
    {
        // Copies every value out of a native page (owned by a page handle, or lent by a call
        // until its next step).
        internal GroupPage(IntPtr handle)
        {
            var groups = new List<Group>();
            long count = (long)Native.tallyfy_group_page_len(handle);
            for (long i = 0; i < count; i++)
                groups.Add(new Group(Native.tallyfy_group_page_get(handle, new UIntPtr((ulong)i))));
            Groups = groups.AsReadOnly();
            Pagination = new Pagination
            {
                Total = Native.tallyfy_group_page_total(handle),
                Count = Native.tallyfy_group_page_count(handle),
                PerPage = Native.tallyfy_group_page_per_page(handle),
                CurrentPage = Native.tallyfy_group_page_current_page(handle),
                TotalPages = Native.tallyfy_group_page_total_pages(handle),
            };
        }

        /// <summary>The groups of this page, in order.</summary>
        public IReadOnlyList<Group> Groups { get; private set; }
        /// <summary>Where this page stands in the whole list.</summary>
        public Pagination Pagination { get; private set; }
    }

    /// <summary>The sans-I/O operations: build a request, send it yourself, parse the answer.</summary>
    public static class Groups
    {
        /// <summary>The library's version, such as "0.1.0".</summary>
        public static string Version
        {
            get { return Utf8.Read(Native.tallyfy_version()); }
        }

        /// <summary>POST /organizations/{orgId}/groups; throws InvalidInput listing every problem.</summary>
        public static Request BuildCreateGroup(Config config, string orgId, GroupInput input)
        {
            Utf8.RefuseNul("org_id", orgId);
            using (var native = input.ToNative())
                return Build((out RequestHandle r, out ErrorHandle e) =>
                    Native.tallyfy_build_create_group(config.Handle, Utf8.Encode(orgId, "org_id"), native, out r, out e));
        }

        /// <summary>Like BuildCreateGroup, with the input as JSON (types and unknown fields checked too).</summary>
        public static Request BuildCreateGroupJson(Config config, string orgId, string json)
        {
            Utf8.RefuseNul("org_id", orgId);
            byte[] bytes = Utf8.Bytes(json, "body");
            return Build((out RequestHandle r, out ErrorHandle e) => Native.tallyfy_build_create_group_json(
                config.Handle, Utf8.Encode(orgId, "org_id"), bytes, new UIntPtr((ulong)bytes.Length), out r, out e));
        }

        /// <summary>GET /organizations/{orgId}/groups/{groupId}.</summary>
        public static Request BuildGetGroup(Config config, string orgId, string groupId)
        {
            Utf8.RefuseNul("org_id", orgId, "group_id", groupId);
            return Build((out RequestHandle r, out ErrorHandle e) =>
                Native.tallyfy_build_get_group(config.Handle, Utf8.Encode(orgId, "org_id"), Utf8.Encode(groupId, "group_id"), out r, out e));
        }

        /// <summary>GET /organizations/{orgId}/groups?... (no query: the server's defaults).</summary>
        public static Request BuildListGroups(Config config, string orgId, ListQuery query = null)
        {
            Utf8.RefuseNul("org_id", orgId);
            using (var native = query != null ? query.ToNative() : Native.tallyfy_list_query_new())
                return Build((out RequestHandle r, out ErrorHandle e) =>
                    Native.tallyfy_build_list_groups(config.Handle, Utf8.Encode(orgId, "org_id"), native, out r, out e));
        }

        /// <summary>Like BuildListGroups, with the query as JSON ({"q","page","perPage","sortBy","sort","with"}).</summary>
        public static Request BuildListGroupsJson(Config config, string orgId, string queryJson)
        {
            Utf8.RefuseNul("org_id", orgId);
            using (var native = ParseQuery(queryJson))
                return Build((out RequestHandle r, out ErrorHandle e) =>
                    Native.tallyfy_build_list_groups(config.Handle, Utf8.Encode(orgId, "org_id"), native, out r, out e));
        }

        /// <summary>PUT /organizations/{orgId}/groups/{groupId} with the present fields of changes.</summary>
        public static Request BuildUpdateGroup(Config config, string orgId, string groupId, GroupInput changes)
        {
            Utf8.RefuseNul("org_id", orgId, "group_id", groupId);
            using (var native = changes.ToNative())
                return Build((out RequestHandle r, out ErrorHandle e) => Native.tallyfy_build_update_group(
                    config.Handle, Utf8.Encode(orgId, "org_id"), Utf8.Encode(groupId, "group_id"), native, out r, out e));
        }

        /// <summary>Like BuildUpdateGroup, with the changes as JSON.</summary>
        public static Request BuildUpdateGroupJson(Config config, string orgId, string groupId, string json)
        {
            Utf8.RefuseNul("org_id", orgId, "group_id", groupId);
            byte[] bytes = Utf8.Bytes(json, "body");
            return Build((out RequestHandle r, out ErrorHandle e) => Native.tallyfy_build_update_group_json(
                config.Handle, Utf8.Encode(orgId, "org_id"), Utf8.Encode(groupId, "group_id"), bytes, new UIntPtr((ulong)bytes.Length),
                out r, out e));
        }

        /// <summary>DELETE /organizations/{orgId}/groups/{groupId}.</summary>
        public static Request BuildDeleteGroup(Config config, string orgId, string groupId)
        {
            Utf8.RefuseNul("org_id", orgId, "group_id", groupId);
            return Build((out RequestHandle r, out ErrorHandle e) =>
                Native.tallyfy_build_delete_group(config.Handle, Utf8.Encode(orgId, "org_id"), Utf8.Encode(groupId, "group_id"), out r, out e));
        }

        /// <summary>The answer to create, get or update; throws the answer's error.</summary>
        public static Group ParseGroup(Response response)
        {
            GroupHandle handle = null;
            Parse(response, (NativeHeader[] h, UIntPtr n, byte[] b, UIntPtr len, out ErrorHandle e) =>
                Native.tallyfy_parse_group(response.Status, h, n, b, len, out handle, out e));
            using (handle) return new Group(handle.DangerousGetHandle());
        }

        /// <summary>The answer to list.</summary>
        public static GroupPage ParseGroupList(Response response)
        {
            GroupPageHandle handle = null;
            Parse(response, (NativeHeader[] h, UIntPtr n, byte[] b, UIntPtr len, out ErrorHandle e) =>
                Native.tallyfy_parse_group_list(response.Status, h, n, b, len, out handle, out e));
            using (handle) return new GroupPage(handle.DangerousGetHandle());
        }

        /// <summary>The answer to delete: returns when the group is deleted.</summary>
        public static void ParseDeleteGroup(Response response)
        {
            Parse(response, (NativeHeader[] h, UIntPtr n, byte[] b, UIntPtr len, out ErrorHandle e) =>
                Native.tallyfy_parse_delete_group(response.Status, h, n, b, len, out e));
        }

        /// <summary>Every problem input has as a create body; empty when valid. Never throws for
        /// invalid input.</summary>
        public static IReadOnlyList<FieldError> ValidateCreateGroup(GroupInput input)
        {
            GroupInputHandle native;
            try
            {
                native = input.ToNative();
            }
            catch (TallyfyException e)
            {
                return e.FieldErrors;
            }
            using (native) return Problems(Native.Validate(true, native));
        }

        /// <summary>Every problem input has as an update body; empty when valid.</summary>
        public static IReadOnlyList<FieldError> ValidateUpdateGroup(GroupInput input)
        {
            GroupInputHandle native;
            try
            {
                native = input.ToNative();
            }
            catch (TallyfyException e)
            {
                return e.FieldErrors;
            }
            using (native) return Problems(Native.Validate(false, native));
        }

        /// <summary>Every problem a JSON create body has, wrong types and unknown fields included.</summary>
        public static IReadOnlyList<FieldError> ValidateCreateGroupJson(string json)
        {
            byte[] bytes;
            try
            {
                bytes = Utf8.Bytes(json, "body");
            }
            catch (TallyfyException e)
            {
                return e.FieldErrors;
            }
            ErrorHandle err;
            var code = Native.tallyfy_validate_create_group_json(bytes, new UIntPtr((ulong)bytes.Length), out err);
            return Problems(new KeyValuePair<TallyfyCode, ErrorHandle>(code, err));
        }

        /// <summary>Every problem a JSON update body has; empty when valid.</summary>
        public static IReadOnlyList<FieldError> ValidateUpdateGroupJson(string json)
        {
            byte[] bytes;
            try
            {
                bytes = Utf8.Bytes(json, "body");
            }
            catch (TallyfyException e)
            {
                return e.FieldErrors;
            }
            ErrorHandle err;
            var code = Native.tallyfy_validate_update_group_json(bytes, new UIntPtr((ulong)bytes.Length), out err);
            return Problems(new KeyValuePair<TallyfyCode, ErrorHandle>(code, err));
        }

        /// <summary>Reads an input from JSON; throws InvalidInput.</summary>
        public static GroupInput ParseInput(string json)
        {
            byte[] bytes = Utf8.Bytes(json, "body");
            GroupInputHandle handle;
            ErrorHandle err;
            var code = Native.tallyfy_group_input_from_json(bytes, new UIntPtr((ulong)bytes.Length), out handle, out err);
            Native.Check(code, err);
            using (handle) return FromNative(handle);
        }

        /// <summary>The full-body update (as the official SDK sends it): current with changes applied.</summary>
        public static GroupInput FullUpdate(Group current, GroupInput changes)
        {
            var fields = new GroupInput(current.Name, current.Description, new List<ulong>(current.Members),
                new List<string>(current.Guests));
            using (var native = fields.ToNative())
            using (var nativeChanges = changes.ToNative())
            {
                GroupInputHandle handle;
                ErrorHandle err;
                Native.Check(Native.tallyfy_full_update_input(native, nativeChanges, out handle, out err), err);
                using (handle) return FromNative(handle);
            }
        }

        private delegate TallyfyCode BuildCall(out RequestHandle request, out ErrorHandle err);

        internal delegate TallyfyCode ParseCall(NativeHeader[] headers, UIntPtr count, byte[] body, UIntPtr len,
            out ErrorHandle err);

        private static Request Build(BuildCall call)
        {
            RequestHandle handle;
            ErrorHandle err;
            Native.Check(call(out handle, out err), err);
            using (handle) return new Request(handle.DangerousGetHandle());
        }

        /// <summary>Hands response to call (a parse function, or a call's answer) with its headers as
        /// C strings (a U+0000 in one is refused: tallyfy_header takes no length); throws the
        /// library's error.</summary>
        internal static void Parse(Response response, ParseCall call)
        {
            var strings = new List<string>();
            for (int i = 0; i < response.Headers.Count; i++)
            {
                strings.AddRange(new[] { "headers." + i + ".name", response.Headers[i].Key });
                strings.AddRange(new[] { "headers." + i + ".value", response.Headers[i].Value });
            }
            Utf8.RefuseNul(strings.ToArray());
            var headers = new NativeHeader[response.Headers.Count];
            try
            {
                for (int i = 0; i < headers.Length; i++)
                {
                    headers[i].Name = Utf8.Alloc(response.Headers[i].Key, "headers." + i + ".name");
                    headers[i].Value = Utf8.Alloc(response.Headers[i].Value, "headers." + i + ".value");
                }
                ErrorHandle err;
                var code = call(headers, new UIntPtr((ulong)headers.Length), response.Body,
                    new UIntPtr((ulong)response.Body.Length), out err);
                Native.Check(code, err);
            }
            finally
            {
                foreach (var h in headers)
                {
                    Marshal.FreeHGlobal(h.Name);
                    Marshal.FreeHGlobal(h.Value);
                }
            }
        }

        /// <summary>A managed copy of a native input, read through its accessors.</summary>
        private static GroupInput FromNative(GroupInputHandle handle)
        {
            UIntPtr len;
            string name = Utf8.ReadOrNull(Native.tallyfy_group_input_name(handle, out len), len);
            string description = Utf8.ReadOrNull(Native.tallyfy_group_input_description(handle, out len), len);
            List<ulong> members = null;
            if (Native.tallyfy_group_input_has_members(handle) != 0)
            {
                members = new List<ulong>();
                long count = (long)Native.tallyfy_group_input_member_count(handle);
                for (long i = 0; i < count; i++)
                    members.Add(Native.tallyfy_group_input_member_at(handle, new UIntPtr((ulong)i)));
            }
            List<string> guests = null;
            if (Native.tallyfy_group_input_has_guests(handle) != 0)
            {
                guests = new List<string>();
                long count = (long)Native.tallyfy_group_input_guest_count(handle);
                for (long i = 0; i < count; i++)
                    guests.Add(Utf8.ReadOrNull(
                        Native.tallyfy_group_input_guest_at(handle, new UIntPtr((ulong)i), out len), len));
            }
            return new GroupInput(name, description, members, guests);
        }

        private static ListQueryHandle ParseQuery(string json)
        {
            byte[] bytes = Utf8.Bytes(json, "query");
            ListQueryHandle handle;
            ErrorHandle err;
            var code = Native.tallyfy_list_query_from_json(bytes, new UIntPtr((ulong)bytes.Length), out handle, out err);
            Native.Check(code, err);
            return handle;
        }

        private static IReadOnlyList<FieldError> Problems(KeyValuePair<TallyfyCode, ErrorHandle> result)
        {
            if (result.Key == TallyfyCode.Ok)
            {
                result.Value.Dispose();
                return new List<FieldError>().AsReadOnly();
            }
            // The exception owns the error handle; it is freed here only when not thrown.
            var error = new TallyfyException(result.Key, result.Value);
            if (result.Key != TallyfyCode.InvalidInput) throw error;
            result.Value.Dispose();
            return error.FieldErrors;
        }
    }

    /// <summary>Why an exchange produced no answer (tallyfy_no_answer), for Call.NoAnswer.</summary>
    public enum NoAnswer
    {
        /// <summary>The request may not have reached the server: the connection failed or broke
        /// (refused, reset, DNS). Retried for GET, PUT and DELETE, never for POST.</summary>
        NotDelivered = 0,
        /// <summary>No complete answer within the exchange's TimeoutMs. Not retried.</summary>
        Timeout = 1,
        /// <summary>The body passed the exchange's MaxAnswerBytes and the host stopped reading
        /// it: a malformed answer.</summary>
        TooLarge = 2,
    }

    /// <summary>What the host does next (tallyfy_step), as Call.Next says.</summary>
    public enum Step
    {
        /// <summary>Perform Call.Exchange, then call Call.Answer or Call.NoAnswer.</summary>
        Send = 0,
        /// <summary>Sleep Call.Retry.DelayMs (the host may cancel instead), then ask again.</summary>
        Wait = 1,
        /// <summary>The call succeeded: read Call.Group, Call.Page, Call.Groups or Call.Deleted,
        /// as the operation gives.</summary>
        Done = 2,
        /// <summary>The call failed with Call.Error (the access token already taken out).</summary>
        Failed = 3,
        /// <summary>The last exchange got no answer (Call.Unanswered) and is not retried: fail
        /// with the transport's own error.</summary>
        Unanswered = 4,
    }

    /// <summary>The settings of one call. A property left null takes the core's default (and
    /// RandomSeed a random one); the library checks the values when the call is made.</summary>
    public sealed class CallOptions
    {
        /// <summary>The longest one HTTP exchange may take, in milliseconds.</summary>
        public uint? TimeoutMs { get; set; }
        /// <summary>The largest answer body to read, in bytes.</summary>
        public ulong? MaxAnswerBytes { get; set; }
        /// <summary>The most pages a "list every group" call reads; past it, TooManyPages.</summary>
        public uint? MaxPages { get; set; }
        /// <summary>The seed of the retry jitter: a fixed one makes the waits repeatable.</summary>
        public ulong? RandomSeed { get; set; }

        internal static CallOptionsHandle ToNative(CallOptions options)
        {
            var handle = Native.tallyfy_call_options_new();
            if (handle.IsInvalid) throw new TallyfyException(TallyfyCode.Panic, new ErrorHandle());
            if (options == null) return handle;
            if (options.TimeoutMs.HasValue)
                Native.Check(Native.tallyfy_call_options_set_timeout_ms(handle, options.TimeoutMs.Value));
            if (options.MaxAnswerBytes.HasValue)
                Native.Check(Native.tallyfy_call_options_set_max_answer_bytes(handle, options.MaxAnswerBytes.Value));
            if (options.MaxPages.HasValue)
                Native.Check(Native.tallyfy_call_options_set_max_pages(handle, options.MaxPages.Value));
            if (options.RandomSeed.HasValue)
                Native.Check(Native.tallyfy_call_options_set_random_seed(handle, options.RandomSeed.Value));
            return handle;
        }
    }

    /// <summary>One HTTP exchange for the host to perform: plain managed values.</summary>
    public sealed class Exchange
    {
        internal Exchange(Request request, Request trace, uint timeoutMs, ulong maxAnswerBytes)
        {
            Request = request;
            Trace = trace;
            TimeoutMs = timeoutMs;
            MaxAnswerBytes = maxAnswerBytes;
        }

        /// <summary>What to send, unchanged (its Authorization holds the token).</summary>
        public Request Request { get; private set; }
        /// <summary>The same request with the access token taken out wherever it appears, for
        /// logs and traces.</summary>
        public Request Trace { get; private set; }
        /// <summary>The longest the whole exchange (sending, status, headers, whole body) may
        /// take; past it, report NoAnswer.Timeout.</summary>
        public uint TimeoutMs { get; private set; }
        /// <summary>The largest body to read: past it, stop reading and report
        /// NoAnswer.TooLarge.</summary>
        public ulong MaxAnswerBytes { get; private set; }
    }

    /// <summary>A wait before the next attempt, and why: an error answer (Error) or no answer
    /// (NoAnswer).</summary>
    public sealed class Retry
    {
        internal Retry(ulong delayMs, uint attempt, TallyfyException error, NoAnswer? noAnswer)
        {
            DelayMs = delayMs;
            Attempt = attempt;
            Error = error;
            NoAnswer = noAnswer;
        }

        /// <summary>How long to wait, in milliseconds.</summary>
        public ulong DelayMs { get; private set; }
        /// <summary>The number of the retry that follows the wait: 1 for the first.</summary>
        public uint Attempt { get; private set; }
        /// <summary>The error answer that may pass (429, or 502-504 when idempotent), already
        /// redacted; null when the attempt got no answer.</summary>
        public TallyfyException Error { get; private set; }
        /// <summary>Why the attempt got no answer; null when it got an error answer.</summary>
        public NoAnswer? NoAnswer { get; private set; }
    }

    /// <summary>The core's call driver (tallyfy_call): one operation, from its first request to
    /// its result. The host loops: Next says what to do (send Exchange, wait Retry.DelayMs, or
    /// the call ended), the host does it and hands back what came of a send with Answer or
    /// NoAnswer. Every decision (retries, waits, paging, limits, redaction) is the core's; each
    /// step's values are managed copies. GroupsClient is such a host over HttpClient.</summary>
    public sealed class Call : IDisposable
    {
        private delegate TallyfyCode MakeCall(CallOptionsHandle options, out CallHandle call, out ErrorHandle err);

        private readonly CallHandle handle;

        private Call(CallOptions options, MakeCall make)
        {
            using (var native = CallOptions.ToNative(options))
            {
                ErrorHandle err;
                Native.Check(make(native, out handle, out err), err);
            }
        }

        /// <summary>Creates a group; throws InvalidInput listing every problem of the arguments
        /// and the options before anything is sent. The call keeps its own copy of config.</summary>
        public static Call CreateGroup(Config config, string orgId, GroupInput input, CallOptions options = null)
        {
            Utf8.RefuseNul("org_id", orgId);
            using (var native = input.ToNative())
                return new Call(options, (CallOptionsHandle o, out CallHandle c, out ErrorHandle e) =>
                    Native.tallyfy_call_create_group(config.Handle, Utf8.Encode(orgId, "org_id"), native, o, out c, out e));
        }

        /// <summary>Reads one group.</summary>
        public static Call GetGroup(Config config, string orgId, string groupId, CallOptions options = null)
        {
            Utf8.RefuseNul("org_id", orgId, "group_id", groupId);
            return new Call(options, (CallOptionsHandle o, out CallHandle c, out ErrorHandle e) =>
                Native.tallyfy_call_get_group(config.Handle, Utf8.Encode(orgId, "org_id"), Utf8.Encode(groupId, "group_id"),
                    o, out c, out e));
        }

        /// <summary>Reads one page of groups (no query: the server's defaults).</summary>
        public static Call ListGroups(Config config, string orgId, ListQuery query = null, CallOptions options = null)
        {
            Utf8.RefuseNul("org_id", orgId);
            using (var native = query != null ? query.ToNative() : Native.tallyfy_list_query_new())
                return new Call(options, (CallOptionsHandle o, out CallHandle c, out ErrorHandle e) =>
                    Native.tallyfy_call_list_groups(config.Handle, Utf8.Encode(orgId, "org_id"), native, o, out c, out e));
        }

        /// <summary>Reads every group, page after page, from the query's page (the core's page
        /// size unless the query sets PerPage); past MaxPages pages with more remaining it fails
        /// with TooManyPages, never a partial list.</summary>
        public static Call ListAllGroups(Config config, string orgId, ListQuery query = null, CallOptions options = null)
        {
            Utf8.RefuseNul("org_id", orgId);
            using (var native = query != null ? query.ToNative() : Native.tallyfy_list_query_new())
                return new Call(options, (CallOptionsHandle o, out CallHandle c, out ErrorHandle e) =>
                    Native.tallyfy_call_list_all_groups(config.Handle, Utf8.Encode(orgId, "org_id"), native, o, out c, out e));
        }

        /// <summary>Changes the present fields of changes.</summary>
        public static Call UpdateGroup(Config config, string orgId, string groupId, GroupInput changes,
            CallOptions options = null)
        {
            Utf8.RefuseNul("org_id", orgId, "group_id", groupId);
            using (var native = changes.ToNative())
                return new Call(options, (CallOptionsHandle o, out CallHandle c, out ErrorHandle e) =>
                    Native.tallyfy_call_update_group(config.Handle, Utf8.Encode(orgId, "org_id"),
                        Utf8.Encode(groupId, "group_id"), native, o, out c, out e));
        }

        /// <summary>Deletes a group.</summary>
        public static Call DeleteGroup(Config config, string orgId, string groupId, CallOptions options = null)
        {
            Utf8.RefuseNul("org_id", orgId, "group_id", groupId);
            return new Call(options, (CallOptionsHandle o, out CallHandle c, out ErrorHandle e) =>
                Native.tallyfy_call_delete_group(config.Handle, Utf8.Encode(orgId, "org_id"), Utf8.Encode(groupId, "group_id"),
                    o, out c, out e));
        }

        /// <summary>What the host does next; the step's values are then in Exchange, Retry,
        /// Group, Page, Groups, Deleted, Error or Unanswered (the others are null or false). A
        /// Wait is given once: asking again gives the next Send. Asking again without answering
        /// a Send gives the same one.</summary>
        public Step Next()
        {
            var h = Handle;
            var step = Native.tallyfy_call_next(h);
            Exchange = null;
            Retry = null;
            Group = null;
            Page = null;
            Groups = null;
            Deleted = false;
            Error = null;
            Unanswered = null;
            switch (step)
            {
                case Step.Send:
                    Exchange = new Exchange(new Request(Native.tallyfy_call_request(h)), new Request(Native.tallyfy_call_trace(h)),
                        Native.tallyfy_call_timeout_ms(h), Native.tallyfy_call_max_answer_bytes(h));
                    break;
                case Step.Wait:
                    var reason = Native.tallyfy_call_error(h);
                    Retry = new Retry(Native.tallyfy_call_delay_ms(h), Native.tallyfy_call_attempt(h),
                        reason == IntPtr.Zero ? null : Owned(reason),
                        reason == IntPtr.Zero ? (NoAnswer?)Native.tallyfy_call_no_answer_kind(h) : null);
                    break;
                case Step.Done:
                    var group = Native.tallyfy_call_group(h);
                    var page = Native.tallyfy_call_page(h);
                    if (group != IntPtr.Zero) Group = new Group(group);
                    else if (page != IntPtr.Zero) Page = new GroupPage(page);
                    else if (Native.tallyfy_call_deleted(h) != 0) Deleted = true;
                    else
                    {
                        var groups = new List<Group>();
                        long count = (long)Native.tallyfy_call_group_count(h);
                        for (long i = 0; i < count; i++)
                            groups.Add(new Group(Native.tallyfy_call_group_at(h, new UIntPtr((ulong)i))));
                        Groups = groups.AsReadOnly();
                    }
                    break;
                case Step.Failed:
                    Error = Owned(Native.tallyfy_call_error(h));
                    break;
                default:
                    Unanswered = (NoAnswer)Native.tallyfy_call_no_answer_kind(h);
                    break;
            }
            GC.KeepAlive(h);
            return step;
        }

        /// <summary>The exchange of a Send step.</summary>
        public Exchange Exchange { get; private set; }
        /// <summary>The wait of a Wait step.</summary>
        public Retry Retry { get; private set; }
        /// <summary>The result of a create, get or update that is Done.</summary>
        public Group Group { get; private set; }
        /// <summary>The result of a list that is Done.</summary>
        public GroupPage Page { get; private set; }
        /// <summary>The result of a "list every group" that is Done: every group of every page.</summary>
        public IReadOnlyList<Group> Groups { get; private set; }
        /// <summary>Whether a delete is Done (the group is deleted).</summary>
        public bool Deleted { get; private set; }
        /// <summary>The error of a Failed step, the access token already taken out.</summary>
        public TallyfyException Error { get; private set; }
        /// <summary>Why the last exchange of an Unanswered step got no answer.</summary>
        public NoAnswer? Unanswered { get; private set; }

        /// <summary>Hands over the answer to the exchange of the last Send step (the whole body,
        /// at most its MaxAnswerBytes; all headers may be passed); ask Next then. Throws
        /// InvalidInput (field "call"), changing nothing, unless the call waits for an
        /// answer.</summary>
        public void Answer(Response response)
        {
            if (response == null) throw new ArgumentNullException("response");
            var h = Handle;
            Tallyfy.Groups.Parse(response, (NativeHeader[] headers, UIntPtr n, byte[] body, UIntPtr len, out ErrorHandle e) =>
                Native.tallyfy_call_answer(h, response.Status, headers, n, body, len, out e));
        }

        /// <summary>Reports that the exchange of the last Send step got no answer; ask Next then.
        /// Throws as Answer does.</summary>
        public void NoAnswer(NoAnswer kind)
        {
            ErrorHandle err;
            Native.Check(Native.tallyfy_call_no_answer(Handle, (int)kind, out err), err);
        }

        /// <summary>Frees the native call; any use after throws ObjectDisposedException.</summary>
        public void Dispose()
        {
            handle.Dispose();
        }

        private CallHandle Handle
        {
            get
            {
                if (handle.IsClosed) throw new ObjectDisposedException("Call");
                return handle;
            }
        }

        /// <summary>An exception owning a copy of the error the call lends until its next step.</summary>
        private static TallyfyException Owned(IntPtr lent)
        {
            ErrorHandle copy;
            using (var borrowed = new ErrorHandle(lent)) Native.Check(Native.tallyfy_error_clone(borrowed, out copy));
            return new TallyfyException(Native.tallyfy_error_code(copy), copy);
        }
    }

    /// <summary>Groups of one organization over HttpClient: a short loop over Call that only
    /// sends each exchange (within its TimeoutMs, reading at most its MaxAnswerBytes) and sleeps
    /// the waits the core asks for. Every error it raises is the core's, redacted, or the
    /// transport's own (a TimeoutException names the request by its trace).</summary>
    public sealed class GroupsClient : IDisposable
    {
        private readonly Config config;
        private readonly string orgId;
        private readonly HttpClient http;
        private readonly bool ownsHttp;

        /// <summary>A client for orgId; http is created (and disposed) here when not given. The
        /// exchange timeout is the call's TimeoutMs; a given HttpClient's own Timeout applies
        /// too.</summary>
        public GroupsClient(Config config, string orgId, HttpClient http = null)
        {
            if (config == null) throw new ArgumentNullException("config");
            this.config = config;
            this.orgId = orgId;
            ownsHttp = http == null;
            this.http = http ?? new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            Sleep = (delay, cancel) => Task.Delay(delay, cancel);
        }

        /// <summary>Called after every answered exchange (retries and pages included) with the
        /// core's trace of the request (the token taken out) and the status.</summary>
        public Action<Request, int> Trace { get; set; }

        /// <summary>Called before each retry's wait with the wait and why (the error answer,
        /// already redacted, or the no-answer kind).</summary>
        public Action<Retry> OnRetry { get; set; }

        /// <summary>The options of every call (null: the core's defaults, a random jitter seed
        /// per call).</summary>
        public CallOptions Options { get; set; }

        /// <summary>How the client waits before a retry: Task.Delay by default. It must end early
        /// (cancelled) when its token is cancelled; tests pass one that only records.</summary>
        public Func<TimeSpan, CancellationToken, Task> Sleep { get; set; }

        /// <summary>Creates a group.</summary>
        public async Task<Group> CreateAsync(GroupInput input, CancellationToken cancel = default(CancellationToken))
        {
            using (var call = await RunAsync(Call.CreateGroup(config, orgId, input, Options), cancel).ConfigureAwait(false))
                return call.Group;
        }

        /// <summary>Reads a group.</summary>
        public async Task<Group> GetAsync(string groupId, CancellationToken cancel = default(CancellationToken))
        {
            using (var call = await RunAsync(Call.GetGroup(config, orgId, groupId, Options), cancel).ConfigureAwait(false))
                return call.Group;
        }

        /// <summary>Reads one page of groups.</summary>
        public async Task<GroupPage> ListAsync(ListQuery query = null, CancellationToken cancel = default(CancellationToken))
        {
            using (var call = await RunAsync(Call.ListGroups(config, orgId, query, Options), cancel).ConfigureAwait(false))
                return call.Page;
        }

        /// <summary>Every group, page after page (see Call.ListAllGroups): past Options.MaxPages
        /// pages with more remaining it throws TooManyPages, never a partial list.</summary>
        public async Task<List<Group>> ListAllAsync(ListQuery query = null,
            CancellationToken cancel = default(CancellationToken))
        {
            using (var call = await RunAsync(Call.ListAllGroups(config, orgId, query, Options), cancel).ConfigureAwait(false))
                return new List<Group>(call.Groups);
        }

        /// <summary>Changes the present fields of changes.</summary>
        public async Task<Group> UpdateAsync(string groupId, GroupInput changes,
            CancellationToken cancel = default(CancellationToken))
        {
            using (var call = await RunAsync(Call.UpdateGroup(config, orgId, groupId, changes, Options), cancel)
                .ConfigureAwait(false))
                return call.Group;
        }

        /// <summary>Deletes a group.</summary>
        public async Task DeleteAsync(string groupId, CancellationToken cancel = default(CancellationToken))
        {
            using (await RunAsync(Call.DeleteGroup(config, orgId, groupId, Options), cancel).ConfigureAwait(false)) { }
        }

        /// <summary>Drives call to its end: returns it Done, or disposes it and throws.</summary>
        private async Task<Call> RunAsync(Call call, CancellationToken cancel)
        {
            try
            {
                Exception unanswered = null;
                for (;;)
                {
                    switch (call.Next())
                    {
                        case Step.Send:
                            var exchange = call.Exchange;
                            var sent = await ExchangeAsync(exchange, cancel).ConfigureAwait(false);
                            if (sent.Answer == null)
                            {
                                unanswered = sent.Failure;
                                call.NoAnswer(sent.Kind);
                                break;
                            }
                            var trace = Trace;
                            if (trace != null) trace(exchange.Trace, sent.Answer.Status);
                            call.Answer(sent.Answer);
                            break;
                        case Step.Wait:
                            var onRetry = OnRetry;
                            if (onRetry != null) onRetry(call.Retry);
                            await Sleep(TimeSpan.FromMilliseconds(call.Retry.DelayMs), cancel).ConfigureAwait(false);
                            cancel.ThrowIfCancellationRequested();
                            break;
                        case Step.Done:
                            return call;
                        case Step.Failed:
                            throw call.Error;
                        default:
                            ExceptionDispatchInfo.Capture(unanswered).Throw();
                            break;
                    }
                }
            }
            catch
            {
                call.Dispose();
                throw;
            }
        }

        /// <summary>What came of one exchange: an answer, or why none (and the failure that
        /// stands if the call ends there).</summary>
        private sealed class Sent
        {
            public Response Answer;
            public NoAnswer Kind;
            public Exception Failure;
        }

        private async Task<Sent> ExchangeAsync(Exchange exchange, CancellationToken cancel)
        {
            var request = exchange.Request;
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(new[] { cancel }))
            using (var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url))
            {
                if (request.Body != null) message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
                foreach (var header in request.Headers)
                {
                    if (string.Equals(header.Key, "Content-Type", StringComparison.OrdinalIgnoreCase))
                        message.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    else
                        message.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
                // The core keeps TimeoutMs within an int.
                limit.CancelAfter((int)exchange.TimeoutMs);
                try
                {
                    using (var answer = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, limit.Token)
                        .ConfigureAwait(false))
                    // A body read that ignores the token ends when the answer is disposed.
                    using (limit.Token.Register(answer.Dispose))
                    {
                        var body = await ReadAsync(answer.Content, exchange.MaxAnswerBytes, limit.Token).ConfigureAwait(false);
                        if (body == null) return new Sent { Kind = NoAnswer.TooLarge };
                        var headers = new List<KeyValuePair<string, string>>();
                        foreach (var h in answer.Headers)
                            headers.Add(new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value)));
                        foreach (var h in answer.Content.Headers)
                            headers.Add(new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value)));
                        return new Sent { Answer = new Response((ushort)answer.StatusCode, headers, body) };
                    }
                }
                catch (Exception e) when (cancel.IsCancellationRequested)
                {
                    throw new OperationCanceledException("the call was cancelled", e, cancel);
                }
                catch (Exception) when (limit.IsCancellationRequested)
                {
                    var trace = exchange.Trace;
                    return new Sent
                    {
                        Kind = NoAnswer.Timeout,
                        Failure = new TimeoutException(trace.Method + " " + trace.Url + " got no complete answer within " +
                            exchange.TimeoutMs + " ms"),
                    };
                }
                catch (Exception e) when (e is HttpRequestException || e is IOException)
                {
                    return new Sent { Kind = NoAnswer.NotDelivered, Failure = e };
                }
            }
        }

        /// <summary>The whole body, or null past max bytes (said by Content-Length, or counted
        /// while reading: the rest is never read).</summary>
        private static async Task<byte[]> ReadAsync(HttpContent content, ulong max, CancellationToken cancel)
        {
            var length = content.Headers.ContentLength;
            if (length.HasValue && (ulong)length.Value > max) return null;
            using (var stream = await content.ReadAsStreamAsync().ConfigureAwait(false))
            using (var body = new MemoryStream())
            {
                var buffer = new byte[81920];
                for (;;)
                {
                    int read = await stream.ReadAsync(buffer, 0, buffer.Length, cancel).ConfigureAwait(false);
                    if (read == 0) return body.ToArray();
                    if ((ulong)body.Length + (ulong)read > max) return null;
                    body.Write(buffer, 0, read);
                }
            }
        }

        /// <summary>Disposes the HttpClient if it was created here.</summary>
        public void Dispose()
        {
            if (ownsHttp) http.Dispose();
        }
    }

    /// <summary>The property checks of GroupInput and ListQuery: each value goes through the
    /// library's checking setter (tallyfy_*_ex, text with its length so that the core judges a
    /// U+0000 too) on a scratch handle, so the refusal is the core's own field error.</summary>
    internal static class Checks
    {
        internal delegate TallyfyCode InputText(GroupInputHandle input, byte[] text, UIntPtr len, out ErrorHandle err);
        internal delegate TallyfyCode QueryText(ListQueryHandle query, byte[] text, UIntPtr len, out ErrorHandle err);
        internal delegate TallyfyCode QueryNumber(ListQueryHandle query, uint value, out ErrorHandle err);

        internal static void Text(string value, string field, InputText set)
        {
            using (var input = Native.tallyfy_group_input_new()) Text(input, value, field, set);
        }

        internal static void Text(string value, string field, QueryText set)
        {
            using (var query = Native.tallyfy_list_query_new()) Text(query, value, field, set);
        }

        /// <summary>Sets value (the field `field`) on input through set; throws its refusal.</summary>
        internal static void Text(GroupInputHandle input, string value, string field, InputText set)
        {
            byte[] text = Utf8.Bytes(value, field);
            ErrorHandle err;
            Native.Check(set(input, text, Utf8.Length(text), out err), err);
        }

        /// <summary>Sets value (the field `field`) on query through set; throws its refusal.</summary>
        internal static void Text(ListQueryHandle query, string value, string field, QueryText set)
        {
            byte[] text = Utf8.Bytes(value, field);
            ErrorHandle err;
            Native.Check(set(query, text, Utf8.Length(text), out err), err);
        }

        internal static void Number(uint value, QueryNumber set)
        {
            using (var query = Native.tallyfy_list_query_new())
            {
                ErrorHandle err;
                Native.Check(set(query, value, out err), err);
            }
        }

        internal static void Members(List<ulong> ids)
        {
            using (var input = Native.tallyfy_group_input_new())
            {
                foreach (var id in ids)
                {
                    ErrorHandle err;
                    Native.Check(Native.tallyfy_group_input_add_member_ex(input, id, out err), err);
                }
            }
        }

        internal static void Guests(List<string> emails)
        {
            using (var input = Native.tallyfy_group_input_new())
            {
                int index = 0;
                foreach (var email in emails) Text(input, email, "guests." + index++, Native.tallyfy_group_input_add_guest_n_ex);
            }
        }

        internal static void With(List<string> relations)
        {
            using (var query = Native.tallyfy_list_query_new())
            {
                int index = 0;
                foreach (var relation in relations) Text(query, relation, "with." + index++, Native.tallyfy_list_query_add_with_n_ex);
            }
        }
    }

    /// <summary>UTF-8 by hand: NUL-terminated byte arrays in, borrowed pointers decoded out.</summary>
    internal static class Utf8
    {
        /// <summary>Throws InvalidInput with one field error (code invalid_value) per string that
        /// holds U+0000, which a C string cannot carry; args alternate field name and value (null
        /// values are absent).</summary>
        internal static void RefuseNul(params string[] args)
        {
            var fields = new List<FieldError>();
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                if (args[i + 1] != null && args[i + 1].IndexOf('\0') >= 0)
                    fields.Add(new FieldError(args[i], "invalid_value",
                        "`" + args[i] + "` holds a NUL character (U+0000), which a C string cannot carry"));
            }
            if (fields.Count > 0) throw new TallyfyException(fields);
        }

        /// <summary>UTF-8 that refuses what it cannot carry (a lone surrogate) instead of writing
        /// U+FFFD in its place.</summary>
        private static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);

        /// <summary>s (the field `field`) as NUL-terminated UTF-8; null stays null (a NULL pointer).
        /// Throws InvalidInput (`invalid_value` on field) for a string that is not well-formed
        /// Unicode.</summary>
        internal static byte[] Encode(string s, string field)
        {
            if (s == null) return null;
            try
            {
                var bytes = new byte[Strict.GetByteCount(s) + 1];
                Strict.GetBytes(s, 0, s.Length, bytes, 0);
                return bytes;
            }
            catch (EncoderFallbackException)
            {
                throw NotWellFormed(field);
            }
        }

        /// <summary>s (the field `field`) as UTF-8, without a NUL (for pointer plus length); throws
        /// as Encode does.</summary>
        internal static byte[] Bytes(string s, string field)
        {
            try
            {
                return Strict.GetBytes(s ?? "");
            }
            catch (EncoderFallbackException)
            {
                throw NotWellFormed(field);
            }
        }

        private static TallyfyException NotWellFormed(string field)
        {
            return new TallyfyException(new List<FieldError>
            {
                new FieldError(field, "invalid_value",
                    "`" + field + "` is not well-formed Unicode (it holds a lone surrogate), which UTF-8 cannot carry"),
            });
        }

        /// <summary>The length of bytes, as a size_t.</summary>
        internal static UIntPtr Length(byte[] bytes)
        {
            return new UIntPtr((ulong)bytes.Length);
        }

        /// <summary>A NUL-terminated copy of s (the field `field`) in unmanaged memory; free with
        /// Marshal.FreeHGlobal. Throws as Encode does.</summary>
        internal static IntPtr Alloc(string s, string field)
        {
            byte[] bytes = Encode(s ?? "", field);
            IntPtr p = Marshal.AllocHGlobal(bytes.Length);
            Marshal.Copy(bytes, 0, p, bytes.Length);
            return p;
        }

        /// <summary>The NUL-terminated string at p (borrowed, never freed here); "" for NULL.</summary>
        internal static string Read(IntPtr p)
        {
            return ReadOrNull(p) ?? "";
        }

        internal static string ReadOrNull(IntPtr p)
        {
            if (p == IntPtr.Zero) return null;
            int len = 0;
            while (Marshal.ReadByte(p, len) != 0) len++;
            return Read(p, len);
        }

        /// <summary>The len bytes at p (borrowed, never freed here), a U+0000 among them
        /// kept; null for NULL.</summary>
        internal static string ReadOrNull(IntPtr p, UIntPtr len)
        {
            return p == IntPtr.Zero ? null : Read(p, checked((int)len.ToUInt64()));
        }

        internal static string Read(IntPtr p, int len)
        {
            var bytes = new byte[len];
            Marshal.Copy(p, bytes, 0, len);
            return Encoding.UTF8.GetString(bytes);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct NativeHeader
    {
        public IntPtr Name;
        public IntPtr Value;
    }

    internal sealed class ConfigHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public ConfigHandle() : base(true) { }
        protected override bool ReleaseHandle() { Native.tallyfy_config_free(handle); return true; }
    }

    internal sealed class GroupInputHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public GroupInputHandle() : base(true) { }
        protected override bool ReleaseHandle() { Native.tallyfy_group_input_free(handle); return true; }
    }

    internal sealed class ListQueryHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public ListQueryHandle() : base(true) { }
        protected override bool ReleaseHandle() { Native.tallyfy_list_query_free(handle); return true; }
    }

    internal sealed class RequestHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public RequestHandle() : base(true) { }
        protected override bool ReleaseHandle() { Native.tallyfy_request_free(handle); return true; }
    }

    internal sealed class GroupHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public GroupHandle() : base(true) { }
        protected override bool ReleaseHandle() { Native.tallyfy_group_free(handle); return true; }
    }

    internal sealed class GroupPageHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public GroupPageHandle() : base(true) { }
        protected override bool ReleaseHandle() { Native.tallyfy_group_page_free(handle); return true; }
    }

    internal sealed class CallOptionsHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public CallOptionsHandle() : base(true) { }
        protected override bool ReleaseHandle() { Native.tallyfy_call_options_free(handle); return true; }
    }

    internal sealed class CallHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public CallHandle() : base(true) { }
        protected override bool ReleaseHandle() { Native.tallyfy_call_free(handle); return true; }
    }

    internal sealed class ErrorHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public ErrorHandle() : base(true) { }
        /// <summary>An error lent by the library: never freed here.</summary>
        public ErrorHandle(IntPtr lent) : base(false) { SetHandle(lent); }
        protected override bool ReleaseHandle() { Native.tallyfy_error_free(handle); return true; }
    }

    /// <summary>The C functions. Strings in are NUL-terminated UTF-8 byte[]; strings out are
    /// IntPtr, borrowed, decoded by Utf8.Read; sizes are UIntPtr (size_t).</summary>
    internal static class Native
    {
        private const string Lib = "tallyfy";

        internal static void Check(TallyfyCode code, ErrorHandle err = null)
        {
            if (code == TallyfyCode.Ok)
            {
                if (err != null) err.Dispose();
                return;
            }
            throw new TallyfyException(code, err ?? new ErrorHandle());
        }

        internal static string ToJson(GroupInputHandle input)
        {
            IntPtr json;
            ErrorHandle err;
            Check(tallyfy_group_input_to_json(input, out json, out err), err);
            return TakeString(json);
        }

        /// <summary>Copies then frees a string the library gave through char **.</summary>
        internal static string TakeString(IntPtr s)
        {
            try
            {
                return Utf8.Read(s);
            }
            finally
            {
                tallyfy_string_free(s);
            }
        }

        internal static KeyValuePair<TallyfyCode, ErrorHandle> Validate(bool create, GroupInputHandle input)
        {
            ErrorHandle err;
            var code = create ? tallyfy_validate_create_group(input, out err) : tallyfy_validate_update_group(input, out err);
            return new KeyValuePair<TallyfyCode, ErrorHandle>(code, err);
        }

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_version();
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern void tallyfy_string_free(IntPtr s);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_config_new_with_client_header(byte[] token, byte[] baseUrl, byte[] clientHeader, out ConfigHandle cfg, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern void tallyfy_config_free(IntPtr cfg);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern GroupInputHandle tallyfy_group_input_new();
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern void tallyfy_group_input_free(IntPtr input);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_group_input_set_name_n(GroupInputHandle input, byte[] name, UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_group_input_set_name_n_ex(GroupInputHandle input, byte[] name, UIntPtr len, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_group_input_set_description_n(GroupInputHandle input, byte[] description, UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_group_input_set_description_n_ex(GroupInputHandle input, byte[] description, UIntPtr len, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_group_input_add_guest_n(GroupInputHandle input, byte[] email, UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_group_input_add_guest_n_ex(GroupInputHandle input, byte[] email, UIntPtr len, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_group_input_add_member(GroupInputHandle input, ulong userId);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_group_input_add_member_ex(GroupInputHandle input, ulong userId, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_group_input_clear_members(GroupInputHandle input);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_group_input_clear_guests(GroupInputHandle input);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_group_input_from_json(byte[] json, UIntPtr len, out GroupInputHandle input, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_group_input_name(GroupInputHandle input, out UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_group_input_description(GroupInputHandle input, out UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern int tallyfy_group_input_has_members(GroupInputHandle input);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern UIntPtr tallyfy_group_input_member_count(GroupInputHandle input);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern ulong tallyfy_group_input_member_at(GroupInputHandle input, UIntPtr index);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern int tallyfy_group_input_has_guests(GroupInputHandle input);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern UIntPtr tallyfy_group_input_guest_count(GroupInputHandle input);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_group_input_guest_at(GroupInputHandle input, UIntPtr index, out UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_group_input_to_json(GroupInputHandle input, out IntPtr json, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_validate_create_group(GroupInputHandle input, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_validate_update_group(GroupInputHandle input, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_validate_create_group_json(byte[] json, UIntPtr len, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_validate_update_group_json(byte[] json, UIntPtr len, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_full_update_input(GroupInputHandle current, GroupInputHandle changes, out GroupInputHandle body, out ErrorHandle err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern ListQueryHandle tallyfy_list_query_new();
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern void tallyfy_list_query_free(IntPtr query);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_list_query_set_q_n(ListQueryHandle query, byte[] q, UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_list_query_set_q_n_ex(ListQueryHandle query, byte[] q, UIntPtr len, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_list_query_set_sort_by_n_ex(ListQueryHandle query, byte[] sortBy, UIntPtr len, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_list_query_set_sort_n_ex(ListQueryHandle query, byte[] sort, UIntPtr len, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_list_query_add_with_n_ex(ListQueryHandle query, byte[] with, UIntPtr len, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_list_query_set_page(ListQueryHandle query, uint page);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_list_query_set_per_page(ListQueryHandle query, uint perPage);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_list_query_set_page_ex(ListQueryHandle query, uint page, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_list_query_set_per_page_ex(ListQueryHandle query, uint perPage, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_list_query_from_json(byte[] json, UIntPtr len, out ListQueryHandle query, out ErrorHandle err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_build_create_group(ConfigHandle cfg, byte[] orgId, GroupInputHandle input, out RequestHandle req, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_build_create_group_json(ConfigHandle cfg, byte[] orgId, byte[] json, UIntPtr len, out RequestHandle req, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_build_get_group(ConfigHandle cfg, byte[] orgId, byte[] groupId, out RequestHandle req, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_build_list_groups(ConfigHandle cfg, byte[] orgId, ListQueryHandle query, out RequestHandle req, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_build_update_group(ConfigHandle cfg, byte[] orgId, byte[] groupId, GroupInputHandle input, out RequestHandle req, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_build_update_group_json(ConfigHandle cfg, byte[] orgId, byte[] groupId, byte[] json, UIntPtr len, out RequestHandle req, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_build_delete_group(ConfigHandle cfg, byte[] orgId, byte[] groupId, out RequestHandle req, out ErrorHandle err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_request_method(IntPtr req);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_request_url(IntPtr req);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern UIntPtr tallyfy_request_header_count(IntPtr req);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_request_header_name(IntPtr req, UIntPtr index);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_request_header_value(IntPtr req, UIntPtr index);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_request_body(IntPtr req, out UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern void tallyfy_request_free(IntPtr req);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_parse_group(ushort status, NativeHeader[] headers, UIntPtr count, byte[] body, UIntPtr len, out GroupHandle group, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_parse_group_list(ushort status, NativeHeader[] headers, UIntPtr count, byte[] body, UIntPtr len, out GroupPageHandle page, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_parse_delete_group(ushort status, NativeHeader[] headers, UIntPtr count, byte[] body, UIntPtr len, out ErrorHandle err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_group_id_n(IntPtr group, out UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_group_name_n(IntPtr group, out UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_group_description_n(IntPtr group, out UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_group_logo_n(IntPtr group, out UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_group_created_at_n(IntPtr group, out UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_group_updated_at_n(IntPtr group, out UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern UIntPtr tallyfy_group_member_count(IntPtr group);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern ulong tallyfy_group_member_at(IntPtr group, UIntPtr index);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern UIntPtr tallyfy_group_guest_count(IntPtr group);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_group_guest_at_n(IntPtr group, UIntPtr index, out UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_group_to_json(IntPtr group, out IntPtr json, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern void tallyfy_group_free(IntPtr group);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern UIntPtr tallyfy_group_page_len(IntPtr page);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_group_page_get(IntPtr page, UIntPtr index);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern ulong tallyfy_group_page_total(IntPtr page);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern ulong tallyfy_group_page_count(IntPtr page);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern ulong tallyfy_group_page_per_page(IntPtr page);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern ulong tallyfy_group_page_current_page(IntPtr page);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern ulong tallyfy_group_page_total_pages(IntPtr page);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern void tallyfy_group_page_free(IntPtr page);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_error_code(ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_error_code_name(ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_error_message(ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern ushort tallyfy_error_status(ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern UIntPtr tallyfy_error_field_count(ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_error_field_name(ErrorHandle err, UIntPtr index);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_error_field_code(ErrorHandle err, UIntPtr index);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_error_field_message(ErrorHandle err, UIntPtr index);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern long tallyfy_error_retry_after_seconds(ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern long tallyfy_error_retry_after_seconds_at(ErrorHandle err, ulong nowUnix);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_error_request_id(ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern void tallyfy_error_free(IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_error_redact(ErrorHandle err, ConfigHandle cfg, out ErrorHandle clean);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_error_clone(ErrorHandle err, out ErrorHandle copy);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern CallOptionsHandle tallyfy_call_options_new();
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_call_options_set_timeout_ms(CallOptionsHandle options, uint timeoutMs);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_call_options_set_max_answer_bytes(CallOptionsHandle options, ulong maxAnswerBytes);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_call_options_set_max_pages(CallOptionsHandle options, uint maxPages);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_call_options_set_random_seed(CallOptionsHandle options, ulong randomSeed);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern void tallyfy_call_options_free(IntPtr options);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_call_create_group(ConfigHandle cfg, byte[] orgId, GroupInputHandle input, CallOptionsHandle options, out CallHandle call, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_call_get_group(ConfigHandle cfg, byte[] orgId, byte[] groupId, CallOptionsHandle options, out CallHandle call, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_call_list_groups(ConfigHandle cfg, byte[] orgId, ListQueryHandle query, CallOptionsHandle options, out CallHandle call, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_call_list_all_groups(ConfigHandle cfg, byte[] orgId, ListQueryHandle query, CallOptionsHandle options, out CallHandle call, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_call_update_group(ConfigHandle cfg, byte[] orgId, byte[] groupId, GroupInputHandle input, CallOptionsHandle options, out CallHandle call, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_call_delete_group(ConfigHandle cfg, byte[] orgId, byte[] groupId, CallOptionsHandle options, out CallHandle call, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern Step tallyfy_call_next(CallHandle call);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_call_request(CallHandle call);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_call_trace(CallHandle call);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern uint tallyfy_call_timeout_ms(CallHandle call);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern ulong tallyfy_call_max_answer_bytes(CallHandle call);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern ulong tallyfy_call_delay_ms(CallHandle call);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern uint tallyfy_call_attempt(CallHandle call);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_call_error(CallHandle call);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern int tallyfy_call_no_answer_kind(CallHandle call);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_call_group(CallHandle call);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_call_page(CallHandle call);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern UIntPtr tallyfy_call_group_count(CallHandle call);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern IntPtr tallyfy_call_group_at(CallHandle call, UIntPtr index);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern int tallyfy_call_deleted(CallHandle call);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_call_answer(CallHandle call, ushort status, NativeHeader[] headers, UIntPtr headerCount, byte[] body, UIntPtr bodyLen, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern TallyfyCode tallyfy_call_no_answer(CallHandle call, int kind, out ErrorHandle err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] internal static extern void tallyfy_call_free(IntPtr call);
    }
}
