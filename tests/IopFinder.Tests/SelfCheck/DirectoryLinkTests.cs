using System.Globalization;
using IopFinder.Web.Clinics;
using IopFinder.Web.SelfCheck;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.SelfCheck;

/// <summary>The self-check's link to the directory speaks the directory's codes (<see cref="ClinicCodes"/>), and only those.</summary>
[Collection(SiteCollection.Name)]
public sealed class DirectoryLinkTests(SiteFactory factory)
{
    [Theory]
    [InlineData("pay")]
    [InlineData("lang")]
    [InlineData("pref")]
    public void Every_optional_answer_maps_to_directory_codes_or_deliberately_to_none(string question)
    {
        var choices = Questionnaire.Named(question).Choices.Select(c => c.Value).ToList();

        Assert.Equal(choices.Order(), DirectoryLink.AnswerFilters[question].Keys.Order());
        Assert.All(DirectoryLink.AnswerFilters[question].Values.SelectMany(f => f), f =>
            Assert.Contains(ClinicCodes.All, set => set.Parameter == f.Key && set.IsKnown(f.Value!)));
    }

    [Fact]
    public async Task Every_worked_examples_link_uses_known_codes_and_lands_on_programs_that_match_it()
    {
        using var client = factory.Client();
        var queries = factory.Services.GetRequiredService<ClinicQueries>();
        var checkedLinks = 0;
        foreach (var example in WorkedExamples.All)
        {
            var answers = example.Answers with { Zip = "60601" };
            var result = SelfCheckRules.Evaluate(answers);
            var link = DirectoryLink.For(result, answers);
            var filters = QueryHelpers.ParseQuery(new Uri("http://x" + link).Query);
            var sets = ClinicCodes.All.Where(s => filters.ContainsKey(s.Parameter)).ToList();
            Assert.All(sets, set => Assert.All(filters[set.Parameter], code => Assert.True(set.IsKnown(code!), $"{example.Name}: {set.Parameter}={code}")));
            if (sets.Count == 0)
            {
                continue;
            }

            var page = await client.GetDocumentAsync(link + "&radius=any");
            var ids = page.QuerySelectorAll("li.result[data-clinic-id]").Select(li => long.Parse(li.GetAttribute("data-clinic-id")!, CultureInfo.InvariantCulture)).ToList();

            Assert.True(ids.Count > 0, $"{example.Name}: {link} finds nothing");
            Assert.All(queries.ByIds(ids), clinic => Assert.All(sets, set =>
                Assert.True(filters[set.Parameter].Any(code => clinic.Offers(set, code!)), $"{example.Name}: {clinic.Slug} has no {set.Parameter} of {filters[set.Parameter]}")));
            checkedLinks++;
        }

        Assert.True(checkedLinks >= 10, $"only {checkedLinks} worked examples build a filtered link");
    }

    [Fact]
    public async Task Evenings_only_asks_for_evening_or_weekend_programs_and_iop_results_offer_programs_starting_soon()
    {
        var example = WorkedExamples.All.First(e => SelfCheckRules.Evaluate(e.Answers).Outcome == Outcome.Iop);
        var answers = example.Answers with { Zip = "60601", Attend = "evenings" };
        var result = SelfCheckRules.Evaluate(answers);
        var link = DirectoryLink.For(result, answers);
        var soon = DirectoryLink.StartingSoon(result, answers);
        using var client = factory.Client();

        Assert.Equal(Outcome.Iop, result.Outcome);
        Assert.Equal(["evening", "weekend"], QueryHelpers.ParseQuery(new Uri("http://x" + link).Query)["time"].Select(t => t!));
        var page = await client.GetDocumentAsync(link + "&radius=any");
        var found = factory.Services.GetRequiredService<ClinicQueries>().ByIds(
            page.QuerySelectorAll("li.result[data-clinic-id]").Select(li => long.Parse(li.GetAttribute("data-clinic-id")!, CultureInfo.InvariantCulture)).ToList());
        Assert.NotEmpty(found);
        Assert.All(found, clinic => Assert.True(clinic.IopEvening || clinic.IopWeekend, $"{clinic.Slug} has neither evening nor weekend times"));
        var soonQuery = QueryHelpers.ParseQuery(new Uri("http://x" + soon).Query);
        Assert.Equal("14", soonQuery["start"]);
        Assert.Equal("soonest", soonQuery["sort"]);
        Assert.Null(DirectoryLink.StartingSoon(SelfCheckRules.Evaluate(WorkedExamples.All.First(e => SelfCheckRules.Evaluate(e.Answers).Outcome == Outcome.ResidentialOrInpatient).Answers), answers));
    }

    [Fact]
    public void A_code_the_directory_does_not_have_fails_where_it_is_named()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClinicCodes.Pay.Code("sliding-scale"));
        Assert.Equal("sliding", ClinicCodes.Pay.Code("sliding"));
    }
}
