// Runs every case of the shared vectors through the C# binding (ffi/bindings/csharp), with the
// same expectations as the core's own runner: inputs and queries through their JSON entry
// points (GroupInput.FromJson, ListQuery.FromJson), the call scripts of calls.json through
// Call, step by step, and the inputs and queries the setters can express through GroupInput's
// and ListQuery's setters too. A file whose cases are not exactly its "count", or a run of
// another number of cases, fails. Prints each file's count, failures and "N passed, N failed".
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
                Console.WriteLine(Path.GetFileName(path) + ": ran " + ran + " of " + count + " cases");
                if (ran != count)
                {
                    Console.WriteLine("FAILED " + path + ": ran " + ran + " cases, the file states " + count);
                    broken++;
                }
            }
            Console.WriteLine("C# vectors (tallyfy " + Groups.Version + ")");
            Console.WriteLine(passed + " passed, " + failed + " failed, " + stated + " stated by the files; " +
                setterCases + " of them also through the setters; " + callScripts + " call scripts through Call");
            if (setterCases == 0) Console.WriteLine("FAILED no case ran through the setters");
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
                        if (!c.Has("query")) return Groups.BuildListGroups(config, org);
                        using (var query = Query(c)) return Groups.BuildListGroups(config, org, query);
                    case "build_create":
                        using (var input = Input(c["input"])) return Groups.BuildCreateGroup(config, org, input);
                    default:
                        using (var input = Input(c["input"])) return Groups.BuildUpdateGroup(config, org, group, input);
                }
            }
        }

        /// <summary>A refusal of a case's JSON input or query by FromJson: the case ends there,
        /// before the operation (see ReadOnly).</summary>
        private sealed class ReadRefused : Exception
        {
            public ReadRefused(Error error) : base(error.Message) { Error = error; }
            public Error Error { get; private set; }
        }

        /// <summary>The case's JSON input through GroupInput.FromJson.</summary>
        private static GroupInput Input(object json)
        {
            try
            {
                return GroupInput.FromJson(MiniJson.Write(json));
            }
            catch (Error e)
            {
                throw new ReadRefused(e);
            }
        }

        /// <summary>The case's query through ListQuery.FromJson, or null when it has none.</summary>
        private static ListQuery Query(JsonObject c)
        {
            try
            {
                return c["query"] == null ? null : ListQuery.FromJson(MiniJson.Write(c["query"]));
            }
            catch (Error e)
            {
                throw new ReadRefused(e);
            }
        }

        /// <summary>The expected field errors that reading the JSON alone finds: all but those
        /// only the whole operation finds (its arguments' and an update's body no_changes), as
        /// the spec of the 0.2 ABI says a runner compares a refusal of FromJson.</summary>
        private static List<object> ReadOnly(List<object> want)
        {
            var arguments = new[] { "org_id", "group_id", "access_token", "base_url", "client_header" };
            return want.Cast<JsonObject>().Where(w => !arguments.Contains((string)w["field"]) &&
                !((string)w["field"] == "body" && (string)w["code"] == "no_changes")).Cast<object>().ToList();
        }

        private static void CheckBuild(JsonObject c)
        {
            var expect = (JsonObject)c["expect"];
            var want = (JsonObject)expect["error"];
            try
            {
                var request = Build(c);
                Expect(want == null, "an error was expected");
                CheckRequest(request, (JsonObject)expect["request"]);
            }
            catch (Error e)
            {
                CheckInvalid(e, want, false);
            }
            catch (ReadRefused r)
            {
                CheckInvalid(r.Error, want, true);
            }
        }

        /// <summary>e is the InvalidInput want describes (only what reading the JSON finds, when
        /// readOnly).</summary>
        private static void CheckInvalid(Error e, JsonObject want, bool readOnly)
        {
            Expect(want != null, "unexpected error: " + e.Message);
            Equal(e.CodeName, want["code"], "code");
            Equal(e.Code, Code.InvalidInput, "code value");
            Equal(e.Status, null, "status");
            var fields = (List<object>)want["fieldErrors"];
            CheckFields(e.FieldErrors, readOnly ? ReadOnly(fields) : fields, false);
        }

        private static void CheckValidate(JsonObject c)
        {
            var want = (List<object>)((JsonObject)c["expect"])["fieldErrors"];
            try
            {
                using (var input = Input(c["input"]))
                {
                    var problems = (string)c["op"] == "validate_create"
                        ? Groups.ValidateCreateGroup(input)
                        : Groups.ValidateUpdateGroup(input);
                    CheckFields(problems, want, false);
                }
            }
            catch (ReadRefused r)
            {
                Equal(r.Error.Code, Code.InvalidInput, "code");
                CheckFields(r.Error.FieldErrors, ReadOnly(want), false);
            }
        }

        // ---- The setters against the JSON path ---------------------------------------------
        //
        // A case whose input the setters can express (known keys; strings; whole numbers in the
        // setter's range; lists of those) is also set through GroupInput's or ListQuery's setters,
        // one value at a time. Each value must be refused exactly when the JSON path (FromJson of
        // the values taken so far and this one) refuses it, with the same field errors (field,
        // code and message), and a refused value leaves the object as it was.

        /// <summary>Cases run through the setters as well.</summary>
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
                Equal(e.Code, Code.InvalidInput, "refusal code");
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
            if (!same) throw new Exception(what + ": setter [" + Describe(have) + "], JSON path [" + Describe(want) + "]");
        }

        private static string OneKey(string key, object value)
        {
            return MiniJson.Write(new JsonObject { new KeyValuePair<string, object>(key, value) });
        }

        /// <summary>Sets source[key] through set and compares with jsonPath on {"key": value};
        /// returns the refusals.</summary>
        private static List<FieldError> Scalar(JsonObject source, string key, Action<object> set,
            Func<string, IReadOnlyList<FieldError>> jsonPath)
        {
            var value = source[key];
            if (value == null) return new List<FieldError>();
            var have = Refusal(() => set(value));
            SameErrors(have, jsonPath(OneKey(key, value)), key);
            return have.ToList();
        }

        /// <summary>Makes the list source[key] present (clear, when given), then adds its elements
        /// one by one, comparing each with jsonPath on the elements taken so far and this one.
        /// Returns the refusals.</summary>
        private static List<FieldError> Elements(JsonObject source, string key, Action clear, Action<object> add,
            Func<string, IReadOnlyList<FieldError>> jsonPath)
        {
            var refused = new List<FieldError>();
            var list = source[key] as List<object>;
            if (list == null) return refused;
            if (clear != null) clear();
            var accepted = new List<object>();
            foreach (var element in list)
            {
                var candidate = new List<object>(accepted) { element };
                var have = Refusal(() => add(element));
                SameErrors(have, jsonPath(OneKey(key, candidate)), OneKey(key, candidate));
                if (have.Count == 0) accepted = candidate;
                refused.AddRange(have);
            }
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

        /// <summary>A validate case's input through GroupInput's setters.</summary>
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
            var source = (JsonObject)c["input"];
            Func<string, IReadOnlyList<FieldError>> jsonPath = json => Refusal(() => GroupInput.FromJson(json).Dispose());
            using (var built = new GroupInput())
            {
                var refused = new List<FieldError>();
                refused.AddRange(Scalar(source, "name", v => built.Name = (string)v, jsonPath));
                refused.AddRange(Scalar(source, "description", v => built.Description = (string)v, jsonPath));
                refused.AddRange(Elements(source, "members", built.ClearMembers, v => built.AddMember(ULong(v)), jsonPath));
                refused.AddRange(Elements(source, "guests", built.ClearGuests, v => built.AddGuest((string)v), jsonPath));
                // Against the vector: refused exactly when it expects a problem with a given field.
                var want = (List<object>)((JsonObject)c["expect"])["fieldErrors"];
                bool givenRefused = want.Cast<JsonObject>().Any(w => source[((string)w["field"]).Split('.')[0]] != null);
                Expect((refused.Count > 0) == givenRefused, "refused exactly when the vector expects a given field refused");
                ExpectExpected(refused, want);
                if (refused.Count == 0)
                {
                    using (var read = GroupInput.FromJson(MiniJson.Write(source)))
                        Equal(built.ToJson(), read.ToJson(), "the setters build the input FromJson reads");
                }
            }
        }

        /// <summary>A list case's query through ListQuery's setters.</summary>
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
            Func<string, IReadOnlyList<FieldError>> jsonPath = json => Refusal(() => ListQuery.FromJson(json).Dispose());
            using (var config = MakeConfig(c))
            using (var query = new ListQuery())
            {
                var refused = new List<FieldError>();
                refused.AddRange(Scalar(source, "q", v => query.Q = (string)v, jsonPath));
                refused.AddRange(Scalar(source, "page", v => query.Page = (uint)ULong(v), jsonPath));
                refused.AddRange(Scalar(source, "perPage", v => query.PerPage = (uint)ULong(v), jsonPath));
                refused.AddRange(Scalar(source, "sortBy", v => query.SortBy = (string)v, jsonPath));
                refused.AddRange(Scalar(source, "sort", v => query.Sort = (string)v, jsonPath));
                refused.AddRange(Elements(source, "with", null, v => query.AddWith((string)v), jsonPath));
                var expect = (JsonObject)c["expect"];
                Expect((refused.Count > 0) == expect.Has("error"), "refused exactly when the vector expects an error");
                if (refused.Count > 0)
                    ExpectExpected(refused, (List<object>)((JsonObject)expect["error"])["fieldErrors"]);
                else
                    CheckRequest(Groups.BuildListGroups(config, (string)c["orgId"], query), (JsonObject)expect["request"]);
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
            var response = new Response((int)Number(r["status"]), headers, Encoding.UTF8.GetBytes((string)r["body"]));
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
            catch (Error e)
            {
                CheckError(c, e, expect);
            }
        }

        /// <summary>e against expect.error (keys left out are not checked).</summary>
        private static void CheckError(JsonObject c, Error e, JsonObject expect)
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

        /// <summary>The options of a call script (null without any) through CallOptions' setters,
        /// in the script's order. Each setter checks its value at once: the refusals go to
        /// refused, as one list of every problem.</summary>
        private static CallOptions Options(JsonObject o, List<Error> refused)
        {
            if (o == null) return null;
            var options = new CallOptions();
            var setters = new Dictionary<string, Action<ulong>>
            {
                { "timeoutMs", v => options.TimeoutMs = (uint)v },
                { "maxAnswerBytes", v => options.MaxAnswerBytes = v },
                { "maxPages", v => options.MaxPages = (uint)v },
                { "randomSeed", v => options.RandomSeed = v },
            };
            foreach (var option in o)
            {
                try
                {
                    setters[option.Key](ULong(option.Value));
                }
                catch (Error e)
                {
                    refused.Add(e);
                }
            }
            return options;
        }

        /// <summary>Makes the call of a script; its input and query are disposed right after
        /// (the call keeps nothing of them). Throws ReadRefused when FromJson refuses them.</summary>
        private static Call MakeCall(JsonObject c, Config config, CallOptions options)
        {
            var org = (string)c["orgId"];
            var group = (string)c["groupId"];
            switch ((string)c["operation"])
            {
                case "create_group":
                    using (var input = Input(c["input"])) return Call.CreateGroup(config, org, input, options);
                case "get_group": return Call.GetGroup(config, org, group, options);
                case "list_groups":
                    using (var query = Query(c)) return Call.ListGroups(config, org, query, options);
                case "list_all_groups":
                    using (var query = Query(c)) return Call.ListAllGroups(config, org, query, options);
                case "update_group":
                    using (var input = Input(c["input"])) return Call.UpdateGroup(config, org, group, input, options);
                case "delete_group": return Call.DeleteGroup(config, org, group, options);
                default: throw new Exception("unknown operation " + c["operation"]);
            }
        }

        /// <summary>PascalCase as snake_case: NotDelivered, not_delivered.</summary>
        private static string Snake(object value)
        {
            return string.Concat(value.ToString().Select((ch, i) =>
                char.IsUpper(ch) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(ch) : ch.ToString()));
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
                var refused = new List<Error>();
                using (var options = Options((JsonObject)c["options"], refused))
                {
                    if (refused.Count > 0)
                    {
                        Equal(script.Count, 0, "steps of a call whose options were refused");
                        var want = (JsonObject)expect["error"];
                        Expect(want != null, "unexpected refusal: " + refused[0].Message);
                        Equal("invalid_input", want["code"], "code");
                        Expect(refused.All(e => e.Code == Code.InvalidInput && e.Status == null), "refused as invalid input");
                        CheckFields(refused.SelectMany(e => e.FieldErrors).ToList(), (List<object>)want["fieldErrors"], true);
                        return;
                    }
                    try
                    {
                        call = MakeCall(c, config, options);
                    }
                    catch (Error e)
                    {
                        Equal(script.Count, 0, "steps of a call that could not be made");
                        CheckError(c, e, expect);
                        return;
                    }
                    catch (ReadRefused r)
                    {
                        Equal(script.Count, 0, "steps of a call whose input was refused");
                        CheckInvalid(r.Error, (JsonObject)expect["error"], true);
                        return;
                    }
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
                                Equal(call.Request.Method, send["method"], "method");
                                Equal(call.Request.Url, send["url"], "url");
                                Equal((long)call.TimeoutMs, Number(send["timeoutMs"]), "timeoutMs");
                                Equal(call.MaxAnswerBytes, ULong(send["maxAnswerBytes"]), "maxAnswerBytes");
                                Equal(call.Trace.Url, send.Has("traceUrl") ? send["traceUrl"] : send["url"], "trace url");
                                Equal(call.Trace.Headers.Single(h => h.Key == "Authorization").Value, "Bearer [redacted]",
                                    "trace authorization");
                                if (want.Has("noAnswer"))
                                {
                                    var kind = Enum.GetValues(typeof(NoAnswer)).Cast<NoAnswer>()
                                        .Single(k => Snake(k) == (string)want["noAnswer"]);
                                    call.NoAnswer(kind);
                                    break;
                                }
                                var r = (JsonObject)want["answer"];
                                var headers = ((List<object>)r["headers"]).Cast<List<object>>()
                                    .Select(p => new KeyValuePair<string, string>((string)p[0], (string)p[1])).ToList();
                                call.Answer(new Response((int)Number(r["status"]), headers, Encoding.UTF8.GetBytes((string)r["body"])));
                                break;
                            case Step.Wait:
                                Expect(want != null && want.Has("wait"), "a wait where the script says " + MiniJson.Write(want));
                                var wait = (JsonObject)want["wait"];
                                Equal(call.DelayMs, ULong(wait["delayMs"]), "delayMs");
                                Equal((long)call.Attempt, Number(wait["attempt"]), "attempt");
                                Expect((call.Error == null) != (call.NoAnswerKind == null), "one reason");
                                Equal(call.Error != null ? call.Error.CodeName : Snake(call.NoAnswerKind.Value), wait["reason"], "reason");
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
                                Equal(Snake(call.NoAnswerKind.Value), expect["unanswered"], "unanswered");
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
            var group = Group.FromJson(MiniJson.Write(c["current"]));
            Expect(MiniJson.Same(MiniJson.Parse(group.ToJson()), c["current"]), "the current group reads back");
            using (var changes = GroupInput.FromJson(MiniJson.Write(c["changes"])))
            using (var body = Groups.FullUpdate(group, changes))
                Expect(MiniJson.Same(MiniJson.Parse(body.ToJson()), ((JsonObject)c["expect"])["input"]), "full body");
        }
    }
}
