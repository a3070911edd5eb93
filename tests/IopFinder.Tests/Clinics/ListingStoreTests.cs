using System.Text.RegularExpressions;

namespace IopFinder.Tests.Clinics;

/// <summary>Every query and write of the listings table lives in the listings store (ClinicQueries).</summary>
[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed partial class ListingStoreTests
{
    [Fact]
    public void No_code_outside_the_listings_store_reads_or_writes_the_clinics_table()
    {
        var web = Path.Combine(RepoPaths.Root, "web");
        var store = Path.Combine(web, "Clinics", "ClinicQueries.cs");
        var outside = Directory.EnumerateFiles(web, "*.cs*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => f != store && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(RepoPaths.Root, f), Line: i + 1, Text: line)))
            .Where(l => ClinicsSql().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(outside.Count == 0, "Listing SQL outside ClinicQueries:\n" + string.Join("\n", outside));
    }

    // A join for a listing's name from another table is not a query of listings.
    [GeneratedRegex(@"\b(FROM|UPDATE|INTO)\s+clinics\b")]
    private static partial Regex ClinicsSql();
}
