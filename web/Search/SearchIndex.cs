using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Content;
using IopFinder.Web.Infrastructure;
using IopFinder.Web.Data;
using IopFinder.Web.Options;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Search;

/// <summary>A document to index: what people search (title, summary, body) and where it lives.</summary>
/// <remarks>
/// The row id is the document's key: a clinic's id for clinics, a negative number for articles, so a
/// keyword search over clinics can return ids straight from the index (<c>rowid &gt; 0</c>).
/// </remarks>
public sealed record SearchDocument(long RowId, string Title, string Summary, string Body, string Url);

/// <summary>One search hit. <see cref="TitleHtml"/> and <see cref="SnippetHtml"/> are encoded, with matches in &lt;mark&gt;.</summary>
public sealed record SearchHit(string Kind, string Url, string TitleHtml, string SnippetHtml);

/// <summary>What a search produced, and whether the words were all found together or only some of them.</summary>
public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, bool MatchedSomeWordsOnly);

/// <summary>
/// The site-wide full-text index: SQLite's FTS5, or on PostgreSQL a weighted <c>tsvector</c> column with a
/// GIN index, stemmed as English (Spanish for the Spanish articles) with accents folded. Each kind of document (articles now, clinics later)
/// replaces its own rows, so the kinds share one ranked search.
/// </summary>
public sealed partial class SearchIndex(Db db, IOptions<CachingOptions> cacheOptions) : IDisposable
{
    public const int MaxQueryLength = 200;

    /// <summary>More words than this add nothing to ranking and only slow the query.</summary>
    private const int MaxTerms = 12;

    // Control characters cannot occur in indexed text, so they mark matches safely through HTML encoding.
    private const string MarkStart = "\u0002";
    private const string MarkEnd = "\u0003";

    /// <summary>
    /// Keyword → clinic ids, bounded by the memory the id sets take (<c>Caching:KeywordCacheMegabytes</c>),
    /// not by how many keywords there are: one common word can match every listing. Emptied whenever
    /// the directory reloads after a change.
    /// </summary>
    private readonly MemoryCache _clinicMatches = new(new MemoryCacheOptions { SizeLimit = (long)Math.Max(1, cacheOptions.Value.KeywordCacheMegabytes) * 1024 * 1024, TrackStatistics = true });

    /// <summary>The memory the remembered keyword matches are counted as taking, for tests and benchmarks.</summary>
    public long RememberedKeywordBytes => _clinicMatches.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;


    /// <summary>The kind of the Spanish articles' rows; English articles are <c>article</c>.</summary>
    public const string SpanishArticles = "article-es";

    /// <summary>
    /// Both languages' articles in one transaction. Spanish rows start at -1,000,000, so the two never share a row id.
    /// Nothing is written when the index already holds exactly these articles, as it does when a site restarts or
    /// a second instance starts on the same content: rewriting would recompute every article's search terms.
    /// </summary>
    public void ReplaceArticles(IEnumerable<Article> english, IEnumerable<Article> spanish)
    {
        var kinds = new (string Kind, IReadOnlyList<SearchDocument> Documents)[]
        {
            ("article", english.Select((a, i) => new SearchDocument(-(i + 1), a.Title, a.Description, a.PlainText, a.Url)).ToList()),
            (SpanishArticles, spanish.Select((a, i) => new SearchDocument(-(1_000_000 + i + 1), a.Title, a.Description, a.PlainText, Languages.Localize(a.Url, Languages.Spanish))).ToList()),
        };
        var wanted = kinds.SelectMany(k => k.Documents.Select(d => (d.RowId, k.Kind, d.Title, d.Summary, d.Body, d.Url))).OrderBy(d => d.RowId);

        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        // Only articles have negative row ids, so this reads them without touching the listings' rows.
        var held = connection.Query<(long, string, string, string, string, string)>(
            "SELECT rowid, kind, title, summary, body, url FROM search_index WHERE rowid < 0 ORDER BY rowid", transaction: transaction);
        if (!held.SequenceEqual(wanted))
        {
            Write(connection, transaction, kinds.Select(k => (k.Kind, k.Documents.AsEnumerable())));
        }

        transaction.Commit();
    }

