// What the C# binding costs on a 10,000-group page: parsing the page (Groups.ParseGroupList),
// the same page as a call's result (Call.ListGroups, answered with it), the managed memory a
// parsed page holds, and per group Groups.FullUpdate and Group.ToJson. Not a test: it prints
// `bench <name> <value>` lines (the median of 9 samples) for `cargo xtask bench csharp`.
//
// usage: mono bench.exe
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace Tallyfy.Bench
{
    public static class Bench
    {
        private const int PageSize = 10000;
        private const int Samples = 9;

        public static int Main()
        {
            var answer = new Response(200, null, Encoding.UTF8.GetBytes(PageBody()));
            GroupPage page = null;
            Print("csharp_parse_group_list_10000_ms", Median(1, () => page = Groups.ParseGroupList(answer)));
            using (var config = new Config("tok_123"))
                Print("csharp_call_list_groups_10000_ms", Median(1, () => page = ListedPage(config, answer)));
            page = null;
            long before = Retained();
            page = Groups.ParseGroupList(answer);
            long held = Retained() - before;
            Print("csharp_parsed_page_managed_bytes_per_group", (double)held / page.Groups.Count);
            var group = page.Groups[PageSize / 2];
            using (var changes = new GroupInput { Name = "Dev" })
            {
                Print("csharp_full_update_us", 1000 * Median(10000, () => Groups.FullUpdate(group, changes).Dispose()));
            }
            Print("csharp_group_to_json_us", 1000 * Median(10000, () => group.ToJson()));
            GC.KeepAlive(page);
            return page.Groups.Count == PageSize ? 0 : 1;
        }

        /// <summary>A list answer of PageSize groups, each as the API sends one.</summary>
        private static string PageBody()
        {
            var body = new StringBuilder("{\"data\":[");
            for (int i = 0; i < PageSize; i++)
            {
                if (i > 0) body.Append(',');
                body.Append("{\"id\":\"").Append(i.ToString("x32")).Append("\",\"name\":\"Group ").Append(i)
                    .Append("\",\"description\":\"Team responsible for new client onboarding.\",\"logo\":null,")
                    .Append("\"members\":[1001,1005,1008],\"guests\":[\"client.liaison@partner.com\"],")
                    .Append("\"created_at\":\"2025-06-10T14:30:00.000Z\",\"last_updated\":\"2025-06-10T14:30:00.000Z\"}");
            }
            body.Append("],\"meta\":{\"pagination\":{\"total\":").Append(PageSize).Append(",\"count\":").Append(PageSize)
                .Append(",\"per_page\":").Append(PageSize).Append(",\"current_page\":1,\"total_pages\":1}}}");
            return body.ToString();
        }

        private static GroupPage ListedPage(Config config, Response answer)
        {
            using (var call = Call.ListGroups(config, "org123"))
            {
                if (call.Next() != Step.Send) throw new InvalidOperationException("no request");
                call.Answer(answer);
                if (call.Next() != Step.Done) throw new InvalidOperationException("no page");
                return call.Page;
            }
        }

        /// <summary>The managed bytes in use once the GC has run.</summary>
        private static long Retained()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return GC.GetTotalMemory(true);
        }

        /// <summary>The median over Samples runs of milliseconds per call of f, called reps times
        /// a run, after one warm-up run.</summary>
        private static double Median(int reps, Action f)
        {
            var samples = new List<double>();
            for (int s = 0; s <= Samples; s++)
            {
                var watch = Stopwatch.StartNew();
                for (int i = 0; i < reps; i++) f();
                watch.Stop();
                if (s > 0) samples.Add(watch.Elapsed.TotalMilliseconds / reps);
            }
            samples.Sort();
            return samples[Samples / 2];
        }

        private static void Print(string name, double value)
        {
            Console.WriteLine("bench " + name + " " + value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
