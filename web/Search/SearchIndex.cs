using System.Text.RegularExpressions;
using Dapper;
using IopFinder.Web.Content;
using IopFinder.Web.Data;

namespace IopFinder.Web.Search;

/// <summary>One search hit. <see cref="TitleHtml"/> and <see cref="SnippetHtml"/> are encoded, with matches in &lt;mark&gt;.</summary>
public sealed record SearchHit(string Kind, string Url, string TitleHtml, string SnippetHtml);

/// <summary>What a search produced, and whether the words were all found together or only some of them.</summary>
public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, bool MatchedSomeWordsOnly);

/// <summary>
/// The site-wide full-text index (SQLite FTS5). Each kind of document (articles now, clinics later)
/// replaces its own rows, so the kinds share one ranked search.
/// </summary>
public sealed partial class SearchIndex(Db db)
{
    public const int MaxQueryLength = 200;

    /// <summary>More words than this add nothing to ranking and only slow the query.</summary>
    private const int MaxTerms = 12;

    // Control characters cannot occur in indexed text, so they mark matches safely through HTML encoding.
    private const string MarkStart = "\u0002";
    private const string MarkEnd = "\u0003";

    public void ReplaceArticles(IEnumerable<Article> articles)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginTransaction();
        connection.Execute("DELETE FROM search_index WHERE kind = 'article'", transaction: transaction);
        connection.Execute(
            "INSERT INTO search_index (title, summary, body, kind, url) VALUES (@Title, @Description, @PlainText, 'article', @Url)",
            articles.Select(a => new { a.Title, a.Description, a.PlainText, a.Url }),
            transaction);
        transaction.Commit();
    }

    /// <summary>
    /// Turns what someone typed into a safe FTS5 expression: only letters and digits survive, each word
    /// quoted and prefix-matched, so quotes and operators can never break the query.
    /// </summary>
    public static IReadOnlyList<string> Terms(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        return WordPattern().Matches(query)
            .Select(m => m.Value.ToLowerInvariant())
            .Distinct()
            .Take(MaxTerms)
            .ToList();
    }

    public SearchResult Search(string? query, int limit = 20)
    {
        var terms = Terms(query);
        if (terms.Count == 0)
        {
            return new SearchResult([], false);
        }

        var quoted = terms.Select(t => "\"" + t + "\"*").ToList();
        var all = Run(string.Join(" ", quoted), limit);
        if (all.Count > 0 || terms.Count == 1)
        {
            return new SearchResult(all, false);
        }

        // People type questions ("how much does iop cost"): when not every word matches, rank by any.
        return new SearchResult(Run(string.Join(" OR ", quoted), limit), true);
    }

    private List<SearchHit> Run(string match, int limit)
    {
        using var connection = db.Open();
        var rows = connection.Query<(string Kind, string Url, string Title, string Snippet)>(
            """
            SELECT kind, url,
                   highlight(search_index, 0, char(2), char(3)) AS title,
                   snippet(search_index, 2, char(2), char(3), '…', 24) AS snippet
            FROM search_index
            WHERE search_index MATCH @match
            ORDER BY bm25(search_index, 10.0, 4.0, 1.0)
            LIMIT @limit
            """,
            new { match, limit });
        return rows.Select(r => new SearchHit(r.Kind, r.Url, Mark(r.Title), Mark(r.Snippet))).ToList();
    }

    private static string Mark(string text) =>
        System.Net.WebUtility.HtmlEncode(text).Replace(MarkStart, "<mark>").Replace(MarkEnd, "</mark>");

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
