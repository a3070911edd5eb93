using System.Text.RegularExpressions;

namespace IopFinder.Tests.Content;

/// <summary>
/// Flesch–Kincaid grade level: 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
/// Each line of an article's plain text (a paragraph, list item, heading or table row) ends a
/// sentence, as a reader takes it; syllables are counted from vowel groups, the usual approximation.
/// </summary>
public static partial class Readability
{
    public static (double Grade, int Words, int Sentences) FleschKincaid(string text)
    {
        var sentences = 0;
        var words = 0;
        var syllables = 0;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var sentence in SentenceEnd().Split(line).Where(s => WordPattern().IsMatch(s)))
            {
                sentences++;
                foreach (Match word in WordPattern().Matches(sentence))
                {
                    words++;
                    syllables += Syllables(word.Value);
                }
            }
        }

        if (words == 0)
        {
            return (0, 0, 0);
        }

        return (0.39 * words / sentences + 11.8 * syllables / words - 15.59, words, sentences);
    }

    public static int Syllables(string word)
    {
        var w = word.ToLowerInvariant();
        if (w.All(char.IsDigit))
        {
            return 1;
        }

        if (w.Length <= 3)
        {
            return 1;
        }

        w = SilentEnding().Replace(w, "");
        w = LeadingY().Replace(w, "");
        return Math.Max(1, VowelGroups().Matches(w).Count);
    }

    [GeneratedRegex(@"(?<=[.!?])\s+|[:;]\s+")]
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
