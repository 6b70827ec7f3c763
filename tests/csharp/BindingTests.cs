// The C# binding itself (Tallyfy.Groups.dll): text reaching the core as it is (U+0000
// included; a lone surrogate as bytes the library refuses, never replaced), null arguments
// named by the library, the setters of GroupInput and ListQuery refusing at once what the
// JSON path refuses, exceptions that stay readable, results that copy their values out (no
// native memory) and outlive what lent them, groups read back from their JSON, disposed handles, the assembly's version, GroupsClient never showing
// the token, reading at most MaxAnswerBytes of an endless answer, timing out an exchange and
// leaving nothing running when cancelled, Call refusing an answer out of turn, and calls of
// several tenants interleaved and concurrent each sending only their own request. Time is
// virtual: GroupsClient's Sleep is injected. Prints failures and "N passed, N failed".
//
// usage: mono binding-tests.exe PATH/TO/tallyfy.h
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace Tallyfy.Tests
{
    public static class BindingTests
    {
        // Shaped as Tallyfy's tokens are (a JWT), which the core's heuristic already redacts.
        private const string JwtToken = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlLXNlY3JldA";
        // An opaque token no heuristic recognises: only the exact redaction takes it out.
        private const string OpaqueToken = "zqTok-7f3a.x~9+Q";
        private static string header;

        public static int Main(string[] args)
        {
            if (args.Length != 1)
            {
                Console.Error.WriteLine("usage: binding-tests.exe PATH/TO/tallyfy.h");
                return 2;
            }
            header = File.ReadAllText(args[0]);
            var tests = new Dictionary<string, Action>
            {
                { "U+0000 reaches the core, which judges it as in JSON", NulReachesTheCore },
                { "lone surrogates refused by the library naming the parameter, never replaced", LoneSurrogateRefused },
                { "null arguments refused by the library naming them", NullArguments },
                { "a server's U+0000 kept in every string of a group", ServerStringsKeepNul },
                { "setters refuse at once what the JSON path refuses", SettersCheckAtOnce },
                { "exceptions stay readable", ExceptionsReadable },
                { "results copy their values out and outlive what lent them", ResultsAreCopies },
                { "groups read back from their JSON", GroupsFromJson },
                { "disposed handles throw ObjectDisposedException", DisposedHandles },
                { "Call refuses an answer out of turn", AnswerOutOfTurn },
                { "interleaved calls of several tenants each send their own request", InterleavedCallsIsolated },
                { "concurrent calls of several tenants each send their own request", ConcurrentCallsIsolated },
                { "an endless answer is read up to MaxAnswerBytes only", EndlessAnswer },
                { "a Content-Length past MaxAnswerBytes is not read", LongContentLength },
                { "an exchange past TimeoutMs times out, not retried, redacted", ExchangeTimeout },
                { "a cancelled retry wait leaves nothing running", CancelledWait },
                { "a cancelled exchange ends the call with the caller's token", CancelledExchange },
                { "a dropped connection: GET retried, a POST's own error rethrown", DroppedConnection },
                { "inputs read back field by field", InputsReadBack },
                { "assembly version is the library's", AssemblyVersion },
                { "GroupsClient never shows a JWT token", () => TokenNeverShown(JwtToken) },
                { "GroupsClient never shows an opaque token", () => TokenNeverShown(OpaqueToken) },
                { "a parse error shows an echoed token until Redacted", ParseErrorRedacted },
            };
            int passed = 0, failed = 0;
            foreach (var test in tests)
            {
                try
                {
                    test.Value();
                    passed++;
                    Console.WriteLine("ok " + test.Key);
                }
                catch (Exception e)
                {
                    failed++;
                    Console.WriteLine("FAILED " + test.Key + ": " + e);
                }
            }
            Console.WriteLine(passed + " passed, " + failed + " failed");
            return failed == 0 && passed == tests.Count ? 0 : 1;
        }

        private static void Expect(bool ok, string what)
        {
            if (!ok) throw new Exception(what);
        }

        /// <summary>The Error f throws (it must throw one).</summary>
        private static Error Failure(Action f)
        {
            try
            {
                f();
            }
            catch (Error e)
            {
                return e;
            }
            throw new Exception("no Error thrown");
        }

        /// <summary>Runs f, which must throw Error with this code and exactly these field errors
        /// ("field code" each).</summary>
        private static void Refused(string what, Action f, Code code, params string[] fields)
        {
            var e = Failure(f);
            var have = e.FieldErrors.Select(x => x.Field + " " + x.Code).ToArray();
            Expect(e.Code == code, what + ": code " + e.Code + " (" + e.Message + ")");
            Expect(have.SequenceEqual(fields), what + ": fields [" + string.Join(", ", have) + "] (" + e.Message + ")");
        }

        /// <summary>Runs f, which must throw a boundary Error (NullArgument, InvalidUtf8): code
        /// and message are the library's, naming the parameter; no field errors.</summary>
        private static void Named(string what, Action f, Code code, string message)
        {
            var e = Failure(f);
            Expect(e.Code == code && e.Message == message && e.FieldErrors.Count == 0 && e.Status == null,
                what + ": " + e.Code + " \"" + e.Message + "\"");
        }

        /// <summary>The field errors f throws as Error (InvalidInput), or none.</summary>
        private static IReadOnlyList<FieldError> Refusal(Action f)
        {
            try
            {
                f();
                return new FieldError[0];
            }
            catch (Error e)
            {
                Expect(e.Code == Code.InvalidInput, "refusal code " + e.Code + " (" + e.Message + ")");
                return e.FieldErrors;
            }
        }

        /// <summary>The field errors GroupInput.FromJson gives for json.</summary>
        private static IReadOnlyList<FieldError> InputJson(string json)
        {
            return Refusal(() => GroupInput.FromJson(json).Dispose());
        }

        /// <summary>The field errors ListQuery.FromJson gives for json.</summary>
        private static IReadOnlyList<FieldError> QueryJson(string json)
        {
            return Refusal(() => ListQuery.FromJson(json).Dispose());
        }

        private static bool Same(IReadOnlyList<FieldError> a, IReadOnlyList<FieldError> b)
        {
            return a.Count == b.Count &&
                a.Zip(b, (x, y) => x.Field == y.Field && x.Code == y.Code && x.Message == y.Message).All(ok => ok);
        }

        private static string Describe(IEnumerable<FieldError> errors)
        {
            return "[" + string.Join("; ", errors) + "]";
        }

        /// <summary>The binding passes text with its length and leaves U+0000 to the core: where
        /// JSON may hold one, so may the setter; where the core refuses one, the setter's refusal
        /// is the JSON path's.</summary>
        private static void NulReachesTheCore()
        {
            using (var config = new Config("token"))
            {
                using (var input = new GroupInput { Name = "abc\0def", Description = "d\0" })
                {
                    var body = Groups.BuildCreateGroup(config, "org", input).Body;
                    Expect(body == "{\"name\":\"abc\\u0000def\",\"description\":\"d\\u0000\"}", "name keeps U+0000: " + body);
                    Expect(input.Name == "abc\0def", "read back whole: " + input.Name);
                }
                using (var input = new GroupInput())
                {
                    var have = Refusal(() => input.AddGuest("a\0b@c.de"));
                    var want = InputJson("{\"guests\":[\"a\\u0000b@c.de\"]}");
                    Expect(have.Count == 1 && Same(have, want), "a guest: " + Describe(have) + ", JSON " + Describe(want));
                }
                using (var query = new ListQuery { Q = "a\0" })
                {
                    var url = Groups.BuildListGroups(config, "org", query).Url;
                    Expect(url.EndsWith("/groups?q=a%00"), "q keeps U+0000: " + url);
                }
                using (var query = new ListQuery())
                {
                    var have = Refusal(() => query.AddWith("users\0"));
                    var want = QueryJson("{\"with\":[\"users\\u0000\"]}");
                    Expect(have.Count == 1 && Same(have, want), "a relation: " + Describe(have) + ", JSON " + Describe(want));
                }
                // An id reaches the core whole, never cut at the U+0000: the core encodes it all.
                var path = Groups.BuildGetGroup(config, "org\0/../../other", "g1").Url;
                Expect(path == "https://go.tallyfy.com/api/organizations/org%00%2F..%2F..%2Fother/groups/g1", "org_id: " + path);
                // A token may not hold one: the core's field error, with the token never shown.
                var e = Failure(() => new Config("zqSecret\0Tok"));
                Expect(e.Code == Code.InvalidInput && e.FieldErrors.Single().Field == "access_token" &&
                    e.FieldErrors[0].Code == "invalid_format" && !e.Message.Contains("zqSecret"),
                    "access_token: " + e.FieldErrors.Single() + " (" + e.Message + ")");
                // A header the core does not read may hold anything.
                var headers = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("X-Served-By", "a\0b") };
                var group = Groups.ParseGroup(new Response(200, headers, Encoding.UTF8.GetBytes("{\"data\":{\"id\":\"g\",\"name\":\"n\"}}")));
                Expect(group.Id == "g", "an unread header is not judged");
            }
        }

        private static void LoneSurrogateRefused()
        {
            // UTF-8 cannot carry a lone surrogate; .NET's default encoder would write U+FFFD.
            Named("token", () => new Config("tok\uD800"), Code.InvalidUtf8, "access_token is not valid UTF-8");
            using (var config = new Config("tok"))
            {
                Named("org id", () => Groups.BuildGetGroup(config, "org\uDC00", "g1"), Code.InvalidUtf8, "org_id is not valid UTF-8");
                using (var input = new GroupInput())
                {
                    Named("name", () => input.Name = "Ops \uD83D", Code.InvalidUtf8, "name is not valid UTF-8");
                    Expect(input.Name == null, "the name stays absent");
                    Named("guest", () => input.AddGuest("x\uD800@b.co"), Code.InvalidUtf8, "email is not valid UTF-8");
                }
                using (var query = new ListQuery())
                    Named("q", () => query.Q = "\uDE00", Code.InvalidUtf8, "q is not valid UTF-8");
                Named("JSON input", () => GroupInput.FromJson("{\"name\":\"\uD800\"}"), Code.InvalidUtf8, "json is not valid UTF-8");
                var headers = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("X-Request-Id", "r\uD800") };
                Named("a header the core reads", () => Groups.ParseGroup(new Response(200, headers, null)), Code.InvalidUtf8,
                    "the value of the X-Request-Id header is not valid UTF-8");
                using (var input = new GroupInput { Name = "Ops \uFFFD \uD83D\uDE00", Description = "d" })
                {
                    var kept = Groups.BuildCreateGroup(config, "org", input);
                    Expect(kept.Body == "{\"name\":\"Ops \uFFFD \uD83D\uDE00\",\"description\":\"d\"}",
                        "U+FFFD and a surrogate pair are kept: " + kept.Body);
                }
            }
        }

        /// <summary>null goes to the library as {NULL, 0} or a NULL handle: where a value is
        /// required the library names the parameter, where it is optional null is absent.</summary>
        private static void NullArguments()
        {
            Named("token", () => new Config(null), Code.NullArgument, "access_token is NULL");
            using (var config = new Config("token", null, null))
            using (var input = new GroupInput { Name = "Ops", Description = "d" })
            {
                Named("org id", () => Groups.BuildGetGroup(config, null, "g1"), Code.NullArgument, "org_id is NULL");
                Named("config", () => Groups.BuildGetGroup(null, "org", "g1"), Code.NullArgument, "cfg is NULL");
                Named("input", () => Groups.BuildCreateGroup(config, "org", null), Code.NullArgument, "input is NULL");
                Named("current", () => Groups.FullUpdate(null, input), Code.NullArgument, "current is NULL");
                Named("name", () => input.Name = null, Code.NullArgument, "name is NULL");
                input.Description = null;
                Expect(input.Description == null && input.ToJson() == "{\"name\":\"Ops\"}", "a description unset: " + input.ToJson());
                Expect(Groups.BuildListGroups(config, "org", null).Url.EndsWith("/organizations/org/groups"), "no query");
                using (var call = Call.GetGroup(config, "org", "g1", null)) Expect(call.Next() == Step.Send, "default options");
            }
        }

        private static void ServerStringsKeepNul()
        {
            string body = "{\"data\":{\"id\":\"g\\u0000\",\"name\":\"a\\u0000b\",\"description\":\"\\u0000\","
                + "\"logo\":\"l\\u0000\",\"guests\":[\"x\\u0000@y.z\"],\"created_at\":\"c\\u0000\",\"updated_at\":\"u\\u0000\"}}";
            Group g = Groups.ParseGroup(new Response(200, null, Encoding.UTF8.GetBytes(body)));
            Expect(g.Id == "g\0" && g.Name == "a\0b" && g.Description == "\0", "id, name, description keep U+0000");
            Expect(g.Logo == "l\0" && g.CreatedAt == "c\0" && g.UpdatedAt == "u\0", "logo and dates keep U+0000");
            Expect(g.Guests.Count == 1 && g.Guests[0] == "x\0@y.z", "guests keep U+0000");
        }

        /// <summary>One setter case: the JSON the core judges, the values set before (taken), the
        /// value judged, and whether the JSON path refuses it.</summary>
        private sealed class SetterCase<T>
        {
            public string What, Json;
            public Action<T> Before, Judged;
            public bool Refused;
        }

        private static SetterCase<T> Case<T>(string what, string json, Action<T> before, Action<T> judged, bool refused)
        {
            return new SetterCase<T> { What = what, Json = json, Before = before, Judged = judged, Refused = refused };
        }

        /// <summary>Each setter refuses a value at once, with the field error the JSON path gives
        /// for it (read from the JSON path here, not copied), and leaves the object as it was; a
        /// value the JSON path takes is taken.</summary>
        private static void SettersCheckAtOnce()
        {
            string longName = new string('n', 201), longestName = new string('n', 200);
            Action<GroupInput> none = i => { };
            var inputs = new[]
            {
                Case<GroupInput>("empty name", "{\"name\":\"\"}", none, i => i.Name = "", true),
                Case<GroupInput>("blank name", "{\"name\":\" \\t\"}", none, i => i.Name = " \t", true),
                Case<GroupInput>("201-character name", "{\"name\":\"" + longName + "\"}", none, i => i.Name = longName, true),
                Case<GroupInput>("200-character name", "{\"name\":\"" + longestName + "\"}", none, i => i.Name = longestName, false),
                Case<GroupInput>("blank description", "{\"description\":\"  \"}", none, i => i.Description = "  ", true),
                Case<GroupInput>("member 0 after 7", "{\"members\":[7,0]}", i => { i.ClearMembers(); i.AddMember(7); }, i => i.AddMember(0), true),
                Case<GroupInput>("member 2^53", "{\"members\":[9007199254740992]}", i => i.ClearMembers(), i => i.AddMember(9007199254740992), true),
                Case<GroupInput>("member 2^64 - 1", "{\"members\":[18446744073709551615]}", i => i.ClearMembers(), i => i.AddMember(ulong.MaxValue), true),
                Case<GroupInput>("member 2^53 - 1", "{\"members\":[9007199254740991]}", i => i.ClearMembers(), i => i.AddMember(9007199254740991), false),
                Case<GroupInput>("guest without @", "{\"guests\":[\"a@b.co\",\"ab\"]}", i => { i.ClearGuests(); i.AddGuest("a@b.co"); },
                    i => i.AddGuest("ab"), true),
                Case<GroupInput>("guest with a control character", "{\"guests\":[\"a\\u0001b@c.de\"]}", i => i.ClearGuests(),
                    i => i.AddGuest("a\u0001b@c.de"), true),
                Case<GroupInput>("guest a@b", "{\"guests\":[\"a@b\"]}", i => i.ClearGuests(), i => i.AddGuest("a@b"), false),
                Case<GroupInput>("name with U+0000", "{\"name\":\"a\\u0000b\"}", none, i => i.Name = "a\0b", false),
            };
            foreach (var c in inputs)
            {
                using (var input = new GroupInput { Name = "Ops", Description = "d" })
                {
                    input.AddMember(7);
                    c.Before(input);
                    string before = input.ToJson();
                    var have = Refusal(() => c.Judged(input));
                    var want = InputJson(c.Json);
                    Expect(want.Count > 0 == c.Refused, c.What + ": the JSON path " + (c.Refused ? "refuses" : "takes") + " it");
                    Expect(Same(have, want), c.What + ": setter " + Describe(have) + ", JSON path " + Describe(want));
                    if (c.Refused) Expect(input.ToJson() == before, c.What + ": unchanged, " + input.ToJson());
                }
            }

            Action<ListQuery> nothing = q => { };
            var queries = new[]
            {
                Case<ListQuery>("page 0", "{\"page\":0}", nothing, q => q.Page = 0, true),
                Case<ListQuery>("page 2^32 - 1", "{\"page\":4294967295}", nothing, q => q.Page = uint.MaxValue, false),
                Case<ListQuery>("per_page 0", "{\"perPage\":0}", nothing, q => q.PerPage = 0, true),
                Case<ListQuery>("per_page 101", "{\"perPage\":101}", nothing, q => q.PerPage = 101, true),
                Case<ListQuery>("per_page 100", "{\"perPage\":100}", nothing, q => q.PerPage = 100, false),
                Case<ListQuery>("sort_by title", "{\"sortBy\":\"title\"}", nothing, q => q.SortBy = "title", true),
                Case<ListQuery>("sort up", "{\"sort\":\"up\"}", nothing, q => q.Sort = "up", true),
                Case<ListQuery>("with members", "{\"with\":[\"users\",\"members\"]}", q => q.AddWith("users"), q => q.AddWith("members"), true),
                Case<ListQuery>("with users twice", "{\"with\":[\"users\",\"users\"]}", q => q.AddWith("users"), q => q.AddWith("users"), true),
                Case<ListQuery>("with guests", "{\"with\":[\"users\",\"guests\"]}", q => q.AddWith("users"), q => q.AddWith("guests"), false),
            };
            using (var config = new Config("token"))
            {
                foreach (var c in queries)
                {
                    using (var query = new ListQuery { Page = 2, PerPage = 10, SortBy = "name", Sort = "asc" })
                    {
                        c.Before(query);
                        string before = Groups.BuildListGroups(config, "org", query).Url;
                        var have = Refusal(() => c.Judged(query));
                        var want = QueryJson(c.Json);
                        Expect(want.Count > 0 == c.Refused, c.What + ": the JSON path " + (c.Refused ? "refuses" : "takes") + " it");
                        Expect(Same(have, want), c.What + ": setter " + Describe(have) + ", JSON path " + Describe(want));
                        if (c.Refused) Expect(Groups.BuildListGroups(config, "org", query).Url == before, c.What + ": unchanged");
                    }
                }

                // What a setter cannot see, the fields a create requires, is refused when the
                // request is built, every problem at once, as validation lists them.
                using (var input = new GroupInput())
                {
                    input.AddMember(7);
                    var e = Failure(() => Groups.BuildCreateGroup(config, "org", input));
                    var problems = Groups.ValidateCreateGroup(input);
                    Expect(problems.Count == 2 && Same(e.FieldErrors, problems), "the build lists every problem: " + e.Message);
                }
            }
        }

        private static void ExceptionsReadable()
        {
            Error error = null;
            try
            {
                Groups.ParseGroup(new Response(429,
                    new List<KeyValuePair<string, string>>
                    {
                        new KeyValuePair<string, string>("Retry-After", "7"),
                        new KeyValuePair<string, string>("X-Request-Id", "req-429"),
                    }, Encoding.UTF8.GetBytes("{\"message\":\"slow down\"}")));
            }
            catch (Error e)
            {
                error = e;
            }
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Expect(error != null && error.Code == Code.RateLimited && error.CodeName == "rate_limited", "rate limited");
            Expect(error.RetryAfterSeconds == 7 && error.RetryAfterSecondsAt(1700000000) == 7, "retry after");
            Expect(error.Status == 429 && error.RequestId == "req-429", "status and request id");
            // Validation hands back the field errors of InvalidInput and throws the rest; both
            // stay readable.
            IReadOnlyList<FieldError> problems;
            using (var input = GroupInput.FromJson("{\"members\":[1]}")) problems = Groups.ValidateCreateGroup(input);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Expect(problems.Count == 2 && problems[0].Field == "name" && problems[0].Code == "required" &&
                problems[0].Message.Length > 0, "validation problems: " + Describe(problems));
            var refused = Failure(() => new Config("t", "ftp://x"));
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Expect(refused.Code == Code.InvalidInput && refused.FieldErrors.Single().Field == "base_url", "base_url: " + refused.Message);
            Expect(refused.RetryAfterSeconds == null && refused.Status == null && refused.RequestId == null, "an input error reads");
        }

        /// <summary>Results copy every value out: Request, Pagination, Retry, Group and GroupPage
        /// hold managed values only (no pointer, no SafeHandle), and Call no pointer. Each outlives
        /// what lent it (a call's step, the call, a page), and the GC.</summary>
        private static void ResultsAreCopies()
        {
            foreach (var type in new[] { typeof(Request), typeof(Pagination), typeof(Retry), typeof(Group), typeof(GroupPage) })
            {
                foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                {
                    var t = field.FieldType;
                    Expect(t != typeof(IntPtr) && !typeof(SafeHandle).IsAssignableFrom(t),
                        type.Name + "." + field.Name + " holds native memory (" + t.Name + ")");
                }
            }
            foreach (var field in typeof(Call).GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                Expect(field.FieldType != typeof(IntPtr), "Call." + field.Name + " holds a pointer");
            // A page's group outlives the page object and the GC: FullUpdate reads its JSON.
            Group first = PageOf("{\"data\":[{\"id\":\"g1\",\"name\":\"Ops\",\"description\":\"\",\"members\":[7],\"guests\":[]}]," +
                "\"meta\":{\"pagination\":{\"total\":3,\"count\":1,\"per_page\":1,\"current_page\":1,\"total_pages\":3}}}").Groups[0];
            for (int i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
            using (var changes = new GroupInput { Name = "Dev" })
            using (var full = Groups.FullUpdate(first, changes))
                Expect(full.ToJson() == "{\"name\":\"Dev\",\"members\":[7],\"guests\":[]}", "full update: " + full.ToJson());
            Expect(first.ToJson().StartsWith("{\"id\":\"g1\",\"name\":\"Ops\""), "to json: " + first.ToJson());
            // A call's steps are copies too: they outlive the step and the call.
            Request request, trace;
            Group group;
            GroupPage page;
            using (var config = new Config("token"))
            {
                using (var call = Call.GetGroup(config, "org", "g1"))
                {
                    call.Next();
                    request = call.Request;
                    trace = call.Trace;
                    call.Answer(new Response(200, null, Encoding.UTF8.GetBytes(
                        "{\"data\":{\"id\":\"g1\",\"name\":\"Ops\",\"description\":\"\",\"members\":[],\"guests\":[]}}")));
                    Expect(call.Next() == Step.Done, "done");
                    group = call.Group;
                }
                using (var call = Call.ListGroups(config, "org"))
                {
                    call.Next();
                    call.Answer(new Response(200, null, Encoding.UTF8.GetBytes("{\"data\":[{\"id\":\"g2\",\"name\":\"Dev\"," +
                        "\"description\":\"\",\"members\":[1],\"guests\":[]}],\"meta\":{\"pagination\":{\"total\":1,\"count\":1," +
                        "\"per_page\":10,\"current_page\":1,\"total_pages\":1}}}")));
                    Expect(call.Next() == Step.Done, "listed");
                    page = call.Page;
                }
            }
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Expect(request.Url == "https://go.tallyfy.com/api/organizations/org/groups/g1" && trace.Url == request.Url &&
                request.Idempotent && group.Id == "g1" && group.Name == "Ops" && group.ToJson().Contains("\"id\":\"g1\""),
                "copies outlive the call");
            Expect(page.Groups.Count == 1 && page.Groups[0].ToJson().Contains("\"id\":\"g2\"") && page.Pagination.PerPage == 10,
                "a call's page outlives the call");
        }

        private static GroupPage PageOf(string body)
        {
            return Groups.ParseGroupList(new Response(200, null, Encoding.UTF8.GetBytes(body)));
        }

        /// <summary>Group.FromJson reads what ToJson writes as the same values (U+0000 kept);
        /// it refuses what the core refuses, every field error at once, and judges the text as
        /// the library does (null is absent; a U+0000 character in the text is not JSON; a lone
        /// surrogate is not UTF-8). A group read from JSON is a full update's current group.</summary>
        private static void GroupsFromJson()
        {
            var parsed = Groups.ParseGroup(new Response(200, null, Encoding.UTF8.GetBytes(
                "{\"data\":{\"id\":\"g1\",\"name\":\"a\\u0000b\",\"logo\":\"l\",\"members\":[7,0]," +
                "\"guests\":[\"x@y.io\"],\"created_at\":\"c\"}}")));
            var read = Group.FromJson(parsed.ToJson());
            Expect(read.ToJson() == parsed.ToJson() && read.Id == "g1" && read.Name == "a\0b" && read.Description == "" &&
                read.Logo == "l" && read.Members.SequenceEqual(new ulong[] { 7, 0 }) &&
                read.Guests.SequenceEqual(new[] { "x@y.io" }) && read.CreatedAt == "c" && read.UpdatedAt == null,
                "a group reads back from its JSON: " + read.ToJson());
            using (var changes = new GroupInput { Name = "Dev" })
            using (var full = Groups.FullUpdate(read, changes))
                Expect(full.ToJson() == "{\"name\":\"Dev\",\"members\":[7,0],\"guests\":[\"x@y.io\"]}",
                    "the full update of a group read from JSON: " + full.ToJson());
            Refused("a group the core refuses",
                () => Group.FromJson("{\"id\":\"\",\"name\":7,\"description\":\"\",\"members\":[-1,\"7\"],\"guests\":[null],\"zeta\":1}"),
                Code.InvalidInput, "id blank", "name invalid_type", "members.0 out_of_range", "members.1 invalid_type",
                "guests.0 invalid_type", "zeta unknown_field");
            Refused("a group without its fields", () => Group.FromJson("{}"), Code.InvalidInput, "id invalid_type",
                "name invalid_type", "description invalid_type", "members invalid_type", "guests invalid_type");
            Refused("empty text", () => Group.FromJson(""), Code.InvalidInput, "group invalid_json");
            Refused("a U+0000 character in the text", () => Group.FromJson("{\"id\":\"g\0\"}"), Code.InvalidInput,
                "group invalid_json");
            Refused("an array", () => Group.FromJson("[]"), Code.InvalidInput, "group invalid_type");
            Named("null", () => Group.FromJson(null), Code.NullArgument, "json is NULL");
            Named("a lone surrogate", () => Group.FromJson("{\"id\":\"\uD800\"}"), Code.InvalidUtf8,
                "json is not valid UTF-8");
        }

        private static void Disposed(string what, Action f)
        {
            try
            {
                f();
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            throw new Exception(what + ": no ObjectDisposedException");
        }

        private static void DisposedHandles()
        {
            var config = new Config("token");
            var call = Call.DeleteGroup(config, "org", "g1");
            call.Dispose();
            Disposed("Call.Next", () => call.Next());
            Disposed("Call.NoAnswer", () => call.NoAnswer(NoAnswer.Timeout));
            Disposed("Call.Answer", () => call.Answer(new Response(204, null, null)));
            call.Dispose();
            var input = new GroupInput { Name = "Ops" };
            input.Dispose();
            Disposed("GroupInput.Name", () => input.Name.ToString());
            Disposed("GroupInput.AddMember", () => input.AddMember(1));
            Disposed("GroupInput.ToJson", () => input.ToJson());
            Disposed("a build with a disposed input", () => Groups.BuildCreateGroup(config, "org", input));
            var group = Groups.ParseGroup(new Response(200, null, Encoding.UTF8.GetBytes("{\"data\":{\"id\":\"g\",\"name\":\"n\"}}")));
            Disposed("a full update with disposed changes", () => Groups.FullUpdate(group, input));
            var query = new ListQuery();
            query.Dispose();
            Disposed("ListQuery.Q", () => query.Q = "x");
            Disposed("a list with a disposed query", () => Groups.BuildListGroups(config, "org", query));
            var options = new CallOptions();
            options.Dispose();
            Disposed("CallOptions.TimeoutMs", () => options.TimeoutMs = 1);
            Disposed("a call with disposed options", () => Call.GetGroup(config, "org", "g1", options));
            config.Dispose();
            Disposed("a build with a disposed config", () => Groups.BuildGetGroup(config, "org", "g1"));
            Disposed("a call with a disposed config", () => Call.GetGroup(config, "org", "g1"));
        }

        private static void AnswerOutOfTurn()
        {
            using (var config = new Config("token"))
            using (var options = new CallOptions { RandomSeed = 1 })
            using (var call = Call.DeleteGroup(config, "org", "g1", options))
            {
                Expect(call.Next() == Step.Send && call.Next() == Step.Send, "asking again gives the same send");
                call.NoAnswer(NoAnswer.NotDelivered);
                Refused("a second answer to one send", () => call.NoAnswer(NoAnswer.NotDelivered), Code.InvalidInput,
                    "call invalid_value");
                Expect(call.Next() == Step.Wait && call.Attempt == 1 && call.NoAnswerKind == NoAnswer.NotDelivered &&
                    call.Error == null && call.Request == null && call.DelayMs > 0, "a wait for the retry");
                Expect(call.Next() == Step.Send && call.DelayMs == 0 && call.NoAnswerKind == null, "the retry");
                call.Answer(new Response(204, null, null));
                Expect(call.Next() == Step.Done && call.Deleted && call.Request == null && call.Group == null, "deleted");
                Refused("an answer after the end", () => call.Answer(new Response(204, null, null)), Code.InvalidInput,
                    "call invalid_value");
            }
        }

        private sealed class Tenant
        {
            public Config Config;
            public string Token, Client, Org;
        }

        private sealed class OpenCall
        {
            public Call Call;
            public Tenant Tenant;
            public int Op; // 0 create, 1 get, 2 delete
            public int Retries;
            public string Id;
        }

        private static Tenant[] Tenants()
        {
            var tenants = new Tenant[5];
            for (int i = 0; i < tenants.Length; i++)
            {
                var t = new Tenant { Token = "tok_tenant_" + i, Client = "Client" + i + "/1.0", Org = "org" + i };
                t.Config = new Config(t.Token, null, t.Client);
                tenants[i] = t;
            }
            return tenants;
        }

        /// <summary>Whether the request a call lends is its own: its tenant's token, client
        /// header and org, its group id or its input's name.</summary>
        private static bool OwnRequest(OpenCall c)
        {
            var r = c.Call.Request;
            string auth = null, client = null;
            foreach (var h in r.Headers)
            {
                if (h.Key == "Authorization") auth = h.Value;
                if (h.Key == "X-Tallyfy-Client") client = h.Value;
            }
            var path = "/organizations/" + c.Tenant.Org + "/groups" + (c.Op == 0 ? "" : "/" + c.Id);
            var bodyOk = c.Op == 0 ? r.Body != null && r.Body.Contains("\"name\":\"" + c.Id + "\"") : r.Body == null;
            return auth == "Bearer " + c.Tenant.Token && client == c.Tenant.Client && r.Url.EndsWith(path) && bodyOk &&
                c.Call.Trace.Url.EndsWith(path);
        }

        /// <summary>400 seeded random moves over six open calls of five tenants: open a call,
        /// answer one with a 429 (it must wait, then send its own request again), or drop one
        /// mid-flight. Returns null, or what went wrong.</summary>
        private static string Interleave(int seed, Tenant[] tenants)
        {
            var random = new Random(seed);
            var calls = new OpenCall[6];
            var retryAfter = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("Retry-After", "1") };
            try
            {
                for (int round = 0; round < 400; round++)
                {
                    int slot = random.Next(calls.Length);
                    var c = calls[slot];
                    if (c == null)
                    {
                        c = new OpenCall { Tenant = tenants[random.Next(tenants.Length)], Op = random.Next(3), Id = "id" + random.Next(100000) + "_" + round };
                        using (var options = new CallOptions { RandomSeed = (ulong)seed })
                        {
                            if (c.Op == 0)
                            {
                                using (var input = new GroupInput { Name = c.Id, Description = "d" })
                                    c.Call = Call.CreateGroup(c.Tenant.Config, c.Tenant.Org, input, options);
                            }
                            else if (c.Op == 1) c.Call = Call.GetGroup(c.Tenant.Config, c.Tenant.Org, c.Id, options);
                            else c.Call = Call.DeleteGroup(c.Tenant.Config, c.Tenant.Org, c.Id, options);
                        }
                        calls[slot] = c;
                        if (c.Call.Next() != Step.Send || !OwnRequest(c)) return "round " + round + ": a new call's request";
                    }
                    else if (c.Retries < 4 && random.Next(2) == 0)
                    {
                        c.Retries++;
                        c.Call.Answer(new Response(429, retryAfter, null));
                        if (c.Call.Next() != Step.Wait || c.Call.DelayMs != 1000) return "round " + round + ": no wait";
                        if (c.Call.Next() != Step.Send || !OwnRequest(c)) return "round " + round + ": a retried request";
                    }
                    else
                    {
                        c.Call.Dispose();
                        calls[slot] = null;
                    }
                }
                return null;
            }
            finally
            {
                foreach (var c in calls) if (c != null) c.Call.Dispose();
            }
        }

        private static void InterleavedCallsIsolated()
        {
            var tenants = Tenants();
            try
            {
                for (int seed = 1; seed <= 20; seed++)
                {
                    var wrong = Interleave(seed * 7919, tenants);
                    Expect(wrong == null, "seed " + seed * 7919 + ": " + wrong);
                }
            }
            finally
            {
                foreach (var t in tenants) t.Config.Dispose();
            }
        }

        private static void ConcurrentCallsIsolated()
        {
            var tenants = Tenants();
            try
            {
                var runs = new Task<string>[4];
                for (int i = 0; i < runs.Length; i++)
                {
                    int seed = 1000003 * (i + 1);
                    runs[i] = Task.Run(() => Interleave(seed, tenants));
                }
                Task.WaitAll(runs);
                foreach (var run in runs) Expect(run.Result == null, run.Result);
            }
            finally
            {
                foreach (var t in tenants) t.Config.Dispose();
            }
        }

        /// <summary>An input read from JSON, or made by FullUpdate, reads back through its
        /// getters: absent stays null, a cleared list stays empty, text stays whole.</summary>
        private static void InputsReadBack()
        {
            using (var all = GroupInput.FromJson(
                "{\"guests\":[\"a@b.co\",\"\u00e9@x.io\"],\"name\":\"a\\u0000b\\\"\\u2603\",\"members\":[9007199254740991,7],\"description\":\"\\t.\"}"))
            {
                Expect(all.Name == "a\0b\"\u2603", "name, U+0000 kept: " + all.Name);
                Expect(all.Description == "\t.", "description: " + all.Description);
                Expect(all.Members.SequenceEqual(new ulong[] { 9007199254740991, 7 }), "members");
                Expect(all.Guests.SequenceEqual(new[] { "a@b.co", "\u00e9@x.io" }), "guests");
            }
            using (var none = GroupInput.FromJson("{}"))
                Expect(none.Name == null && none.Description == null && none.Members == null && none.Guests == null,
                    "every field absent");
            using (var cleared = GroupInput.FromJson("{\"members\":[],\"description\":\"d\"}"))
            {
                Expect(cleared.Members != null && cleared.Members.Count == 0 && cleared.Guests == null &&
                    cleared.Name == null && cleared.Description == "d", "members cleared, guests absent");
                Expect(cleared.ToJson() == "{\"description\":\"d\",\"members\":[]}", "round trip: " + cleared.ToJson());
            }
            var current = Groups.ParseGroup(new Response(200, null, Encoding.UTF8.GetBytes(
                "{\"data\":{\"id\":\"g1\",\"name\":\"Ops\",\"description\":\"d\",\"members\":[7,8],\"guests\":[\"x@y.io\"]}}")));
            using (var changes = new GroupInput())
            {
                changes.ClearGuests();
                using (var full = Groups.FullUpdate(current, changes))
                    Expect(full.Name == "Ops" && full.Description == "d" && full.Members.SequenceEqual(new ulong[] { 7, 8 }) &&
                        full.Guests != null && full.Guests.Count == 0, "full update: " + full.ToJson());
            }
        }

        private static void AssemblyVersion()
        {
            var assembly = typeof(Groups).Assembly;
            Expect(assembly.GetName().Name == "Tallyfy.Groups", "assembly name " + assembly.GetName().Name);
            Expect(assembly.GetName().Version.ToString() == Groups.Version + ".0",
                "version " + assembly.GetName().Version + " for libtallyfy " + Groups.Version);
            var informational = (AssemblyInformationalVersionAttribute)Attribute.GetCustomAttribute(
                assembly, typeof(AssemblyInformationalVersionAttribute));
            Expect(informational != null && informational.InformationalVersion == Groups.Version, "informational version");
            var define = Regex.Match(header, "#define TALLYFY_VERSION \"([^\"]+)\"").Groups[1].Value;
            Expect(define == Groups.Version, "tallyfy.h says " + define);
        }

        /// <summary>Answers every request from a script, recording what it was sent.</summary>
        private sealed class Scripted : HttpMessageHandler
        {
            private readonly Queue<Func<CancellationToken, Task<HttpResponseMessage>>> answers;
            public readonly List<string> Seen = new List<string>();

            public Scripted(params Func<HttpResponseMessage>[] answers)
            {
                this.answers = new Queue<Func<CancellationToken, Task<HttpResponseMessage>>>(
                    answers.Select(a => (Func<CancellationToken, Task<HttpResponseMessage>>)(c => Task.FromResult(a()))));
            }

            public Scripted(params Func<CancellationToken, Task<HttpResponseMessage>>[] answers)
            {
                this.answers = new Queue<Func<CancellationToken, Task<HttpResponseMessage>>>(answers);
            }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancel)
            {
                Seen.Add(request.Headers.Authorization.ToString());
                return answers.Dequeue()(cancel);
            }
        }

        /// <summary>An answer that never comes: it ends (cancelled) when its token is, or fails
        /// the test after a minute rather than hang it.</summary>
        private static async Task<HttpResponseMessage> Never(CancellationToken cancel)
        {
            await Task.Delay(TimeSpan.FromMinutes(1), cancel);
            throw new Exception("the exchange was not cancelled within a minute");
        }

        /// <summary>A client over handler whose Sleep records the waits into waits, without
        /// waiting.</summary>
        private static GroupsClient Client(Config config, HttpMessageHandler handler, List<double> waits)
        {
            return new GroupsClient(config, "org", new HttpClient(handler))
            {
                Options = new CallOptions { RandomSeed = 1 },
                Sleep = (delay, cancel) =>
                {
                    waits.Add(delay.TotalMilliseconds);
                    return Task.FromResult(0);
                },
            };
        }

        /// <summary>The exception task ends with (it must fail).</summary>
        private static Exception Failure(Task task)
        {
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                return e;
            }
            throw new Exception("the call succeeded");
        }

        /// <summary>A body without end, readable or seekable with a length; counts what was read.</summary>
        private sealed class Endless : Stream
        {
            private readonly long? length;
            public long Served;

            public Endless(long? length) { this.length = length; }

            public override bool CanRead { get { return true; } }
            public override bool CanSeek { get { return length.HasValue; } }
            public override bool CanWrite { get { return false; } }
            public override long Length { get { if (!length.HasValue) throw new NotSupportedException(); return length.Value; } }
            public override long Position { get { return Served; } set { throw new NotSupportedException(); } }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) { throw new NotSupportedException(); }
            public override void SetLength(long value) { throw new NotSupportedException(); }
            public override void Write(byte[] buffer, int offset, int count) { throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                for (int i = 0; i < count; i++) buffer[offset + i] = (byte)'x';
                Served += count;
                return count;
            }
        }

        private static void EndlessAnswer()
        {
            var body = new Endless(null);
            var handler = new Scripted(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });
            var waits = new List<double>();
            using (var config = new Config("token"))
            using (var client = Client(config, handler, waits))
            {
                client.Options.MaxAnswerBytes = 1 << 20;
                var e = Failure(client.GetAsync("g1")) as Error;
                Expect(e != null && e.Code == Code.MalformedResponse && e.Status == null, "malformed: " + e);
                Expect(e.Message.Contains("larger than 1048576 bytes"), "the core's message: " + e.Message);
                // Read in chunks: past the limit by less than one chunk, never the 2.3 GB of old.
                Expect(body.Served > 1 << 20 && body.Served <= (1 << 20) + 81920, "read " + body.Served + " bytes");
                Expect(handler.Seen.Count == 1 && waits.Count == 0, "not retried");
            }
        }

        private static void LongContentLength()
        {
            var body = new Endless(65);
            var handler = new Scripted(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });
            using (var config = new Config("token"))
            using (var client = Client(config, handler, new List<double>()))
            {
                client.Options.MaxAnswerBytes = 64;
                var e = Failure(client.ListAsync()) as Error;
                Expect(e != null && e.Code == Code.MalformedResponse, "malformed: " + e);
                Expect(body.Served == 0, "read " + body.Served + " bytes");
            }
        }

        private static void ExchangeTimeout()
        {
            var handler = new Scripted(Never);
            var waits = new List<double>();
            // A token the URL carries as it is (the core redacts the token, not its percent-encoding).
            using (var config = new Config(JwtToken))
            using (var client = Client(config, handler, waits))
            {
                client.Options.TimeoutMs = 1;
                // The token as a path id: the error names the request by its trace.
                var e = Failure(client.GetAsync(JwtToken));
                Expect(e is TimeoutException, "a TimeoutException: " + e);
                Expect(!e.ToString().Contains(JwtToken) && e.Message.Contains("/groups/[redacted] "), "redacted: " + e.Message);
                Expect(handler.Seen.Count == 1 && waits.Count == 0, "not retried, even a GET");
            }
        }

        private static void CancelledWait()
        {
            var handler = new Scripted(Answer(429, "{}", "30"));
            var sleeps = new List<Task>();
            using (var cancel = new CancellationTokenSource())
            using (var config = new Config("token"))
            using (var client = new GroupsClient(config, "org", new HttpClient(handler)))
            {
                // The client's own Sleep (Task.Delay), cancelled once it runs.
                var sleep = client.Sleep;
                client.Sleep = (delay, token) =>
                {
                    Expect(delay == TimeSpan.FromSeconds(30), "the server's wait: " + delay);
                    var task = sleep(delay, token);
                    sleeps.Add(task);
                    cancel.Cancel();
                    return task;
                };
                var e = Failure(client.GetAsync("g1", cancel.Token));
                Expect(e is OperationCanceledException, "cancelled: " + e);
                Expect(sleeps.Count == 1 && sleeps[0].IsCanceled, "the wait ended, its timer with it");
                Expect(handler.Seen.Count == 1, "nothing sent after the cancel");
            }
        }

        private static void DroppedConnection()
        {
            var dropped = new HttpRequestException("connection reset");
            Func<CancellationToken, Task<HttpResponseMessage>> drop = c => { throw dropped; };
            Func<CancellationToken, Task<HttpResponseMessage>> deleted = c => Task.FromResult(Answer(204, "")());
            var handler = new Scripted(drop, deleted, drop);
            var waits = new List<double>();
            var retries = new List<Retry>();
            using (var config = new Config("token"))
            using (var client = Client(config, handler, waits))
            {
                client.OnRetry = retries.Add;
                client.DeleteAsync("g1").GetAwaiter().GetResult();
                Expect(waits.SequenceEqual(new double[] { 513 }) && retries.Count == 1 && retries[0].Attempt == 1 &&
                    retries[0].NoAnswerKind == NoAnswer.NotDelivered && retries[0].Error == null, "DELETE retried once");
                var e = Failure(client.CreateAsync(new GroupInput { Name = "Ops", Description = "d" }));
                Expect(ReferenceEquals(e, dropped), "the transport's own error: " + e);
                Expect(handler.Seen.Count == 3 && waits.Count == 1, "the POST not retried");
            }
        }

        private static void CancelledExchange()
        {
            var handler = new Scripted(Never);
            using (var cancel = new CancellationTokenSource())
            using (var config = new Config("token"))
            using (var client = Client(config, handler, new List<double>()))
            {
                var task = client.DeleteAsync("g1", cancel.Token);
                cancel.Cancel();
                var e = Failure(task) as OperationCanceledException;
                Expect(e != null && e.CancellationToken == cancel.Token, "the caller's cancel, not a timeout: " + e);
                Expect(handler.Seen.Count == 1, "not retried");
            }
        }

        private static Func<HttpResponseMessage> Answer(int status, string body, string retryAfter = null)
        {
            return () =>
            {
                var message = new HttpResponseMessage((HttpStatusCode)status)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                if (retryAfter != null) message.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
                return message;
            };
        }

        /// <summary>The static parsers do not know the token: the exception of an answer that echoes
        /// it shows it (as README and tallyfy.h say) until Redacted(config) takes it out.</summary>
        private static void ParseErrorRedacted()
        {
            var headers = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("X-Request-Id", "req-" + OpaqueToken),
            };
            var body = Encoding.UTF8.GetBytes("{\"message\":\"token " + OpaqueToken + " is invalid\"}");
            using (var config = new Config(OpaqueToken))
            {
                try
                {
                    Groups.ParseGroup(new Response(401, headers, body));
                    Expect(false, "a 401 throws");
                }
                catch (Error e)
                {
                    Expect(e.Message.Contains(OpaqueToken) && e.RequestId.Contains(OpaqueToken), "shown until redacted");
                    var clean = e.Redacted(config);
                    Expect(clean.Message == "token [redacted] is invalid", "message: " + clean.Message);
                    Expect(clean.RequestId == "req-[redacted]", "request id: " + clean.RequestId);
                    Expect(clean.Code == Code.Unauthorized && clean.Status == 401, "code and status kept");
                }
            }
        }

        private static void TokenNeverShown(string token)
        {
            var shown = new List<string>();
            var handler = new Scripted(
                Answer(429, "{\"message\":\"slow down " + token + "\"}", "0"),
                Answer(401, "{\"message\":\"bad header Bearer " + token + "\"}"),
                Answer(422, "{\"message\":\"invalid\",\"errors\":{\"name\":[\"" + token + " is taken\"]}}"),
                Answer(503, "{}"), Answer(503, "{}"), Answer(503, "{}"), Answer(503, "{}"), Answer(503, "{}"),
                Answer(200, "{\"data\":\"" + token + "\"}"),
                Answer(404, "{\"message\":\"no group " + token + "\"}"));
            var waits = new List<double>();
            using (var config = new Config(token, "https://go.tallyfy.com/api"))
            using (var client = Client(config, handler, waits))
            {
                client.OnRetry = retry => shown.Add(retry.Error != null ? retry.Error.ToString() : retry.NoAnswerKind.ToString());
                client.Trace = (request, status) =>
                {
                    shown.Add(request.Method + " " + request.Url + " " + request.Body);
                    foreach (var h in request.Headers) shown.Add(h.Key + ": " + h.Value);
                };
                Func<Task>[] calls =
                {
                    () => client.GetAsync("g1"),
                    () => client.CreateAsync(new GroupInput { Name = "Ops", Description = "d" }),
                    () => client.ListAsync(),
                    () => client.GetAsync("g2"),
                    // The token as a path id: taken out of the trace's URL too (when the URL
                    // carries it as it is: the core does not redact a percent-encoded token).
                    () => client.GetAsync(Uri.EscapeDataString(token) == token ? token : "g3"),
                };
                foreach (var call in calls)
                {
                    try
                    {
                        call().GetAwaiter().GetResult();
                        shown.Add("no error");
                    }
                    catch (Exception e)
                    {
                        shown.Add(e.ToString());
                        var t = e as Error;
                        if (t != null) shown.AddRange(t.FieldErrors.Select(f => f.ToString()));
                    }
                }
            }
            try
            {
                new Config("bad token " + token);
            }
            catch (Error e)
            {
                shown.Add(e.ToString());
                shown.AddRange(e.FieldErrors.Select(f => f.ToString()));
            }
            Expect(handler.Seen.Count == 10 && handler.Seen.All(a => a == "Bearer " + token), "the token was sent");
            Expect(shown.Count(s => s == "Authorization: Bearer [redacted]") == 10, "every exchange traced");
            Expect(Uri.EscapeDataString(token) != token ||
                shown.Contains("GET https://go.tallyfy.com/api/organizations/org/groups/[redacted] "), "the path id redacted");
            Expect(waits.SequenceEqual(new double[] { 0, 513, 1098, 2377, 3911 }), "waits " + string.Join(",", waits));
            Expect(shown.Any(s => s.Contains("slow down [redacted]")), "the retried 429 is shown to OnRetry, redacted");
            var leaks = shown.Where(s => s.Contains(token)).ToList();
            Expect(leaks.Count == 0, "the token shows in: " + string.Join(" | ", leaks));
            Expect(shown.Any(s => s.Contains("[redacted] is taken")), "the 422's field error is shown, redacted");
        }
    }
}
