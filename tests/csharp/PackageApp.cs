// The program the NuGet test builds against the installed package only, as the package's
// README tells a Mono user: builds a create request, reads an answer, and refuses bad input.
using System;
using System.Collections.Generic;
using System.Text;
using Tallyfy;

public static class App
{
    public static int Main()
    {
        using (var config = new Config("my-token"))
        {
            var request = Groups.BuildCreateGroup(config, "org123",
                new GroupInput { Name = "Onboarding", Description = "New client onboarding" });
            Console.WriteLine(request.Method + " " + request.Url);
            var group = Groups.ParseGroup(new Response(201, null, Encoding.UTF8.GetBytes(
                "{\"data\":{\"id\":\"g1\",\"name\":\"Onboarding\",\"members\":[1001]}}")));
            Console.WriteLine("created " + group.Id + " (" + group.Name + "), Tallyfy.Groups.dll " +
                typeof(Groups).Assembly.GetName().Version + ", libtallyfy " + Groups.Version);
            try
            {
                // Refused when set: a blank name.
                new GroupInput { Name = " " };
                return 1;
            }
            catch (TallyfyException e)
            {
                foreach (var f in e.FieldErrors) Console.WriteLine("refused " + f);
                if (e.Code != TallyfyCode.InvalidInput || e.FieldErrors.Count != 1 || e.FieldErrors[0].Field != "name")
                    return 1;
            }
            try
            {
                // Refused when built: a create without name and description.
                Groups.BuildCreateGroup(config, "org123", new GroupInput { Members = new List<ulong> { 1001 } });
                return 1;
            }
            catch (TallyfyException e)
            {
                foreach (var f in e.FieldErrors) Console.WriteLine("refused " + f);
                return e.Code == TallyfyCode.InvalidInput && e.FieldErrors.Count == 2 ? 0 : 1;
            }
        }
    }
}
