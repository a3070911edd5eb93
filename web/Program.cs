using IopFinder.Web;
using IopFinder.Web.Cli;
using IopFinder.Web.Data;
using IopFinder.Web.Mail;
using IopFinder.Web.Portal;

var builder = WebApplication.CreateBuilder(CommandLine.HostArguments(args));
builder.AddIopFinder();

var app = builder.Build();
try
{
    if (CommandLine.IsVerb(args))
    {
        return await CommandLine.RunAsync(app, args);
    }

    app.UseIopFinder();
    await app.RunAsync();
    return 0;
}
catch (MailSettingsException exception)
{
    // One sentence through the logger, so it is a JSON line like every other one in Production.
    app.Logger.LogCritical("IopFinder cannot send mail, so it will not start: {Problem}", exception.Message);
    await app.DisposeAsync();
    return 1;
}
catch (Exception exception) when (exception is System.Data.Common.DbException or DatabaseSettingsException)
{
    // A database that cannot be reached or is not set up right is an operator's fix: one plain sentence, no stack trace.
    await Console.Error.WriteLineAsync($"IopFinder cannot use its database: {exception.Message}");
    await Console.Error.WriteLineAsync("Check the Database settings (Database:Provider, Database:Path or Database:ConnectionString) and that the database server is running.");
    return 1;
}
