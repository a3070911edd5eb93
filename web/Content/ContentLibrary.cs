using IopFinder.Web.Infrastructure;
using IopFinder.Web.Options;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace IopFinder.Web.Content;

/// <summary>A consistent view of the content at one moment; swapped whole when files change.</summary>
public sealed class ContentSnapshot
{
    public ContentSnapshot(ContentLoadResult result)
    {
        Articles = result.Articles;
        Categories = result.Categories.Where(c => result.Articles.Any(a => a.Category == c.Slug)).ToList();
        Problems = result.Problems;
        BySlug = result.Articles.ToDictionary(a => a.Slug, StringComparer.Ordinal);
    }

    /// <summary>Articles in reading order: by category, then by their <c>order</c>.</summary>
    public IReadOnlyList<Article> Articles { get; }

    /// <summary>Categories that hold at least one article, in the order of <c>categories.yml</c>.</summary>
    public IReadOnlyList<Category> Categories { get; }

    public IReadOnlyList<ContentProblem> Problems { get; }

    public IReadOnlyDictionary<string, Article> BySlug { get; }

    public Article? Find(string? slug) => slug is not null && BySlug.TryGetValue(slug, out var article) ? article : null;

    public IEnumerable<Article> InCategory(string category) => Articles.Where(a => a.Category == category);

    public Category? CategoryOf(Article article) => Categories.FirstOrDefault(c => c.Slug == article.Category);

    /// <summary>Other articles of the same category, for "related reading".</summary>
    public IReadOnlyList<Article> Related(Article article, int count = 4) =>
        InCategory(article.Category).Where(a => a.Slug != article.Slug).Take(count).ToList();

    public Article? Previous(Article article)
    {
        var index = IndexOf(article);
        return index > 0 ? Articles[index - 1] : null;
    }

    public Article? Next(Article article)
    {
        var index = IndexOf(article);
        return index >= 0 && index < Articles.Count - 1 ? Articles[index + 1] : null;
    }

    private int IndexOf(Article article)
    {
        for (var i = 0; i < Articles.Count; i++)
        {
            if (Articles[i].Slug == article.Slug)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>Both languages' content as read from <see cref="RootPath"/> (a full path), to hand to <see cref="ContentLibrary"/>.</summary>
public sealed record PreloadedContent(string RootPath, ContentSnapshot English, ContentSnapshot Spanish)
{
    public static PreloadedContent Read(string rootPath)
    {
        var full = Path.GetFullPath(rootPath);
        var (english, spanish) = ContentLibrary.Load(full);
        return new PreloadedContent(full, english, spanish);
    }
}

/// <summary>
/// Holds the current content in memory. Loaded once at startup; when watching is on (Development by
/// default) it reloads after a file changes and tells subscribers, which rebuild the search index and
/// evict cached pages.
/// </summary>
public sealed class ContentLibrary : IDisposable
{
    private readonly ILogger<ContentLibrary> _logger;
    private readonly PhysicalFileProvider? _watcher;
    private readonly IDisposable? _subscription;
    private ContentSnapshot _current;
    private ContentSnapshot _spanish;

    public ContentLibrary(IOptions<ContentOptions> options, IHostEnvironment environment, ILogger<ContentLibrary> logger)
        : this(options, environment, logger, null)
    {
    }

    /// <summary>
    /// Starts from <paramref name="preloaded"/> when it was read from this library's folder, instead of reading
    /// and rendering every article again; chosen by dependency injection only where <see cref="PreloadedContent"/>
    /// is registered (the tests, which start many sites on the same articles).
    /// </summary>
    public ContentLibrary(IOptions<ContentOptions> options, IHostEnvironment environment, ILogger<ContentLibrary> logger, PreloadedContent? preloaded)
    {
        _logger = logger;
        RootPath = options.Value.Resolve(environment.ContentRootPath);
        (_current, _spanish) = preloaded is not null && preloaded.RootPath == RootPath ? (preloaded.English, preloaded.Spanish) : LoadAndLog();
        if ((options.Value.WatchForChanges ?? environment.IsDevelopment()) && Directory.Exists(RootPath))
        {
            _watcher = new PhysicalFileProvider(RootPath);
            _subscription = ChangeToken.OnChange(() => _watcher.Watch("**/*"), Reload);
        }
    }

    /// <summary>Raised after a reload has swapped in new content.</summary>
    public event Action<ContentSnapshot>? Changed;

    public string RootPath { get; }

    /// <summary>The English articles.</summary>
    public ContentSnapshot Current => Volatile.Read(ref _current);

    /// <summary>The Spanish translations (<c>slug.es.md</c>); an article without one is read in English.</summary>
    public ContentSnapshot Spanish => Volatile.Read(ref _spanish);

    public ContentSnapshot For(SiteLanguage language) => language == Languages.Spanish ? Spanish : Current;

    public void Reload()
    {
        var (english, spanish) = LoadAndLog();
        Volatile.Write(ref _spanish, spanish);
        Volatile.Write(ref _current, english);
        Changed?.Invoke(english);
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _watcher?.Dispose();
    }

    /// <summary>Reads and renders every article in both languages, as each start and each reload does.</summary>
    public static (ContentSnapshot English, ContentSnapshot Spanish) Load(string rootPath)
    {
        var english = new ContentSnapshot(ContentLoader.Load(rootPath));
        var spanish = new ContentSnapshot(ContentLoader.Load(rootPath, Languages.Spanish.Code,
            url => Languages.Localize(url, Languages.Spanish), english.BySlug.Keys.ToHashSet(StringComparer.Ordinal)));
        return (english, spanish);
    }

    private (ContentSnapshot English, ContentSnapshot Spanish) LoadAndLog()
    {
        var (english, spanish) = Load(RootPath);
        foreach (var problem in english.Problems.Concat(spanish.Problems))
        {
            _logger.LogError("Content skipped: {File}:{Line}: {Problem}", problem.File, problem.Line, problem.Message);
        }

        _logger.LogInformation("Loaded {Count} articles and {Translations} Spanish translations from {Path}", english.Articles.Count, spanish.Articles.Count, RootPath);
        return (english, spanish);
    }
}
