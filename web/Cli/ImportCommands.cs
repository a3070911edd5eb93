using Microsoft.Extensions.Options;
using System.Diagnostics;
using IopFinder.Web.Clinics;
using IopFinder.Web.Imports;

namespace IopFinder.Web.Cli;

/// <summary>The import and export verbs: each reads or writes one file and prints what it did.</summary>
public static class ImportCommands
{
    public static int Import(IServiceProvider services, string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: import samhsa-json|findtreatment-csv|csv|hsds FILE [--strict] [--sa-only]");
            Console.Error.WriteLine("  hsds: an HSDS 3.0 data package (its folder or datapackage.json), .ndjson of services, or JSON;");
            Console.Error.WriteLine("        --publisher NAME keeps another publisher's ids apart from everyone else's (default hsds)");
            Console.Error.WriteLine("  --strict: import nothing if any row or field is bad (otherwise bad optional fields are repaired or dropped)");
            return 2;
        }

        var (format, path) = (args[1], args[2]);
        if (!File.Exists(path) && !(format == "hsds" && Directory.Exists(path)))
        {
            Console.Error.WriteLine($"No file at {path}.");
            return 2;
        }

        var strict = args.Contains("--strict");
        var watch = Stopwatch.StartNew();
        try
        {
            IEnumerable<ImportRow> rows;
            var mode = format == "csv" ? ImportMode.OwnCsv : ImportMode.PublicData;
            using var stream = File.Exists(path) ? File.OpenRead(path) : Stream.Null;
            using var reader = new StreamReader(stream);
            switch (format)
            {
                case "samhsa-json":
                    rows = FindTreatmentFormats.ReadLocatorJson(stream);
                    break;
                case "findtreatment-csv":
                    rows = FindTreatmentFormats.ReadExportCsv(reader, args.Contains("--sa-only"));
                    break;
                case "csv":
                    rows = ClinicCsv.Read(reader);
                    break;
                case "hsds":
                    var publisher = CommandLine.Value(args, "--publisher") ?? Hsds.HsdsReader.DefaultPublisher;
                    if (!System.Text.RegularExpressions.Regex.IsMatch(publisher, "^[a-z0-9-]{1,40}$"))
                    {
                        throw new ImportFormatException("--publisher must be 1 to 40 lower-case letters, digits or hyphens, for example la-211");
                    }

                    (rows, mode) = Hsds.HsdsReader.Read(path, services.GetRequiredService<Places.PlaceDirectory>(), publisher);
                    Console.WriteLine(mode == ImportMode.OwnCsv ? "IopFinder's own HSDS: listings match by slug." : "HSDS from another publisher: listings match by its ids.");
                    break;
                default:
                    throw new ImportFormatException($"unknown format '{format}'; use samhsa-json, findtreatment-csv, csv or hsds");
            }

            var summary = services.GetRequiredService<ClinicImporter>().Import(rows, strict, mode,
                progress: count => Console.WriteLine($"  … {count:N0} rows read"));
            Print(summary, strict, watch.Elapsed);
            // The report goes to a file the verb names, by default in the temporary folder: the import file's own
            // folder may not be writable, and a report beside a fixture would be read as data.
            WriteReport(summary, CommandLine.Value(args, "--report") ?? Path.Combine(Path.GetTempPath(), $"iopfinder-import-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.txt"));
            return summary.Applied ? 0 : 1;
        }
        catch (ImportFormatException exception)
        {
            Console.Error.WriteLine($"{path}: {exception.Message}. Nothing was imported.");
            return 1;
        }
    }

    public static int Export(IServiceProvider services, string[] args)
    {
        if (args.Length < 3 || args[1] is not ("csv" or "hsds"))
        {
            Console.Error.WriteLine("usage: export csv FILE | export hsds FOLDER [--demo]");
            return 2;
        }

        if (args[1] == "hsds")
        {
            var watch = Stopwatch.StartNew();
            using var connection = services.GetRequiredService<Data.Db>().Open();
            // Demo listings only when asked for: a package is made to be loaded into someone else's referral system.
            var demo = args.Contains("--demo") || services.GetRequiredService<IOptions<Options.DirectoryOptions>>().Value.HsdsDemoListings;
            var count = Hsds.HsdsPackage.Export(args[2], ClinicQueries.Active(connection).Where(c => demo || !c.IsDemo), services.GetRequiredService<Hsds.HsdsWriter>());
            Console.WriteLine($"Exported {count:N0} active listings{(demo ? "" : " (demo listings left out; --demo includes them)")} as an HSDS 3.0 data package to {args[2]} in {watch.Elapsed.TotalSeconds:N1} s.");
            return 0;
        }

        var queries = services.GetRequiredService<ClinicQueries>();
        using var writer = new StreamWriter(args[2], append: false, new System.Text.UTF8Encoding(false));
        var clinics = queries.All().ToList();
        ClinicCsv.Write(writer, clinics);
        Console.WriteLine($"Exported {clinics.Count:N0} listings to {args[2]}.");
        return 0;
    }

    /// <summary>
    /// Writes everything the import did that an operator should be able to check, grouped by kind: every merge
    /// with its reason, rows alike but kept apart and values a merge dropped, field repairs, rejected rows.
    /// The console shows only the first of each.
    /// </summary>
    private static void WriteReport(ImportSummary summary, string file)
    {
        var fixes = summary.Fixes.Select(f => $"line {f.Line}: {f.Fix.Describe()}").ToHashSet(StringComparer.Ordinal);
        var sections = new (string Title, IEnumerable<string> Lines)[]
        {
            ("Merged rows: one listing each", summary.Merges),
            ("Merges and near misses to check", summary.Warnings.Where(w => !fixes.Contains(w))),
            ("Fields repaired or dropped", fixes),
            ("Rows rejected", summary.Rejected.Select(r => $"line {r.Line}: {r.Reason}")),
        };
        try
        {
            using var writer = new StreamWriter(file, append: false, new System.Text.UTF8Encoding(false));
            writer.WriteLine($"Import: {summary}");
            foreach (var (title, lines) in sections)
            {
                var list = lines.ToList();
                writer.WriteLine();
                writer.WriteLine($"## {title} ({list.Count})");
                list.ForEach(writer.WriteLine);
            }

            Console.WriteLine($"Every merge, warning and repair: {Path.GetFullPath(file)}");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not write the import report to {file} ({exception.Message}); name another file with --report FILE.");
        }
    }

    private static void Print(ImportSummary summary, bool strict, TimeSpan elapsed)
    {
        foreach (var merge in summary.Merges.Take(20))
        {
            Console.WriteLine($"  {merge}");
        }

        if (summary.Merges.Count > 20)
        {
            Console.WriteLine($"  … and {summary.Merges.Count - 20} more merges");
        }

        foreach (var (line, reason) in summary.Rejected.Take(50))
        {
            Console.WriteLine($"  rejected line {line}: {reason}");
        }

        if (summary.Rejected.Count > 50)
        {
            Console.WriteLine($"  … and {summary.Rejected.Count - 50} more rejected rows");
        }

        foreach (var warning in summary.Warnings.Take(100))
        {
            Console.WriteLine($"  {warning}");
        }

        if (summary.Warnings.Count > 100)
        {
            Console.WriteLine($"  … and {summary.Warnings.Count - 100} more warnings");
        }

        if (summary.Unmapped.Count > 0)
        {
            Console.WriteLine($"Labels not mapped to codes: {summary.Unmapped.Count} distinct, {summary.Unmapped.Values.Sum()} uses. Most common:");
            foreach (var (label, count) in summary.Unmapped.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(20))
            {
                Console.WriteLine($"  {count,5} × {label}");
            }
        }

        if (strict && !summary.Applied)
        {
            Console.WriteLine($"--strict: {summary.Rejected.Count} bad rows (a bad optional field counts), so nothing was imported.");
        }

        Console.WriteLine($"Summary: {summary} in {elapsed.TotalSeconds:F1} s.");
    }
}
