using Dapper;
using IopFinder.Web.Content;
using IopFinder.Web.Data;
using IopFinder.Web.Search;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Search;

/// <summary>
/// The articles' search rows are rewritten at start only when they differ from the articles: a restart or a
/// second instance writes nothing, and rows left behind by anything else are put right.
/// </summary>
public sealed class ArticleIndexTests : IDisposable
{
    private readonly SiteFactory _factory = new() { DemoClinics = 5 };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _factory.Dispose();
    }

    private void IndexTheArticles()
    {
        var library = _factory.Services.GetRequiredService<ContentLibrary>();
        _factory.Services.GetRequiredService<SearchIndex>().ReplaceArticles(library.Current.Articles, library.Spanish.Articles);
    }

    [Fact]
    public async Task Rows_that_no_longer_match_the_articles_are_rewritten_and_matching_rows_are_left_alone()
    {
        using var client = _factory.Client();
        await client.GetAsync("/");
        using var connection = _factory.Services.GetRequiredService<Db>().Open();
        // What identifies a committed write: SQLite's data version seen from another connection, PostgreSQL's row versions.
        string Writes() => connection is SqliteConnection
            ? connection.ExecuteScalar<long>("PRAGMA data_version").ToString(System.Globalization.CultureInfo.InvariantCulture)
            : string.Join(",", connection.Query<string>("SELECT xmin::text FROM search_index WHERE rowid < 0 ORDER BY rowid"));

        var before = Writes();
        IndexTheArticles();
        Assert.Equal(before, Writes());

        // As a database copied from an older site would hold: one article's row with other words, one missing.
        connection.Execute("UPDATE search_index SET body = 'zzqqstale' WHERE rowid = -1");
        connection.Execute("DELETE FROM search_index WHERE rowid = -2");
        Assert.Contains("zzqqstale", await client.GetStringAsync("/search?q=zzqqstale"));
        IndexTheArticles();

        Assert.NotEqual(before, Writes());
        Assert.DoesNotContain("search-results", await client.GetStringAsync("/search?q=zzqqstale"));
        var english = _factory.Services.GetRequiredService<ContentLibrary>().Current.Articles;
        var second = await client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString(english[1].Title));
        Assert.Contains(english[1].Url, second.QuerySelectorAll("#search-results a").Select(a => a.GetAttribute("href")));
        Assert.Equal(english.Count, connection.ExecuteScalar<long>("SELECT count(*) FROM search_index WHERE kind = 'article'"));
    }
}
