using System.Text.RegularExpressions;

namespace IopFinder.Web.Content;

/// <summary>A source an article's facts rest on. <see cref="Url"/> is null when the document is cited by title and publisher only.</summary>
public sealed record SourceRef(string Title, string Publisher, string? Url);

/// <summary>A link from one article to another, kept so broken links can be reported with their line.</summary>
public sealed record InternalLink(string Slug, int Line);

/// <summary>A question and its answer from an article marked <c>faq: true</c>, for FAQPage JSON-LD.</summary>
public sealed record FaqEntry(string Question, string Answer);

/// <summary>A glossary entry: its anchor on the glossary page and the words that name it in articles.</summary>
public sealed record GlossaryTerm(string Anchor, IReadOnlyList<string> Names)
{
    /// <summary>
    /// One pattern per name, built once per load: a name is a whole word or phrase, matched without case
    /// unless it is written all in capitals (an abbreviation such as "IOP"). Built from each name on the
    /// fly, the patterns overflowed the framework's small regex cache and loading took half a second.
    /// </summary>
    public IReadOnlyList<Regex> Patterns { get; } = [.. Names.Select(name =>
        new Regex($@"(?<![\w-]){Regex.Escape(name)}(?![\w-])",
            name.Any(char.IsLower) ? RegexOptions.IgnoreCase : RegexOptions.None))];
}

/// <summary>An h2 or h3 heading, for the table of contents.</summary>
public sealed record TocEntry(int Level, string Id, string Text);

/// <summary>A group of articles on <c>/learn</c>, in the order of <c>content/categories.yml</c>.</summary>
public sealed record Category(string Slug, string Title, string Description);

/// <summary>Something wrong with a content file, with the place to fix it.</summary>
public sealed record ContentProblem(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

/// <summary>An article parsed and rendered once, served from memory.</summary>
public sealed record Article(
    string Slug,
    string Title,
    string Description,
    string Category,
    int Order,
    DateOnly Updated,
    DateOnly Reviewed,
    IReadOnlyList<SourceRef> Sources,
    string Html,
    IReadOnlyList<TocEntry> Toc,
    string PlainText,
    string FilePath,
    IReadOnlyList<InternalLink> Links,
    IReadOnlyList<FaqEntry> Faq)
{
    /// <summary>An unhurried reading pace, so the estimate does not discourage anyone.</summary>
    public const int WordsPerMinute = 200;

    public string Url => "/learn/" + Slug;

    /// <summary>
    /// The safety points the article carries (front matter <c>safety</c>), each defined once in
    /// <c>content/safety/&lt;id&gt;.yml</c>, so a test can check that every translation carries them too.
    /// </summary>
    public IReadOnlyList<string> Safety { get; init; } = [];

    public int WordCount { get; } = CountWords(PlainText);

    public int ReadingMinutes => Math.Max(1, (int)Math.Ceiling(WordCount / (double)WordsPerMinute));

    private static int CountWords(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit));
}
