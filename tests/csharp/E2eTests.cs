// End to end: GroupsClient (the C# binding over HttpClient) against a running sandbox, with faults
// injected through its /__sandbox/ control endpoints. Needs TALLYFY_BASE_URL (ending in /api).
// Time is virtual: the client's Sleep only records the waits the core asks for (with a fixed
// jitter seed), and each test asserts them exactly. Prints failures and "N passed, N failed".
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;

namespace Tallyfy.Tests
{
    public static class E2eTests
    {
        private const string Org = "org_sandbox";
        private static readonly string BaseUrl = Environment.GetEnvironmentVariable("TALLYFY_BASE_URL");
        private static readonly HttpClient Http = new HttpClient();

        public static int Main()
        {
            if (string.IsNullOrEmpty(BaseUrl))
            {
                Console.Error.WriteLine("TALLYFY_BASE_URL must name a running sandbox");
                return 2;
            }
            var tests = new Dictionary<string, Func<Task>>
            {
                { "lifecycle with a retried 429", Lifecycle },
                { "a 422 surfaces field errors", ServerFieldErrors },
                { "5xx retried only when idempotent", ServerErrors },
                { "list all follows every page", ListAll },
                { "no answer retried only when idempotent", NoAnswer },
                { "no answer and statuses share the retry count", NoAnswerAndStatuses },
                { "a slow answer times out at TimeoutMs, not retried", SlowAnswer },
                { "an answer past MaxAnswerBytes is refused", LargeAnswer },
            };
            int passed = 0, failed = 0;
            foreach (var test in tests)
            {
                try
                {
                    Control("reset", "{}");
                    Waits.Clear();
                    test.Value().GetAwaiter().GetResult();
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

        private static void Control(string path, string body)
        {
            var origin = BaseUrl.Substring(0, BaseUrl.Length - "/api".Length);
            using (var answer = Http.PostAsync(origin + "/__sandbox/" + path,
                new StringContent(body, Encoding.UTF8, "application/json")).GetAwaiter().GetResult())
                Expect((int)answer.StatusCode == 200, "the sandbox accepted " + path);
        }

        /// <summary>One counter of the sandbox's GET /__sandbox/stats, by its JSON key.</summary>
        private static long Stat(string key)
        {
            var origin = BaseUrl.Substring(0, BaseUrl.Length - "/api".Length);
            var text = Http.GetStringAsync(origin + "/__sandbox/stats").GetAwaiter().GetResult();
            var at = text.IndexOf("\"" + key + "\":", StringComparison.Ordinal);
            Expect(at >= 0, "the stats hold " + key + ": " + text);
            int start = at + key.Length + 3, end = start;
            while (end < text.Length && char.IsDigit(text[end])) end++;
            return long.Parse(text.Substring(start, end - start));
        }

        /// <summary>The waits the clients of the current test asked for, in milliseconds.</summary>
        private static readonly List<double> Waits = new List<double>();

        /// <summary>A client recording every status into statuses and every wait into Waits
        /// (without waiting), with a fixed jitter seed.</summary>
        private static GroupsClient Client(Config config, List<int> statuses)
        {
            return new GroupsClient(config, Org)
            {
                Trace = (request, status) => statuses.Add(status),
                Options = new CallOptions { RandomSeed = 1 },
                Sleep = (delay, cancel) =>
                {
                    Waits.Add(delay.TotalMilliseconds);
                    return Task.FromResult(0);
                },
            };
        }

        /// <summary>Fails unless the waits asked for since the last check are these.</summary>
        private static void Waited(params double[] ms)
        {
            Expect(Waits.SequenceEqual(ms), "waits " + string.Join(",", Waits) + ", expected " + string.Join(",", ms));
            Waits.Clear();
        }

        private static GroupInput Input(string name, params ulong[] members)
        {
            var input = new GroupInput { Name = name, Description = "e2e" };
            input.ClearMembers();
            foreach (var id in members) input.AddMember(id);
            input.AddGuest("guest@example.com");
            return input;
        }

        private static async Task<Error> Refused(Task call)
        {
            try
            {
                await call;
            }
            catch (Error e)
            {
                return e;
            }
            throw new Exception("expected an Error");
        }

        private static async Task Lifecycle()
        {
            var statuses = new List<int>();
            using (var config = new Config("sandbox-admin-token", BaseUrl))
            using (var client = Client(config, statuses))
            {
                Control("faults", "{\"faults\":[{\"kind\":\"rate_limit\",\"retry_after\":\"1\"}]}");
                var created = await client.CreateAsync(Input("Lifecycle", 1001, 1002));
                Waited(1000);
                Expect(created.Id.Length == 32 && created.Members.SequenceEqual(new ulong[] { 1001, 1002 }), "created");
                var fetched = await client.GetAsync(created.Id);
                Expect(fetched.ToJson() == created.ToJson(), "get returns the created group");
                var page = await client.ListAsync(new ListQuery { Q = "Lifecycle" });
                Expect(page.Groups.Count == 1 && page.Pagination.Total == 1, "list finds it");
                var changes = new GroupInput();
                changes.AddMember(1003);
                changes.ClearGuests();
                var updated = await client.UpdateAsync(created.Id, changes);
                Expect(updated.Members.SequenceEqual(new ulong[] { 1003 }) && updated.Guests.Count == 0 &&
                    updated.Name == "Lifecycle", "members replaced, guests cleared");
                await client.DeleteAsync(created.Id);
                var gone = await Refused(client.GetAsync(created.Id));
                Expect(gone.Code == Code.NotFound && gone.Status == 404 && gone.RequestId != null, "not_found");
                Expect(statuses.SequenceEqual(new[] { 429, 201, 200, 200, 201, 204, 404 }),
                    "statuses " + string.Join(",", statuses));
                Waited();
            }
        }

        private static async Task ServerFieldErrors()
        {
            using (var config = new Config("sandbox-admin-token", BaseUrl))
            using (var client = Client(config, new List<int>()))
            {
                await client.CreateAsync(Input("Taken"));
                var duplicate = await Refused(client.CreateAsync(Input("Taken")));
                Expect(duplicate.Code == Code.ValidationFailed && duplicate.Status == 422, "422");
                Expect(duplicate.FieldErrors.Any(f => f.Field == "name" && f.Code == "rejected" &&
                    f.Message == "The name has already been taken."), "name rejected");
                var strangers = await Refused(client.CreateAsync(Input("Strangers", 424242)));
                Expect(strangers.FieldErrors.Any(f => f.Field == "members.0"), "members.0 rejected");
            }
            using (var member = new Config("sandbox-member-token", BaseUrl))
            using (var client = Client(member, new List<int>()))
            {
                var forbidden = await Refused(client.CreateAsync(Input("Nope")));
                Expect(forbidden.Code == Code.Forbidden, "forbidden");
            }
        }

        private static async Task ServerErrors()
        {
            var statuses = new List<int>();
            using (var config = new Config("sandbox-admin-token", BaseUrl))
            using (var client = Client(config, statuses))
            {
                var group = await client.CreateAsync(Input("Idempotent"));
                Control("faults", "{\"faults\":[{\"kind\":\"status\",\"status\":503},{\"kind\":\"status\",\"status\":502}]}");
                Expect((await client.GetAsync(group.Id)).Id == group.Id, "get retried to success");
                Control("faults", "{\"faults\":[{\"kind\":\"status\",\"status\":503}]}");
                var refused = await Refused(client.CreateAsync(Input("Not retried")));
                Expect(refused.Code == Code.ServerError && refused.Status == 503, "POST not retried");
                Expect(statuses.SequenceEqual(new[] { 201, 503, 502, 200, 503 }), "statuses " + string.Join(",", statuses));
                // The jitter of seed 1 (tests/vectors/calls.json); the POST waits for nothing.
                Waited(513, 1098);
            }
        }

        private const string NoAnswerFault = "{\"faults\":[{\"kind\":\"no_answer\"}]}";

        private static async Task NoAnswer()
        {
            var statuses = new List<int>();
            using (var config = new Config("sandbox-admin-token", BaseUrl))
            {
                // The POST follows the GET on the same client (on its kept-alive connection, where
                // the handler keeps one): the handler must not resend it either.
                using (var client = Client(config, statuses))
                {
                    Control("faults", NoAnswerFault);
                    Expect((await client.ListAsync()).Pagination.Total == 0, "GET retried to success");
                    Control("faults", NoAnswerFault);
                    var refused = false;
                    try
                    {
                        await client.CreateAsync(Input("Not retried"));
                    }
                    catch (HttpRequestException)
                    {
                        refused = true;
                    }
                    Expect(refused, "a POST without an answer throws HttpRequestException");
                }
            }
            Expect(statuses.SequenceEqual(new[] { 200 }), "only the answer is traced: " + string.Join(",", statuses));
            Waited(513);
            Expect(Stat("requests_served") == 3, "GET twice, POST once: " + Stat("requests_served"));
            Expect(Stat("faults_injected") == 2 && Stat(Org) == 0, "the POST created nothing");
        }

        private static async Task NoAnswerAndStatuses()
        {
            var statuses = new List<int>();
            using (var config = new Config("sandbox-admin-token", BaseUrl))
            using (var client = Client(config, statuses))
            {
                Control("faults", "{\"faults\":[{\"kind\":\"no_answer\"},{\"kind\":\"no_answer\"},{\"kind\":\"no_answer\"}," +
                    "{\"kind\":\"status\",\"status\":503},{\"kind\":\"status\",\"status\":502}]}");
                var refused = await Refused(client.ListAsync());
                Expect(refused.Status == 502, "the fifth failure is surfaced: " + refused.Status);
            }
            Expect(statuses.SequenceEqual(new[] { 503, 502 }), "statuses " + string.Join(",", statuses));
            Waited(513, 1098, 2377, 3911);
            Expect(Stat("requests_served") == 5, "one try and four retries: " + Stat("requests_served"));
        }

        private static async Task SlowAnswer()
        {
            var statuses = new List<int>();
            using (var config = new Config("sandbox-admin-token", BaseUrl))
            using (var client = Client(config, statuses))
            {
                client.Options.TimeoutMs = 200;
                Control("faults", "{\"faults\":[{\"kind\":\"delay_ms\",\"ms\":3000}]}");
                Exception failure = null;
                try
                {
                    await client.ListAsync();
                }
                catch (Exception e)
                {
                    failure = e;
                }
                Expect(failure is TimeoutException && failure.Message.EndsWith("within 200 ms"), "timed out: " + failure);
            }
            Expect(statuses.Count == 0, "nothing answered: " + string.Join(",", statuses));
            Waited();
        }

        private static async Task LargeAnswer()
        {
            var statuses = new List<int>();
            using (var config = new Config("sandbox-admin-token", BaseUrl))
            using (var client = Client(config, statuses))
            {
                client.Options.MaxAnswerBytes = 1000;
                Control("faults", "{\"faults\":[{\"kind\":\"answer\",\"status\":200,\"body\":\"" + new string('x', 5000) + "\"}]}");
                var refused = await Refused(client.GetAsync("g1"));
                Expect(refused.Code == Code.MalformedResponse && refused.Status == null &&
                    refused.Message.Contains("larger than 1000 bytes"), "too large: " + refused.Message);
            }
            Expect(statuses.Count == 0, "the answer was not handed over: " + string.Join(",", statuses));
            Waited();
        }

        private static async Task ListAll()
        {
            using (var config = new Config("sandbox-admin-token", BaseUrl))
            using (var client = Client(config, new List<int>()))
            {
                for (int i = 0; i < 25; i++) await client.CreateAsync(Input("Paged " + i.ToString("00")));
                var all = await client.ListAllAsync(new ListQuery { PerPage = 10 });
                Expect(all.Count == 25 && all.Select(g => g.Id).Distinct().Count() == 25, "25 distinct groups");
                client.Options = new CallOptions { MaxPages = 2 };
                var capped = await Refused(client.ListAllAsync(new ListQuery { PerPage = 10 }));
                Expect(capped.Code == Code.TooManyPages && capped.CodeName == "too_many_pages" && capped.Status == null,
                    "3 pages past MaxPages 2: " + capped.Code);
                Waited();
            }
        }
    }
}
