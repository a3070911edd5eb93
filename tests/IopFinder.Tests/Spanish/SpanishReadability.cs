using System.Text.RegularExpressions;
using IopFinder.Tests.Content;

namespace IopFinder.Tests.Spanish;

/// <summary>
/// Fernández-Huerta reading ease for Spanish, in Law's corrected form (the 1959 formula subtracted
/// sentences per 100 words, so shorter sentences scored harder):
/// 206.84 − 60 × syllables per word − 1.02 × words per sentence. 70 and above reads as fairly easy
/// (about 7th grade); 60–70 is standard. Text units are those of the English check (<see cref="Readability.Units"/>).
/// </summary>
public static partial class SpanishReadability
{
    public static (double Score, int Words, int Sentences) FernandezHuerta(IEnumerable<string> units)
    {
        var (words, sentences, syllables) = Readability.Count(units, WordPattern(), Syllables);
        return words == 0 ? (0, 0, 0) : (206.84 - 60.0 * syllables / words - 1.02 * words / sentences, words, sentences);
    }

    /// <summary>
    /// Syllables of a Spanish word: its vowel groups, where two strong vowels (a, e, o, or an accented
    /// í or ú) side by side are split in two (le-er, pa-ís, tí-a), and a weak vowel (i, u, ü) joins
    /// its neighbour (cui-da-do, bue-no). A y beside a vowel (hoy, muy, yo) never adds a syllable.
    /// </summary>
    public static int Syllables(string word)
    {
        var w = word.ToLowerInvariant();
        if (w == "y")
        {
            return 1;
        }

        var count = 0;
        var previousVowel = false;
        var previousStrong = false;
        for (var i = 0; i < w.Length; i++)
        {
            var c = w[i];
            if (!"aeiouáéíóúü".Contains(c))
            {
                previousVowel = false;
                continue;
            }

            var strong = "aeoáéóíú".Contains(c);
            if (!previousVowel || (strong && previousStrong))
            {
                count++;
            }

            previousVowel = true;
            previousStrong = strong;
        }

        return Math.Max(1, count);
    }

    [GeneratedRegex(@"[\p{L}]+")]
    private static partial Regex WordPattern();
}
