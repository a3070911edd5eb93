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
public sealed class ArticleIndexTests(ClassSite site) : IClassFixture<ClassSite>
{
    private readonly ClassSite _factory = site;

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

    [Fact]
    public async Task Several_instances_starting_at_once_on_out_of_date_rows_leave_each_article_indexed_exactly_once()
    {
        using var connection = _factory.Services.GetRequiredService<Db>().Open();
        connection.Execute("UPDATE search_index SET body = 'zzqqstale' WHERE rowid < 0");
        connection.Execute("DELETE FROM search_index WHERE rowid = -3");

        // Each decides under the write lock whether the rows differ, so one rewrites and the others find them right.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(IndexTheArticles)));

        var library = _factory.Services.GetRequiredService<ContentLibrary>();
        Assert.Equal(library.Current.Articles.Count, connection.ExecuteScalar<long>("SELECT count(*) FROM search_index WHERE kind = 'article'"));
        Assert.Equal(library.Spanish.Articles.Count, connection.ExecuteScalar<long>($"SELECT count(*) FROM search_index WHERE kind = '{SearchIndex.SpanishArticles}'"));
        Assert.Equal(0, connection.ExecuteScalar<long>("SELECT count(*) FROM search_index WHERE rowid < 0 AND body = 'zzqqstale'"));
    }
}
