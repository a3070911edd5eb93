using Microsoft.Extensions.Primitives;

namespace IopFinder.Web.SelfCheck;

/// <summary>
/// The answers carried in one POST body, checked against the questionnaire. A value outside a
/// question's choices is dropped, so it reads as not answered: it can never reach the rules.
/// Nothing here is stored; it lives for one request.
/// </summary>
public sealed class FormAnswers
{
    /// <summary>Longest value kept from any field; every valid value is far shorter.</summary>
    private const int MaxValueLength = 40;

    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _rejectedText = new(StringComparer.Ordinal);

    /// <summary>Sections the person has already submitted in this run of the questionnaire.</summary>
    public IReadOnlySet<string> Seen { get; private init; } = new HashSet<string>();

    public bool ForOther => Value("who") == "other";

    public static FormAnswers From(IEnumerable<KeyValuePair<string, StringValues>> form)
    {
        var raw = form.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        StringValues Raw(string name) => raw.TryGetValue(name, out var v) ? v : StringValues.Empty;
        var sectionIds = Questionnaire.Sections.Select(s => s.Id).ToHashSet();
        var answers = new FormAnswers { Seen = Raw("seen").Where(s => s is not null && sectionIds.Contains(s)).Select(s => s!).ToHashSet() };

        var who = Raw("who").FirstOrDefault();
        if (who is "self" or "other")
        {
            answers._values["who"] = [who];
        }

        // Called for every step of every questionnaire, so plain loops rather than LINQ: a form is parsed
        // in a few microseconds.
        var forOther = answers.ForOther;
        foreach (var question in Questionnaire.AllQuestions)
        {
            if (question.Name == "who" || !raw.TryGetValue(question.Name, out var given))
            {
                continue;
            }

            var values = new List<string>(given.Count);
            foreach (var value in given)
            {
                if (!string.IsNullOrEmpty(value) && value.Length <= MaxValueLength)
                {
                    values.Add(value.Trim());
                }
            }

            if (values.Count == 0)
            {
                continue;
            }

            if (question.Kind == QuestionKind.Text)
            {
                if (values[0].Length == 0)
                {
                    continue;
                }

                if (Clinics.ListingRules.IsZip(values[0]))
                {
                    answers._values[question.Name] = [values[0]];
                }
                else
                {
                    answers._rejectedText[question.Name] = values[0];
                }

                continue;
            }

            var valid = new List<string>();
            foreach (var value in values)
            {
                if (question.Offers(value, forOther) && !valid.Contains(value))
                {
                    valid.Add(value);
                    if (question.Kind == QuestionKind.Single)
                    {
                        break;
                    }
                }
            }

            if (valid.Count > 0)
            {
                answers._values[question.Name] = valid;
            }
        }

        return answers;
    }

    public string? Value(string name) => _values.TryGetValue(name, out var list) ? list[0] : null;

    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public bool Has(string name, string value) => Values(name).Contains(value);

    public bool Answered(string name) => _values.ContainsKey(name);

    /// <summary>Text that was typed but is not valid (a ZIP that is not 5 digits), to show back with a message.</summary>
    public string? RejectedText(string name) => _rejectedText.GetValueOrDefault(name);

    /// <summary>Every kept answer as name/value pairs, for the hidden fields that carry them to the next step.</summary>
    public IEnumerable<(string Name, string Value)> Pairs() =>
        _values.SelectMany(p => p.Value.Select(v => (p.Key, v)));

    /// <summary>
    /// The answers the rules read. Skipped questions take their skip-logic value. "I don't know" is kept
    /// where the contract has it (the rules decide what it means); elsewhere it counts as the least
    /// worrying answer that is still true: "how often do they drink / use?" becomes the lowest frequency
    /// of real use, never "never", because the substance was ticked.
    /// </summary>
    public SelfCheckAnswers ToAnswers()
    {
        var d = new SelfCheckAnswers();
        string One(string name, string fallback, string? unknownMeans = null)
        {
            var question = Questionnaire.Named(name);
            if (!question.AskWhen(this) || Value(name) is not { } value)
            {
                return fallback;
            }

            return value == "unknown" && unknownMeans is not null ? unknownMeans : value;
        }

        int Score(string name, string unknownMeans = "0") => int.TryParse(One(name, "0", unknownMeans), out var n) ? n : 0;
        IReadOnlySet<string> Many(string name) =>
            Questionnaire.Named(name).AskWhen(this) ? Values(name).ToHashSet(StringComparer.Ordinal) : new HashSet<string>();

        var sex = One("sex", d.Sex, "x");
        return new SelfCheckAnswers
        {
            Who = One("who", d.Who),
            Emergency = One("emergency", d.Emergency),
            Age = One("age", d.Age),
            Sex = sex,
            Substances = Many("substances"),
            AuditC1 = Score("auditc1", unknownMeans: "1"),
            AuditC2 = Score("auditc2"),
            AuditC3 = Score("auditc3"),
            DrugFreq = Score("drugfreq", unknownMeans: "1"),
            DailyUse = One("dailyuse", "neither"),
            WithdrawalHistory = Many("withdrawalhistory"),
            WithdrawalNow = One("withdrawalnow", "none", "none"),
            OpioidWithdrawal = One("opioidwithdrawal", "no"),
            OnMedication = One("onmedication", "no", "no"),
            Overdose = One("overdose", "no"),
            Pregnant = One("pregnant", sex == "m" ? "na" : "no"),
            Medical = One("medical", "none", "none"),
            Injection = One("injection", "no", "no"),
            Phq1 = Score("phq1"),
            Phq2 = Score("phq2"),
            Gad1 = Score("gad1"),
            Gad2 = Score("gad2"),
            S1 = One("s1", "no"),
            S2 = One("s2", "no"),
            S3 = One("s3", "no"),
            S4 = One("s4", "no"),
            S5 = One("s5", "no"),
            S6 = One("s6", "no"),
            S6Recent = One("s6recent", "no"),
            SevereMh = One("severemh", "no"),
            MhCare = One("mhcare", "no", "no"),
            Readiness = One("readiness", d.Readiness, "unsure"),
            Problems = Enumerable.Range(1, 6).Select(i => One("p" + i, "no", "no")).ToList(),
            Abstinence = One("abstinence", "no_use"),
            PriorTreatment = One("priortreatment", d.PriorTreatment, "never"),
            RecentDischarge = One("recentdischarge", "no", "no"),
            Living = One("living", d.Living, "stable"),
            Support = One("support", d.Support, "no"),
            Attend = One("attend", d.Attend, "no"),
            Pay = Many("pay"),
            Lang = Many("lang"),
            Pref = Many("pref"),
            Zip = Value("zip"),
        };
    }
}
