// The group lifecycle demo, C# host (the binding's GroupsClient, a loop over the core's call
// driver, over HttpClient): create, get, list, update, delete, a get that ends in not_found,
// and an invalid create that ends in field errors; each exchange printed by its trace, each
// retry with its wait.
//
// Reads TALLYFY_BASE_URL, TALLYFY_ACCESS_TOKEN, TALLYFY_ORG_ID and optionally
// TALLYFY_MEMBER_IDS (comma-separated user ids); `cargo xtask demo csharp` sets them.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Tallyfy;

public static class Demo
{
    public static int Main()
    {
        try
        {
            Run().GetAwaiter().GetResult();
            Console.WriteLine("\nC# host: all 7 steps behaved as documented.");
            return 0;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine("\nC# host demo failed: " + e.Message);
            return 1;
        }
    }

    private static string Env(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Prints an exchange by its trace: the core took the token out of it.</summary>
    private static void PrintRequest(Request trace, int status)
    {
        Console.WriteLine("   -> " + trace.Method + " " + trace.Url);
        foreach (var header in trace.Headers) Console.WriteLine("      " + header.Key + ": " + header.Value);
        if (trace.Body != null) Console.WriteLine("      " + trace.Body);
        Console.WriteLine("   <- " + status);
    }

    /// <summary>Prints a retry's wait and why (the core decides both).</summary>
    private static void PrintRetry(Retry retry)
    {
        var why = retry.Error != null ? retry.Error.CodeName : retry.NoAnswerKind.ToString();
        Console.WriteLine("   .. retry " + retry.Attempt + " in " + retry.DelayMs + " ms (" + why + ")");
    }

    private static async Task Run()
    {
        var token = Env("TALLYFY_ACCESS_TOKEN");
        var orgId = Env("TALLYFY_ORG_ID");
        if (token == null || orgId == null) throw new Exception("TALLYFY_ACCESS_TOKEN and TALLYFY_ORG_ID must be set");
        var baseUrl = Env("TALLYFY_BASE_URL");
        var members = (Env("TALLYFY_MEMBER_IDS") ?? "").Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(s => ulong.Parse(s.Trim())).ToList();
        var first = members.Take(2).ToList();
        var rest = members.Skip(2).ToList();
        Console.WriteLine("Tallyfy Groups demo (C# host, libtallyfy " + Groups.Version + ") against " +
            (baseUrl ?? "https://go.tallyfy.com/api") + ", organization " + orgId);

        using (var config = new Config(token, baseUrl))
        using (var client = new GroupsClient(config, orgId) { Trace = PrintRequest, OnRetry = PrintRetry })
        {
            var name = "Demo group " + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

            Console.WriteLine("\n1. create");
            Group group;
            using (var input = new GroupInput { Name = name, Description = "Created by the tallyfy-bindings demo" })
            {
                input.ClearMembers();
                foreach (var id in first) input.AddMember(id);
                input.AddGuest("guest@example.com");
                group = await client.CreateAsync(input);
            }
            Console.WriteLine("   group: " + group.ToJson());

            Console.WriteLine("\n2. get");
            var fetched = await client.GetAsync(group.Id);
            Console.WriteLine("   group: " + fetched.ToJson());
            if (fetched.Id != group.Id || fetched.Name != name) throw new Exception("get returned another group");

            Console.WriteLine("\n3. list");
            GroupPage page;
            using (var query = new ListQuery { Q = name, PerPage = 10 }) page = await client.ListAsync(query);
            var p = page.Pagination;
            Console.WriteLine("   pagination: total " + p.Total + ", count " + p.Count + ", per page " + p.PerPage +
                ", page " + p.CurrentPage + " of " + p.TotalPages);
            Console.WriteLine("   groups: " + string.Join(", ", page.Groups.Select(g => g.Name)));
            if (!page.Groups.Any(g => g.Id == group.Id)) throw new Exception("list does not show the new group");

            Console.WriteLine("\n4. update (members replaced, guests cleared)");
            Group updated;
            using (var changes = new GroupInput())
            {
                changes.ClearMembers();
                foreach (var id in rest) changes.AddMember(id);
                changes.ClearGuests();
                updated = await client.UpdateAsync(group.Id, changes);
            }
            Console.WriteLine("   group: " + updated.ToJson());
            if (!updated.Members.SequenceEqual(rest) || updated.Guests.Count != 0)
                throw new Exception("update did not replace members and clear guests");

            Console.WriteLine("\n5. delete");
            await client.DeleteAsync(group.Id);
            Console.WriteLine("   deleted " + group.Id);

            Console.WriteLine("\n6. get after delete");
            try
            {
                await client.GetAsync(group.Id);
                throw new Exception("get after delete: expected not_found, got a group");
            }
            catch (Error e) when (e.Code == Code.NotFound)
            {
                Console.WriteLine("   error: " + e.CodeName + " (status " + e.Status + "): " + e.Message);
            }

            Console.WriteLine("\n7. invalid create (refused before any request is sent)");
            try
            {
                // As JSON, so that every problem is listed at once; a GroupInput setter would
                // refuse the first bad value when it is set (Name = " " throws).
                using (var input = GroupInput.FromJson(
                    "{\"name\":\" \",\"description\":\"x\",\"members\":[0],\"guests\":[\"not-an-email\"]}"))
                    await client.CreateAsync(input);
                throw new Exception("invalid create: expected invalid_input, got a group");
            }
            catch (Error e) when (e.Code == Code.InvalidInput)
            {
                Console.WriteLine("   error: " + e.CodeName);
                foreach (var f in e.FieldErrors) Console.WriteLine("   field " + f);
            }
        }
    }
}
