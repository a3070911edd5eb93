using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using IopFinder.Web.SelfCheck;
using static IopFinder.Web.SelfCheck.SelfCheckAnswers;

namespace IopFinder.Tests.SelfCheck;

[Collection(SiteCollection.Name)]
public sealed class SelfCheckHttpTests(SiteFactory factory)
{
    private static IElement ResultOf(IHtmlDocument document) =>
        document.GetElementById("self-check-result") ?? throw new InvalidOperationException("No result on the page: " + document.QuerySelector("h1")?.TextContent);

    private async Task<(HttpResponseMessage Response, IHtmlDocument Document)> PostContract(HttpClient client, SelfCheckAnswers answers)
    {
        var token = await client.TokenAsync("/self-check");
        return await client.PostFormAsync("/self-check", ContractForm.Fields(answers, token));
    }

    [Theory]
    [MemberData(nameof(WorkedExamples.Theory), MemberType = typeof(WorkedExamples))]
    public async Task Posting_a_worked_example_renders_its_outcome_reasons_and_flags(WorkedExample example)
    {
        using var client = factory.Client();

        var (response, document) = await PostContract(client, example.Answers);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = ResultOf(document);
        Assert.Equal(example.Outcome, result.GetAttribute("data-outcome"));
        Assert.Equal(example.Reasons, result.GetAttribute("data-reasons"));
        var flags = result.GetAttribute("data-flags")!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(example.Flags.Split(' ', StringSplitOptions.RemoveEmptyEntries), f => Assert.Contains(f, flags));
    }

    [Fact]
    public async Task A_withdrawal_result_names_the_next_step_after_withdrawal()
    {
        using var client = factory.Client();
        var seizure = WorkedExamples.All.Single(e => e.Name == "past withdrawal seizure").Answers;

        var (_, document) = await PostContract(client, seizure);

        Assert.Equal("IOP", ResultOf(document).GetAttribute("data-next-outcome"));
        Assert.Contains("After withdrawal is managed", document.GetElementById("next-step")?.TextContent);
    }

