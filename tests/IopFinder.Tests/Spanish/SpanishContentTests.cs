using IopFinder.Tests.Content;
using IopFinder.Web.Content;
using IopFinder.Web.Infrastructure;

namespace IopFinder.Tests.Spanish;

[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed class SpanishContentTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>The guides families need first, which the Spanish edition must carry.</summary>
    public static readonly string[] CoreSlugs =
    [
        "what-is-an-intensive-outpatient-program", "is-iop-right-for-me", "levels-of-care-compared", "paying-for-iop",
        "medications-for-opioid-and-alcohol-use-disorders", "overdose", "withdrawal", "helping-a-loved-one",
    ];

    private static ContentLoadResult English => RepoLibrary.English;

    private static ContentLoadResult Spanish => RepoLibrary.Spanish;

    public static TheoryData<string> Translations() => new(Directory.GetFiles(Path.Combine(RepoPaths.Content, "articles"), "*.es.md").Select(f => Path.GetFileName(f)[..^".es.md".Length]).Order());

    private static readonly HashSet<string> CheckedAddresses = File.ReadLines(Path.Combine(RepoPaths.Content, "checked-sources.txt"))
        .Where(l => l.StartsWith("http", StringComparison.Ordinal)).Select(l => l.Split('\t')[0]).ToHashSet(StringComparer.Ordinal);

    /// <summary>Prints each Spanish article's score: <c>dotnet test tests/IopFinder.Tests --filter Spanish_reading_level_table --logger "console;verbosity=detailed"</c>.</summary>
    [Fact]
    public void Spanish_reading_level_table()
    {
        output.WriteLine($"{"article",-50} {"F-H",6} {"words",6} {"sentences",9}");
        foreach (var article in Spanish.Articles)
        {
            var (score, words, sentences) = SpanishReadability.FernandezHuerta(Readability.Units(File.ReadAllText(article.FilePath)));
            output.WriteLine($"{article.Slug,-50} {score,6:F1} {words,6} {sentences,9}");
        }

        Assert.NotEmpty(Spanish.Articles);
    }

    [Fact]
    public void The_eight_core_articles_exist_in_Spanish_and_load_without_problems()
    {
        Assert.Empty(Spanish.Problems);
        Assert.All(CoreSlugs, slug => Assert.Contains(slug, Spanish.Articles.Select(a => a.Slug)));
        Assert.All(Spanish.Articles, a => Assert.Contains(a.Slug, English.Articles.Select(e => e.Slug)));
    }

    [Theory]
    [MemberData(nameof(Translations))]
    public void Spanish_text_reads_at_Fernandez_Huerta_70_or_above(string slug)
    {
        var (score, words, sentences) = SpanishReadability.FernandezHuerta(Readability.Units(File.ReadAllText(Path.Combine(RepoPaths.Content, "articles", slug + ".es.md"))));

        Assert.True(words > 250, $"{slug}: only {words} words");
        Assert.True(score >= 70, $"{slug}: Fernández-Huerta {score:F1} over {words} words in {sentences} sentences");
    }

    [Theory]
    [MemberData(nameof(Translations))]
    public void Spanish_articles_cite_two_sources_with_confirmed_addresses_and_link_on_in_Spanish(string slug)
    {
        var article = Spanish.Articles.Single(a => a.Slug == slug);

        Assert.True(article.Sources.Count(s => s.Url is not null) >= 2, $"{slug} cites fewer than two addresses");
        Assert.All(article.Sources.Where(s => s.Url is not null), s => Assert.Contains(s.Url!, CheckedAddresses));
        Assert.True(article.Links.Select(l => l.Slug).Distinct().Count() >= 2, $"{slug} links to fewer than two guides");
        Assert.Contains("href=\"/es/self-check\"", article.Html);
        Assert.Contains("href=\"/es/clinics", article.Html);
        Assert.DoesNotContain("href=\"/learn/", article.Html);
    }

    [Theory]
    [InlineData("casa", 2)]
    [InlineData("tratamiento", 4)]
    [InlineData("leer", 2)]
    [InlineData("país", 2)]
    [InlineData("cuidado", 3)]
    [InlineData("muy", 1)]
    [InlineData("día", 2)]
    [InlineData("que", 1)]
    [InlineData("abstinencia", 4)]
    public void Spanish_syllables_split_strong_vowels_and_join_weak_ones(string word, int syllables) =>
        Assert.Equal(syllables, SpanishReadability.Syllables(word));

    [Fact]
    public void The_readability_score_rewards_short_sentences_and_short_words()
    {
        var easy = SpanishReadability.FernandezHuerta(["Llame hoy. Pida ayuda. No está solo."]).Score;
        var hard = SpanishReadability.FernandezHuerta(["La administración de medicamentos contra la dependencia requiere una evaluación interdisciplinaria pormenorizada, considerando antecedentes farmacológicos, comorbilidades psiquiátricas y circunstancias socioeconómicas particulares."]).Score;

        Assert.True(easy >= 70 && hard < 40, $"easy {easy:F1}, hard {hard:F1}");
    }
}
