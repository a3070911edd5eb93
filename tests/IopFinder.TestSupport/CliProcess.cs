using System.Diagnostics;

namespace IopFinder.Tests.Support;

/// <summary>
/// Runs the site's command-line verbs as a separate process, the way an operator does while the site
/// serves: a different process with its own memory, sharing only the database file.
/// </summary>
public static class CliProcess
{
    /// <summary>Debug or Release: the configuration these tests were built in, and so the web project too.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    /// <summary>The web project's own build output folder, which this test build produced alongside itself.</summary>
    public static string WebOutput => Path.Combine(RepoPaths.Root, "web", "bin", Configuration, "net10.0");

    private static string WebDll() => Path.Combine(WebOutput, "IopFinder.Web.dll");

    public static Task<(int ExitCode, string Output)> RunAsync(string databasePath, params string[] args) =>
        RunAsync([$"--Database:Path={databasePath}"], args);

    /// <summary>Runs a verb against a test site's own database, SQLite or PostgreSQL.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(SiteFactory site, params string[] args) =>
        RunAsync(site.DatabaseArguments, args);

    /// <summary>Runs a verb with settings on its command line and, as a systemd environment file gives them, in its environment.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> databaseArguments, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WebDll());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--contentRoot=" + Path.Combine(RepoPaths.Root, "web"));
        foreach (var arg in databaseArguments)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
