using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace IopFinder.Web.Content;

/// <summary>Everything read from the content folder: the good articles and what was wrong with the rest.</summary>
public sealed record ContentLoadResult(IReadOnlyList<Article> Articles, IReadOnlyList<Category> Categories, IReadOnlyList<ContentProblem> Problems);

/// <summary>
/// Reads <c>categories.yml</c> and every <c>articles/**/*.md</c>, validates them and renders them once.
/// A broken file is reported and left out; it never stops the others from loading.
/// </summary>
public static partial class ContentLoader
{
    public const string ArticlesFolder = "articles";

    /// <summary>The article whose h3 headings are the glossary; each term links from the first place an article uses it.</summary>
    public const string GlossarySlug = "glossary";
    public const string CategoriesFile = "categories.yml";

    /// <summary>The folder of safety points, one <c>&lt;id&gt;.yml</c> each, that articles name in their <c>safety</c> field.</summary>
    public const string SafetyFolder = "safety";

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static ContentLoadResult Load(string contentRoot) => Load(contentRoot, null, null);

    /// <summary>
    /// Loads one language's articles. English reads <c>slug.md</c>; a translation reads <c>slug.es.md</c>
    /// beside it, links to slugs either language has, and gets its links to our pages (<c>/learn/…</c>,
    /// <c>/clinics</c>) moved under the language's prefix so a reader stays in that language.
    /// </summary>
    public static ContentLoadResult Load(string contentRoot, string? translation, Func<string, string>? localizeLink, IReadOnlySet<string>? otherSlugs = null)
    {
        var problems = new List<ContentProblem>();
        var categories = LoadCategories(contentRoot, problems);
        var categorySlugs = categories.Select(c => c.Slug).ToHashSet(StringComparer.Ordinal);
        var safetyPoints = SafetyPointIds(contentRoot);

        var parsed = new List<Article>();
        var articlesRoot = Path.Combine(contentRoot, ArticlesFolder);
        var files = Directory.Exists(articlesRoot)
            ? Directory.EnumerateFiles(articlesRoot, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                // slug.es.md sits beside slug.md; each language reads only its own files.
                .Where(f => translation is null ? !IsTranslation(f) : f.EndsWith("." + translation + ".md", StringComparison.Ordinal)).ToList()
            : [];
        // Each language links its own glossary: glossary.es.md for Spanish articles.
        var glossaryName = translation is null ? GlossarySlug : GlossarySlug + "." + translation;
        var glossaryFile = files.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f) == glossaryName);
        var glossary = glossaryFile is null ? [] : GlossaryTerms(Markdown.Parse(File.ReadAllText(glossaryFile), MarkdownPipelines.Articles));
        foreach (var file in files)
        {
            var article = ParseArticle(file, Relative(contentRoot, file), categorySlugs, safetyPoints, problems, glossary, translation, localizeLink);
            if (article is not null)
            {
                parsed.Add(article);
            }
        }

        var unique = new List<Article>();
        foreach (var group in parsed.GroupBy(a => a.Slug, StringComparer.Ordinal))
        {
            unique.Add(group.First());
            foreach (var duplicate in group.Skip(1))
            {
                problems.Add(new ContentProblem(Relative(contentRoot, duplicate.FilePath), 1,
                    $"duplicate slug '{duplicate.Slug}', already used by {Relative(contentRoot, group.First().FilePath)}"));
            }
        }

        var slugs = unique.Select(a => a.Slug).Concat(otherSlugs ?? new HashSet<string>()).ToHashSet(StringComparer.Ordinal);
        var good = new List<Article>();
        foreach (var article in unique)
        {
            var broken = FindBrokenLinks(article, slugs).ToList();
            foreach (var (target, line) in broken)
            {
                problems.Add(new ContentProblem(Relative(contentRoot, article.FilePath), line, $"link to missing article '{target}'"));
            }

            if (broken.Count == 0)
            {
                good.Add(article);
            }
        }

