using System.Text.RegularExpressions;
using IopFinder.Tests.Content;
using IopFinder.Web.Content;
using IopFinder.Web.Infrastructure;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace IopFinder.Tests.Spanish;

/// <summary>
/// A translation may be shorter than its English article, but it never drops a safety step. Each step is named
/// once in <c>content/safety/&lt;id&gt;.yml</c> with a pattern per language; an article lists the steps it carries,
/// and these tests read both versions for each one.
/// </summary>
[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed class SafetyPointTests
{
    private sealed class PointYaml
    {
        public string? What { get; set; }
        public string? En { get; set; }
        public string? Es { get; set; }
        public bool Detect { get; set; }
    }

    private sealed record Point(string Id, string What, Regex English, Regex Spanish, bool Detect);

    private static ContentLoadResult English => RepoLibrary.English;

    private static ContentLoadResult Spanish => RepoLibrary.Spanish;

    private static readonly IReadOnlyDictionary<string, Point> Points = Directory.GetFiles(Path.Combine(RepoPaths.Content, ContentLoader.SafetyFolder), "*.yml")
        .Select(f =>
        {
            var id = Path.GetFileNameWithoutExtension(f);
            var yaml = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build().Deserialize<PointYaml>(File.ReadAllText(f));
            Assert.False(string.IsNullOrWhiteSpace(yaml.What) || string.IsNullOrWhiteSpace(yaml.En) || string.IsNullOrWhiteSpace(yaml.Es), $"{f}: what, en and es are required");
            const RegexOptions options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
            return new Point(id, yaml.What!, new Regex(yaml.En!, options), new Regex(yaml.Es!, options), yaml.Detect);
        })
        .ToDictionary(p => p.Id);

    public static TheoryData<string> EnglishSlugs() => new(English.Articles.Select(a => a.Slug).Order());

    /// <summary>What a reader reads: the rendered article without markup, spaces folded.</summary>
    internal static string ReadableText(Article article) => ReadableText(article.Html);

    /// <summary>Inline tags (a glossary link, bold) vanish; block tags separate words.</summary>
    internal static string ReadableText(string html) =>
        Regex.Replace(System.Net.WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(html, "</?(a|strong|em|code|span)\\b[^>]*>", ""), "<[^>]+>", " ")), @"\s+", " ");

    [Fact]
    public void Every_English_article_has_a_Spanish_version()
    {
        Assert.Empty(English.Problems);
        Assert.Empty(Spanish.Problems);
        var missing = English.Articles.Select(a => a.Slug).Except(Spanish.Articles.Select(a => a.Slug)).Order().ToList();

        Assert.True(missing.Count == 0, "No Spanish version: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(EnglishSlugs))]
    public void The_Spanish_article_carries_every_safety_point_of_the_English_one(string slug)
    {
        var english = English.Articles.Single(a => a.Slug == slug);
        var spanish = Spanish.Articles.SingleOrDefault(a => a.Slug == slug);
        var englishText = ReadableText(english);

        // A crisis line or naloxone in the English text is a safety point whether or not the writer listed it.
        var unlisted = Points.Values.Where(p => p.Detect && p.English.IsMatch(englishText) && !english.Safety.Contains(p.Id)).Select(p => p.Id).ToList();
        Assert.True(unlisted.Count == 0, $"{slug}.md mentions but does not list: {string.Join(", ", unlisted)}");
        var absentInEnglish = english.Safety.Where(id => !Points[id].English.IsMatch(englishText)).ToList();
        Assert.True(absentInEnglish.Count == 0, $"{slug}.md lists but does not say: {string.Join(", ", absentInEnglish)}");

        Assert.True(spanish is not null, $"{slug} has no Spanish version");
        var spanishText = ReadableText(spanish!);
        var dropped = english.Safety.Except(spanish!.Safety).ToList();
        Assert.True(dropped.Count == 0, $"{slug}.es.md does not list: {string.Join(", ", dropped)}");
        var absentInSpanish = spanish.Safety.Where(id => !Points[id].Spanish.IsMatch(spanishText)).Select(id => $"{id} ({Points[id].What} /{Points[id].Spanish}/)").ToList();
        Assert.True(absentInSpanish.Count == 0, $"{slug}.es.md lists but does not say:\n" + string.Join("\n", absentInSpanish));
    }

    [Fact]
    public void Every_safety_point_is_carried_by_some_article()
    {
        var used = English.Articles.SelectMany(a => a.Safety).ToHashSet();

        Assert.DoesNotContain(Points.Keys, id => !used.Contains(id));
    }

    [Fact]
    public void No_Spanish_article_says_to_text_988_without_AYUDA()
    {
        var wrong = Spanish.Articles
            .SelectMany(a => Regex.Matches(ReadableText(a), @"[^.]*\btexto\b[^.]*\b988\b[^.]*|[^.]*\b988\b[^.]*\btexto\b[^.]*").Select(m => (a.Slug, Sentence: m.Value.Trim())))
            .Where(x => !x.Sentence.Contains("AYUDA", StringComparison.Ordinal))
            .Select(x => $"{x.Slug}: {x.Sentence}").ToList();

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void A_translation_that_drops_a_safety_point_is_caught()
    {
        var point = Points["emergency-911"];

        Assert.Matches(point.Spanish, "Si no respira, llame al 911 ahora.");
        Assert.DoesNotMatch(point.Spanish, "Si no respira, busque ayuda.");
    }
}
