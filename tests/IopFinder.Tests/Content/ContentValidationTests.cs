using IopFinder.Web.Content;

namespace IopFinder.Tests.Content;

[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed class ContentValidationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private const string Categories = "- slug: basics\n  title: Basics\n";

    internal static string Article(string title = "A title", string extraFrontMatter = "", string body = "Some text.") => $"""
        ---
        title: {title}
        description: A short description.
        category: basics
        order: 1
        updated: 2026-01-02
        reviewed: 2026-01-03
        sources:
          - title: A source
            publisher: SAMHSA
            url: https://www.samhsa.gov/
        {extraFrontMatter}
        ---

        {body}
        """;

    [Fact]
    public void The_real_content_folder_has_no_problems()
    {
        var result = ContentLoader.Load(RepoPaths.Content);

        Assert.True(result.Problems.Count == 0, "Content problems:\n" + string.Join("\n", result.Problems));
        Assert.True(result.Articles.Count >= 3);
    }

    [Fact]
    public void A_missing_required_field_is_reported_with_file_and_line()
    {
        _folder.File("categories.yml", Categories);
        _folder.File("articles/no-title.md", Article().Replace("title: A title\n", ""));

        var result = ContentLoader.Load(_folder.Path);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("articles/no-title.md", problem.File);
        Assert.Equal(1, problem.Line);
        Assert.Contains("'title'", problem.Message);
        Assert.Empty(result.Articles);
    }

    [Fact]
    public void A_duplicate_slug_is_reported_and_only_the_first_article_is_kept()
    {
        _folder.File("categories.yml", Categories);
        _folder.File("articles/a/same.md", Article("First"));
        _folder.File("articles/b/same.md", Article("Second"));

        var result = ContentLoader.Load(_folder.Path);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("articles/b/same.md", problem.File);
        Assert.Contains("duplicate slug 'same'", problem.Message);
        Assert.Equal("First", Assert.Single(result.Articles).Title);
    }

    [Fact]
    public void A_link_to_a_missing_article_is_reported_with_its_line()
    {
        _folder.File("categories.yml", Categories);
        _folder.File("articles/good.md", Article());
        _folder.File("articles/linker.md", Article(body: "First line.\n\nSee [this](/learn/good) and [that](/learn/nowhere#part)."));

        var result = ContentLoader.Load(_folder.Path);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("articles/linker.md", problem.File);
        Assert.Equal(17, problem.Line);
        Assert.Contains("'nowhere'", problem.Message);
        Assert.Equal(["good"], result.Articles.Select(a => a.Slug));
    }

    [Fact]
    public void An_image_without_alt_text_is_reported_with_its_line()
    {
        _folder.File("categories.yml", Categories);
        _folder.File("articles/pictures.md", Article(body: "Intro.\n\n![](/images/a.png)"));

        var result = ContentLoader.Load(_folder.Path);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(17, problem.Line);
        Assert.Contains("no alt text", problem.Message);
    }

    [Fact]
    public void Invalid_yaml_unknown_category_and_bad_dates_are_reported()
    {
        _folder.File("categories.yml", Categories);
        _folder.File("articles/yaml.md", "---\ntitle: [unclosed\n---\nText");
        _folder.File("articles/category.md", Article().Replace("category: basics", "category: nowhere"));
        _folder.File("articles/date.md", Article().Replace("updated: 2026-01-02", "updated: last tuesday"));

        var result = ContentLoader.Load(_folder.Path);

        Assert.Contains(result.Problems, p => p.File == "articles/yaml.md" && p.Message.StartsWith("invalid front matter", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.File == "articles/category.md" && p.Message.Contains("unknown category 'nowhere'"));
        Assert.Contains(result.Problems, p => p.File == "articles/date.md" && p.Message.Contains("'updated'"));
        Assert.Empty(result.Articles);
    }

    [Fact]
    public void A_translation_beside_an_article_is_not_served_as_an_article()
    {
        _folder.File("categories.yml", Categories);
        _folder.File("articles/topic.md", Article());
        _folder.File("articles/topic.es.md", Article("Un título"));

        var result = ContentLoader.Load(_folder.Path);

        Assert.Empty(result.Problems);
        Assert.Equal("topic", Assert.Single(result.Articles).Slug);
    }

    [Fact]
    public void Headings_become_a_table_of_contents_with_anchors_and_reading_time_follows_length()
    {
        _folder.File("categories.yml", Categories);
        var words = string.Join(" ", Enumerable.Repeat("word", 450));
        _folder.File("articles/long.md", Article(body: $"## First part\n\n{words}\n\n### A detail\n\nMore.\n\n## Second part\n\nEnd."));

        var article = Assert.Single(ContentLoader.Load(_folder.Path).Articles);

        Assert.Equal(["First part", "A detail", "Second part"], article.Toc.Select(t => t.Text));
        Assert.Equal([2, 3, 2], article.Toc.Select(t => t.Level));
        Assert.All(article.Toc, t => Assert.Contains($"id=\"{t.Id}\"", article.Html));
        Assert.Equal(3, article.ReadingMinutes);
    }

    public void Dispose() => _folder.Dispose();
}
