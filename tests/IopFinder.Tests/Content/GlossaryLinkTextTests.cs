using System.Text.RegularExpressions;
using IopFinder.Tests.Spanish;
using IopFinder.Web.Content;
using IopFinder.Web.Infrastructure;

namespace IopFinder.Tests.Content;

/// <summary>
/// Linking glossary terms rewrites an article's inlines. It once dropped the rest of a paragraph after the
/// first linked term's line, so "Never use alone, and keep naloxone near." vanished from a list item.
/// </summary>
[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed partial class GlossaryLinkTextTests
{
    public static TheoryData<string, string> Articles()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Content, "articles"), "*.md").Order())
        {
            var name = Path.GetFileName(file);
            data.Add(name.EndsWith(".es.md", StringComparison.Ordinal) ? "es" : "en", name.Replace(".es.md", "", StringComparison.Ordinal).Replace(".md", "", StringComparison.Ordinal));
        }

        return data;
    }

    private static ContentLoadResult English => RepoLibrary.English;

    private static ContentLoadResult Spanish => RepoLibrary.Spanish;

    [Theory]
    [MemberData(nameof(Articles))]
    public void Every_word_of_an_article_reaches_its_page_after_glossary_linking(string language, string slug)
    {
        var article = (language == "es" ? Spanish : English).Articles.Single(a => a.Slug == slug);
        var unlinked = Markdig.Markdown.ToHtml(File.ReadAllText(article.FilePath), MarkdownPipelines.Articles);
        var expected = Words(SafetyPointTests.ReadableText(unlinked));
        var shown = Words(SafetyPointTests.ReadableText(article));

        Assert.Equal(expected, shown);
    }

    [Fact]
    public void A_list_item_keeps_its_second_line_after_a_linked_term()
    {
        var relapse = English.Articles.Single(a => a.Slug == "relapse-prevention-and-life-skills");

        Assert.Contains("Never use alone", SafetyPointTests.ReadableText(relapse), StringComparison.Ordinal);
        Assert.Contains("class=\"term\"", relapse.Html, StringComparison.Ordinal);
    }

    private static List<string> Words(string text) => WordPattern().Matches(text).Select(m => m.Value).ToList();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
