// The C# binding itself (Tallyfy.Groups.dll): strings holding U+0000 refused naming the field, the
// properties of GroupInput and ListQuery refusing at once what the JSON path refuses,
// exceptions that stay readable, results that hold no native memory, disposed handles,
// the assembly's version, GroupsClient never showing the token, reading at most
// MaxAnswerBytes of an endless answer, timing out an exchange and leaving nothing running when
// cancelled, Call refusing an answer out of turn, calls of several tenants interleaved and
// concurrent each sending only their own request, and the P/Invoke declarations and the enums
// checked against tallyfy.h (generated from the Rust exports and enums). Time is virtual:
// GroupsClient's Sleep is injected. Prints failures and "N passed, N failed".
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
                { "U+0000 refused naming the field", NulRefused },
                { "lone surrogates refused naming the field, never replaced", LoneSurrogateRefused },
                { "a server's U+0000 kept in every string of a group", ServerStringsKeepNul },
                { "properties refuse at once what the JSON path refuses", PropertiesCheckAtOnce },
                { "exceptions stay readable", ExceptionsReadable },
                { "results hold no native memory", NoNativeMemory },
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
                { "P/Invoke declarations match tallyfy.h", PInvokeMatchesHeader },
                { "TallyfyCode, Step and NoAnswer match tallyfy.h", EnumsMatchHeader },
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

        /// <summary>Runs f, which must throw InvalidInput with exactly these field errors
        /// ("field code" each).</summary>
        private static void Refused(string what, Action f, params string[] fields)
        {
            try
            {
                f();
            }
            catch (TallyfyException e)
            {
                var have = e.FieldErrors.Select(x => x.Field + " " + x.Code).ToArray();
                Expect(e.Code == TallyfyCode.InvalidInput && e.CodeName == "invalid_input", what + ": code " + e.Code);
                Expect(have.SequenceEqual(fields), what + ": fields [" + string.Join(", ", have) + "]");
                return;
            }
            throw new Exception(what + ": not refused");
        }

        private static void LoneSurrogateRefused()
        {
            // UTF-8 cannot carry a lone surrogate; .NET's default encoder would write U+FFFD.
            Refused("token", () => new Config("tok\uD800"), "access_token invalid_value");
            var config = new Config("tok");
            Refused("org id", () => Groups.BuildGetGroup(config, "org\uDC00", "g1"), "org_id invalid_value");
            Refused("name property", () => new GroupInput { Name = "Ops \uD83D" }, "name invalid_value");
            Refused("q property", () => new ListQuery { Q = "\uDE00" }, "q invalid_value");
            var input = new GroupInput { Name = "Ops", Description = "d", Guests = new List<string> { "a@b.co" } };
            input.Guests.Add("x\uD800@b.co");
            Refused("guest added to the list", () => Groups.BuildCreateGroup(config, "org", input), "guests.1 invalid_value");
            var problems = Groups.ValidateCreateGroupJson("{\"name\":\"\uD800\"}");
            Expect(problems.Count == 1 && problems[0].Field == "body" && problems[0].Code == "invalid_value",
                "validate lists a JSON text that is not well-formed Unicode");
            Refused("JSON input", () => Groups.ParseInput("{\"name\":\"\uD800\"}"), "body invalid_value");
            var kept = Groups.BuildCreateGroup(config, "org", new GroupInput { Name = "Ops \uFFFD", Description = "d" });
            Expect(kept.Body == "{\"name\":\"Ops \uFFFD\",\"description\":\"d\"}", "U+FFFD itself is kept: " + kept.Body);
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

        private static void NulRefused()
        {
            Refused("token", () => new Config("tok\0en"), "access_token invalid_value");
            try
            {
                new Config("t\0", null, "c\0");
            }
            catch (TallyfyException e)
            {
                Expect(e.Message == "access_token [invalid_value]: `access_token` holds a NUL character (U+0000), which " +
                    "a C string cannot carry; client_header [invalid_value]: `client_header` holds a NUL character " +
                    "(U+0000), which a C string cannot carry", "every field error in the message: " + e.Message);
            }
            Refused("every config string", () => new Config("t\0", "https://x.example\0", "c\0"),
                "access_token invalid_value", "base_url invalid_value", "client_header invalid_value");
            using (var config = new Config("token"))
            {
                Refused("org_id", () => Groups.BuildGetGroup(config, "org\0/../../other", "g1"), "org_id invalid_value");
                Refused("org_id and group_id", () => Groups.BuildDeleteGroup(config, "o\0", "g\0"),
                    "org_id invalid_value", "group_id invalid_value");
                // GroupInput and ListQuery pass their text with its length: the core judges a
                // U+0000 as in the JSON path (a name may hold one, an email may not).
                var named = Groups.BuildCreateGroup(config, "org", new GroupInput { Name = "abc\0def", Description = "d\0" });
                Expect(named.Body == "{\"name\":\"abc\\u0000def\",\"description\":\"d\\u0000\"}", "name keeps U+0000: " + named.Body);
                Refused("second guest", () => new GroupInput { Guests = new List<string> { "a@b.co", "b@c.co\0" } },
                    "guests.1 invalid_email");
                var late = new GroupInput { Guests = new List<string> { "a@b.co" } };
                late.Guests.Add("b@c.co\0");
                Refused("guest added later", () => Groups.BuildUpdateGroup(config, "org", "g1", late), "guests.1 invalid_email");
                var searched = Groups.BuildListGroups(config, "org", new ListQuery { Q = "a\0" });
                Expect(searched.Url.EndsWith("/groups?q=a%00"), "q keeps U+0000: " + searched.Url);
                Refused("query relations", () => new ListQuery { With = new List<string> { "users", "guests\0" } },
                    "with.1 invalid_value");
                Refused("sort_by", () => new ListQuery { SortBy = "name\0" }, "sort_by invalid_value");
                // An element added after the list was set is refused when the request is built.
                var query = new ListQuery { With = new List<string> { "users" } };
                query.With.Add("guests\0");
                Refused("relation added later", () => Groups.BuildListGroups(config, "org", query), "with.1 invalid_value");
                Refused("answer header", () => Groups.ParseGroup(new Response(200,
                    new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("X-Request-Id", "r\0") },
                    Encoding.UTF8.GetBytes("{}"))), "headers.0.value invalid_value");
                Refused("call answer header", () =>
                {
                    using (var call = Call.GetGroup(config, "org", "g1"))
                    {
                        call.Next();
                        call.Answer(new Response(200, new List<KeyValuePair<string, string>>
                            { new KeyValuePair<string, string>("Date\0", "x") }, null));
                    }
                }, "headers.0.name invalid_value");
                Refused("call org_id", () => Call.ListAllGroups(config, "o\0"), "org_id invalid_value");
                // The JSON paths carry U+0000 with their length, as the core reads it.
                var body = Groups.BuildCreateGroupJson(config, "org", "{\"name\":\"abc\\u0000def\",\"description\":\"d\"}").Body;
                Expect(body.Contains("abc\\u0000def"), "JSON keeps U+0000: " + body);
            }
        }

        /// <summary>The field errors f throws as TallyfyException (InvalidInput), or none.</summary>
        private static IReadOnlyList<FieldError> Refusal(Action f)
        {
            try
            {
                f();
                return new FieldError[0];
            }
            catch (TallyfyException e)
            {
                Expect(e.Code == TallyfyCode.InvalidInput, "refusal code " + e.Code);
                return e.FieldErrors;
            }
        }

        private static bool Same(IReadOnlyList<FieldError> a, IReadOnlyList<FieldError> b)
        {
            return a.Count == b.Count &&
                a.Zip(b, (x, y) => x.Field == y.Field && x.Code == y.Code && x.Message == y.Message).All(ok => ok);
        }

        /// <summary>Each property refuses a value when it is set, with the field error the JSON
        /// path gives for it (read from the JSON path here, not copied), and keeps its value; a
        /// value the JSON path takes is taken.</summary>
        private static void PropertiesCheckAtOnce()
        {
            string longName = new string('n', 201), longestName = new string('n', 200);
            // what, the JSON the core judges, the property set on an input holding "Ops"/"d"/[7], refused
            var inputs = new List<Tuple<string, string, Action<GroupInput>, bool>>
            {
                Tuple.Create<string, string, Action<GroupInput>, bool>("empty name", "{\"name\":\"\"}", i => i.Name = "", true),
                Tuple.Create<string, string, Action<GroupInput>, bool>("blank name", "{\"name\":\" \\t\"}", i => i.Name = " \t", true),
                Tuple.Create<string, string, Action<GroupInput>, bool>("201-character name",
                    "{\"name\":\"" + longName + "\"}", i => i.Name = longName, true),
                Tuple.Create<string, string, Action<GroupInput>, bool>("200-character name",
                    "{\"name\":\"" + longestName + "\"}", i => i.Name = longestName, false),
                Tuple.Create<string, string, Action<GroupInput>, bool>("blank description",
                    "{\"description\":\"  \"}", i => i.Description = "  ", true),
                Tuple.Create<string, string, Action<GroupInput>, bool>("member 0",
                    "{\"members\":[7,0,0]}", i => i.Members = new List<ulong> { 7, 0, 0 }, true),
                Tuple.Create<string, string, Action<GroupInput>, bool>("member 2^53",
                    "{\"members\":[9007199254740992]}", i => i.Members = new List<ulong> { 9007199254740992 }, true),
                Tuple.Create<string, string, Action<GroupInput>, bool>("member 2^64 - 1",
                    "{\"members\":[18446744073709551615]}", i => i.Members = new List<ulong> { ulong.MaxValue }, true),
                Tuple.Create<string, string, Action<GroupInput>, bool>("member 2^53 - 1",
                    "{\"members\":[9007199254740991]}", i => i.Members = new List<ulong> { 9007199254740991 }, false),
                Tuple.Create<string, string, Action<GroupInput>, bool>("guest without @",
                    "{\"guests\":[\"a@b.co\",\"ab\"]}", i => i.Guests = new List<string> { "a@b.co", "ab" }, true),
                Tuple.Create<string, string, Action<GroupInput>, bool>("guest with a control character",
                    "{\"guests\":[\"a\\u0001b@c.de\"]}", i => i.Guests = new List<string> { "a\u0001b@c.de" }, true),
                Tuple.Create<string, string, Action<GroupInput>, bool>("guest a@b",
                    "{\"guests\":[\"a@b\"]}", i => i.Guests = new List<string> { "a@b" }, false),
                Tuple.Create<string, string, Action<GroupInput>, bool>("guest with U+0000",
                    "{\"guests\":[\"a\\u0000b@c.de\"]}", i => i.Guests = new List<string> { "a\0b@c.de" }, true),
                Tuple.Create<string, string, Action<GroupInput>, bool>("name with U+0000",
                    "{\"name\":\"a\\u0000b\"}", i => i.Name = "a\0b", false),
            };
            foreach (var c in inputs)
            {
                var input = new GroupInput { Name = "Ops", Description = "d", Members = new List<ulong> { 7 } };
                string before = input.ToJson();
                var have = Refusal(() => c.Item3(input));
                var want = Groups.ValidateUpdateGroupJson(c.Item2);
                Expect(want.Count > 0 == c.Item4, c.Item1 + ": the JSON path " + (c.Item4 ? "refuses" : "takes") + " it");
                // A list is refused at its first refused element, as the C setters would add it.
                Expect(Same(have, want.Take(1).ToList()), c.Item1 + ": the JSON path's field error");
                if (c.Item4) Expect(input.ToJson() == before, c.Item1 + ": unchanged, " + input.ToJson());
            }

            using (var config = new Config("token"))
            {
                var queries = new List<Tuple<string, string, Action<ListQuery>, bool>>
                {
                    Tuple.Create<string, string, Action<ListQuery>, bool>("page 0", "{\"page\":0}", q => q.Page = 0, true),
                    Tuple.Create<string, string, Action<ListQuery>, bool>("page 2^32 - 1",
                        "{\"page\":4294967295}", q => q.Page = uint.MaxValue, false),
                    Tuple.Create<string, string, Action<ListQuery>, bool>("per_page 0", "{\"perPage\":0}", q => q.PerPage = 0, true),
                    Tuple.Create<string, string, Action<ListQuery>, bool>("per_page 101", "{\"perPage\":101}", q => q.PerPage = 101, true),
                    Tuple.Create<string, string, Action<ListQuery>, bool>("per_page 100", "{\"perPage\":100}", q => q.PerPage = 100, false),
                    Tuple.Create<string, string, Action<ListQuery>, bool>("sort_by title",
                        "{\"sortBy\":\"title\"}", q => q.SortBy = "title", true),
                    Tuple.Create<string, string, Action<ListQuery>, bool>("sort up", "{\"sort\":\"up\"}", q => q.Sort = "up", true),
                    Tuple.Create<string, string, Action<ListQuery>, bool>("with members",
                        "{\"with\":[\"users\",\"members\"]}", q => q.With = new List<string> { "users", "members" }, true),
                    Tuple.Create<string, string, Action<ListQuery>, bool>("with users twice",
                        "{\"with\":[\"users\",\"users\"]}", q => q.With = new List<string> { "users", "users" }, true),
                    Tuple.Create<string, string, Action<ListQuery>, bool>("with guests",
                        "{\"with\":[\"users\",\"guests\"]}", q => q.With = new List<string> { "users", "guests" }, false),
                };
                foreach (var c in queries)
                {
                    var query = new ListQuery { Page = 2, PerPage = 10, SortBy = "name", Sort = "asc" };
                    string before = Groups.BuildListGroups(config, "org", query).Url;
                    var have = Refusal(() => c.Item3(query));
                    var want = Refusal(() => Groups.BuildListGroupsJson(config, "org", c.Item2));
                    Expect(want.Count > 0 == c.Item4, c.Item1 + ": the JSON path " + (c.Item4 ? "refuses" : "takes") + " it");
                    Expect(Same(have, want), c.Item1 + ": the JSON path's field error");
                    if (c.Item4) Expect(Groups.BuildListGroups(config, "org", query).Url == before, c.Item1 + ": unchanged");
                }

                // What the properties cannot see is refused when the request is built, all at once:
                // the fields a create requires, and ids added to a list after it was set.
                var late = new GroupInput { Members = new List<ulong> { 7 } };
                late.Members.Add(0);
                try
                {
                    Groups.BuildCreateGroup(config, "org", late);
                    throw new Exception("an incomplete create was built");
                }
                catch (TallyfyException e)
                {
                    Expect(Same(e.FieldErrors, Groups.ValidateCreateGroupJson("{\"members\":[7,0]}")) &&
                        e.FieldErrors.Count == 3, "the build lists every problem: " + e.Message);
                }
            }
        }

        private static void ExceptionsReadable()
        {
            TallyfyException error = null;
            try
            {
                Groups.ParseGroup(new Response(429,
                    new List<KeyValuePair<string, string>>
                    {
                        new KeyValuePair<string, string>("Retry-After", "7"),
                        new KeyValuePair<string, string>("X-Request-Id", "req-429"),
                    }, Encoding.UTF8.GetBytes("{\"message\":\"slow down\"}")));
            }
            catch (TallyfyException e)
            {
                error = e;
            }
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Expect(error != null && error.Code == TallyfyCode.RateLimited, "rate limited");
            Expect(error.RetryAfterSeconds == 7 && error.RetryAfterSecondsAt(1700000000) == 7, "retry after");
            Expect(error.Status == 429 && error.RequestId == "req-429", "status and request id");
            // Validation hands back the field errors of InvalidInput and throws the rest; both
            // stay readable.
            var problems = Groups.ValidateCreateGroupJson("{\"name\":\" \"}");
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Expect(problems.Count == 2 && problems[0].Field == "name", "validation problems: " + problems.Count);
            Refused("wrapper error", () => Groups.BuildGetGroup(new Config("t"), "o\0", "g"), "org_id invalid_value");
            try
            {
                Groups.BuildGetGroup(new Config("t"), "o\0", "g");
            }
            catch (TallyfyException e)
            {
                Expect(e.RetryAfterSeconds == null && e.Status == null && e.RequestId == null, "wrapper error reads");
            }
        }

        private static void NoNativeMemory()
        {
            foreach (var type in new[]
                { typeof(Group), typeof(GroupPage), typeof(Pagination), typeof(Request), typeof(Exchange), typeof(Retry) })
            {
                foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                {
                    var t = field.FieldType;
                    Expect(t != typeof(IntPtr) && !typeof(SafeHandle).IsAssignableFrom(t),
                        type.Name + "." + field.Name + " holds native memory (" + t.Name + ")");
                }
            }
            // What used to need the native objects still works from the managed copies.
            var page = Groups.ParseGroupList(new Response(200, null, Encoding.UTF8.GetBytes(
                "{\"data\":[{\"id\":\"g1\",\"name\":\"Ops\",\"description\":\"\",\"members\":[7],\"guests\":[]}]," +
                "\"meta\":{\"pagination\":{\"total\":3,\"count\":1,\"per_page\":1,\"current_page\":1,\"total_pages\":3}}}")));
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var full = Groups.FullUpdate(page.Groups[0], new GroupInput { Name = "Dev" }).ToJson();
            Expect(full == "{\"name\":\"Dev\",\"members\":[7],\"guests\":[]}", "full update: " + full);
            Expect(page.Groups[0].ToJson().StartsWith("{\"id\":\"g1\",\"name\":\"Ops\""), "to json");
            Expect(page.Pagination.TotalPages == 3, "pagination");
            // A call's steps are copies too: they outlive the call.
            Exchange exchange;
            Group group;
            using (var config = new Config("token"))
            using (var call = Call.GetGroup(config, "org", "g1"))
            {
                call.Next();
                exchange = call.Exchange;
                call.Answer(new Response(200, null, Encoding.UTF8.GetBytes(
                    "{\"data\":{\"id\":\"g1\",\"name\":\"Ops\",\"description\":\"\",\"members\":[],\"guests\":[]}}")));
                Expect(call.Next() == Step.Done, "done");
                group = call.Group;
            }
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Expect(exchange.Request.Url == "https://go.tallyfy.com/api/organizations/org/groups/g1" &&
                exchange.Trace.Url == exchange.Request.Url && group.Id == "g1" && group.Name == "Ops", "copies outlive the call");
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
            config.Dispose();
            Disposed("a build with a disposed config", () => Groups.BuildGetGroup(config, "org", "g1"));
            Disposed("a call with a disposed config", () => Call.GetGroup(config, "org", "g1"));
        }

        private static void AnswerOutOfTurn()
        {
            using (var config = new Config("token"))
            using (var call = Call.DeleteGroup(config, "org", "g1", new CallOptions { RandomSeed = 1 }))
            {
                Expect(call.Next() == Step.Send && call.Next() == Step.Send, "asking again gives the same send");
                call.NoAnswer(NoAnswer.NotDelivered);
                Refused("a second answer to one send", () => call.NoAnswer(NoAnswer.NotDelivered), "call invalid_value");
                Expect(call.Next() == Step.Wait && call.Retry.Attempt == 1 && call.Retry.NoAnswer == NoAnswer.NotDelivered &&
                    call.Retry.Error == null && call.Exchange == null, "a wait for the retry");
                Expect(call.Next() == Step.Send, "the retry");
                call.Answer(new Response(204, null, null));
                Expect(call.Next() == Step.Done && call.Deleted && call.Retry == null && call.Group == null, "deleted");
                Refused("an answer after the end", () => call.Answer(new Response(204, null, null)), "call invalid_value");
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
            var r = c.Call.Exchange.Request;
            string auth = null, client = null;
            foreach (var h in r.Headers)
            {
                if (h.Key == "Authorization") auth = h.Value;
                if (h.Key == "X-Tallyfy-Client") client = h.Value;
            }
            var path = "/organizations/" + c.Tenant.Org + "/groups" + (c.Op == 0 ? "" : "/" + c.Id);
            var bodyOk = c.Op == 0 ? r.Body != null && r.Body.Contains("\"name\":\"" + c.Id + "\"") : r.Body == null;
            return auth == "Bearer " + c.Tenant.Token && client == c.Tenant.Client && r.Url.EndsWith(path) && bodyOk &&
                c.Call.Exchange.Trace.Url.EndsWith(path);
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
                        var options = new CallOptions { RandomSeed = (ulong)seed };
                        if (c.Op == 0)
                        {
                            var input = new GroupInput { Name = c.Id, Description = "d" };
                            c.Call = Call.CreateGroup(c.Tenant.Config, c.Tenant.Org, input, options);
                        }
                        else if (c.Op == 1) c.Call = Call.GetGroup(c.Tenant.Config, c.Tenant.Org, c.Id, options);
                        else c.Call = Call.DeleteGroup(c.Tenant.Config, c.Tenant.Org, c.Id, options);
                        calls[slot] = c;
                        if (c.Call.Next() != Step.Send || !OwnRequest(c)) return "round " + round + ": a new call's request";
                    }
                    else if (c.Retries < 4 && random.Next(2) == 0)
                    {
                        c.Retries++;
                        c.Call.Answer(new Response(429, retryAfter, null));
                        if (c.Call.Next() != Step.Wait || c.Call.Retry.DelayMs != 1000) return "round " + round + ": no wait";
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

        /// <summary>ParseInput and FullUpdate copy a native input out through the library's
        /// accessors: absent stays null, a cleared list stays empty, text stays whole.</summary>
        private static void InputsReadBack()
        {
            var all = Groups.ParseInput(
                "{\"guests\":[\"a@b.co\",\"\u00e9@x.io\"],\"name\":\"a\\u0000b\\\"\\u2603\",\"members\":[9007199254740991,7],\"description\":\"\\t.\"}");
            Expect(all.Name == "a\0b\"\u2603", "name, U+0000 kept: " + all.Name);
            Expect(all.Description == "\t.", "description: " + all.Description);
            Expect(all.Members.SequenceEqual(new ulong[] { 9007199254740991, 7 }), "members");
            Expect(all.Guests.SequenceEqual(new[] { "a@b.co", "\u00e9@x.io" }), "guests");
            var none = Groups.ParseInput("{}");
            Expect(none.Name == null && none.Description == null && none.Members == null && none.Guests == null,
                "every field absent");
            var cleared = Groups.ParseInput("{\"members\":[],\"description\":\"d\"}");
            Expect(cleared.Members != null && cleared.Members.Count == 0 && cleared.Guests == null &&
                cleared.Name == null && cleared.Description == "d", "members cleared, guests absent");
            Expect(cleared.ToJson() == "{\"description\":\"d\",\"members\":[]}", "round trip: " + cleared.ToJson());
            var current = Groups.ParseGroup(new Response(200, null, Encoding.UTF8.GetBytes(
                "{\"data\":{\"id\":\"g1\",\"name\":\"Ops\",\"description\":\"d\",\"members\":[7,8],\"guests\":[\"x@y.io\"]}}")));
            var full = Groups.FullUpdate(current, new GroupInput { Guests = new List<string>() });
            Expect(full.Name == "Ops" && full.Description == "d" && full.Members.SequenceEqual(new ulong[] { 7, 8 }) &&
                full.Guests != null && full.Guests.Count == 0, "full update: " + full.ToJson());
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
                var e = Failure(client.GetAsync("g1")) as TallyfyException;
                Expect(e != null && e.Code == TallyfyCode.MalformedResponse && e.Status == null, "malformed: " + e);
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
                var e = Failure(client.ListAsync()) as TallyfyException;
                Expect(e != null && e.Code == TallyfyCode.MalformedResponse, "malformed: " + e);
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
                    retries[0].NoAnswer == NoAnswer.NotDelivered && retries[0].Error == null, "DELETE retried once");
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
                catch (TallyfyException e)
                {
                    Expect(e.Message.Contains(OpaqueToken) && e.RequestId.Contains(OpaqueToken), "shown until redacted");
                    var clean = e.Redacted(config);
                    Expect(clean.Message == "token [redacted] is invalid", "message: " + clean.Message);
                    Expect(clean.RequestId == "req-[redacted]", "request id: " + clean.RequestId);
                    Expect(clean.Code == TallyfyCode.Unauthorized && clean.Status == 401, "code and status kept");
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
                client.OnRetry = retry => shown.Add(retry.Error != null ? retry.Error.ToString() : retry.NoAnswer.ToString());
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
                        var t = e as TallyfyException;
                        if (t != null) shown.AddRange(t.FieldErrors.Select(f => f.ToString()));
                    }
                }
            }
            try
            {
                new Config("bad token " + token);
            }
            catch (TallyfyException e)
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

        /// <summary>The C type of a parameter or return value in tallyfy.h, and the C# types a
        /// declaration may use for it.</summary>
        private static string[] Allowed(string c, bool isReturn)
        {
            c = Regex.Replace(c.Trim(), @"\s+", " ").Replace(" *", "*");
            var handles = new Dictionary<string, string>
            {
                { "config", "ConfigHandle" }, { "group_input", "GroupInputHandle" }, { "list_query", "ListQueryHandle" },
                { "request", "RequestHandle" }, { "group", "GroupHandle" }, { "group_page", "GroupPageHandle" },
                { "error", "ErrorHandle" }, { "call", "CallHandle" }, { "call_options", "CallOptionsHandle" },
            };
            var handle = Regex.Match(c, @"^(const )?struct tallyfy_(\w+)(\*+)$");
            if (handle.Success && handles.ContainsKey(handle.Groups[2].Value))
            {
                var safe = handles[handle.Groups[2].Value];
                if (handle.Groups[3].Value == "**") return new[] { safe + "&" };
                return new[] { safe, "IntPtr" };
            }
            switch (c)
            {
                case "void": return new[] { "Void" };
                case "enum tallyfy_code": return new[] { "TallyfyCode" };
                case "tallyfy_code": return new[] { "TallyfyCode" };
                case "enum tallyfy_step": return new[] { "Step" };
                case "tallyfy_step": return new[] { "Step" };
                case "const char*": return isReturn ? new[] { "IntPtr" } : new[] { "Byte[]" };
                case "char*": return new[] { "IntPtr" };
                case "char**": return new[] { "IntPtr&" };
                case "const uint8_t*": return isReturn ? new[] { "IntPtr" } : new[] { "Byte[]" };
                case "const struct tallyfy_header*": return new[] { "NativeHeader[]" };
                case "size_t": return new[] { "UIntPtr" };
                case "size_t*": return new[] { "UIntPtr&" };
                case "uint16_t": return new[] { "UInt16" };
                case "uint32_t": return new[] { "UInt32" };
                case "uint64_t": return new[] { "UInt64" };
                case "int64_t": return new[] { "Int64" };
                case "int64_t*": return new[] { "Int64&" };
                case "double": return new[] { "Double" };
                case "int": return new[] { "Int32" };
            }
            return new string[0];
        }

        private static void PInvokeMatchesHeader()
        {
            var text = Regex.Replace(header, @"/\*.*?\*/|//[^\n]*", " ", RegexOptions.Singleline);
            var functions = new Dictionary<string, KeyValuePair<string, string[]>>();
            foreach (Match m in Regex.Matches(text, @"([A-Za-z_][\w \*]*?)\b(tallyfy_\w+)\s*\(([^;{}]*?)\)\s*;"))
            {
                var parameters = m.Groups[3].Value.Trim() == "void" || m.Groups[3].Value.Trim() == ""
                    ? new string[0]
                    : m.Groups[3].Value.Split(',').Select(p => Regex.Replace(p.Trim(), @"\s*\b\w+$", "")).ToArray();
                functions[m.Groups[2].Value] = new KeyValuePair<string, string[]>(m.Groups[1].Value, parameters);
            }
            Expect(functions.Count > 50, "tallyfy.h declares " + functions.Count + " functions");
            var native = typeof(Groups).Assembly.GetType("Tallyfy.Native", true);
            var imports = native.GetMethods(BindingFlags.Static | BindingFlags.NonPublic)
                .Where(m => (m.Attributes & MethodAttributes.PinvokeImpl) != 0).ToList();
            Expect(imports.Count > 50, "Tallyfy.Groups.dll imports " + imports.Count + " functions");
            var problems = new List<string>();
            foreach (var method in imports)
            {
                var import = (DllImportAttribute)method.GetCustomAttributes(typeof(DllImportAttribute), false).Single();
                if (import.CallingConvention != CallingConvention.Cdecl) problems.Add(method.Name + ": not Cdecl");
                if (import.Value != "tallyfy") problems.Add(method.Name + ": library " + import.Value);
                KeyValuePair<string, string[]> c;
                if (!functions.TryGetValue(method.Name, out c))
                {
                    problems.Add(method.Name + ": not in tallyfy.h");
                    continue;
                }
                if (!Allowed(c.Key, true).Contains(method.ReturnType.Name))
                    problems.Add(method.Name + ": returns " + method.ReturnType.Name + " for " + c.Key.Trim());
                var ps = method.GetParameters();
                if (ps.Length != c.Value.Length)
                {
                    problems.Add(method.Name + ": " + ps.Length + " parameters, tallyfy.h has " + c.Value.Length);
                    continue;
                }
                for (int i = 0; i < ps.Length; i++)
                {
                    if (!Allowed(c.Value[i], false).Contains(ps[i].ParameterType.Name))
                        problems.Add(method.Name + " parameter " + i + ": " + ps[i].ParameterType.Name + " for " + c.Value[i]);
                }
            }
            Expect(problems.Count == 0, string.Join("; ", problems));
        }

        /// <summary>The C# enum type has exactly the constants of the C enum `name` (their
        /// PREFIX_ stripped, in PascalCase), with the same values.</summary>
        private static void EnumMatches(Type type, string name, string prefix)
        {
            var body = Regex.Match(header, @"enum " + name + @" \{(.*?)\}", RegexOptions.Singleline).Groups[1].Value;
            var constants = Regex.Matches(body, prefix + @"([A-Z0-9_]+) = (\d+),").Cast<Match>().ToList();
            Expect(constants.Count > 0, "tallyfy.h has enum " + name);
            var names = Enum.GetNames(type);
            Expect(names.Length == constants.Count, names.Length + " " + type.Name + " values, tallyfy.h has " + constants.Count);
            foreach (var m in constants)
            {
                var pascal = string.Concat(m.Groups[1].Value.Split('_').Select(w => w[0] + w.Substring(1).ToLowerInvariant()));
                Expect(Enum.IsDefined(type, pascal), "no " + type.Name + "." + pascal);
                Expect(Convert.ToInt32(Enum.Parse(type, pascal)) == int.Parse(m.Groups[2].Value), pascal + " value");
            }
        }

        private static void EnumsMatchHeader()
        {
            EnumMatches(typeof(TallyfyCode), "tallyfy_code", "TALLYFY_");
            EnumMatches(typeof(Step), "tallyfy_step", "TALLYFY_STEP_");
            EnumMatches(typeof(NoAnswer), "tallyfy_no_answer", "TALLYFY_NO_ANSWER_");
        }
    }
}
