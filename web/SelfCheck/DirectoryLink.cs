using Microsoft.AspNetCore.WebUtilities;

namespace IopFinder.Web.SelfCheck;

/// <summary>
/// Builds the "Find programs near you" link from a result. It carries only level-of-care and filter
/// codes and the optional ZIP, never an answer, so nothing about the person reaches the directory's
/// URL, logs or the browser history beyond what they chose as filters.
/// </summary>
public static class DirectoryLink
{
    public static IReadOnlyList<string> CareLevels(Outcome outcome) => outcome switch
    {
        Outcome.MedicallySupervisedWithdrawal => ["detox"],
        Outcome.ResidentialOrInpatient => ["residential", "inpatient"],
        Outcome.Php => ["php"],
        Outcome.Iop => ["iop"],
        Outcome.StandardOp or Outcome.EarlyIntervention => ["op"],
        _ => [],
    };

    public static IReadOnlyList<KeyValuePair<string, string?>> Parameters(SelfCheckResult result, SelfCheckAnswers answers)
    {
        var query = new List<KeyValuePair<string, string?>>();
        void Add(string name, string value)
        {
            if (!query.Contains(new(name, value)))
            {
                query.Add(new(name, value));
            }
        }

        if (answers.Zip is { } zip)
        {
            Add("near", zip);
        }

        foreach (var level in CareLevels(result.Outcome))
        {
            Add("care", level);
        }

        if (result.Flags.Contains(FlagCode.MatOpioid)) Add("service", "mat");
        if (result.Flags.Contains(FlagCode.CoOccurring)) Add("service", "co_occurring");
        if (result.Flags.Contains(FlagCode.Adolescent)) Add("age", "adolescents");
        if (result.Flags.Contains(FlagCode.PregnancyServices)) Add("pop", "pregnant");
        // "I need a sliding fee or free care" is either code: programs with a sliding scale, and programs free for people who cannot pay.
        foreach (var pay in answers.Pay.SelectMany(p => p == "sliding" ? new[] { "sliding", "free" } : [p]).Distinct().Order(StringComparer.Ordinal))
        {
            Add("pay", pay);
        }

        foreach (var lang in answers.Lang.Where(l => l is "spanish" or "asl").Order(StringComparer.Ordinal))
        {
            Add("lang", lang);
        }

        if (answers.Pref.Contains("telehealth")) Add("service", "telehealth");
        if (answers.Pref.Contains("lgbtq")) Add("pop", "lgbtq");
        if (answers.Pref.Contains("veterans")) Add("pop", "veterans");
        if (answers.Pref.Contains("gender") && answers.Sex is "f" or "m") Add("pop", answers.Sex == "f" ? "women" : "men");
        return query;
    }

    public static string For(SelfCheckResult result, SelfCheckAnswers answers) =>
        QueryHelpers.AddQueryString("/clinics", Parameters(result, answers));
}
