using System.Text.RegularExpressions;
using IopFinder.Tests.Content;

namespace IopFinder.Tests.Spanish;

/// <summary>
/// A sentence is one translatable unit. A page that places separately translated fragments around a link or a
/// number ("Call or text" 988 "now") forces every language into English word order: in Spanish it once told
/// people to press 2 on 911. These checks read the views and the resources, so a new fragment fails the build's
/// tests before anyone reads it on a page.
/// </summary>
[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed partial class WholeSentenceTests
{
    private static readonly string Web = Path.Combine(RepoPaths.Root, "web");

    /// <summary>The Spanish resources: English text → Spanish text.</summary>
    internal static IReadOnlyDictionary<string, string> Resources => RepoLibrary.SpanishStrings;

    private static IEnumerable<string> SourceFiles(params string[] patterns) =>
        patterns.SelectMany(p => Directory.EnumerateFiles(Web, p, SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>Each literal lookup, <c>T["…"]</c> or <c>H["…"]</c>, with its file, line and what follows it on the line.</summary>
    private static IEnumerable<(string File, int Line, string Key, string After)> Lookups(params string[] patterns)
    {
        foreach (var file in SourceFiles(patterns))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match m in Lookup().Matches(lines[i]))
                {
                    var end = m.Index + m.Length;
                    var close = lines[i].IndexOf(']', end);
                    var after = close < 0 ? "" : lines[i][(close + 1)..].TrimStart();
                    yield return (Path.GetRelativePath(RepoPaths.Root, file), i + 1, Regex.Unescape(m.Groups[1].Value), after);
                }
            }
        }
    }

    [Fact]
    public void No_view_builds_a_sentence_from_fragments_around_a_link_or_a_number()
    {
        var fragments = new List<string>();
        foreach (var (file, line, key, after) in Lookups("*.cshtml"))
        {
            // A fragment starts mid-sentence (", or chat at…", "now", "for"), or stops mid-sentence with a link,
            // a number or another lookup right after it ("Call or text" <a>988</a>). A label ends with a colon.
            var startsMidSentence = key.Length > 0 && (char.IsLower(key[0]) || key[0] is ',' or '.' or ';' or ':' or ')' or ' ');
            var endsMidSentence = !EndsSentence().IsMatch(key) && (after.StartsWith("<a", StringComparison.Ordinal) || after.StartsWith('@'));
            if (startsMidSentence || endsMidSentence)
            {
                fragments.Add($"{file}:{line}: \"{key}\" is part of a sentence; make the sentence one resource with {{0}} placeholders (H[\"…\"])");
            }
        }

        Assert.True(fragments.Count == 0, string.Join("\n", fragments));
    }

    [Fact]
    public void Every_string_a_view_or_the_code_names_has_Spanish()
    {
        var missing = Lookups("*.cshtml", "*.cs")
            .Where(l => !Resources.ContainsKey(l.Key) && !l.File.EndsWith("CrisisLinks.cs", StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Line}: {l.Key}").ToList();

        Assert.True(missing.Count == 0, "No Spanish for:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Spanish_says_to_text_AYUDA_to_988_and_keeps_press_2_with_988()
    {
        var wrong = new List<string>();
        foreach (var (english, spanish) in Resources)
        {
            // A plain text does not reach the Spanish service: the word AYUDA does.
            if (Regex.IsMatch(spanish, @"texto|enví[ae]\w* un mensaje", RegexOptions.IgnoreCase) && spanish.Contains("988", StringComparison.Ordinal)
                && !Regex.IsMatch(spanish, @"AYUDA por texto al (988|\{\d\})"))
            {
                wrong.Add($"text without AYUDA: {spanish}");
            }

            if (Regex.IsMatch(english, @"\btext(ing)?\b[^.]*988|988[^.]*\btext\b", RegexOptions.IgnoreCase) && !spanish.Contains("AYUDA por texto al", StringComparison.Ordinal))
            {
                wrong.Add($"English says text 988, Spanish does not say AYUDA por texto: {spanish}");
            }

            // "Marque 2" is 988's Spanish option, said once and never in a sentence about 911.
            foreach (var sentence in Regex.Split(spanish, @"(?<=[.!?])\s+"))
            {
                if (Regex.IsMatch(sentence, @"marc(ar|ue) (el )?2", RegexOptions.IgnoreCase)
                    && (Regex.IsMatch(sentence, @"\b911\b") || !Regex.IsMatch(sentence, @"988|\{0\}")))
                {
                    wrong.Add($"press 2 away from 988: {sentence}");
                }
            }

            if (Regex.Matches(spanish, @"marc(ar|ue) (el )?2", RegexOptions.IgnoreCase).Count > 1)
            {
                wrong.Add($"press 2 said twice: {spanish}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>
    /// Whether a piece of rendered text is whole resource values, one after another, with only spaces and
    /// punctuation between them; a placeholder stands for anything. "Llame … al 988 ahora" built from
    /// "Llame … al", "988" and "ahora" is not: 988 is in no resource.
    /// </summary>
    internal static bool IsWholeSentences(string text, IReadOnlyList<Regex> values)
    {
        var reachable = new bool[text.Length + 1];
        reachable[0] = true;
        for (var i = 0; i < text.Length; i++)
        {
            if (!reachable[i])
            {
                continue;
            }

            if (char.IsWhiteSpace(text[i]) || text[i] is '.' or ':' or ';' or ',')
            {
                reachable[i + 1] = true;
                continue;
            }

            foreach (var value in values)
            {
                if (value.Match(text, i) is { Success: true } m && m.Index == i)
                {
                    reachable[i + m.Length] = true;
                }
            }
        }

        return reachable[text.Length];
    }

    /// <summary>Each Spanish value as a pattern that matches it where it starts; a placeholder matches any text.</summary>
    internal static IReadOnlyList<Regex> SpanishValuePatterns() =>
        Resources.Values.Select(v => HtmlTags().Replace(v, ""))
            .Where(v => PlaceholderPattern().Replace(v, "").Trim().Length >= 3)
            .Distinct()
            .Select(v => new Regex(@"\G" + string.Join(".+?", PlaceholderPattern().Split(Regex.Replace(v, @"\s+", " ").Trim()).Select(Regex.Escape))))
            .ToList();

    [Fact]
    public void The_whole_sentence_check_refuses_a_sentence_glued_around_a_number()
    {
        var values = new[] { "Llame al", "ahora", "Llame al {0} ahora" }
            .Select(v => new Regex(@"\G" + string.Join(".+?", PlaceholderPattern().Split(v).Select(Regex.Escape)))).ToList();

        Assert.True(IsWholeSentences("Llame al 988 ahora", values.Skip(2).ToList()));
        Assert.False(IsWholeSentences("Llame al 988 ahora", values.Take(2).ToList()));
    }

    [GeneratedRegex(@"\b[TH]\[""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Lookup();

    [GeneratedRegex(@"[.!?:)…]$")]
    private static partial Regex EndsSentence();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex HtmlTags();
}
