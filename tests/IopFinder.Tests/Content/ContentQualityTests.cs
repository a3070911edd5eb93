using System.Text.RegularExpressions;
using IopFinder.Web.Content;
using Xunit.Abstractions;

namespace IopFinder.Tests.Content;

/// <summary>The library's quality bar, checked over the real content folder.</summary>
[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed partial class ContentQualityTests(ITestOutputHelper output)
{
    private static readonly IReadOnlyList<Article> Articles = ContentLoader.Load(RepoPaths.Content).Articles;

    public const double MaxGrade = 8.0;

    /// <summary>Publishers the library treats as authoritative public bodies.</summary>
    private static readonly string[] Authorities =
    [
        "SAMHSA", "Substance Abuse and Mental Health Services Administration", "NIDA", "National Institute on Drug Abuse",
        "NIAAA", "National Institute on Alcohol Abuse", "ASAM", "American Society of Addiction Medicine", "CDC",
        "Centers for Disease Control", "FDA", "Food and Drug Administration", "NIH", "National Institutes of Health",
        "National Institute of Mental Health", "CMS", "Centers for Medicare", "Medicaid.gov", "Medicare.gov", "Department of Health",
        "Department of Labor", "Equal Employment Opportunity Commission",
    ];

    /// <summary>Proper names that contain a stigmatising word and may still be written as they are.</summary>
    private static readonly string[] ProperNames =
    [
        "Alcoholics Anonymous", "Adult Children of Alcoholics", "Substance Abuse and Mental Health Services Administration",
        "National Institute on Alcohol Abuse and Alcoholism", "National Institute on Drug Abuse",
    ];

    public static TheoryData<string> Slugs()
    {
        var data = new TheoryData<string>();
        foreach (var article in Articles)
        {
            data.Add(article.Slug);
        }

        return data;
    }

    private static Article Get(string slug) => Articles.Single(a => a.Slug == slug);

    [Fact]
    public void Reading_level_table()
    {
        output.WriteLine($"{"article",-50} {"grade",6} {"words",6} {"sentences",9}");
        foreach (var article in Articles)
        {
            var (grade, words, sentences) = Readability.OfMarkdown(File.ReadAllText(article.FilePath));
            output.WriteLine($"{article.Slug,-50} {grade,6:F1} {words,6} {sentences,9}");
        }

        Assert.NotEmpty(Articles);
    }

    [Theory]
    [MemberData(nameof(Slugs))]
    public void Body_text_reads_at_grade_8_or_lower(string slug)
    {
        var (grade, _, _) = Readability.OfMarkdown(File.ReadAllText(Get(slug).FilePath));

        Assert.True(grade <= MaxGrade, $"{slug} reads at grade {grade:F1}");
    }

    [Fact]
    public void The_reading_level_joins_wrapped_lines_and_counts_list_items_and_headings_as_units()
    {
        const string markdown = "## Where to start\n\nThis sentence is wrapped\nacross three lines\nof the file.\n\n- Call 988\n- Tell a doctor. Then rest.\n";

        var units = Readability.Units(markdown).ToList();
        var (_, words, sentences) = Readability.OfMarkdown(markdown);

        Assert.Equal(["Where to start", "This sentence is wrapped across three lines of the file.", "Call 988", "Tell a doctor. Then rest."], units);
        Assert.Equal(5, sentences);
        Assert.Equal(20, words);
    }

    [Fact]
    public void A_wrapped_line_inside_a_paragraph_reads_as_a_space_not_as_two_words_run_together()
    {
        var document = Markdig.Markdown.Parse("Programs need your written\nconsent first.", MarkdownPipelines.Articles);
        var paragraph = Markdig.Syntax.MarkdownObjectExtensions.Descendants<Markdig.Syntax.ParagraphBlock>(document).Single();

        Assert.Equal("Programs need your written consent first.", ContentLoader.InlineText(paragraph.Inline));
        Assert.Contains(Get("frequently-asked-questions").Faq, f => f.Answer.Contains("shares anything about your treatment", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("every", 3)]
    [InlineData("medication", 4)]
    [InlineData("treatment", 2)]
    [InlineData("naloxone", 3)]
    [InlineData("988", 3)]
    public void Syllables_come_from_the_pronouncing_dictionary_with_a_fallback_for_words_it_lacks(string word, int syllables)
    {
        Assert.Equal(syllables, Readability.Syllables(word));
    }

    [Theory]
    [MemberData(nameof(Slugs))]
    public void Language_is_person_first_and_free_of_stigma(string slug)
    {
        var text = ProperNames.Aggregate(Get(slug).PlainText, (t, name) => t.Replace(name, "", StringComparison.OrdinalIgnoreCase));

        var found = Stigmatising().Matches(text).Select(m => m.Value).ToList();

        Assert.True(found.Count == 0, $"{slug} uses: {string.Join(", ", found)}");
    }

    [Theory]
    [MemberData(nameof(Slugs))]
    public void Every_article_cites_at_least_two_authoritative_public_sources(string slug)
    {
        var article = Get(slug);

        var authoritative = article.Sources.Count(s => Authorities.Any(a => s.Publisher.Contains(a, StringComparison.Ordinal)));

        Assert.True(authoritative >= 2, $"{slug} has {authoritative} authoritative sources");
    }

    /// <summary>Addresses confirmed against the publisher's own page (content/checked-sources.txt).</summary>
    private static readonly HashSet<string> CheckedAddresses = File.ReadLines(Path.Combine(RepoPaths.Content, "checked-sources.txt"))
        .Where(l => l.StartsWith("https://", StringComparison.Ordinal)).Select(l => l.Split('\t')[0]).ToHashSet(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Slugs))]
    public void Every_cited_address_was_confirmed_and_the_rest_are_cited_by_title_and_publisher(string slug)
    {
        var unconfirmed = Get(slug).Sources.Where(s => s.Url is not null && !CheckedAddresses.Contains(s.Url)).Select(s => s.Url).ToList();

        Assert.True(unconfirmed.Count == 0, $"{slug} cites addresses nobody confirmed: {string.Join(", ", unconfirmed)}");
    }

    [Theory]
    [MemberData(nameof(Slugs))]
    public void Every_article_links_to_two_others_and_to_the_self_check_or_directory(string slug)
    {
        var article = Get(slug);
        var others = article.Links.Select(l => l.Slug).Where(s => s != slug && s != ContentLoader.GlossarySlug).Distinct().Count();

        Assert.True(others >= 2, $"{slug} links to {others} other articles");
        if (slug != ContentLoader.GlossarySlug)
        {
            Assert.True(article.Html.Contains("href=\"/self-check\"", StringComparison.Ordinal) || article.Html.Contains("href=\"/clinics", StringComparison.Ordinal),
                $"{slug} does not link to the self-check or the directory");
        }
    }

    [Theory]
    [MemberData(nameof(Slugs))]
    public void Every_article_ends_with_a_next_step_into_the_directory_or_the_self_check(string slug)
    {
        var html = Get(slug).Html;
        var lastSection = html[html.LastIndexOf("<h2", StringComparison.Ordinal)..];

        Assert.True(lastSection.Contains("href=\"/clinics", StringComparison.Ordinal) || lastSection.Contains("href=\"/self-check\"", StringComparison.Ordinal),
            $"{slug}'s last section does not lead to the directory or the self-check");
    }

    /// <summary>Articles whose topic is a directory filter end with a link filtered by it.</summary>
    [Theory]
    [InlineData("medications-for-opioid-and-alcohol-use-disorders", "service=mat")]
    [InlineData("paying-for-iop", "pay=medicaid")]
    [InlineData("iop-for-teens-and-young-adults", "age=adolescents")]
    [InlineData("co-occurring-mental-health-conditions", "service=co_occurring")]
    [InlineData("virtual-and-telehealth-iop", "service=telehealth")]
    [InlineData("withdrawal", "care=detox")]
    [InlineData("pregnancy-and-parenting", "pop=pregnant")]
    [InlineData("levels-of-care-compared", "care=php")]
    [InlineData("overdose", "service=mat")]
    public void Topic_articles_end_with_a_directory_link_filtered_by_their_topic(string slug, string filter)
    {
        var html = Get(slug).Html;
        var lastSection = html[html.LastIndexOf("<h2", StringComparison.Ordinal)..];

        Assert.Contains(DirectoryLink().Matches(lastSection), m => m.Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal).Split('?', '&').Contains(filter));
    }

    [Theory]
    [MemberData(nameof(Slugs))]
    public void Directory_links_in_articles_use_only_filters_the_directory_knows(string slug)
    {
        foreach (Match link in DirectoryLink().Matches(Get(slug).Html))
        {
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal));
            foreach (var (name, values) in query)
            {
                if (IopFinder.Web.Clinics.ClinicCodes.All.FirstOrDefault(c => c.Parameter == name) is { } set)
                {
                    Assert.All(values, v => Assert.True(set.IsKnown(v!), $"{slug} links to {name}={v}, which the directory does not know"));
                }
            }
        }
    }

    [Fact]
    public void Each_safety_article_links_to_the_other_safety_articles()
    {
        var safety = Articles.Where(a => a.Category == "safety").ToList();

        Assert.True(safety.Count >= 3);
        Assert.All(safety, a => Assert.Empty(safety.Where(o => o != a).Select(o => o.Slug).Except(a.Links.Select(l => l.Slug))));
    }

    [Theory]
    [MemberData(nameof(Slugs))]
    public void Articles_other_than_the_glossary_and_faq_are_600_to_1500_words(string slug)
    {
        var words = Get(slug).WordCount;

        if (slug is not (ContentLoader.GlossarySlug or "frequently-asked-questions"))
        {
            Assert.InRange(words, 600, 1500);
        }
    }

    [Fact]
    public void The_library_covers_every_topic_families_need()
    {
        string[] required =
        [
            "what-is-an-intensive-outpatient-program", "levels-of-care-compared", "a-week-in-an-iop", "therapies-used-in-iop",
            "medications-for-opioid-and-alcohol-use-disorders", "co-occurring-mental-health-conditions", "is-iop-right-for-me",
            "iop-as-a-step-down", "relapse-prevention-and-life-skills", "after-iop", "paying-for-iop", "how-to-choose-a-program",
            "helping-a-loved-one", "iop-for-teens-and-young-adults", "virtual-and-telehealth-iop", "overdose", "the-first-call-and-intake",
            "glossary", "frequently-asked-questions", "withdrawal", "suicide-and-crisis", "warning-signs-of-a-bad-program",
            "privacy-work-and-treatment", "pregnancy-and-parenting",
        ];

        Assert.Empty(required.Except(Articles.Select(a => a.Slug)));
    }

    [Fact]
    public void The_glossary_gives_each_term_its_own_anchor_and_articles_link_to_terms()
    {
        var glossary = Get(ContentLoader.GlossarySlug);
        var anchors = glossary.Toc.Where(t => t.Level == 3).Select(t => t.Id).ToList();

        Assert.True(anchors.Count >= 30, $"{anchors.Count} terms");
        Assert.Equal(anchors.Count, anchors.Distinct().Count());
        var termLinks = Articles.Where(a => a.Slug != ContentLoader.GlossarySlug)
            .SelectMany(a => TermLink().Matches(a.Html).Select(m => m.Groups[1].Value)).ToList();
        Assert.NotEmpty(termLinks);
        Assert.All(termLinks, anchor => Assert.Contains(anchor, anchors));
    }

    [Fact]
    public void The_faq_is_marked_up_as_questions_and_answers()
    {
        var faq = Get("frequently-asked-questions");

        Assert.True(faq.Faq.Count >= 10);
        Assert.All(faq.Faq, f =>
        {
            Assert.EndsWith("?", f.Question);
            Assert.True(f.Answer.Length > 40);
        });
    }

    [Theory]
    [InlineData("addict")]
    [InlineData("substance abuser")]
    [InlineData("a clean drug test")]
    [InlineData("Dirty urine")]
    [InlineData("his alcoholic father")]
    [InlineData("history of substance abuse")]
    public void The_stigma_check_catches_labels(string phrase)
    {
        Assert.Matches(Stigmatising(), phrase);
    }

    [Theory]
    [InlineData("Alcoholics Anonymous meets weekly")]
    [InlineData("addiction is a health condition")]
    [InlineData("Substance Abuse and Mental Health Services Administration")]
    public void The_stigma_check_allows_proper_names_and_plain_terms(string phrase)
    {
        var text = ProperNames.Aggregate(phrase, (t, name) => t.Replace(name, "", StringComparison.OrdinalIgnoreCase));

        Assert.DoesNotMatch(Stigmatising(), text);
    }

    [GeneratedRegex(@"\b(addicts?|abusers?|alcoholics?|junkies|junkie|clean|dirty|substance abuse)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Stigmatising();

    [GeneratedRegex("href=\"(/clinics[^\"]*)\"")]
    private static partial Regex DirectoryLink();

    [GeneratedRegex("href=\"/learn/glossary#([a-z0-9-]+)\"")]
    private static partial Regex TermLink();
}
