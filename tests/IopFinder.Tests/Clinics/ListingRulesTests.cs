using IopFinder.Web.Clinics;
using IopFinder.Web.Places;
using IopFinder.Web.Portal;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Clinics;

/// <summary>One rule set for every way into the directory: what the portal refuses, no import stores.</summary>
[Collection(SiteCollection.Name)]
public sealed class ListingRulesTests(SiteFactory factory)
{
    public static TheoryData<string, string> OutOfBounds() => new()
    {
        { "iop_hours_per_week", "81" },
        { "iop_length_weeks", "105" },
        { "program_name", new string('p', ListingRules.MaxLineLength + 1) },
        { "wait_note", new string('w', ListingRules.MaxLineLength + 1) },
        { "description", new string('d', ListingRules.MaxDescriptionLength + 1) },
    };

    [Theory]
    [MemberData(nameof(OutOfBounds))]
    public void A_value_the_portal_refuses_is_never_stored_by_an_import(string field, string value)
    {
        var current = factory.Services.GetRequiredService<ClinicQueries>().ById(1)!;
        var posted = ListingForm.Values(current);
        posted[field] = value;

        var (_, _, problems, _) = factory.Services.GetRequiredService<ListingEdits>().Diff(current, posted);
        var imported = current.Copy();
        ListingValues.Set(imported, field, value);
        var fixes = new List<FieldFix>();
        var reason = ListingRules.Check(imported, fixes);
        var strict = current.Copy();
        ListingValues.Set(strict, field, value);

        Assert.NotEmpty(problems);
        Assert.Null(reason);
        Assert.True(fixes.Single().Dropped, fixes.Single().Describe());
        Assert.NotEqual(value, ListingValues.Get(imported, field));
        Assert.NotNull(ListingRules.Check(strict));
    }

    [Theory]
    [InlineData("22903", "22903")]
    [InlineData("22903-1234", "22903")]
    [InlineData("229031234", "22903")]
    [InlineData("2290", null)]
    [InlineData("22903-12", null)]
    [InlineData("abcde", null)]
    public void One_ZIP_rule_reads_a_zip_or_zip_plus_4_everywhere(string input, string? zip)
    {
        var places = factory.Services.GetRequiredService<PlaceDirectory>();
        var listing = factory.Services.GetRequiredService<ClinicQueries>().ById(2)!.Copy();
        listing.Zip = input;

        Assert.Equal(zip, ListingRules.ZipOf(input));
        if (input.All(c => char.IsAsciiDigit(c) || c == '-'))
        {
            // Typed as a search, digits are read as a ZIP by the same rule (a place name is read as one).
            Assert.Equal(zip is not null, places.Geocode(input).Place is not null || places.Geocode(input).Suggestions.Count > 0);
        }

        Assert.Equal(zip is null, ListingRules.Check(listing, []) is not null);
        Assert.Equal(input.Length == 5 && zip is not null, ListingRules.IsZip(input));
    }
}
