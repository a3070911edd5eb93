using IopFinder.Web;
using IopFinder.Web.Cli;

var builder = WebApplication.CreateBuilder(CommandLine.HostArguments(args));
builder.AddIopFinder();

var app = builder.Build();
if (CommandLine.IsVerb(args))
{
    return await CommandLine.RunAsync(app, args);
}

app.UseIopFinder();
await app.RunAsync();
return 0;
