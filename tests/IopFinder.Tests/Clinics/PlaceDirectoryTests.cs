using IopFinder.Web.Places;

namespace IopFinder.Tests.Clinics;

[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed class PlaceDirectoryTests
{
    private static readonly PlaceDirectory Places = PlaceDirectory.Shared;

    [Theory]
    [InlineData("22903", "VA")]
    [InlineData("22903-1234", "VA")]
    [InlineData(" 10001 ", "NY")]
    public void A_zip_code_resolves_to_its_centre(string input, string state)
    {
        var result = Places.Geocode(input);

        Assert.True(result.Found);
        Assert.Equal(state, result.Place!.State);
    }

    [Theory]
    [InlineData("Charlottesville, VA")]
    [InlineData("charlottesville va")]
    [InlineData("Charlottesville, Virginia")]
    public void A_city_and_state_resolve_in_any_common_spelling(string input)
    {
        var result = Places.Geocode(input);

        Assert.True(result.Found);
        Assert.Equal("VA", result.Place!.State);
        Assert.InRange(result.Place.Latitude, 37.9, 38.2);
    }

    [Fact]
    public void A_misspelled_city_gets_close_suggestions()
    {
        var result = Places.Geocode("Charlotesville, VA");

        Assert.False(result.Found);
        Assert.Contains("Charlottesville, VA", result.Suggestions);
    }

    [Fact]
    public void An_unknown_zip_suggests_nearby_ones()
    {
        var result = Places.Geocode("00000");

        Assert.False(result.Found);
        Assert.NotEmpty(result.Suggestions);
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!!")]
    [InlineData("Atlantis, ZZ")]
    public void Nonsense_does_not_resolve(string input)
    {
        Assert.False(Places.Geocode(input).Found);
    }
}
