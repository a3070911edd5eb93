using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Xml.Linq;
using AngleSharp.Html.Dom;
using IopFinder.Tests.Content;
using IopFinder.Tests.SelfCheck;
using IopFinder.Web.Clinics;
using IopFinder.Web.Content;
using IopFinder.Web;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IopFinder.Tests.Spanish;

/// <summary>
/// A site whose localizer notes every string a Spanish page asked for and the Spanish resources lack:
/// such a string would show in English on a Spanish page.
/// </summary>
public sealed class SpanishSite : SiteFactory
{
    public ConcurrentDictionary<string, string> Missing { get; } = new();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStringLocalizerFactory>(provider =>
            new RecordingFactory(new ResourceManagerStringLocalizerFactory(
                provider.GetRequiredService<IOptions<LocalizationOptions>>(), provider.GetRequiredService<ILoggerFactory>()), Missing)));
    }

    private sealed class RecordingFactory(IStringLocalizerFactory inner, ConcurrentDictionary<string, string> missing) : IStringLocalizerFactory
    {
        public IStringLocalizer Create(Type resourceSource) => new Recording(inner.Create(resourceSource), missing);

        public IStringLocalizer Create(string baseName, string location) => new Recording(inner.Create(baseName, location), missing);
    }

    private sealed class Recording(IStringLocalizer inner, ConcurrentDictionary<string, string> missing) : IStringLocalizer
    {
        public LocalizedString this[string name] => Note(inner[name]);

        public LocalizedString this[string name, params object[] arguments] => Note(inner[name, arguments]);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);

        private LocalizedString Note(LocalizedString value)
        {
            if (value.ResourceNotFound && CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "es")
            {
                missing.TryAdd(value.Name, value.Name);
            }

            return value;
        }
    }
}

public sealed class SpanishEditionTests(SpanishSite site) : IClassFixture<SpanishSite>
{
    /// <summary>The Spanish resources: English text → Spanish text.</summary>
    private static IReadOnlyDictionary<string, string> Resources => RepoLibrary.SpanishStrings;

    private static string Slug(SiteFactory factory) => factory.Services.GetRequiredService<ClinicQueries>().ById(1)!.Slug;

    /// <summary>Every kind of page, by its English address; the Spanish one is the same under /es.</summary>
    private IEnumerable<string> Routes()
    {
        var slug = Slug(site);
        var state = IopFinder.Web.Places.StateNames.Slug(site.Services.GetRequiredService<ClinicQueries>().IopStates()[0].State);
        return
        [
            "/", "/learn", "/learn/what-is-an-intensive-outpatient-program", "/learn/glossary", "/clinics", "/clinics?near=22903",
            "/clinics?near=nowhere-at-all", "/clinics/" + slug, "/clinics/" + slug + "/report", "/clinics/" + slug + "/claim",
            "/clinics/compare?id=1&id=2", "/iop", "/iop/" + state, "/self-check", "/self-check/how-it-works", "/search?q=naloxone",
            "/search", "/privacy", "/attributions", "/api", "/portal", "/portal/login", "/portal/forgot", "/portal/set-password?token=nope",
        ];
    }

    private static string Text(IHtmlDocument document)
    {
        foreach (var element in document.QuerySelectorAll("script, style, [lang=en]").ToList())
        {
            element.Remove();
        }

        return System.Text.RegularExpressions.Regex.Replace(document.Body!.TextContent, @"\s+", " ");
    }

    [Fact]
    public async Task Every_page_answers_in_both_languages_with_the_right_lang_and_a_link_to_the_other()
    {
        using var client = site.Client();
        foreach (var route in Routes())
        {
            foreach (var (prefix, lang, other) in new[] { ("", "en", "/es"), ("/es", "es", "") })
            {
                var url = route == "/" && prefix.Length > 0 ? prefix : prefix + route;
                using var response = await client.GetAsync(url);
                var document = Html.Parse(await response.Content.ReadAsStringAsync());

                // A place nobody can find, or a spent password link, is a 400 that explains itself, in either language.
                var expected = route.Contains("nowhere", StringComparison.Ordinal) || route.Contains("token=nope", StringComparison.Ordinal) ? HttpStatusCode.BadRequest : HttpStatusCode.OK;
                Assert.True(response.StatusCode == expected, $"{url}: {(int)response.StatusCode}");
                Assert.Equal(lang, document.DocumentElement.GetAttribute("lang"));
                var switchLink = document.GetElementById("language-switch")!.GetAttribute("href")!;
                Assert.StartsWith(other + (route == "/" ? "" : route.Split('?')[0]), switchLink == "/" ? "" : switchLink);
            }
        }
    }