    public void ReplaceArticles(IEnumerable<Article> articles) => ReplaceArticles(articles, []);

    /// <summary>Replaces every document of the kinds given in a single transaction, so searches never see half an index.</summary>
    public void Replace(params (string Kind, IEnumerable<SearchDocument> Documents)[] kinds)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        Write(connection, transaction, kinds);
        transaction.Commit();
    }

    private static void Write(DbConnection connection, DbTransaction transaction, IEnumerable<(string Kind, IEnumerable<SearchDocument> Documents)> kinds)
    {
        foreach (var (kind, documents) in kinds)
        {
            connection.Execute("DELETE FROM search_index WHERE kind = @kind", new { kind }, transaction);
            Insert(connection, transaction, kind, documents);
        }
    }

    public void Replace(string kind, IEnumerable<SearchDocument> documents) => Replace((kind, documents));

    /// <summary>Inserts documents of one kind with one prepared statement, inside the caller's transaction.</summary>
    private static void Insert(DbConnection connection, DbTransaction transaction, string kind, IEnumerable<SearchDocument> documents)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO search_index (rowid, title, summary, body, kind, url) VALUES (@rowid, @title, @summary, @body, @kind, @url)";
        var rowId = insert.AddParameter("@rowid", 0L);
        var title = insert.AddParameter("@title", "");
        var summary = insert.AddParameter("@summary", "");
        var body = insert.AddParameter("@body", "");
        insert.AddParameter("@kind", kind);
        var url = insert.AddParameter("@url", "");
        insert.PrepareForReuse();
        foreach (var document in documents)
        {
            rowId.Value = document.RowId;
            title.Value = document.Title;
            summary.Value = document.Summary;
            body.Value = document.Body;
            url.Value = document.Url;
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Rewrites the search rows of the listings named by <paramref name="ids"/> inside the caller's
    /// transaction: each loses its row, and those in <paramref name="active"/> get their current text.
    /// </summary>
    public static void WriteClinics(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<long> ids, IEnumerable<Clinic> active)
    {
        using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM search_index WHERE rowid = @rowid";
        var deleteId = delete.AddParameter("@rowid", 0L);
        delete.PrepareForReuse();
        foreach (var id in ids)
        {
            deleteId.Value = id;
            delete.ExecuteNonQuery();
        }

        Insert(connection, transaction, "clinic", active.Select(Document));
    }

    /// <summary>What people can find a listing by: its names, place, description, street, ZIP and the labels of its services.</summary>
    public static SearchDocument Document(Clinic c) => new(c.Id,
        c.ProgramName is null ? c.Name : $"{c.Name}: {c.ProgramName}",
        $"{c.City}, {c.State}",
        string.Join(" ", new[] { c.Description, c.Street, c.Zip }.Where(s => !string.IsNullOrEmpty(s))) + " " +
            string.Join(" ", ClinicCodes.All.SelectMany(set => c.Codes(set).Select(set.Label))),
        c.Url);

    /// <summary>Forgets every remembered keyword match; called when the directory reloads after a change.</summary>
    public void ForgetClinicMatches() => _clinicMatches.Clear();

    public void Dispose() => _clinicMatches.Dispose();

    /// <summary>
    /// Ids of the clinics whose text contains every word of the query. A common word can match tens of
    /// thousands of listings, so each answer is remembered until the listings' text next changes.
    /// </summary>
    public IdSet MatchingClinicIds(string? query)
    {
        var terms = Terms(query);
        if (terms.Count == 0)
        {
            return IdSet.Empty;
        }

        var match = string.Join(" ", terms.Select(t => "\"" + t + "\"*"));
        if (_clinicMatches.TryGetValue(match, out IdSet? remembered) && remembered is not null)
        {
            return remembered;
        }

        using var connection = db.Open();
        // rowid > 0 selects clinics from the doclist alone, without reading each row's kind; ordered by
        // rowid, IdSet builds on them without sorting or an intermediate list.
        var ids = IdSet.FromAscending(db.IsPostgres
            ? connection.Query<long>("SELECT rowid FROM search_index WHERE document @@ to_tsquery('iopfinder_english', @query) AND rowid > 0 ORDER BY rowid", new { query = PostgresQuery(terms, " & ") }, buffered: false)
            : connection.Query<long>("SELECT rowid FROM search_index WHERE search_index MATCH @match AND rowid > 0 ORDER BY rowid", new { match }, buffered: false));
        // An entry that would not fit is simply not remembered; the cache compacts itself when full.
        _clinicMatches.Set(match, ids, new MemoryCacheEntryOptions { Size = 64 + (2L * match.Length) + ids.Bytes });
        return ids;
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

    /// <summary>Searches articles (the default) or clinics; the two kinds are ranked separately so listings never bury guidance.</summary>
    public SearchResult Search(string? query, int limit = 20, string kind = "article")
    {
        var terms = Terms(query);
        if (terms.Count == 0)
        {
            return new SearchResult([], false);
        }

        var rows = kind switch
        {
            "clinic" => "rowid > 0",
            SpanishArticles => "rowid < 0 AND kind = 'article-es'",
            _ => "rowid < 0 AND kind = 'article'",
        };
        // The text search configurations of the PostgreSQL schema: stemming with accents folded.
        var language = kind == SpanishArticles ? "iopfinder_spanish" : "iopfinder_english";
        var all = Run(terms, every: true, limit, rows, language);
        if (all.Count > 0 || terms.Count == 1)
        {
            return new SearchResult(all, false);
        }

        // People type questions ("how much does iop cost"): when not every word matches, rank by any.
        return new SearchResult(Run(terms, every: false, limit, rows, language), true);
    }

    private List<SearchHit> Run(IReadOnlyList<string> terms, bool every, int limit, string rowFilter, string language)
    {
        using var connection = db.Open();
        // rowFilter is one of three constants chosen above, never text from the request.
        // On PostgreSQL, cover density ranks words found close together (a title, a phrase) above the same
        // words scattered through a long body; title words also weigh most (the A weight).
        var rows = db.IsPostgres
            ? connection.Query<(string Kind, string Url, string Title, string Snippet)>(
                """
                SELECT kind, url,
                       ts_headline(@language::regconfig, title, query, 'HighlightAll=true, StartSel=' || chr(2) || ', StopSel=' || chr(3)) AS title,
                       ts_headline(@language::regconfig, body, query, 'MaxFragments=1, MaxWords=24, MinWords=12, StartSel=' || chr(2) || ', StopSel=' || chr(3)) AS snippet
                FROM (
                    SELECT kind, url, title, body, query, ts_rank_cd(document, query) AS rank
                    FROM search_index, to_tsquery(@language::regconfig, @text) AS query
                    WHERE document @@ query AND
                """ + " " + rowFilter + """

                    ORDER BY rank DESC, rowid DESC
                    LIMIT @limit
                ) AS hits
                ORDER BY rank DESC
                """,
                new { language, text = PostgresQuery(terms, every ? " & " : " | "), limit })
            : connection.Query<(string Kind, string Url, string Title, string Snippet)>(
                """
                SELECT kind, url,
                       highlight(search_index, 0, char(2), char(3)) AS title,
                       snippet(search_index, 2, char(2), char(3), '…', 24) AS snippet
                FROM search_index
                WHERE search_index MATCH @match AND
                """ + " " + rowFilter + """

                ORDER BY bm25(search_index, 10.0, 4.0, 1.0)
                LIMIT @limit
                """,
                new { match = string.Join(every ? " " : " OR ", terms.Select(t => "\"" + t + "\"*")), limit });
        return rows.Select(r => new SearchHit(r.Kind, r.Url, Mark(r.Title), Mark(r.Snippet))).ToList();
    }

    /// <summary>
    /// The words as a PostgreSQL tsquery, each a prefix match (<c>medic:*</c> finds "medication", as FTS5's
    /// <c>"medic"*</c> does). Terms hold only letters and digits, so nobody can write tsquery syntax into one.
    /// </summary>
    private static string PostgresQuery(IReadOnlyList<string> terms, string join) => string.Join(join, terms.Select(t => t + ":*"));

    private static string Mark(string text) =>
        System.Net.WebUtility.HtmlEncode(text).Replace(MarkStart, "<mark>").Replace(MarkEnd, "</mark>");

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
