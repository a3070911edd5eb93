using System.IO.Compression;
using System.Text.RegularExpressions;
using IopFinder.Web.Content;
using Markdig;
using Markdig.Syntax;

namespace IopFinder.Tests.Content;

/// <summary>
/// Flesch–Kincaid grade level: 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
/// Text units come from the Markdown itself: a paragraph's wrapped lines are joined and split into
/// sentences at . ! and ?; a heading, a list item's paragraph or a table cell is one unit even without
/// a full stop, as a reader takes it. Syllables come from the CMU Pronouncing Dictionary
/// (<c>syllables.tsv.gz</c>, rebuilt by <c>build-syllables.mjs</c>); words it lacks (drug names, most
/// plurals of rare words) fall back to counting vowel groups.
/// </summary>
public static partial class Readability
{
    private static readonly Lazy<Dictionary<string, int>> Dictionary = new(LoadDictionary);

    /// <summary>The grade of an article's body, read from its Markdown file (front matter and code left out).</summary>
    public static (double Grade, int Words, int Sentences) OfMarkdown(string markdown) =>
        FleschKincaid(Units(markdown));

    private static (double Grade, int Words, int Sentences) FleschKincaid(IEnumerable<string> units)
    {
        var (words, sentences, syllables) = Count(units, WordPattern(), Syllables);
        return words == 0 ? (0, 0, 0) : (0.39 * words / sentences + 11.8 * syllables / words - 15.59, words, sentences);
    }

    /// <summary>
    /// Words, sentences and syllables of text units: a unit splits into sentences at . ! and ?, and a
    /// sentence counts only when it holds a word. Shared by the English and Spanish reading-level checks.
    /// </summary>
    public static (int Words, int Sentences, int Syllables) Count(IEnumerable<string> units, Regex wordPattern, Func<string, int> syllablesOf)
    {
        var sentences = 0;
        var words = 0;
        var syllables = 0;
        foreach (var unit in units)
        {
            foreach (var sentence in SentenceEnd().Split(unit).Where(s => wordPattern.IsMatch(s)))
            {
                sentences++;
                foreach (Match word in wordPattern.Matches(sentence))
                {
                    words++;
                    syllables += syllablesOf(word.Value);
                }
            }
        }

        return (words, sentences, syllables);
    }

    /// <summary>The text units of a Markdown document: paragraphs (wrapped lines joined), headings and table cells.</summary>
    public static IEnumerable<string> Units(string markdown)
    {
        var document = Markdown.Parse(markdown, MarkdownPipelines.Articles);
        foreach (var block in document.Descendants<LeafBlock>())
        {
            if (block is ParagraphBlock or HeadingBlock && ContentLoader.InlineText(block.Inline) is { Length: > 0 } text)
            {
                yield return text;
            }
        }
    }

    public static int Syllables(string word)
    {
        var w = word.ToLowerInvariant();
        if (w.All(char.IsDigit))
        {
            return NumberSyllables(w);
        }

        if (Dictionary.Value.TryGetValue(w, out var known))
        {
            return known;
        }

        return w.EndsWith("'s", StringComparison.Ordinal) && Dictionary.Value.TryGetValue(w[..^2], out var stem) ? stem : Heuristic(w);
    }

    /// <summary>Vowel groups, less a silent final e: the usual approximation for words the dictionary lacks.</summary>
    public static int Heuristic(string word)
    {
        var w = word.ToLowerInvariant();
        if (w.Length <= 3)
        {
            return 1;
        }

        w = SilentEnding().Replace(w, "");
        w = LeadingY().Replace(w, "");
        return Math.Max(1, VowelGroups().Matches(w).Count);
    }

    /// <summary>Numbers are read aloud: "988" is "nine eight eight", "2023" is "twenty twenty-three".</summary>
    private static int NumberSyllables(string digits) => digits.Length switch
    {
        1 => digits == "7" ? 2 : 1,
        2 => 2,
        _ => digits.Length,
    };

    private static Dictionary<string, int> LoadDictionary()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Content", "syllables.tsv.gz");
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var table = new Dictionary<string, int>(130_000, StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            table[line[..tab]] = line[tab + 1] - '0';
        }

        return table;
    }

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[A-Za-z0-9]+(?:'[a-z]+)?")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"(?:[^laeiouy]es|ed|[^laeiouy]e)$")]
    private static partial Regex SilentEnding();

    [GeneratedRegex(@"^y")]
    private static partial Regex LeadingY();

    [GeneratedRegex(@"[aeiouy]{1,2}")]
    private static partial Regex VowelGroups();
}
