// The program the NuGet test builds against the installed package only, as the package's
// README tells a Mono user: builds a create request, reads an answer, and refuses bad input.
using System;
using System.Text;
using Tallyfy;

public static class App
{
    public static int Main()
    {
        using (var config = new Config("my-token"))
        {
            using (var input = new GroupInput { Name = "Onboarding", Description = "New client onboarding" })
            {
                var request = Groups.BuildCreateGroup(config, "org123", input);
                Console.WriteLine(request.Method + " " + request.Url);
            }
            var group = Groups.ParseGroup(new Response(201, null, Encoding.UTF8.GetBytes(
                "{\"data\":{\"id\":\"g1\",\"name\":\"Onboarding\",\"members\":[1001]}}")));
            Console.WriteLine("created " + group.Id + " (" + group.Name + "), Tallyfy.Groups.dll " +
                typeof(Groups).Assembly.GetName().Version + ", libtallyfy " + Groups.Version);
            using (var input = new GroupInput())
            {
                try
                {
                    // Refused when set: a blank name.
                    input.Name = " ";
                    return 1;
                }
                catch (Error e)
                {
                    foreach (var f in e.FieldErrors) Console.WriteLine("refused " + f);
                    if (e.Code != Code.InvalidInput || e.FieldErrors.Count != 1 || e.FieldErrors[0].Field != "name") return 1;
                }
                try
                {
                    // Refused when built: a create without name and description.
                    input.AddMember(1001);
                    Groups.BuildCreateGroup(config, "org123", input);
                    return 1;
                }
                catch (Error e)
                {
                    foreach (var f in e.FieldErrors) Console.WriteLine("refused " + f);
                    return e.Code == Code.InvalidInput && e.FieldErrors.Count == 2 ? 0 : 1;
                }
            }
        }
    }
}
