using System.Diagnostics;
using Npgsql;

namespace IopFinder.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests use: the one <c>tests/run-all.sh</c> started (its connection string in
/// <c>IOPFINDER_TEST_POSTGRES</c>), or else a throwaway cluster this test run starts with
/// <c>tests/postgres.sh</c> and stops when it ends. Each test site gets a database of its own.
/// </summary>
public static class Postgres
{
    /// <summary>Set to <c>postgres</c> to run the in-process suite's sites on PostgreSQL instead of SQLite.</summary>
    public const string ProviderVariable = "IOPFINDER_TEST_PROVIDER";

    public const string ServerVariable = "IOPFINDER_TEST_POSTGRES";

    /// <summary>
    /// The trait of tests that choose their own databases (both kinds, or none: the self-check's rules,
    /// the articles, pure data structures) whatever this run's sites use: tests/run-all.sh leaves them out
    /// of the PostgreSQL pass (<c>--filter "Databases!=own"</c>), since running them twice would test nothing new.
    /// </summary>
    public const string DatabasesTrait = "Databases";

    public const string ChoosesItsOwn = "own";

    /// <summary>Whether this run's test sites use PostgreSQL.</summary>
    public static bool SitesUsePostgres { get; } = string.Equals(Environment.GetEnvironmentVariable(ProviderVariable), "postgres", StringComparison.OrdinalIgnoreCase);

    private static readonly Lazy<string> Server = new(StartOrFind);

    /// <summary>A connection string for the server's maintenance database, as a superuser.</summary>
    public static string ServerConnectionString => Server.Value;

    /// <summary>A new, empty database (or a copy of <paramref name="template"/>); returns its connection string.</summary>
    public static string CreateDatabase(string? template = null)
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        // FILE_COPY copies the template's files after a checkpoint instead of writing every block through the
        // write-ahead log: a third of the server's work per test database, and this cluster never fsyncs.
        OnServer($"CREATE DATABASE {name} TEMPLATE {template ?? "template1"} STRATEGY FILE_COPY");
        return ConnectionStringFor(name);
    }

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database }.ConnectionString;

    public static string DatabaseName(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database!;

    /// <summary>Drops a test database, ending any session still on it.</summary>
    public static void DropDatabase(string connectionString) => OnServer($"DROP DATABASE IF EXISTS {DatabaseName(connectionString)} WITH (FORCE)");

    /// <summary>
    /// Renames a database so it can serve as a template (nobody may be connected to a template being copied),
    /// after closing this process's idle pooled sessions, some of which may be on it.
    /// </summary>
    public static void Rename(string connectionString, string newName)
    {
        NpgsqlConnection.ClearAllPools();
        OnServer($"DROP DATABASE IF EXISTS {newName} WITH (FORCE)", $"ALTER DATABASE {DatabaseName(connectionString)} RENAME TO {newName}");
    }

    /// <summary>
    /// Runs statements on the maintenance database, through a pooled session: test sites connect through
    /// data sources of their own, so closing the pools here would only cost a new server process per call.
    /// </summary>
    private static void OnServer(params string[] statements)
    {
        using var connection = new NpgsqlConnection(ServerConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        foreach (var statement in statements)
        {
            // Names here are made by the tests from a GUID or a number, never from input.
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
    }

    private static string StartOrFind()
    {
        if (Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } given)
        {
            return given;
        }

        // Passing this process's id has the script stop the cluster when the process ends, however it ends.
        var (folder, connectionString) = Script("start", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Script("stop", folder);
        return connectionString;
    }

    private static (string Folder, string ConnectionString) Script(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "tests", "postgres.sh"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("tests/postgres.sh " + string.Join(" ", args) + " failed: " + error.Result);
        }

        return lines.Length >= 2 ? (lines[0], lines[1]) : ("", "");
    }
}

