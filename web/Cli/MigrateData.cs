using System.Data.Common;
using System.Diagnostics;
using Dapper;
using IopFinder.Web.Data;
using IopFinder.Web.Options;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IopFinder.Web.Cli;

/// <summary>
/// <c>migrate-data --from sqlite:PATH --to postgres[:CONNECTION-STRING]</c> (bare <c>postgres</c>: the configured connection string): copies a whole site (listings,
/// their search text, accounts, staff, tokens, requests, proposed changes, reports, the audit log, mail not yet sent, and
/// the Data Protection keys so sign-ins stay valid) into a PostgreSQL database. Rows are matched by id
/// and written only where they differ, in one transaction, so a second run changes nothing and a run
/// that fails leaves the target as it was. Each table goes across with COPY and one upsert.
/// </summary>
public static class MigrateData
{
    /// <summary>Tables in the order their references need, each with its key and whether rows may change.</summary>
    private static readonly (string Table, string Key, bool AppendOnly)[] Tables =
    [
        ("clinics", "id", false),
        ("users", "id", false),
        ("clinic_staff", "user_id, clinic_id", false),
        ("user_tokens", "id", false),
        ("access_requests", "id", false),
        ("proposed_changes", "id", false),
        ("clinic_reports", "id", false),
        ("audit_log", "id", true),
        ("outbox", "id", false),
        ("openings_updates", "id", false),
        ("reminder_state", "clinic_id", false),
        ("reminder_links", "id", false),
        ("job_runs", "name", false),
    ];

    private static readonly string[] IdentityTables = ["users", "user_tokens", "access_requests", "proposed_changes", "clinic_reports", "audit_log", "outbox", "openings_updates", "reminder_links"];

    public static int Run(IServiceProvider services, string[] args)
    {
        var from = CommandLine.Value(args, "--from");
        var to = CommandLine.Value(args, "--to");
        if (from is null || to is null)
        {
            Console.Error.WriteLine("usage: migrate-data --from sqlite:PATH --to postgres[:CONNECTION-STRING]");
            return 2;
        }

        if (from.StartsWith("sqlite:", StringComparison.Ordinal) && !File.Exists(from["sqlite:".Length..]))
        {
            Console.Error.WriteLine($"No SQLite database at {Path.GetFullPath(from["sqlite:".Length..])}. Nothing was changed.");
            return 2;
        }

        if (to == "postgres")
        {
            // The configured connection string (Database__ConnectionString from the service's environment file), so
            // its password need not appear on a command line, in ps or in shell history.
            var configured = services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString;
            if (string.IsNullOrWhiteSpace(configured))
            {
                Console.Error.WriteLine("--to postgres uses the Database:ConnectionString setting, which is not set. Nothing was changed.");
                return 2;
            }

            to = "postgres:" + configured;
        }

        using var source = Db.Parse(from);
        using var target = Db.Parse(to);
        if (!target.IsPostgres)
        {
            Console.Error.WriteLine("migrate-data copies into PostgreSQL: write --to postgres:CONNECTION-STRING. Nothing was changed.");
            return 2;
        }

        var logger = services.GetRequiredService<ILogger<Migrator>>();
        var watch = Stopwatch.StartNew();
        // Both at this build's schema, so their columns are the same.
        new Migrator(source, logger).Migrate();
        new Migrator(target, logger).Migrate();

        using var reader = source.Open();
        using var writer = target.Open();
        using var transaction = writer.BeginWrite();
        var report = new List<string>();
        foreach (var (table, key, appendOnly) in Tables)
        {
            var (added, changed, total) = Copy(reader, writer, transaction, table, "*", key, appendOnly);
            report.Add($"{table} {total:N0} ({added:N0} new, {changed:N0} changed)");
        }

        var (searchAdded, searchChanged, searchTotal) = Copy(reader, writer, transaction, "search_index", "rowid, title, summary, body, kind, url", "rowid", false);
        report.Add($"search text {searchTotal:N0} ({searchAdded:N0} new, {searchChanged:N0} changed)");

        // Ids handed out later on the target continue after every id either database has used.
        var last = reader.ExecuteScalar<long>("SELECT last FROM id_sequences WHERE name = 'clinics'");
        writer.Execute("UPDATE id_sequences SET last = @last WHERE name = 'clinics' AND last < @last", new { last }, transaction);
        foreach (var table in IdentityTables)
        {
            // Table names come from the list above, never from input.
            writer.Execute($"SELECT setval(pg_get_serial_sequence('{table}', 'id'), greatest((SELECT max(id) FROM {table}), 1))", transaction: transaction);
        }

        var keys = CopyKeys(source, writer, transaction);
        transaction.Commit();
        Console.WriteLine($"Copied {source.Description} into {target.Description} in {watch.Elapsed.TotalSeconds:F1} s: {string.Join("; ", report)}; " +
            $"{keys} new Data Protection keys. Running sites on it show the listings within a second or two.");
        return 0;
    }

