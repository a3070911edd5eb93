using System.Net;
using IopFinder.Web.Content;

namespace IopFinder.Tests.Site;

[Collection(SiteCollection.Name)]
public sealed class RouteSmokeTests(SiteFactory factory)
{
    public static TheoryData<string> PublicRoutes()
    {
        var routes = new TheoryData<string>
        {
            "/", "/learn", "/search", "/search?q=intensive+outpatient", "/self-check", "/self-check/how-it-works", "/api", "/clinics", "/clinics?near=22903&care=iop", "/iop", "/iop/va", "/portal", "/privacy", "/attributions",
        };
        foreach (var article in ContentLoader.Load(RepoPaths.Content).Articles)
        {
            routes.Add(article.Url);
        }

        return routes;
    }

    [Theory]
    [MemberData(nameof(PublicRoutes))]
    public async Task Every_public_page_answers_with_html(string route)
    {
        using var client = factory.Client();

        using var response = await client.GetAsync(route);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/learn/no-such-article")]
    [InlineData("/no/such/page")]
    [InlineData("/learn/%2e%2e%2fetc")]
    public async Task Unknown_addresses_get_the_friendly_404_page_with_a_search_box(string route)
    {
        using var client = factory.Client();

        using var response = await client.GetAsync(route);
        var document = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("404", document.GetElementById("error-title")?.GetAttribute("data-status"));
        Assert.NotNull(document.QuerySelector("main form[role=search] input[name=q]"));
    }

    [Theory]
    [InlineData("/?%")]
    [InlineData("/learn?%ZZ=1&%%=2")]
    [InlineData("/search?q=%")]
    [InlineData("/search?q=a&q=b&q=c")]
    [InlineData("/search?q=%00%01")]
    [InlineData("/learn/what-is-an-intensive-outpatient-program?x=%E0%A4%A")]
    [InlineData("/clinics?near=%ZZ&radius=99999999999999999999")]
    public async Task Malformed_query_strings_never_cause_a_server_error(string route)
    {
        using var client = factory.Client();

        using var response = await client.GetAsync(route);

        Assert.True((int)response.StatusCode < 500, $"{route} gave {(int)response.StatusCode}");
    }

    [Fact]
    public async Task The_health_check_reports_database_articles_zip_table_and_directory_healthy()
    {
        using var client = factory.Client();

        using var response = await client.GetAsync("/healthz");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", lines[0]);
        Assert.StartsWith("database: Healthy (schema version", lines[1]);
        Assert.Matches(@"^articles: Healthy \(\d+ articles, \d+ in Spanish\)$", lines[2]);
        Assert.Matches(@"^zip-table: Healthy \(\d{5} ZIP codes\)$", lines[3]);
        Assert.Matches(@"^directory: Healthy \(\d+ listings at version \d+; \d+ checks for changes, the last \d+\.\d s ago\)$", lines[4]);
    }

    [Fact]
    public async Task The_database_is_created_where_configuration_says()
    {
        using var client = factory.Client();
        await client.GetAsync("/");

        if (factory.ConnectionString is { } connectionString)
        {
            // On PostgreSQL: the named database holds the schema and the key ring, and no SQLite file was made.
            using var db = IopFinder.Web.Data.Db.Parse("postgres:" + connectionString);
            using var connection = db.Open();
            Assert.True(Dapper.SqlMapper.ExecuteScalar<long>(connection, "SELECT count(*) FROM clinics") > 0);
            Assert.True(Dapper.SqlMapper.ExecuteScalar<long>(connection, "SELECT count(*) FROM data_protection_keys") > 0);
            Assert.False(File.Exists(factory.DatabasePath));
            return;
        }

        Assert.True(File.Exists(factory.DatabasePath));
        Assert.True(Directory.Exists(Path.Combine(factory.DataFolder, "keys")));
    }
}