        var categoryOrder = categories.Select((c, i) => (c.Slug, i)).ToDictionary(x => x.Slug, x => x.i, StringComparer.Ordinal);
        var ordered = good
            .OrderBy(a => categoryOrder.GetValueOrDefault(a.Category, int.MaxValue))
            .ThenBy(a => a.Order)
            .ThenBy(a => a.Slug, StringComparer.Ordinal)
            .ToList();
        return new ContentLoadResult(ordered, categories, problems);
    }

    private static bool IsTranslation(string file) =>
        TranslationSuffix().IsMatch(Path.GetFileName(file));

    private static string Relative(string root, string file) =>
        Path.GetRelativePath(root, file).Replace('\\', '/');

    private static HashSet<string> SafetyPointIds(string contentRoot)
    {
        var folder = Path.Combine(contentRoot, SafetyFolder);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.yml").Select(f => Path.GetFileNameWithoutExtension(f)).ToHashSet(StringComparer.Ordinal)
            : [];
    }

    private static List<Category> LoadCategories(string contentRoot, List<ContentProblem> problems)
    {
        var path = Path.Combine(contentRoot, CategoriesFile);
        if (!File.Exists(path))
        {
            problems.Add(new ContentProblem(CategoriesFile, 1, "categories file is missing"));
            return [];
        }

        try
        {
            var raw = Yaml.Deserialize<List<CategoryYaml>>(File.ReadAllText(path)) ?? [];
            var list = new List<Category>();
            foreach (var (entry, index) in raw.Select((c, i) => (c, i)))
            {
                if (string.IsNullOrWhiteSpace(entry.Slug) || string.IsNullOrWhiteSpace(entry.Title))
                {
                    problems.Add(new ContentProblem(CategoriesFile, 1, $"category {index + 1} needs a slug and a title"));
                    continue;
                }

                list.Add(new Category(entry.Slug.Trim(), entry.Title.Trim(), entry.Description?.Trim() ?? ""));
            }

            return list;
        }
        catch (YamlException exception)
        {
            problems.Add(new ContentProblem(CategoriesFile, (int)exception.Start.Line, "invalid YAML: " + exception.Message));
            return [];
        }
    }

    private static Article? ParseArticle(string path, string name, HashSet<string> categories, IReadOnlySet<string> safetyPoints, List<ContentProblem> problems,
        IReadOnlyList<GlossaryTerm> glossary, string? translation, Func<string, string>? localizeLink)
    {
        var text = File.ReadAllText(path);
        var document = Markdown.Parse(text, MarkdownPipelines.Articles);
        if (ReadFrontMatter(document, name, problems) is not { } meta)
        {
            return null;
        }

        var before = problems.Count;
        var (updated, reviewed, sources) = CheckFrontMatter(meta, name, categories, safetyPoints, problems);
        var slug = Slug(meta, path, translation, name, problems);
        var links = CheckLinks(document, name, problems);
        if (problems.Count > before)
        {
            return null;
        }

        var (html, toc, faq) = Render(document, slug, meta.Faq == true, glossary, localizeLink);
        var plain = Markdown.ToPlainText(text, MarkdownPipelines.Articles);
        return new Article(slug, meta.Title!.Trim(), meta.Description!.Trim(), meta.Category!.Trim(), meta.Order!.Value,
            updated!.Value, reviewed!.Value, sources, html, toc, NormaliseSpace(plain), path, links, faq)
        {
            Safety = meta.Safety ?? [],
        };
    }

    /// <summary>The article's YAML front matter, or null with the problem (missing, or not YAML, with its line).</summary>
    private static ArticleYaml? ReadFrontMatter(MarkdownDocument document, string name, List<ContentProblem> problems)
    {
        var frontMatterBlock = document.Descendants<YamlFrontMatterBlock>().FirstOrDefault();
        if (frontMatterBlock is null)
        {
            problems.Add(new ContentProblem(name, 1, "front matter (--- … ---) is missing"));
            return null;
        }

        try
        {
            return Yaml.Deserialize<ArticleYaml>(frontMatterBlock.Lines.ToString()) ?? new ArticleYaml();
        }
        catch (YamlException exception)
        {
            // The YAML text starts on the line after the opening fence.
            var line = frontMatterBlock.Line + 1 + (int)Math.Max(1, exception.Start.Line);
            problems.Add(new ContentProblem(name, line, "invalid front matter: " + (exception.InnerException?.Message ?? exception.Message)));
            return null;
        }
    }

    /// <summary>Checks the front matter's fields; returns its dates and the sources it cites well.</summary>
    private static (DateOnly? Updated, DateOnly? Reviewed, List<SourceRef> Sources) CheckFrontMatter(ArticleYaml meta, string name, HashSet<string> categories,
        IReadOnlySet<string> safetyPoints, List<ContentProblem> problems)
    {
        void Require(string? value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add(new ContentProblem(name, 1, $"missing required field '{field}'"));
            }
        }

        Require(meta.Title, "title");
        Require(meta.Description, "description");
        Require(meta.Category, "category");
        if (meta.Order is null)
        {
            problems.Add(new ContentProblem(name, 1, "missing required field 'order'"));
        }

        var updated = ParseDate(meta.Updated, "updated", name, problems);
        var reviewed = ParseDate(meta.Reviewed, "reviewed", name, problems);
        if (!string.IsNullOrWhiteSpace(meta.Category) && !categories.Contains(meta.Category))
        {
            problems.Add(new ContentProblem(name, 1, $"unknown category '{meta.Category}' (see {CategoriesFile})"));
        }

        foreach (var point in (meta.Safety ?? []).Where(p => !safetyPoints.Contains(p)))
        {
            problems.Add(new ContentProblem(name, 1, $"unknown safety point '{point}' (each is a file {SafetyFolder}/<id>.yml)"));
        }

        var sources = new List<SourceRef>();
        if (meta.Sources is null || meta.Sources.Count == 0)
        {
            problems.Add(new ContentProblem(name, 1, "missing required field 'sources'"));
            return (updated, reviewed, sources);
        }

        foreach (var (source, index) in meta.Sources.Select((s, i) => (s, i)))
        {
            // A source whose address was not confirmed is cited by title and publisher alone, never by a guessed path.
            var badUrl = source.Url is not null &&
                (!Uri.TryCreate(source.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp));
            if (string.IsNullOrWhiteSpace(source.Title) || string.IsNullOrWhiteSpace(source.Publisher) || badUrl)
            {
                problems.Add(new ContentProblem(name, 1, $"source {index + 1} needs a title, a publisher and, if it has a url, an http(s) one"));
                continue;
            }

            sources.Add(new SourceRef(source.Title.Trim(), source.Publisher.Trim(), source.Url?.Trim()));
        }

        return (updated, reviewed, sources);
    }

    /// <summary>The slug: the front matter's, or the file's name without its language.</summary>
    private static string Slug(ArticleYaml meta, string path, string? translation, string name, List<ContentProblem> problems)
    {
        var fileSlug = Path.GetFileNameWithoutExtension(path);
        if (translation is not null)
        {
            fileSlug = fileSlug[..^(translation.Length + 1)];
        }

        var slug = string.IsNullOrWhiteSpace(meta.Slug) ? fileSlug : meta.Slug.Trim();
        if (!SlugShape().IsMatch(slug))
        {
            problems.Add(new ContentProblem(name, 1, $"slug '{slug}' may hold only lower-case letters, digits and hyphens"));
        }

        return slug;
    }

    /// <summary>The article's links to other articles, with their lines; an image without alt text is a problem.</summary>
    private static List<InternalLink> CheckLinks(MarkdownDocument document, string name, List<ContentProblem> problems)
    {
        var links = new List<InternalLink>();
        foreach (var link in document.Descendants<LinkInline>())
        {
            var line = link.Line + 1;
            if (link.IsImage)
            {
                if (!link.Any() || string.IsNullOrWhiteSpace(InlineText(link)))
                {
                    problems.Add(new ContentProblem(name, line, $"image '{link.Url}' has no alt text"));
                }

                continue;
            }

            if (InternalArticleSlug(link.Url) is { } target)
            {
                links.Add(new InternalLink(target, line));
            }
        }

        return links;
    }

    /// <summary>Links glossary terms and localises links, then renders the page, its outline and, for an FAQ, its questions.</summary>
    private static (string Html, List<TocEntry> Toc, IReadOnlyList<FaqEntry> Faq) Render(MarkdownDocument document, string slug, bool isFaq,
        IReadOnlyList<GlossaryTerm> glossary, Func<string, string>? localizeLink)
    {
        if (slug != GlossarySlug)
        {
            LinkGlossaryTerms(document, glossary, localizeLink);
        }

        if (localizeLink is not null)
        {
            foreach (var link in document.Descendants<LinkInline>().Where(l => !l.IsImage && l.Url is not null))
            {
                link.Url = localizeLink(link.Url!);
            }
        }

        var faq = isFaq ? FaqEntries(document) : [];
        var toc = document.Descendants<HeadingBlock>()
            .Where(h => h.Level is 2 or 3 && h.GetAttributes().Id is not null)
            .Select(h => new TocEntry(h.Level, h.GetAttributes().Id!, InlineText(h.Inline)))
            .ToList();
        return (document.ToHtml(MarkdownPipelines.Articles), toc, faq);
    }

    private static IEnumerable<(string Target, int Line)> FindBrokenLinks(Article article, HashSet<string> slugs)
    {
        foreach (var link in article.Links.Where(l => !slugs.Contains(l.Slug)))
        {
            yield return (link.Slug, link.Line);
        }
    }

    /// <summary>The slug of a link to one of our articles (<c>/learn/slug</c>, optionally with an anchor), or null.</summary>
    internal static string? InternalArticleSlug(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        var match = ArticleLink().Match(url);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static DateOnly? ParseDate(string? value, string field, string name, List<ContentProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(new ContentProblem(name, 1, $"missing required field '{field}'"));
            return null;
        }

        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            problems.Add(new ContentProblem(name, 1, $"'{field}' must be a date written yyyy-mm-dd, not '{value}'"));
            return null;
        }

        return date;
    }

    /// <summary>
    /// The text of a heading's or paragraph's inlines. A wrapped line in the source is a soft line break
    /// between two words, so it becomes a space: without one, FAQ answers ran words together.
    /// </summary>
    internal static string InlineText(ContainerInline? container)
    {
        if (container is null)
        {
            return "";
        }

        var builder = new StringBuilder();
        foreach (var inline in Walk(container))
        {
            switch (inline)
            {
                case LiteralInline literal:
                    builder.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    builder.Append(code.Content);
                    break;
                case LineBreakInline:
                    builder.Append(' ');
                    break;
            }
        }

        return builder.ToString().Trim();
    }

    /// <summary>Collapses spaces within lines but keeps line breaks, which mark the ends of blocks for readability scoring.</summary>
    private static string NormaliseSpace(string text) =>
        string.Join('\n', text.Split('\n').Select(line => Whitespace().Replace(line, " ").Trim()).Where(line => line.Length > 0));

    /// <summary>The glossary's terms: each h3 heading, named by its text and by any abbreviation in brackets.</summary>
    internal static IReadOnlyList<GlossaryTerm> GlossaryTerms(MarkdownDocument glossary) =>
        glossary.Descendants<HeadingBlock>()
            .Where(h => h.Level == 3 && h.GetAttributes().Id is not null)
            .Select(h =>
            {
                var text = InlineText(h.Inline);
                var match = Abbreviation().Match(text);
                var names = match.Success ? new[] { match.Groups[1].Value.Trim(), match.Groups[2].Value.Trim() } : [text];
                return new GlossaryTerm(h.GetAttributes().Id!, names.Where(n => n.Length > 1).ToList());
            })
            .ToList();

    /// <summary>
    /// Links the first use of each glossary term in an article's paragraphs to its definition. Text
    /// already inside a link, a heading or code is left alone.
    /// </summary>
    private static void LinkGlossaryTerms(MarkdownDocument document, IReadOnlyList<GlossaryTerm> glossary, Func<string, string>? localizeLink)
    {
        var remaining = glossary.ToList();
        foreach (var paragraph in document.Descendants<ParagraphBlock>().Where(p => p.Inline is not null).ToList())
        {
            var queue = new Queue<LiteralInline>(Walk(paragraph.Inline!).OfType<LiteralInline>().Where(l => l.FirstParentOfType<LinkInline>() is null));
            while (queue.Count > 0 && remaining.Count > 0)
            {
                var literal = queue.Dequeue();
                var text = literal.Content.ToString();
                var best = remaining
                    .SelectMany(term => term.Patterns.Select(pattern => (Term: term, Match: pattern.Match(text))))
                    .Where(x => x.Match.Success)
                    .OrderBy(x => x.Match.Index)
                    .ThenByDescending(x => x.Match.Length)
                    .FirstOrDefault();
                if (best.Term is null)
                {
                    continue;
                }

                remaining.Remove(best.Term);
                // Localised here: the later pass over the document's links does not see inlines inserted now.
                var url = "/learn/" + GlossarySlug + "#" + best.Term.Anchor;
                var link = new LinkInline(localizeLink?.Invoke(url) ?? url, "") { IsClosed = true };
                link.AppendChild(new LiteralInline(best.Match.Value));
                link.GetAttributes().AddClass("term");
                var after = new LiteralInline(text[(best.Match.Index + best.Match.Length)..]);
                // Split in place: the literal keeps the text before the term and the link and the rest follow it.
                // Inserting before the literal and removing it lost every sibling after it, such as the next line
                // of the paragraph ("Never use alone, and keep naloxone near." vanished from a list item).
                literal.InsertAfter(after);
                literal.InsertAfter(link);
                literal.Content = new Markdig.Helpers.StringSlice(text[..best.Match.Index]);
                queue.Enqueue(after);
            }
        }
    }

    /// <summary>
    /// Inlines in document order, following the sibling links the renderer follows. Markdig's own
    /// Descendants() does not see inlines inserted after parsing, such as glossary links.
    /// </summary>
    private static IEnumerable<Inline> Walk(ContainerInline container)
    {
        for (var inline = container.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            yield return inline;
            if (inline is ContainerInline child)
            {
                foreach (var descendant in Walk(child))
                {
                    yield return descendant;
                }
            }
        }
    }

    /// <summary>Each h2 heading that asks a question, with the text up to the next heading as its answer.</summary>
    private static List<FaqEntry> FaqEntries(MarkdownDocument document)
    {
        var entries = new List<FaqEntry>();
        string? question = null;
        var answer = new StringBuilder();
        void Flush()
        {
            if (question is not null && answer.Length > 0)
            {
                entries.Add(new FaqEntry(question, answer.ToString().Trim()));
            }
        }

        foreach (var block in document)
        {
            if (block is HeadingBlock heading)
            {
                Flush();
                var text = InlineText(heading.Inline);
                question = heading.Level == 2 && text.EndsWith('?') ? text : null;
                answer.Clear();
            }
            else if (question is not null)
            {
                foreach (var paragraph in block is ParagraphBlock p ? [p] : block.Descendants<ParagraphBlock>())
                {
                    answer.Append(InlineText(paragraph.Inline)).Append(' ');
                }
            }
        }

        Flush();
        return entries;
    }

    [GeneratedRegex(@"^/learn/([a-z0-9-]+)/?(?:#.*)?$")]
    private static partial Regex ArticleLink();

    [GeneratedRegex(@"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex SlugShape();

    [GeneratedRegex(@"\.[a-z]{2}(?:-[A-Z]{2})?\.md$")]
    private static partial Regex TranslationSuffix();

    [GeneratedRegex(@"[ \t\r]+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^(.+?)\s*\(([^)]+)\)$")]
    private static partial Regex Abbreviation();

    private sealed class ArticleYaml
    {
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Category { get; set; }
        public int? Order { get; set; }
        public string? Updated { get; set; }
        public string? Reviewed { get; set; }
        public string? Slug { get; set; }
        public List<SourceYaml>? Sources { get; set; }
        public bool? Faq { get; set; }
        public List<string>? Safety { get; set; }
    }

    private sealed class SourceYaml
    {
        public string? Title { get; set; }
        public string? Publisher { get; set; }
        public string? Url { get; set; }
    }

    private sealed class CategoryYaml
    {
        public string? Slug { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
    }
}
