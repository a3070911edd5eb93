using System.Net;
using IopFinder.Web.Clinics;
using IopFinder.Web.Pages.Clinics;
using IopFinder.Web.SelfCheck;
using IopFinder.Tests.SelfCheck;
using Microsoft.Extensions.DependencyInjection;
using static IopFinder.Web.SelfCheck.SelfCheckAnswers;

namespace IopFinder.Tests.Clinics;

/// <summary>
/// The call sheet a family prints or keeps on a phone: the crisis lines first, each program's phone, address,
/// schedule and openings, the first-call questions, and a QR code that, read back, opens the same sheet; in both
/// languages. And the self-check's printed result: its QR code and links carry the directory search, never an answer.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class CallSheetTests(SiteFactory factory)
{
    private static List<long> Ids(AngleSharp.Html.Dom.IHtmlDocument page, string selector) =>
        page.QuerySelectorAll(selector).Select(e => long.Parse(e.GetAttribute("data-clinic-id")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    [Fact]
    public async Task A_search_call_sheet_lists_its_first_results_with_phones_questions_and_a_qr_code_that_opens_it()
    {
        using var client = factory.Client();
        var results = await client.GetDocumentAsync("/clinics?near=60601&radius=100&care=iop");
        var link = results.GetElementById("call-sheet-link")!.GetAttribute("href")!;

        var sheet = await client.GetDocumentAsync(link);

        Assert.Equal(Ids(results, "#results li.result").Take(CallSheetModel.MaxPrograms), Ids(sheet, "li.call-program"));
        var text = sheet.GetElementById("call-sheet")!.InnerHtml;
        Assert.True(text.IndexOf("988", StringComparison.Ordinal) < text.IndexOf("call-programs", StringComparison.Ordinal), "the crisis lines come first");
        Assert.All(sheet.QuerySelectorAll("li.call-program"), li => Assert.NotNull(li.QuerySelector("a[href^='tel:']")));
        var questions = sheet.QuerySelectorAll("#call-questions li").Select(li => li.TextContent).ToList();
        Assert.Equal(9, questions.Count);
        Assert.Equal("Do you have an opening, and when could I start?", questions[0]);
        var decoded = QrDecoder.Decode(sheet.QuerySelector("#call-qr svg")!.OuterHtml);
        Assert.Equal(sheet.GetElementById("call-sheet-link")!.GetAttribute("href"), decoded);
        Assert.Equal("/clinics/call-sheet" + new Uri("http://x" + link).Query, new Uri(decoded).PathAndQuery);
        var again = await client.GetDocumentAsync(new Uri(decoded).PathAndQuery);
        Assert.Equal(Ids(sheet, "li.call-program"), Ids(again, "li.call-program"));
    }

    [Fact]
    public async Task The_compare_pages_call_sheet_is_in_spanish_on_the_spanish_site_and_its_qr_code_keeps_the_language()
    {
        using var client = factory.Client();
        var listings = factory.Services.GetRequiredService<ClinicQueries>();
        // Read only: the collection's site is shared, so the test picks demo listings that already have tracks.
        var withTracks = listings.ByIds(Enumerable.Range(1, 300).Select(i => (long)i).ToList()).Where(c => c.Tracks.Count > 0).Take(2).ToList();
        var (first, second) = (withTracks[0].Id, withTracks[1].Id);

        var compare = await client.GetDocumentAsync($"/es/clinics/compare?id={first}&id={second}");
        var sheet = await client.GetDocumentAsync(compare.GetElementById("call-sheet-link")!.GetAttribute("href")!);

        Assert.Equal("Hoja de llamadas", sheet.QuerySelector("h1")!.TextContent);
        Assert.Equal(new[] { first, second }.Order(), Ids(sheet, "li.call-program").Order());
        Assert.Equal("¿Tienen cupo y cuándo podría empezar?", sheet.QuerySelector("#call-questions li")!.TextContent);
        Assert.NotNull(sheet.QuerySelector($"li.call-program[data-clinic-id='{first}'] table, li.call-program[data-clinic-id='{first}'] .schedule"));
        Assert.Contains("988", sheet.QuerySelector(".help-now")!.TextContent, StringComparison.Ordinal);
        var decoded = new Uri(QrDecoder.Decode(sheet.QuerySelector("#call-qr svg")!.OuterHtml));
        Assert.Equal($"/es/clinics/call-sheet?id={first}&id={second}", decoded.PathAndQuery);
        Assert.Equal(withTracks[0].Name, sheet.QuerySelector($"li.call-program[data-clinic-id='{first}'] h2 a")!.TextContent);
    }

    [Theory]
    [InlineData("/clinics/call-sheet?id=abc")]
    [InlineData("/clinics/call-sheet?id=1&id=2&id=3&id=4&id=5&id=6&id=7&id=8&id=9&id=10&id=11")]
    [InlineData("/clinics/call-sheet?id=999999")]
    [InlineData("/clinics/call-sheet?near=Nowhere,+ZZ")]
    [InlineData("/clinics/call-sheet?near=10001&radius=5&q=zzzzqqqqxx")]
    public async Task A_call_sheet_it_cannot_make_says_why_with_a_400(string url)
    {
        using var client = factory.Client();

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no programs to list", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_sheet_from_my_location_carries_the_position_to_a_kilometre_and_nothing_else_of_the_address()
    {
        using var client = factory.Client();

        var sheet = await client.GetDocumentAsync("/clinics/call-sheet?lat=41.881832&lon=-87.623177&radius=50&care=iop&utm_source=x&junk=" + new string('a', 3000));

        var decoded = new Uri(QrDecoder.Decode(sheet.QuerySelector("#call-qr svg")!.OuterHtml));
        Assert.Equal("/clinics/call-sheet?lat=41.88&lon=-87.62&radius=50&care=iop", decoded.PathAndQuery);
        Assert.NotEmpty(sheet.QuerySelectorAll("li.call-program"));
    }

    [Fact]
    public async Task The_self_check_results_qr_code_and_links_carry_the_directory_search_and_no_answer()
    {
        using var client = factory.Client();
        var answers = WorkedExamples.All.Single(e => e.Name == "daily opioids, supportive home").Answers with
        {
            Pay = Set("medicaid"), Lang = Set("spanish"), Zip = "22903",
        };
        var token = await client.TokenAsync("/self-check");
        var fields = ContractForm.Fields(answers, token);

        var (_, page) = await client.PostFormAsync("/self-check", fields);

        var urls = page.QuerySelectorAll("[href], [src], [action]")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src") ?? e.GetAttribute("action")!)
            .Append(QrDecoder.Decode(page.QuerySelector("#result-qr svg")!.OuterHtml))
            .ToList();
        var directory = new HashSet<string> { "near", "care", "service", "pay", "lang", "age", "pop", "start", "sort", "radius" };
        var answerNames = fields.Select(f => f.Key).Where(k => !directory.Contains(k) && k != FormPoster.TokenField).ToHashSet();
        foreach (var url in urls)
        {
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(new Uri("http://site.test/"), url).Query);
            Assert.All(query.Keys, key => Assert.True(directory.Contains(key) && !answerNames.Contains(key), $"{url} carries '{key}'"));
        }

        var qr = new Uri(urls[^1]);
        Assert.Equal("/clinics/call-sheet", qr.AbsolutePath);
        Assert.Equal(page.GetElementById("find-programs")!.GetAttribute("href")![("/clinics".Length)..], qr.Query);
        Assert.NotEmpty(page.QuerySelectorAll("#nearby li.result"));
    }
}