    [Fact]
    public async Task Spanish_pages_leave_no_English_UI_string_and_every_string_they_ask_for_is_translated()
    {
        using var client = site.Client();
        var englishLeft = new List<string>();
        // Long enough to be a phrase, not a word both languages share (Medicaid, IOP, Portal).
        var phrases = Resources.Where(r => r.Key.Length >= 16 && r.Key != r.Value && !r.Value.Contains(r.Key, StringComparison.Ordinal)).Select(r => r.Key).ToList();
        foreach (var route in Routes())
        {
            var document = await client.GetDocumentAsync(route == "/" ? "/es" : "/es" + route);
            var text = Text(document);
            englishLeft.AddRange(phrases.Where(p => text.Contains(p, StringComparison.Ordinal)).Select(p => $"{route}: {p}"));
        }

        foreach (var example in WorkedExamples.All)
        {
            var token = await client.TokenAsync("/es/self-check");
            var (response, document) = await client.PostFormAsync("/es/self-check", ContractForm.Fields(example.Answers, token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = Text(document);
            englishLeft.AddRange(phrases.Where(p => text.Contains(p, StringComparison.Ordinal)).Select(p => $"self-check '{example.Name}': {p}"));
        }

        Assert.True(englishLeft.Count == 0, "English left on Spanish pages:\n" + string.Join("\n", englishLeft.Distinct().Take(40)));
        Assert.True(site.Missing.IsEmpty, "Strings with no Spanish translation:\n" + string.Join("\n", site.Missing.Keys.Take(60)));
    }

    [Fact]
    public async Task Every_step_of_the_self_check_is_in_Spanish_for_oneself_and_for_a_loved_one()
    {
        using var client = site.Client();
        var seen = new System.Text.StringBuilder();
        foreach (var who in new[] { "self", "other" })
        {
            var (_, page) = await client.SubmitAsync("/es/self-check", await client.GetDocumentAsync("/es/self-check"), new Dictionary<string, string[]>());
            var steps = 0;
            while (page.GetElementById("self-check-step") is not null && steps++ < 20)
            {
                seen.Append(page.GetElementById("self-check-step")!.TextContent).Append(' ');
                var choices = page.QuerySelectorAll("fieldset.question").Select(f => f.QuerySelector("input")!).Where(i => i.GetAttribute("type") == "radio")
                    .GroupBy(i => i.GetAttribute("name")!).ToDictionary(g => g.Key, g => new[] { g.Key == "who" ? who : g.Key == "emergency" ? "no" : g.Key == "age" ? "26-64" : g.Last().GetAttribute("value")! });
                if (page.QuerySelector("input[name=substances]") is not null)
                {
                    choices["substances"] = ["alcohol", "opioids"];
                }

                (_, page) = await client.SubmitAsync("/es/self-check", page, choices);
            }

            Assert.True(page.GetElementById("self-check-result") is not null, $"{who}: ended on '{page.QuerySelector("h1")?.TextContent}' after {steps} steps: {page.GetElementById("error-summary")?.TextContent}");
        }

        // The published Spanish versions of AUDIT-C, PHQ-2 and GAD-2, word for word.
        var text = seen.ToString();
        Assert.Contains("¿Con qué frecuencia consume alguna bebida alcohólica?", text);
        Assert.Contains("¿Cuántas consumiciones de bebidas alcohólicas suele realizar en un día de consumo normal?", text);
        Assert.Contains("Poco interés o placer en hacer cosas", text);
        Assert.Contains("Se ha sentido decaído(a), deprimido(a) o sin esperanzas", text);
        Assert.Contains("Más de la mitad de los días", text);
        Assert.True(site.Missing.IsEmpty, "Strings with no Spanish translation:\n" + string.Join("\n", site.Missing.Keys.Take(60)));
    }

    [Fact]
    public async Task Every_Spanish_sentence_on_every_kind_of_result_is_a_whole_translated_sentence()
    {
        using var client = site.Client();
        var values = WholeSentenceTests.SpanishValuePatterns();
        var glued = new List<string>();
        foreach (var example in WorkedExamples.All)
        {
            var (_, document) = await client.PostFormAsync("/es/self-check", ContractForm.Fields(example.Answers, await client.TokenAsync("/es/self-check")));
            var result = document.GetElementById("self-check-result")!;
            var blocks = result.QuerySelectorAll("p, li, h1, h2, h3, h4")
                .Where(e => e.Closest("#nearby") is null && e.QuerySelector("p, li, ul, ol") is null);
            foreach (var block in blocks)
            {
                var text = System.Text.RegularExpressions.Regex.Replace(block.TextContent, @"\s+", " ").Trim();
                if (text.Length > 0 && !WholeSentenceTests.IsWholeSentences(text, values))
                {
                    glued.Add($"{example.Name}: {text}");
                }
            }

            // The crisis lines as a Spanish speaker must use them: 988 with "marque 2" and AYUDA by text, 911 alone.
            var crisis = System.Text.RegularExpressions.Regex.Replace(result.TextContent, @"\s+", " ");
            Assert.True(crisis.Contains("AYUDA por texto al 988", StringComparison.Ordinal), $"{example.Name}: {crisis}");
            Assert.DoesNotContain("envíe un texto", crisis, StringComparison.Ordinal);
            var sentences = result.QuerySelectorAll("p, li, h1, h2, h3, h4").Where(e => e.QuerySelector("p, li, ul, ol") is null)
                .SelectMany(e => System.Text.RegularExpressions.Regex.Split(System.Text.RegularExpressions.Regex.Replace(e.TextContent, @"\s+", " "), @"(?<=[.!?])\s+"));
            Assert.All(sentences.Where(s => s.Contains("911", StringComparison.Ordinal)), sentence => Assert.DoesNotContain("marque 2", sentence, StringComparison.Ordinal));
        }

        Assert.True(glued.Count == 0, "Sentences glued from fragments:\n" + string.Join("\n", glued.Distinct()));
    }

    [Fact]
    public async Task The_self_check_gives_the_same_result_in_Spanish_for_every_worked_example()
    {
        using var client = site.Client();
        foreach (var example in WorkedExamples.All)
        {
            var english = await client.PostFormAsync("/self-check", ContractForm.Fields(example.Answers, await client.TokenAsync("/self-check")));
            var spanish = await client.PostFormAsync("/es/self-check", ContractForm.Fields(example.Answers, await client.TokenAsync("/es/self-check")));

            var a = english.Document.GetElementById("self-check-result")!;
            var b = spanish.Document.GetElementById("self-check-result")!;
            foreach (var attribute in new[] { "data-outcome", "data-reasons", "data-flags", "data-next-outcome" })
            {
                Assert.Equal(a.GetAttribute(attribute), b.GetAttribute(attribute));
            }
        }
    }

    [Fact]
    public async Task Links_forms_and_redirects_on_Spanish_pages_stay_in_Spanish()
    {
        using var client = site.Client();
        var slug = Slug(site);
        foreach (var route in new[] { "", "/learn", "/clinics?near=22903", "/clinics/" + slug, "/self-check", "/portal/login" })
        {
            var document = await client.GetDocumentAsync("/es" + route);
            var links = document.QuerySelectorAll("a[href^='/']:not([hreflang]), form[action^='/']")
                .Select(e => e.GetAttribute("href") ?? e.GetAttribute("action")!)
                .Where(IopFinder.Web.Infrastructure.Languages.IsPageAddress).ToList();

            Assert.NotEmpty(links);
            Assert.All(links, link => Assert.True(link == "/es" || link.StartsWith("/es/", StringComparison.Ordinal) || link.StartsWith("/es?", StringComparison.Ordinal), $"/es{route} links to {link}"));
        }

        using var portal = await client.GetAsync("/es/portal/listings/1/edit");
        Assert.StartsWith("/es/portal/login", portal.Headers.Location!.OriginalString.Replace(SiteFactory.BaseUrl, ""));

        var report = await client.GetDocumentAsync($"/es/clinics/{slug}/report");
        var (response, _) = await client.SubmitAsync($"/es/clinics/{slug}/report", report, new Dictionary<string, string[]> { ["Form.Kind"] = ["wrong_phone"] }, button: "", formSelector: "main form[method=post]");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/es/clinics/{slug}?reported=1", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Pages_name_their_other_language_and_the_sitemap_lists_both()
    {
        using var client = site.Client();

        var page = await client.GetDocumentAsync("/es/learn/overdose");
        var alternates = page.QuerySelectorAll("link[rel=alternate][hreflang]").ToDictionary(l => l.GetAttribute("hreflang")!, l => l.GetAttribute("href")!);
        var sitemap = XDocument.Parse(await client.GetStringAsync("/sitemap.xml"));
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var locs = sitemap.Root!.Elements(ns + "url").Select(u => u.Element(ns + "loc")!.Value).ToHashSet();

        Assert.Equal(SiteFactory.BaseUrl + "/learn/overdose", alternates["en"]);
        Assert.Equal(SiteFactory.BaseUrl + "/es/learn/overdose", alternates["es"]);
        Assert.Equal(SiteFactory.BaseUrl + "/es/learn/overdose", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Contains(SiteFactory.BaseUrl + "/es/learn/overdose", locs);
        Assert.Contains(SiteFactory.BaseUrl + "/es/clinics", locs);
        Assert.Contains(SiteFactory.BaseUrl + "/learn/glossary", locs);
        Assert.Contains(SiteFactory.BaseUrl + "/es/learn/glossary", locs);
        var overdose = sitemap.Root.Elements(ns + "url").Single(u => u.Element(ns + "loc")!.Value == SiteFactory.BaseUrl + "/learn/overdose");
        Assert.Equal(2, overdose.Elements(XNamespace.Get("http://www.w3.org/1999/xhtml") + "link").Count());
    }

    [Fact]
    public async Task An_article_without_a_Spanish_version_says_so_and_links_to_the_English_one()
    {
        // Every article in the library has a Spanish version; a copy of it without the glossary's shows the fallback.
        using var content = new TempFolder();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Content, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("glossary.es.md", StringComparison.Ordinal)))
        {
            content.File(Path.GetRelativePath(RepoPaths.Content, file), File.ReadAllText(file));
        }

        await using var untranslated = new SiteFactory { ContentPath = content.Path, DemoClinics = 5 };
        using var client = untranslated.Client();

        var page = await client.GetDocumentAsync("/es/learn/glossary");
        var library = await client.GetDocumentAsync("/es/learn");

        Assert.NotNull(page.GetElementById("article-not-translated"));
        Assert.Equal("/learn/glossary", page.GetElementById("english-version")!.GetAttribute("href"));
        Assert.Equal("noindex", page.QuerySelector("meta[name=robots]")!.GetAttribute("content"));
        Assert.NotNull(library.QuerySelector("#in-english [data-article=glossary]"));
        Assert.NotNull(library.QuerySelector(".category:not(#in-english) [data-article=overdose]"));
        Assert.Null(library.QuerySelector(".category:not(#in-english) [data-article=glossary]"));
    }

    [Fact]
    public async Task Spanish_search_finds_Spanish_articles_and_English_search_English_ones()
    {
        using var client = site.Client();

        var spanish = await client.GetDocumentAsync("/es/search?q=naloxona");
        var english = await client.GetDocumentAsync("/search?q=naloxone");

        var spanishLinks = spanish.QuerySelectorAll("#search-results a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Contains("/es/learn/overdose", spanishLinks);
        Assert.All(spanishLinks, l => Assert.StartsWith("/es/learn/", l));
        Assert.Contains("/learn/overdose", english.QuerySelectorAll("#search-results a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task Spanish_search_finds_a_word_typed_without_its_accent()
    {
        using var client = site.Client();

        var accented = await client.GetDocumentAsync("/es/search?q=adicción");
        var plain = await client.GetDocumentAsync("/es/search?q=adiccion");

        var found = accented.QuerySelectorAll("#search-results a").Select(a => a.GetAttribute("href")).ToList();
        Assert.NotEmpty(found);
        Assert.All(found, href => Assert.StartsWith("/es/learn/", href));
        Assert.Equal(found, plain.QuerySelectorAll("#search-results a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task The_Spanish_directory_shows_an_unticked_Spanish_services_filter_and_listings_say_they_speak_Spanish_in_both_languages()
    {
        using var client = site.Client();
        var spanishClinic = site.Services.GetRequiredService<ClinicQueries>().All().First(c => c.Status == "active" && c.Codes(ClinicCodes.Language).Contains("spanish"));

        var directory = await client.GetDocumentAsync("/es/clinics");
        var filtered = await client.GetDocumentAsync("/es/clinics?lang=spanish&radius=any");
        var englishDirectory = await client.GetDocumentAsync("/clinics");

        var box = (IHtmlInputElement)directory.QuerySelector("#spanish-services input")!;
        Assert.False(box.IsChecked);
        Assert.Equal("Servicios en español", directory.QuerySelector("#spanish-services label")!.TextContent);
        Assert.True(((IHtmlInputElement)filtered.QuerySelector("#spanish-services input")!).IsChecked);
        Assert.Null(englishDirectory.GetElementById("spanish-services"));
        foreach (var prefix in new[] { "", "/es" })
        {
            var listing = await client.GetDocumentAsync($"{prefix}/clinics/{spanishClinic.Slug}");
            var badge = listing.GetElementById("spanish-badge")!;
            Assert.Equal("Services in Spanish", badge.QuerySelector("[lang=en]")!.TextContent);
            Assert.Equal("Servicios en español", badge.QuerySelector("[lang=es]")!.TextContent);
        }
    }

    [Fact]
    public async Task The_crisis_strip_in_Spanish_says_to_press_2_or_text_AYUDA()
    {
        using var client = site.Client();

        var page = await client.GetDocumentAsync("/es/learn");
        var strip = page.GetElementById("crisis-strip")!.TextContent;

        Assert.Contains("marque 2", strip);
        Assert.Contains("AYUDA", strip);
        Assert.Contains("1-800-662-4357", strip);
    }

    [Fact]
    public async Task English_and_Spanish_pages_are_cached_apart()
    {
        using var client = site.Client();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("en", (await client.GetDocumentAsync("/learn")).DocumentElement.GetAttribute("lang"));
            Assert.Equal("es", (await client.GetDocumentAsync("/es/learn")).DocumentElement.GetAttribute("lang"));
        }
    }
}
