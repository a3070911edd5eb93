using IopFinder.Web.Clinics;
using Microsoft.AspNetCore.WebUtilities;

namespace IopFinder.Web.SelfCheck;

/// <summary>
/// Builds the "Find programs near you" link from a result. It carries only level-of-care and filter
/// codes and the optional ZIP, never an answer, so nothing about the person reaches the directory's
/// URL, logs or the browser history beyond what they chose as filters.
/// </summary>
public static class DirectoryLink
{
    /// <summary>A directory filter: a code set's parameter and one of its codes, checked against <see cref="ClinicCodes"/>.</summary>
    private static KeyValuePair<string, string?> Filter(CodeSet set, string code) => new(set.Parameter, set.Code(code));

    public static IReadOnlyList<string> CareLevels(Outcome outcome) => outcome switch
    {
        Outcome.MedicallySupervisedWithdrawal => [ClinicCodes.Care.Code("detox")],
        Outcome.ResidentialOrInpatient => [ClinicCodes.Care.Code("residential"), ClinicCodes.Care.Code("inpatient")],
        Outcome.Php => [ClinicCodes.Care.Code("php")],
        Outcome.Iop => [ClinicCodes.Care.Code("iop")],
        Outcome.StandardOp or Outcome.EarlyIntervention => [ClinicCodes.Care.Code("op")],
        _ => [],
    };

    /// <summary>The services a result's flags look for.</summary>
    private static readonly IReadOnlyList<(string Flag, KeyValuePair<string, string?> Filter)> FlagFilters =
    [
        (FlagCode.MatOpioid, Filter(ClinicCodes.Service, "mat")),
        (FlagCode.CoOccurring, Filter(ClinicCodes.Service, "co_occurring")),
        (FlagCode.Adolescent, Filter(ClinicCodes.Age, "adolescents")),
        (FlagCode.PregnancyServices, Filter(ClinicCodes.Population, "pregnant")),
    ];

    /// <summary>
    /// The directory codes each optional answer asks for. "I need a sliding fee or free care" is either code;
    /// English and "another language" filter nothing; "my gender only" depends on the answer about sex.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, string?>>>> AnswerFilters =
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, string?>>>>
        {
            ["pay"] = new Dictionary<string, IReadOnlyList<KeyValuePair<string, string?>>>
            {
                ["medicaid"] = [Filter(ClinicCodes.Pay, "medicaid")], ["medicare"] = [Filter(ClinicCodes.Pay, "medicare")],
                ["private"] = [Filter(ClinicCodes.Pay, "private")], ["military"] = [Filter(ClinicCodes.Pay, "military")],
                ["selfpay"] = [Filter(ClinicCodes.Pay, "selfpay")], ["sliding"] = [Filter(ClinicCodes.Pay, "sliding"), Filter(ClinicCodes.Pay, "free")],
            },
            ["lang"] = new Dictionary<string, IReadOnlyList<KeyValuePair<string, string?>>>
            {
                ["english"] = [], ["other"] = [], ["spanish"] = [Filter(ClinicCodes.Language, "spanish")], ["asl"] = [Filter(ClinicCodes.Language, "asl")],
            },
            ["pref"] = new Dictionary<string, IReadOnlyList<KeyValuePair<string, string?>>>
            {
                ["telehealth"] = [Filter(ClinicCodes.Service, "telehealth")], ["lgbtq"] = [Filter(ClinicCodes.Population, "lgbtq")],
                ["veterans"] = [Filter(ClinicCodes.Population, "veterans")], ["gender"] = [],
            },
        };

    public static IReadOnlyList<KeyValuePair<string, string?>> Parameters(SelfCheckResult result, SelfCheckAnswers answers)
    {
        var query = new List<KeyValuePair<string, string?>>();
        void Add(KeyValuePair<string, string?> filter)
        {
            if (!query.Contains(filter))
            {
                query.Add(filter);
            }
        }

        if (answers.Zip is { } zip)
        {
            Add(new("near", zip));
        }

        foreach (var level in CareLevels(result.Outcome))
        {
            Add(new(ClinicCodes.Care.Parameter, level));
        }

        foreach (var (flag, filter) in FlagFilters.Where(f => result.Flags.Contains(f.Flag)))
        {
            Add(filter);
        }

        foreach (var filter in answers.Pay.SelectMany(p => AnswerFilters["pay"][p]).Distinct().OrderBy(f => f.Value, StringComparer.Ordinal))
        {
            Add(filter);
        }

        foreach (var filter in answers.Lang.SelectMany(l => AnswerFilters["lang"][l]).Distinct().OrderBy(f => f.Value, StringComparer.Ordinal))
        {
            Add(filter);
        }

        foreach (var pref in new[] { "telehealth", "lgbtq", "veterans" }.Where(answers.Pref.Contains))
        {
            foreach (var filter in AnswerFilters["pref"][pref])
            {
                Add(filter);
            }
        }

        if (answers.Pref.Contains("gender") && answers.Sex is "f" or "m")
        {
            Add(Filter(ClinicCodes.Population, answers.Sex == "f" ? "women" : "men"));
        }

        // "Evenings or weekends only": programs with a track at either time.
        if (answers.Attend == "evenings")
        {
            Add(new("time", "evening"));
            Add(new("time", "weekend"));
        }

        return query;
    }

    /// <summary>
    /// For IOP and PHP results, the same search narrowed to programs whose openings, confirmed recently, let someone
    /// start within two weeks; null for other results. It is offered beside the full search, never instead of it:
    /// most programs do not report openings.
    /// </summary>
    public static string? StartingSoon(SelfCheckResult result, SelfCheckAnswers answers) =>
        result.Outcome is Outcome.Iop or Outcome.Php
            ? QueryHelpers.AddQueryString("/clinics", Parameters(result, answers).Append(new("start", "14")).Append(new("sort", "soonest")))
            : null;

    public static string For(SelfCheckResult result, SelfCheckAnswers answers) =>
        QueryHelpers.AddQueryString("/clinics", Parameters(result, answers));
}