    /// <summary>
    /// Copies every row of one table: streamed into a temporary table with COPY, then written by one
    /// INSERT … ON CONFLICT, so PostgreSQL plans one statement, not one per row. Returns how many rows
    /// were new, how many differed and were rewritten, and how many the source has.
    /// </summary>
    private static (long Added, long Changed, long Total) Copy(DbConnection reader, DbConnection writer, DbTransaction transaction, string table, string columns, string key, bool appendOnly)
    {
        // Table and column names come from this file's list and the source's own schema, never from input.
        var names = columns == "*" ? reader.Query<string>(ColumnsOf(reader, table)).ToList() : columns.Split(", ").ToList();
        var list = string.Join(", ", names);
        var incoming = "incoming_" + table;
        writer.Execute($"CREATE TEMP TABLE {incoming} (LIKE {table}) ON COMMIT DROP", transaction: transaction);
        long total = 0;
        using (var copy = ((NpgsqlConnection)writer).BeginTextImport($"COPY {incoming} ({list}) FROM STDIN"))
        {
            foreach (IDictionary<string, object?> row in reader.Query($"SELECT {list} FROM {table} ORDER BY {key}", buffered: false))
            {
                total++;
                copy.Write(string.Join('\t', names.Select(name => CopyText(row[name]))));
                copy.Write('\n');
            }
        }

        var keys = key.Split(", ");
        var others = names.Where(c => !keys.Contains(c)).ToList();
        var conflict = appendOnly || others.Count == 0
            ? "DO NOTHING"
            : $"DO UPDATE SET ({string.Join(", ", others)}) = ROW({string.Join(", ", others.Select(c => "excluded." + c))}) " +
              $"WHERE ({string.Join(", ", others.Select(c => table + "." + c))}) IS DISTINCT FROM ({string.Join(", ", others.Select(c => "excluded." + c))})";
        // xmax is 0 on a row this statement inserted, and set on one it updated.
        var (added, changed) = writer.QuerySingle<(long, long)>(
            $"""
            WITH written AS (
                INSERT INTO {table} ({list}) SELECT {list} FROM {incoming} ORDER BY {key}
                ON CONFLICT ({key}) {conflict}
                RETURNING (xmax = 0) AS added)
            SELECT count(*) FILTER (WHERE added), count(*) FILTER (WHERE NOT added) FROM written
            """, transaction: transaction);
        return (added, changed, total);
    }

    /// <summary>A query for a table's column names, in either database's catalogue.</summary>
    private static string ColumnsOf(DbConnection connection, string table) => connection.IsPostgres()
        ? $"SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}' AND is_generated = 'NEVER' ORDER BY ordinal_position"
        : $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";

    /// <summary>One value in COPY's text format: \N for null; backslash, tab and line breaks escaped.</summary>
    private static string CopyText(object? value) => value switch
    {
        null or DBNull => "\\N",
        string text => text.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r"),
        double number => number.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        bool flag => flag ? "1" : "0",
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The SQLite site's key files (kept beside its database) into the shared key table.</summary>
    private static int CopyKeys(Db source, DbConnection writer, DbTransaction transaction)
    {
        var folder = source.FilePath is { } path ? Path.Combine(Path.GetDirectoryName(path)!, "keys") : null;
        if (folder is null || !Directory.Exists(folder))
        {
            return 0;
        }

        return Directory.GetFiles(folder, "*.xml").Sum(file => writer.Execute(
            "INSERT INTO data_protection_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING",
            new { name = Path.GetFileNameWithoutExtension(file), xml = File.ReadAllText(file) }, transaction));
    }
}