    [Fact]
    public async Task The_result_explains_itself_in_plain_words_without_codes()
    {
        using var client = factory.Client();
        var example = WorkedExamples.All.Single(e => e.Name == "daily opioids, supportive home");

        var (_, document) = await PostContract(client, example.Answers);
        var text = document.QuerySelector("main")!.TextContent;

        Assert.Contains("9 or more hours a week", text);
        Assert.Contains("naloxone", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("not a diagnosis", text);
        Assert.Contains("Nothing you entered was saved", text);
        Assert.DoesNotContain("SEVERE_USE", text);
        Assert.DoesNotContain("MAT_OPIOID", text);
        Assert.NotEmpty(document.QuerySelectorAll("#self-check-result li[data-reason]"));
    }

    [Fact]
    public async Task The_directory_link_carries_only_care_levels_filters_and_the_zip()
    {
        using var client = factory.Client();
        var answers = WorkedExamples.All.Single(e => e.Name == "daily opioids, supportive home").Answers with
        {
            Pay = Set("medicaid", "sliding"), Lang = Set("spanish"), Pref = Set("telehealth"), Zip = "22903",
        };

        var (_, document) = await PostContract(client, answers);
        var href = document.GetElementById("find-programs")!.GetAttribute("href")!;

        Assert.Equal("/clinics?near=22903&care=iop&service=mat&pay=medicaid&pay=sliding&lang=spanish&service=telehealth", href);
    }

    [Fact]
    public async Task With_a_zip_the_result_shows_the_three_nearest_matching_programs()
    {
        using var client = factory.Client();
        var answers = WorkedExamples.All.Single(e => e.Name == "daily drinker, no risk factors").Answers with { Zip = "22903" };

        var (_, document) = await PostContract(client, answers);

        var ids = document.QuerySelectorAll("#nearby li.result").Select(li => long.Parse(li.GetAttribute("data-clinic-id")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, ids.Count);
        var clinics = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IopFinder.Web.Clinics.ClinicQueries>(factory.Services).ByIds(ids);
        Assert.All(clinics, c => Assert.True(c.Offers(IopFinder.Web.Clinics.ClinicCodes.Care, "iop")));
    }

    [Fact]
    public async Task A_crisis_result_is_short_and_leads_with_911_and_naloxone_steps()
    {
        using var client = factory.Client();
        var example = WorkedExamples.All.Single(e => e.Name == "parent, son unresponsive");

        var (_, document) = await PostContract(client, example.Answers);
        var result = ResultOf(document);

        Assert.Equal("tel:911", result.QuerySelector("h2 a")?.GetAttribute("href"));
        Assert.Contains("naloxone", result.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Null(document.GetElementById("find-programs"));
        Assert.Null(document.GetElementById("ask"));
    }

    [Fact]
    public async Task Answers_for_a_loved_one_use_their_wording_and_offer_i_dont_know()
    {
        using var client = factory.Client();
        var token = await client.TokenAsync("/self-check");

        var (_, document) = await client.PostFormAsync("/self-check",
        [
            new(FormPoster.TokenField, token), new("step", "who"), new("seen", "who"), new("who", "other"), new("action", "next"),
        ]);

        Assert.Equal("safety", document.GetElementById("self-check-step")?.GetAttribute("data-section"));
        Assert.Contains("is the person in danger", document.QuerySelector("legend")?.TextContent);
        Assert.Contains(document.QuerySelectorAll("input[name=emergency]"), i => i.GetAttribute("value") == "unknown");
    }

    [Fact]
    public async Task Submitting_a_step_without_an_answer_shows_it_again_with_a_message_beside_the_field()
    {
        using var client = factory.Client();
        var token = await client.TokenAsync("/self-check");

        var (response, document) = await client.PostFormAsync("/self-check",
        [
            new(FormPoster.TokenField, token), new("step", "who"), new("seen", "who"), new("action", "next"),
        ]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("who", document.GetElementById("self-check-step")?.GetAttribute("data-section"));
        Assert.NotNull(document.GetElementById("error-summary"));
        Assert.Contains("Choose an answer", document.GetElementById("who-error")?.TextContent);
        Assert.Contains("who-error", document.QuerySelector("fieldset")?.GetAttribute("aria-describedby"));
    }

    [Fact]
    public async Task Values_outside_the_contract_count_as_not_answered()
    {
        using var client = factory.Client();
        var fields = ContractForm.Fields(new SelfCheckAnswers(), await client.TokenAsync("/self-check"));
        fields.RemoveAll(f => f.Key == "emergency");
        fields.Add(new("emergency", "perhaps"));
        fields.RemoveAll(f => f.Key == "phq1");
        fields.Add(new("phq1", "99"));

        var (response, document) = await client.PostFormAsync("/self-check", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("safety", document.GetElementById("self-check-step")?.GetAttribute("data-section"));
    }

    [Fact]
    public async Task Drinking_answers_without_alcohol_ticked_are_ignored_as_the_skip_rules_say()
    {
        using var client = factory.Client();
        var contradictory = new SelfCheckAnswers { AuditC1 = 4, AuditC2 = 4, AuditC3 = 4 };

        var (_, document) = await PostContract(client, contradictory);

        Assert.Equal("EARLY_INTERVENTION", ResultOf(document).GetAttribute("data-outcome"));
        Assert.Equal("NONE_INDICATED", ResultOf(document).GetAttribute("data-reasons"));
    }

    [Fact]
    public async Task An_emergency_goes_straight_to_the_crisis_result_with_no_more_questions()
    {
        using var client = factory.Client();
        var token = await client.TokenAsync("/self-check");

        var (_, document) = await client.PostFormAsync("/self-check",
        [
            new(FormPoster.TokenField, token), new("step", "safety"), new("seen", "who"), new("seen", "safety"), new("who", "self"), new("emergency", "yes"), new("action", "next"),
        ]);

        Assert.Equal("CRISIS_NOW", ResultOf(document).GetAttribute("data-outcome"));
    }

    [Theory]
    [InlineData("text/plain", "emergency=yes")]
    [InlineData("application/json", "{\"emergency\":\"yes\"}")]
    [InlineData("application/x-www-form-urlencoded", "%%%===&&&")]
    public async Task Garbage_bodies_get_a_400(string contentType, string body)
    {
        using var client = factory.Client();
        await client.TokenAsync("/self-check");

        using var response = await client.PostAsync("/self-check", new StringContent(body, System.Text.Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Oversized_bodies_and_floods_of_fields_are_refused_with_a_4xx()
    {
        using var client = factory.Client();
        var token = await client.TokenAsync("/self-check");
        var huge = new List<KeyValuePair<string, string>> { new(FormPoster.TokenField, token), new("zip", new string('9', 100_000)) };
        var flood = new List<KeyValuePair<string, string>> { new(FormPoster.TokenField, token) };
        flood.AddRange(Enumerable.Range(0, 2_000).Select(i => new KeyValuePair<string, string>("f" + i, "1")));

        using var hugeResponse = await client.PostAsync("/self-check", new FormUrlEncodedContent(huge));
        using var floodResponse = await client.PostAsync("/self-check", new FormUrlEncodedContent(flood));

        Assert.InRange((int)hugeResponse.StatusCode, 400, 499);
        Assert.InRange((int)floodResponse.StatusCode, 400, 499);
    }

    [Fact]
    public async Task Back_returns_to_the_previous_step_with_its_answer_still_chosen()
    {
        using var client = factory.Client();
        var token = await client.TokenAsync("/self-check");

        var (_, document) = await client.PostFormAsync("/self-check",
        [
            new(FormPoster.TokenField, token), new("step", "safety"), new("seen", "who"), new("who", "other"), new("action", "back"),
        ]);

        Assert.Equal("who", document.GetElementById("self-check-step")?.GetAttribute("data-section"));
        Assert.NotNull(document.QuerySelector("input[name=who][value=other][checked]"));
    }

    [Fact]
    public async Task How_it_works_names_every_source()
    {
        using var client = factory.Client();

        var text = (await client.GetDocumentAsync("/self-check/how-it-works")).QuerySelector("main")!.TextContent;

        foreach (var source in new[] { "AUDIT-C", "PHQ-2", "GAD-2", "Columbia", "ASAM", "TIP", "2020", "FDA" })
        {
            Assert.Contains(source, text);
        }
    }
}
