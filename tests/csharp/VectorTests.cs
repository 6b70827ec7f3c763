// Runs every case of the shared vectors through the C# binding (Tallyfy.cs), with the same
// expectations as the core's own runner; prints failures and "N passed, N failed".
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
            Console.WriteLine(passed + " passed, " + failed + " failed, " + stated + " stated by the files");
            return failed == 0 && broken == 0 && passed == stated ? 0 : 1;
        }

        private static void Run(JsonObject c)
        {
            var op = (string)c["op"];
            if (op.StartsWith("build_")) CheckBuild(c);
            else if (op.StartsWith("validate_")) CheckValidate(c);
            else if (op.StartsWith("parse_")) CheckParse(c);
            else if (op == "retry_delay") CheckRetry(c);
            else if (op == "next_page") CheckNextPage(c);
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
                        var page = Groups.ParseGroupList(response);
                        var want = (JsonObject)expect["page"];
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
                var want = (JsonObject)expect["error"];
                Expect(want != null, "unexpected error: " + e.Message);
                Equal(e.CodeName, want["code"], "code");
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
        }

        private static void CheckRetry(JsonObject c)
        {
            var attempt = (int)Number(c["attempt"]);
            var random = ((JsonNumber)c["random"]).Value;
            var status = Number(c["status"]);
            long? delay;
            if (status.HasValue)
                delay = Groups.RetryDelayMs((string)c["method"], (int)status, Number(c["retryAfterSeconds"]), attempt,
                    random);
            else
            {
                // No answer: no status, so no Retry-After either.
                Equal(Number(c["retryAfterSeconds"]), null, "retryAfterSeconds");
                delay = Groups.RetryNoAnswerDelayMs((string)c["method"], attempt, random);
            }
            Equal(delay, Number(((JsonObject)c["expect"])["delayMs"]), "delayMs");
        }

        private static void CheckNextPage(JsonObject c)
        {
            var p = (JsonObject)c["pagination"];
            var body = "{\"data\":[],\"meta\":{\"pagination\":{\"total\":" + Number(p["total"]) + ",\"count\":" +
                Number(p["count"]) + ",\"per_page\":" + Number(p["perPage"]) + ",\"current_page\":" +
                Number(p["currentPage"]) + ",\"total_pages\":" + Number(p["totalPages"]) + "}}}";
            var page = Groups.ParseGroupList(new Response(200, null, Encoding.UTF8.GetBytes(body)));
            ListQuery query = null;
            if (c.Has("query"))
            {
                var q = (JsonObject)c["query"];
                query = new ListQuery
                {
                    Q = (string)q["q"],
                    Page = q.Has("page") ? (uint?)Number(q["page"]) : null,
                    PerPage = q.Has("perPage") ? (uint?)Number(q["perPage"]) : null,
                    SortBy = (string)q["sortBy"],
                    Sort = (string)q["sort"],
                    With = q.Has("with") ? ((List<object>)q["with"]).Cast<string>().ToList() : null,
                };
            }
            using (var config = MakeConfig(c))
            {
                var next = Groups.BuildNextPage(config, (string)c["orgId"], query, page);
                var want = (JsonObject)((JsonObject)c["expect"])["request"];
                if (want == null) Expect(next == null, "no next page");
                else CheckRequest(next, want);
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
