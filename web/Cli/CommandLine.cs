using System.Diagnostics;
using System.Globalization;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using IopFinder.Web.Places;

namespace IopFinder.Web.Cli;

/// <summary>
/// Verbs that run against the configured database and exit without starting the web server:
/// <c>dotnet run --project web -- VERB [options]</c>. Settings such as <c>--Database:Path=…</c> still apply.
/// </summary>
public static class CommandLine
{
    private static readonly string[] Verbs = ["seed-demo", "bench-search", "bench-approve", "bench-startup", "bench-mail", "bench-map", "send-reminders", "import", "export", "create-admin", "create-moderator", "backup", "restore", "migrate-data", "help"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    /// <summary>
    /// The arguments the host's configuration should see. For a verb only <c>--Key=Value</c> settings
    /// pass: a file path such as /tmp/x.csv would otherwise be read as a "/key" switch and swallow
    /// the setting after it.
    /// </summary>
    public static string[] HostArguments(string[] args) =>
        IsVerb(args) ? args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=')).ToArray() : args;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var services = app.Services;
        if (args[0] is not ("backup" or "restore" or "migrate-data"))
        {
            // A backup copies the database as it is; a restore migrates what it restored; migrate-data
            // migrates the two databases it names, not the site's own.
            services.GetRequiredService<Migrator>().Migrate();
        }

        try
        {
            return args[0] switch
            {
                "seed-demo" => SeedDemo(services, Int(args, "--clinics", 2500), Int(args, "--seed", 42)),
                "import" => ImportCommands.Import(services, args),
                "send-reminders" => SendReminders(services),
                "create-admin" => CreateStaffAccount(services, args, "admin"),
                "create-moderator" => CreateStaffAccount(services, args, "moderator"),
                "export" => ImportCommands.Export(services, args),
                "backup" => BackupCommands.Backup(services, args),
                "restore" => BackupCommands.Restore(services, args),
                "migrate-data" => MigrateData.Run(services, args),
                "bench-search" => await Benchmarks.SearchAsync(services, Int(args, "--clinics", 100_000), Int(args, "--searches", 2000), Int(args, "--seed", 42)),
                "bench-approve" => Benchmarks.Approve(services, Int(args, "--clinics", 100_000), Int(args, "--approvals", 20)),
                "bench-startup" => Benchmarks.Startup(services, Int(args, "--runs", 20)),
                "bench-map" => Benchmarks.Map(services, Int(args, "--maps", 2000), Int(args, "--seed", 42)),
                "bench-mail" => await Benchmarks.MailAsync(services, Int(args, "--messages", 2000), Int(args, "--port", 0), Int(args, "--senders", 1)),
                _ => Help(),
            };
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 2;
        }
    }

    /// <summary>The reminder job once, for a site that runs it from cron (Reminders__Enabled=false) or to catch up by hand.</summary>
    private static int SendReminders(IServiceProvider services)
    {
        var run = services.GetRequiredService<Portal.Reminders>().Run();
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Reminders: {run.ListingsReminded} listings, {run.Messages} emails written to the outbox, in {run.Elapsed.TotalSeconds:F1} s. A running site sends them; they wait in the database until one does."));
        return 0;
    }

    private static int Help()
    {
        Console.WriteLine("""
            Verbs (dotnet run --project web -- VERB):
              seed-demo --clinics N --seed S     replace the demo listings with N fictional ones
              bench-search --clinics N           time searches over N demo listings in a temporary database
              bench-approve --clinics N          time approving a clinic's proposed change over N listings
              bench-startup --runs N             time loading the articles and parsing a self-check form
              bench-map --maps N                 time drawing the results page's map over the configured database
              bench-mail --port P --messages N [--senders K]   time the outbox sending N messages to an SMTP server on 127.0.0.1:P
              import samhsa-json FILE [--strict]                 FindTreatment.gov locator JSON (rows[] with services)
              import findtreatment-csv FILE [--sa-only] [--strict]  FindTreatment.gov 17-column export
              import csv FILE [--strict]                         IopFinder's own CSV format
              export csv FILE                                    every listing in IopFinder's CSV format
              send-reminders                                     email every due openings reminder now (for cron; at most one a listing a week)
              create-admin EMAIL                                 make an administrator and print a one-time set-password link
              create-moderator EMAIL                             make a moderator and print a one-time set-password link
              backup FILE [--force]                              copy the live database to FILE (safe while the site runs), checked
              restore FILE [--force]                             replace the database with a checked backup; --force while a site runs
              migrate-data --from sqlite:PATH --to postgres:CONNECTION-STRING
                                                                 copy a whole site into PostgreSQL; a second run changes nothing
            """);
        return 0;
    }

    /// <summary>Replaces all demo listings (never real ones) with <paramref name="count"/> new ones.</summary>
    public static int SeedDemo(IServiceProvider services, int count, int seed)
    {
        var watch = Stopwatch.StartNew();
        var clinics = DemoSeeder.Generate(count, seed, services.GetRequiredService<PlaceDirectory>());
        var removed = services.GetRequiredService<DemoListings>().Replace(clinics);
        Console.WriteLine($"Seeded {count:N0} demo listings (seed {seed}) in {watch.Elapsed.TotalSeconds:F1} s. Running sites show them within a second or two.");
        if (removed > 0)
        {
            Console.WriteLine($"{removed:N0} old demo listings that claims, reports or the audit log still name were kept, hidden and marked removed.");
        }
        return 0;
    }

    /// <summary>Creates (or promotes) an administrator or a moderator and prints a one-time link to choose a password.</summary>
    public static int CreateStaffAccount(IServiceProvider services, string[] args, string role)
    {
        if (args.Length < 2 || !IopFinder.Web.Portal.EmailAddresses.IsDeliverable(args[1]))
        {
            Console.Error.WriteLine($"usage: create-{(role == "admin" ? "admin" : "moderator")} EMAIL");
            return 2;
        }

        var accounts = services.GetRequiredService<IopFinder.Web.Portal.Accounts>();
        using var connection = services.GetRequiredService<Db>().Open();
        using var transaction = connection.BeginWrite();
        var user = accounts.Promote(connection, transaction, args[1], role);
        var token = accounts.IssueToken(connection, transaction, user.Id, "invite");
        // Who made the first administrator is the person at the server's command line: recorded, with no user id.
        services.GetRequiredService<IopFinder.Web.Portal.Audit>().Record(null, role == "admin" ? "admin-created" : "moderator-added", null,
            $"user {user.Id} ({user.Email}) from the command line", connection, transaction);
        transaction.Commit();
        var site = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IopFinder.Web.Options.SiteOptions>>().Value;
        Console.WriteLine($"{(role == "admin" ? "Administrator" : "Moderator")} {user.Email}. Choose a password within 24 hours at:");
        Console.WriteLine(site.Absolute("/portal/set-password?token=" + token));
        return 0;
    }

    /// <summary>The value after an option (<c>--report FILE</c>), or null when the option is not given.</summary>
    public static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    public static int Int(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        if (at < 0)
        {
            return fallback;
        }

        if (at + 1 >= args.Length || !int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw new ArgumentException($"{name} needs a whole number, for example {name} {fallback}.");
        }

        return value;
    }
}
