// Runs every case of the shared vectors through the C# binding (Tallyfy.cs), with the same
// expectations as the core's own runner: the call scripts of calls.json through Call, step by
// step, and the inputs and queries the properties can express through GroupInput and ListQuery
// too. A file whose cases are not exactly its "count", or a run of another number of cases,
// fails. Prints failures and "N passed, N failed".
//
// usage: mono vector-tests.exe VECTOR_DIR
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Tallyfy.Tests
{
    public static class VectorTests
    {
        private const ulong DefaultNow = 1700000000;

        public static int Main(string[] args)
        {
            if (args.Length != 1)
            {
                Console.Error.WriteLine("usage: vector-tests.exe VECTOR_DIR");
                return 2;
            }
            int passed = 0, failed = 0, stated = 0, broken = 0;
            var paths = Directory.GetFiles(args[0], "*.json").OrderBy(p => p, StringComparer.Ordinal).ToList();
            if (paths.Count == 0)
            {
                Console.WriteLine("FAILED no vector file in " + args[0]);
                broken++;
            }
            foreach (var path in paths)
            {
                // A file that cannot be read or parsed, or whose case count is not its "count",
                // fails the run.
                List<object> cases;
                long count;
                try
                {
                    var file = (JsonObject)MiniJson.Parse(File.ReadAllText(path, Encoding.UTF8));
                    cases = (List<object>)file["cases"];
                    count = Number(file["count"]).Value;
                    if (cases.Count != count) throw new FormatException(cases.Count + " cases, \"count\" " + count);
                }
                catch (Exception e)
                {
                    Console.WriteLine("FAILED " + path + ": " + e.Message);
                    broken++;
                    continue;
                }
                stated += (int)count;
                int ran = 0;
                foreach (JsonObject c in cases)
                {
                    ran++;
                    try
                    {
                        Run(c);
                        passed++;
                    }
                    catch (Exception e)
                    {
                        failed++;
                        Console.WriteLine("FAILED " + c["name"] + ": " + e.Message);
                    }
                }
                if (ran != count)
                {
                    Console.WriteLine("FAILED " + path + ": ran " + ran + " cases, the file states " + count);
                    broken++;
                }
            }
            Console.WriteLine("C# vectors (tallyfy " + Groups.Version + ")");
            Console.WriteLine(passed + " passed, " + failed + " failed, " + stated + " stated by the files; " +
                setterCases + " of them also through the properties; " + callScripts + " call scripts through Call");
            if (setterCases == 0) Console.WriteLine("FAILED no case ran through the properties");
            if (callScripts == 0) Console.WriteLine("FAILED no call script ran");
            return failed == 0 && broken == 0 && passed == stated && setterCases > 0 && callScripts > 0 ? 0 : 1;
        }

        private static void Run(JsonObject c)
        {
            var op = (string)c["op"];
            if (op == "build_list")
            {
                CheckBuild(c);
                CheckQuerySetters(c);
            }
            else if (op.StartsWith("build_")) CheckBuild(c);
            else if (op.StartsWith("validate_"))
            {
                CheckValidate(c);
                CheckInputSetters(c);
            }
            else if (op.StartsWith("parse_")) CheckParse(c);
            else if (op == "call") CheckCall(c);
            else if (op == "full_update") CheckFullUpdate(c);
            else throw new Exception("unknown op " + op);
        }

        private static void Expect(bool ok, string what)
        {
            if (!ok) throw new Exception(what);
        }

        private static void Equal(object have, object want, string what)
        {
            if (!Equals(have, want)) throw new Exception(what + ": have [" + have + "], want [" + want + "]");
        }

        private static long? Number(object value)
        {
            var n = value as JsonNumber;
            return n == null ? (long?)null : (long)n.Value;
        }

        private static Config MakeConfig(JsonObject c)
        {
            var config = (JsonObject)c["config"];
            return new Config((string)config["accessToken"], (string)config["baseUrl"], (string)config["clientHeader"]);
        }

        private static void CheckRequest(Request request, JsonObject want)
        {
            Equal(request.Method, want["method"], "method");
            Equal(request.Url, want["url"], "url");
            var headers = (List<object>)want["headers"];
            Equal(request.Headers.Count, headers.Count, "header count");
            for (int i = 0; i < headers.Count; i++)
            {
                var pair = (List<object>)headers[i];
                Equal(request.Headers[i].Key, pair[0], "header name");
                Equal(request.Headers[i].Value, pair[1], "header value");
            }
            Equal(request.Body, want["body"], "body");
        }

        private static void CheckFields(IReadOnlyList<FieldError> have, List<object> want, bool withMessages)
        {
            Equal(have.Count, want.Count, "field error count");
            for (int i = 0; i < have.Count; i++)
            {
                var field = (JsonObject)want[i];
                Equal(have[i].Field, field["field"], "field");
                Equal(have[i].Code, field["code"], "field code");
                Expect(have[i].Message.Length > 0, "a field message");
                if (withMessages && field.Has("message")) Equal(have[i].Message, field["message"], "field message");
            }
        }

        private static Request Build(JsonObject c)
        {
            using (var config = MakeConfig(c))
            {
                var op = (string)c["op"];
                var org = (string)c["orgId"];
                var group = (string)c["groupId"];
                switch (op)
                {
                    case "build_get": return Groups.BuildGetGroup(config, org, group);
                    case "build_delete": return Groups.BuildDeleteGroup(config, org, group);
                    case "build_list":
                        return c.Has("query")
                            ? Groups.BuildListGroupsJson(config, org, MiniJson.Write(c["query"]))
                            : Groups.BuildListGroups(config, org);
                    case "build_create": return Groups.BuildCreateGroupJson(config, org, MiniJson.Write(c["input"]));
                    default: return Groups.BuildUpdateGroupJson(config, org, group, MiniJson.Write(c["input"]));
                }
            }
        }

        private static void CheckBuild(JsonObject c)
        {
            var expect = (JsonObject)c["expect"];
            try
            {
                var request = Build(c);
                Expect(!expect.Has("error"), "an error was expected");
                CheckRequest(request, (JsonObject)expect["request"]);
            }
            catch (TallyfyException e)
            {
                var want = (JsonObject)expect["error"];
                Expect(want != null, "unexpected error: " + e.Message);
                Equal(e.CodeName, want["code"], "code");
                Equal(e.Code, TallyfyCode.InvalidInput, "code value");
                Equal(e.Status, null, "status");
                CheckFields(e.FieldErrors, (List<object>)want["fieldErrors"], false);
            }
        }

        private static void CheckValidate(JsonObject c)
        {
            var input = MiniJson.Write(c["input"]);
            var problems = (string)c["op"] == "validate_create"
                ? Groups.ValidateCreateGroupJson(input)
                : Groups.ValidateUpdateGroupJson(input);
            CheckFields(problems, (List<object>)((JsonObject)c["expect"])["fieldErrors"], false);
        }

        // ---- The properties against the JSON path ------------------------------------------
        //
        // A case whose input the properties can express (known keys; strings; whole numbers in
        // the property's range; lists of those) is also set through GroupInput or ListQuery. Each
        // value must be refused exactly when the JSON path refuses it in the same place (after
        // the accepted values), with the same field errors (field, code and message); a list is
        // also set whole, which refuses as its first refused element.

        /// <summary>Cases run through the properties as well.</summary>
        private static int setterCases;

        private static bool IsText(object v) { return v is string; }

        private static bool IsWhole(object v, ulong max)
        {
            ulong n;
            var number = v as JsonNumber;
            return number != null && ulong.TryParse(number.Text, out n) && n <= max;
        }

        private static bool IsList(object v, Func<object, bool> element)
        {
            var list = v as List<object>;
            return list != null && list.All(element);
        }

        /// <summary>Whether every key of o is in kinds and its value is null or of its kind.</summary>
        private static bool Expressible(object o, Dictionary<string, Func<object, bool>> kinds)
        {
            var obj = o as JsonObject;
            return obj != null && obj.All(kv => kinds.ContainsKey(kv.Key) && (kv.Value == null || kinds[kv.Key](kv.Value)));
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
                Equal(e.Code, TallyfyCode.InvalidInput, "refusal code");
                Expect(e.FieldErrors.Count > 0, "a refusal names its field");
                return e.FieldErrors;
            }
        }

        private static string Describe(IEnumerable<FieldError> errors)
        {
            return string.Join("; ", errors.Select(e => e.Field + " " + e.Code + " \"" + e.Message + "\""));
        }

        private static void SameErrors(IReadOnlyList<FieldError> have, IReadOnlyList<FieldError> want, string what)
        {
            bool same = have.Count == want.Count && have.Zip(want, (a, b) =>
                a.Field == b.Field && a.Code == b.Code && a.Message == b.Message).All(x => x);
            if (!same) throw new Exception(what + ": property [" + Describe(have) + "], JSON path [" + Describe(want) + "]");
        }

        private static string OneKey(string key, object value)
        {
            return MiniJson.Write(new JsonObject { new KeyValuePair<string, object>(key, value) });
        }

        /// <summary>Sets source[key] through set (a scalar) and compares with jsonPath on
        /// {"key": value}; returns the refusals.</summary>
        private static List<FieldError> Scalar(JsonObject source, string key, Action<object> set,
            Func<string, IReadOnlyList<FieldError>> jsonPath)
        {
            var value = source[key];
            if (value == null) return new List<FieldError>();
            var have = Refusal(() => set(value));
            SameErrors(have, jsonPath(OneKey(key, value)), key);
            return have.ToList();
        }

        /// <summary>Sets the list source[key] through set element by element (each time the
        /// accepted elements and the next one), comparing each with jsonPath; then sets the whole
        /// list, which must refuse as its first refused element. Returns the refusals; `accepted`
        /// gets the elements taken.</summary>
        private static List<FieldError> List(JsonObject source, string key, Action<List<object>> set,
            Func<string, IReadOnlyList<FieldError>> jsonPath, out List<object> accepted)
        {
            var refused = new List<FieldError>();
            accepted = null;
            var list = source[key] as List<object>;
            if (list == null) return refused;
            accepted = new List<object>();
            foreach (var element in list)
            {
                var candidate = new List<object>(accepted) { element };
                var have = Refusal(() => set(candidate));
                SameErrors(have, jsonPath(OneKey(key, candidate)), OneKey(key, candidate));
                if (have.Count == 0) accepted = candidate;
                refused.AddRange(have);
            }
            var whole = Refusal(() => set(list));
            SameErrors(whole, refused.Take(1).ToList(), key + " set whole");
            return refused;
        }

        /// <summary>The refusals are the case's expected field errors: the first exactly (field
        /// and code); a later one in a list may stand at a smaller index, since a refused element
        /// is not taken, so its list and code are compared.</summary>
        private static void ExpectExpected(List<FieldError> refused, List<object> want)
        {
            Func<string, string> listOf = f => f.Split('.')[0];
            for (int i = 0; i < refused.Count; i++)
            {
                var r = refused[i];
                bool found = want.Cast<JsonObject>().Any(w => r.Code == (string)w["code"] &&
                    (i == 0 ? r.Field == (string)w["field"] : listOf(r.Field) == listOf((string)w["field"])));
                Expect(found, "the vector expects " + r.Field + " " + r.Code);
            }
        }

        private static ulong ULong(object v) { return ulong.Parse(((JsonNumber)v).Text); }

        /// <summary>A validate case's input through GroupInput's properties.</summary>
        private static void CheckInputSetters(JsonObject c)
        {
            Func<object, bool> id = v => IsWhole(v, ulong.MaxValue);
            var kinds = new Dictionary<string, Func<object, bool>>
            {
                { "name", IsText }, { "description", IsText },
                { "members", v => IsList(v, id) }, { "guests", v => IsList(v, IsText) },
            };
            if (!Expressible(c["input"], kinds)) return;
            setterCases++;
            var input = (JsonObject)c["input"];
            Func<string, IReadOnlyList<FieldError>> jsonPath = Groups.ValidateUpdateGroupJson;
            var built = new GroupInput();
            var refused = new List<FieldError>();
            refused.AddRange(Scalar(input, "name", v => built.Name = (string)v, jsonPath));
            refused.AddRange(Scalar(input, "description", v => built.Description = (string)v, jsonPath));
            List<object> members, guests;
            refused.AddRange(List(input, "members", l => new GroupInput { Members = l.Select(ULong).ToList() },
                jsonPath, out members));
            refused.AddRange(List(input, "guests", l => new GroupInput { Guests = l.Cast<string>().ToList() },
                jsonPath, out guests));
            if (members != null) built.Members = members.Select(ULong).ToList();
            if (guests != null) built.Guests = guests.Cast<string>().ToList();
            // Against the vector: refused exactly when it expects a problem with a given field.
            var want = (List<object>)((JsonObject)c["expect"])["fieldErrors"];
            bool givenRefused = want.Cast<JsonObject>().Any(w => input[((string)w["field"]).Split('.')[0]] != null);
            Expect((refused.Count > 0) == givenRefused, "refused exactly when the vector expects a given field refused");
            ExpectExpected(refused, want);
            if (refused.Count == 0)
                Equal(built.ToJson(), Groups.ParseInput(MiniJson.Write(input)).ToJson(), "the properties build the input");
        }

        /// <summary>A list case's query through ListQuery's properties.</summary>
        private static void CheckQuerySetters(JsonObject c)
        {
            Func<object, bool> number = v => IsWhole(v, uint.MaxValue);
            var kinds = new Dictionary<string, Func<object, bool>>
            {
                { "q", IsText }, { "page", number }, { "perPage", number }, { "sortBy", IsText }, { "sort", IsText },
                { "with", v => IsList(v, IsText) },
            };
            if (!Expressible(c["query"], kinds)) return;
            setterCases++;
            var source = (JsonObject)c["query"];
            using (var config = MakeConfig(c))
            {
                var org = (string)c["orgId"];
                Func<string, IReadOnlyList<FieldError>> jsonPath =
                    json => Refusal(() => Groups.BuildListGroupsJson(config, org, json));
                var query = new ListQuery();
                var refused = new List<FieldError>();
                refused.AddRange(Scalar(source, "q", v => query.Q = (string)v, jsonPath));
                refused.AddRange(Scalar(source, "page", v => query.Page = (uint)ULong(v), jsonPath));
                refused.AddRange(Scalar(source, "perPage", v => query.PerPage = (uint)ULong(v), jsonPath));
                refused.AddRange(Scalar(source, "sortBy", v => query.SortBy = (string)v, jsonPath));
                refused.AddRange(Scalar(source, "sort", v => query.Sort = (string)v, jsonPath));
                List<object> with;
                refused.AddRange(List(source, "with", l => new ListQuery { With = l.Cast<string>().ToList() },
                    jsonPath, out with));
                if (with != null) query.With = with.Cast<string>().ToList();
                var expect = (JsonObject)c["expect"];
                Expect((refused.Count > 0) == expect.Has("error"), "refused exactly when the vector expects an error");
                if (refused.Count > 0)
                    ExpectExpected(refused, (List<object>)((JsonObject)expect["error"])["fieldErrors"]);
                else
                    CheckRequest(Groups.BuildListGroups(config, org, query), (JsonObject)expect["request"]);
            }
        }

        private static void CheckGroup(Group group, JsonObject want)
        {
            Expect(want != null, "a group was not expected");
            Equal(group.Id, want["id"], "id");
            Equal(group.Name, want["name"], "name");
            Equal(group.Description, want["description"], "description");
            Equal(group.Logo, want["logo"], "logo");
            Equal(group.CreatedAt, want["createdAt"], "createdAt");
            Equal(group.UpdatedAt, want["updatedAt"], "updatedAt");
            var members = (List<object>)want["members"];
            Equal(group.Members.Count, members.Count, "member count");
            for (int i = 0; i < members.Count; i++) Equal((long)group.Members[i], Number(members[i]), "member");
            var guests = (List<object>)want["guests"];
            Equal(group.Guests.Count, guests.Count, "guest count");
            for (int i = 0; i < guests.Count; i++) Equal(group.Guests[i], guests[i], "guest");
            Expect(MiniJson.Same(MiniJson.Parse(group.ToJson()), want), "ToJson");
        }

        private static void CheckPage(GroupPage page, JsonObject want)
        {
            Expect(want != null, "a page was not expected");
            var groups = (List<object>)want["groups"];
            Equal(page.Groups.Count, groups.Count, "page size");
            for (int i = 0; i < groups.Count; i++) CheckGroup(page.Groups[i], (JsonObject)groups[i]);
            var p = (JsonObject)want["pagination"];
            Equal((long)page.Pagination.Total, Number(p["total"]), "total");
            Equal((long)page.Pagination.Count, Number(p["count"]), "count");
            Equal((long)page.Pagination.PerPage, Number(p["perPage"]), "perPage");
            Equal((long)page.Pagination.CurrentPage, Number(p["currentPage"]), "currentPage");
            Equal((long)page.Pagination.TotalPages, Number(p["totalPages"]), "totalPages");
        }

        private static void CheckParse(JsonObject c)
        {
            var r = (JsonObject)c["response"];
            var expect = (JsonObject)c["expect"];
            var headers = new List<KeyValuePair<string, string>>();
            foreach (List<object> pair in (List<object>)r["headers"])
                headers.Add(new KeyValuePair<string, string>((string)pair[0], (string)pair[1]));
            var response = new Response((ushort)Number(r["status"]), headers, Encoding.UTF8.GetBytes((string)r["body"]));
            try
            {
                switch ((string)c["op"])
                {
                    case "parse_group":
                        CheckGroup(Groups.ParseGroup(response), (JsonObject)expect["group"]);
                        break;
                    case "parse_group_list":
                        CheckPage(Groups.ParseGroupList(response), (JsonObject)expect["page"]);
                        break;
                    default:
                        Groups.ParseDeleteGroup(response);
                        Equal(expect["ok"], true, "ok");
                        break;
                }
                Expect(!expect.Has("error"), "an error was expected");
            }
            catch (TallyfyException e)
            {
                CheckError(c, e, expect);
            }
        }

        /// <summary>e against expect.error (keys left out are not checked).</summary>
        private static void CheckError(JsonObject c, TallyfyException e, JsonObject expect)
        {
            var want = (JsonObject)expect["error"];
            Expect(want != null, "unexpected error: " + e.Message);
            Equal(e.CodeName, want["code"], "code");
            Equal(e.Code.ToString(), Pascal((string)want["code"]), "code value");
            Equal((long?)e.Status, Number(want["status"]), "status");
            if (want.Has("message")) Equal(e.Message, want["message"], "message");
            if (want.Has("messageExcludes"))
                foreach (string excluded in (List<object>)want["messageExcludes"])
                    Expect(!e.Message.Contains(excluded), "message excludes " + excluded);
            if (want.Has("fieldErrors")) CheckFields(e.FieldErrors, (List<object>)want["fieldErrors"], true);
            if (want.Has("retryAfterSeconds"))
            {
                ulong now = c.Has("now") ? (ulong)Number(c["now"]).Value : DefaultNow;
                Equal(e.RetryAfterSecondsAt(now), Number(want["retryAfterSeconds"]), "retryAfterSeconds");
            }
            if (want.Has("requestId")) Equal(e.RequestId, want["requestId"], "requestId");
        }

        /// <summary>snake_case as PascalCase: too_many_pages, TooManyPages.</summary>
        private static string Pascal(string snake)
        {
            return string.Concat(snake.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w.Substring(1)));
        }

        private static CallOptions Options(JsonObject o)
        {
            if (o == null) return null;
            Func<string, ulong?> get = key => o[key] == null ? (ulong?)null : ULong(o[key]);
            return new CallOptions
            {
                TimeoutMs = (uint?)get("timeoutMs"),
                MaxAnswerBytes = get("maxAnswerBytes"),
                MaxPages = (uint?)get("maxPages"),
                RandomSeed = get("randomSeed"),
            };
        }

        /// <summary>A JSON query through ListQuery's properties (null values stay absent).</summary>
        private static ListQuery Query(JsonObject q)
        {
            if (q == null) return null;
            return new ListQuery
            {
                Q = (string)q["q"],
                Page = q["page"] == null ? null : (uint?)ULong(q["page"]),
                PerPage = q["perPage"] == null ? null : (uint?)ULong(q["perPage"]),
                SortBy = (string)q["sortBy"],
                Sort = (string)q["sort"],
                With = q["with"] == null ? null : ((List<object>)q["with"]).Cast<string>().ToList(),
            };
        }

        private static Call MakeCall(JsonObject c, Config config)
        {
            var org = (string)c["orgId"];
            var group = (string)c["groupId"];
            var options = Options((JsonObject)c["options"]);
            switch ((string)c["operation"])
            {
                case "create_group": return Call.CreateGroup(config, org, Groups.ParseInput(MiniJson.Write(c["input"])), options);
                case "get_group": return Call.GetGroup(config, org, group, options);
                case "list_groups": return Call.ListGroups(config, org, Query((JsonObject)c["query"]), options);
                case "list_all_groups": return Call.ListAllGroups(config, org, Query((JsonObject)c["query"]), options);
                case "update_group":
                    return Call.UpdateGroup(config, org, group, Groups.ParseInput(MiniJson.Write(c["input"])), options);
                case "delete_group": return Call.DeleteGroup(config, org, group, options);
                default: throw new Exception("unknown operation " + c["operation"]);
            }
        }

        private static string KindName(NoAnswer kind)
        {
            switch (kind)
            {
                case NoAnswer.NotDelivered: return "not_delivered";
                case NoAnswer.Timeout: return "timeout";
                default: return "too_large";
            }
        }

        /// <summary>Call scripts run through Call.</summary>
        private static int callScripts;

        /// <summary>Runs a call script: each step the call gives must be the next one of the
        /// script, each answer is handed back, and the call must end as expected with no step
        /// left over.</summary>
        private static void CheckCall(JsonObject c)
        {
            callScripts++;
            var expect = (JsonObject)c["expect"];
            var script = new Queue<JsonObject>(((List<object>)c["steps"]).Cast<JsonObject>());
            using (var config = MakeConfig(c))
            {
                Call call;
                try
                {
                    call = MakeCall(c, config);
                }
                catch (TallyfyException e)
                {
                    Equal(script.Count, 0, "steps of a call that could not be made");
                    CheckError(c, e, expect);
                    return;
                }
                using (call)
                {
                    for (;;)
                    {
                        var step = call.Next();
                        var want = script.Count > 0 ? script.Dequeue() : null;
                        switch (step)
                        {
                            case Step.Send:
                                Expect(want != null && want.Has("send"), "a send where the script says " + MiniJson.Write(want));
                                var send = (JsonObject)want["send"];
                                var exchange = call.Exchange;
                                Equal(exchange.Request.Method, send["method"], "method");
                                Equal(exchange.Request.Url, send["url"], "url");
                                Equal((long)exchange.TimeoutMs, Number(send["timeoutMs"]), "timeoutMs");
                                Equal(exchange.MaxAnswerBytes, ULong(send["maxAnswerBytes"]), "maxAnswerBytes");
                                Equal(exchange.Trace.Url, send.Has("traceUrl") ? send["traceUrl"] : send["url"], "trace url");
                                Equal(exchange.Trace.Headers.Single(h => h.Key == "Authorization").Value, "Bearer [redacted]",
                                    "trace authorization");
                                if (want.Has("noAnswer"))
                                {
                                    var kind = Enum.GetValues(typeof(NoAnswer)).Cast<NoAnswer>()
                                        .Single(k => KindName(k) == (string)want["noAnswer"]);
                                    call.NoAnswer(kind);
                                    break;
                                }
                                var r = (JsonObject)want["answer"];
                                var headers = ((List<object>)r["headers"]).Cast<List<object>>()
                                    .Select(p => new KeyValuePair<string, string>((string)p[0], (string)p[1])).ToList();
                                call.Answer(new Response((ushort)Number(r["status"]), headers,
                                    Encoding.UTF8.GetBytes((string)r["body"])));
                                break;
                            case Step.Wait:
                                Expect(want != null && want.Has("wait"), "a wait where the script says " + MiniJson.Write(want));
                                var wait = (JsonObject)want["wait"];
                                var retry = call.Retry;
                                Equal(retry.DelayMs, ULong(wait["delayMs"]), "delayMs");
                                Equal((long)retry.Attempt, Number(wait["attempt"]), "attempt");
                                Expect((retry.Error == null) != (retry.NoAnswer == null), "one reason");
                                Equal(retry.Error != null ? retry.Error.CodeName : KindName(retry.NoAnswer.Value), wait["reason"],
                                    "reason");
                                break;
                            case Step.Done:
                                Expect(want == null, "done where the script says " + MiniJson.Write(want));
                                CheckOutcome(call, expect);
                                return;
                            case Step.Failed:
                                Expect(want == null, "failed where the script says " + MiniJson.Write(want));
                                CheckError(c, call.Error, expect);
                                return;
                            default:
                                Expect(want == null, "unanswered where the script says " + MiniJson.Write(want));
                                Equal(KindName(call.Unanswered.Value), expect["unanswered"], "unanswered");
                                return;
                        }
                    }
                }
            }
        }

        private static void CheckOutcome(Call call, JsonObject expect)
        {
            Expect(!expect.Has("error") && !expect.Has("unanswered"), "done where an error was expected");
            Equal(call.Group != null, expect.Has("group"), "a group");
            Equal(call.Page != null, expect.Has("page"), "a page");
            Equal(call.Groups != null, expect.Has("groups"), "every group");
            Equal(call.Deleted, expect.Has("deleted"), "deleted");
            if (call.Group != null) CheckGroup(call.Group, (JsonObject)expect["group"]);
            if (call.Page != null) CheckPage(call.Page, (JsonObject)expect["page"]);
            if (call.Groups != null)
            {
                var groups = (List<object>)expect["groups"];
                Equal(call.Groups.Count, groups.Count, "group count");
                for (int i = 0; i < groups.Count; i++) CheckGroup(call.Groups[i], (JsonObject)groups[i]);
            }
        }

        private static void CheckFullUpdate(JsonObject c)
        {
            var current = (JsonObject)c["current"];
            var wire = new JsonObject();
            string[][] keys =
            {
                new[] { "id", "id" }, new[] { "name", "name" }, new[] { "description", "description" },
                new[] { "logo", "logo" }, new[] { "members", "members" }, new[] { "guests", "guests" },
                new[] { "createdAt", "created_at" }, new[] { "updatedAt", "last_updated" },
            };
            foreach (var key in keys) wire.Add(new KeyValuePair<string, object>(key[1], current[key[0]]));
            var envelope = new JsonObject { new KeyValuePair<string, object>("data", wire) };
            var group = Groups.ParseGroup(new Response(200, null, Encoding.UTF8.GetBytes(MiniJson.Write(envelope))));
            var changes = Groups.ParseInput(MiniJson.Write(c["changes"]));
            var body = Groups.FullUpdate(group, changes);
            Expect(MiniJson.Same(MiniJson.Parse(body.ToJson()), ((JsonObject)c["expect"])["input"]), "full body");
        }
    }
}
