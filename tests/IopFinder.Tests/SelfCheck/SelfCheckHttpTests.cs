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

        Assert.Equal("/clinics?near=22903&care=iop&service=mat&pay=free&pay=medicaid&pay=sliding&lang=spanish&service=telehealth", href);
    }

    [Fact]
    public async Task Needing_a_sliding_fee_or_free_care_finds_programs_that_are_free_as_well()
    {
        using var client = factory.Client();
        var answers = WorkedExamples.All.Single(e => e.Name == "daily drinker, no risk factors").Answers with { Pay = Set("sliding"), Zip = "22903" };

        var (_, document) = await PostContract(client, answers);
        var href = document.GetElementById("find-programs")!.GetAttribute("href")!;
        var page = await client.GetDocumentAsync(href + "&radius=any");

        Assert.Contains("pay=free", href);
        var ids = page.QuerySelectorAll("li.result[data-clinic-id]").Select(li => long.Parse(li.GetAttribute("data-clinic-id")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var clinics = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IopFinder.Web.Clinics.ClinicQueries>(factory.Services).ByIds(ids);
        Assert.NotEmpty(clinics);
        Assert.All(clinics, c => Assert.True(c.Offers(IopFinder.Web.Clinics.ClinicCodes.Pay, "sliding") || c.Offers(IopFinder.Web.Clinics.ClinicCodes.Pay, "free")));
        Assert.Contains(clinics, c => c.Offers(IopFinder.Web.Clinics.ClinicCodes.Pay, "free") && !c.Offers(IopFinder.Web.Clinics.ClinicCodes.Pay, "sliding"));
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
    public async Task Opioid_withdrawal_now_leads_the_result_with_medical_care_today_and_when_to_call_911()
    {
        using var client = factory.Client();
        var example = WorkedExamples.All.Single(e => e.Name == "fentanyl, quite unwell now");

        var (_, document) = await PostContract(client, example.Answers);
        var result = ResultOf(document);
        var leading = result.QuerySelector("[data-flag=OPIOID_WITHDRAWAL_URGENT]")!;
        var blocks = result.QuerySelectorAll("section").ToList();

        Assert.Equal(leading, blocks[0]);
        Assert.Contains("today", leading.TextContent, StringComparison.Ordinal);
        Assert.Contains("Chest pain", leading.TextContent, StringComparison.Ordinal);
        Assert.Contains("911", leading.TextContent, StringComparison.Ordinal);
        Assert.Null(result.QuerySelector("#also [data-flag=OPIOID_WITHDRAWAL_URGENT], .guidance[data-flag=OPIOID_WITHDRAWAL_URGENT]"));
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

    // v1.1 section 5: result texts that were wrong in v1.

    [Fact]
    public async Task A_sedative_withdrawal_result_describes_a_slow_taper_not_a_few_days()
    {
        using var client = factory.Client();
        var benzos = new SelfCheckAnswers { Substances = Set("sedatives"), DrugFreq = 4, DailyUse = "sedatives" };

        var (_, document) = await PostContract(client, benzos);
        var meaning = document.QuerySelector("[aria-labelledby=what-it-means]")!.TextContent;

        Assert.Equal("MEDICALLY_SUPERVISED_WITHDRAWAL", ResultOf(document).GetAttribute("data-outcome"));
        Assert.Contains("weeks to months", meaning);
        Assert.DoesNotContain("a few days", meaning);
        Assert.Contains("A clinician decides where", meaning);
    }

    [Fact]
    public async Task Pregnancy_with_opioid_use_says_not_to_stop_suddenly_and_names_methadone_or_buprenorphine()
    {
        using var client = factory.Client();
        var answers = new SelfCheckAnswers { Sex = "f", Pregnant = "yes", Substances = Set("opioids"), DrugFreq = 4, Problems = FirstProblems(2) };

        var (_, document) = await PostContract(client, answers);
        var pregnancy = document.QuerySelector("[data-flag=PREGNANCY_SERVICES]")!.TextContent;

        Assert.Contains("do not stop opioids suddenly", pregnancy, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Methadone or buprenorphine is the recommended care in pregnancy", pregnancy);
        Assert.DoesNotContain("help you do it safely", pregnancy);
    }

    [Fact]
    public async Task Naltrexone_is_never_said_to_lower_overdose_death_and_its_lower_tolerance_warning_is_given()
    {
        using var client = factory.Client();
        var example = WorkedExamples.All.Single(e => e.Name == "daily opioids, supportive home");

        var (_, document) = await PostContract(client, example.Answers);
        var medication = document.QuerySelector("[data-flag=MAT_OPIOID]")!.TextContent;

        Assert.Contains("Methadone and buprenorphine", medication);
        Assert.DoesNotContain("Methadone, buprenorphine and naltrexone cut", medication);
        Assert.Contains("After stopping naltrexone or missing a dose, the body's tolerance is lower, so an overdose is more likely", medication);
    }

    [Theory]
    [InlineData("no use, low mood", "Talk to a mental-health professional soon")]
    [InlineData("heavy use and depression", "Talk to a mental-health professional soon")]
    [InlineData("voices when not using", "Talk to a mental-health professional soon, within days")]
    public async Task A_result_with_a_mental_health_reason_leads_with_the_mental_health_step(string example, string heading)
    {
        using var client = factory.Client();

        var (_, document) = await PostContract(client, WorkedExamples.All.Single(e => e.Name == example).Answers);

        Assert.Equal(heading, document.QuerySelector("#self-check-result h1")!.TextContent.Trim());
        Assert.DoesNotContain("may be enough for now", document.QuerySelector("main")!.TextContent);
        Assert.NotNull(document.GetElementById("care-level"));
    }

    [Fact]
    public async Task Unknown_substances_show_naloxone_and_the_signs_of_overdose_and_withdrawal_to_watch_for()
    {
        using var client = factory.Client();
        var example = WorkedExamples.All.Single(e => e.Name == "parent, substances unknown, no warning signs");

        var (_, document) = await PostContract(client, example.Answers);
        var text = document.QuerySelector("main")!.TextContent;

        Assert.Contains("fentanyl", document.QuerySelector("[data-flag=NALOXONE_INFO]")!.TextContent);
        Assert.Contains("Signs of an overdose", text);
        Assert.Contains("Signs of withdrawal", text);
        Assert.DoesNotContain("may be enough for now", text);
        Assert.DoesNotContain("do not point to a substance use problem", text);
    }

    [Fact]
    public async Task Not_sure_about_an_emergency_opens_the_result_with_the_911_line()
    {
        using var client = factory.Client();
        var example = WorkedExamples.All.Single(e => e.Name == "partner not sure it is an emergency");

        var (_, document) = await PostContract(client, example.Answers);
        var first = ResultOf(document).FirstElementChild!;

        Assert.Equal("emergency-unsure", first.Id);
        Assert.Contains("If you cannot reach them or they may be in danger now, call 911", first.TextContent);
        Assert.Equal("tel:911", first.QuerySelector("a")?.GetAttribute("href"));
    }

    [Fact]
    public async Task How_it_works_explains_the_i_dont_know_rules()
    {
        using var client = factory.Client();

        var text = (await client.GetDocumentAsync("/self-check/how-it-works")).QuerySelector("main")!.TextContent;

        Assert.Contains("\"I don't know\" never lowers", text);
        Assert.Contains("I don't know what they use", text);
        Assert.Contains("moderate withdrawal", text);
    }
}
