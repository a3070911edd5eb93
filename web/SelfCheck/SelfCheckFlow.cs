namespace IopFinder.Web.SelfCheck;

/// <summary>
/// Which screen comes next, worked out from the answers alone: there is no server state. The first
/// section that applies and is not complete is shown; when none is left, the result is.
/// </summary>
public static class SelfCheckFlow
{
    /// <summary>The sections that have at least one question to ask, given the answers so far.</summary>
    public static IReadOnlyList<Section> Applicable(FormAnswers answers) =>
        Questionnaire.Sections.Where(s => s.AskedOf(answers).Any()).ToList();

    /// <summary>
    /// A section is complete when every required question it asks is answered and nothing typed in it
    /// was invalid. In the stepped form (<paramref name="stepped"/>) it must also have been submitted,
    /// because check boxes and optional fields can be left empty on purpose; a direct post of the whole
    /// contract needs no such marker.
    /// </summary>
    public static bool IsComplete(Section section, FormAnswers answers, bool stepped) =>
        section.AskedOf(answers).All(q => (!q.Required || answers.Answered(q.Name)) && answers.RejectedText(q.Name) is null)
        && (!stepped || answers.Seen.Contains(section.Id));

    public static Section? FirstIncomplete(FormAnswers answers, bool stepped) =>
        Applicable(answers).FirstOrDefault(s => !IsComplete(s, answers, stepped));

    /// <summary>The applicable section before <paramref name="current"/>, or null at the start.</summary>
    public static Section? Previous(string? current, FormAnswers answers)
    {
        var sections = Applicable(answers);
        var index = sections.ToList().FindIndex(s => s.Id == current);
        return index > 0 ? sections[index - 1] : null;
    }

    /// <summary>
    /// Answers that end the questionnaire at once, because asking more would delay help: an emergency,
    /// severe withdrawal now, suicide risk, or a child (the check is not built for children).
    /// </summary>
    public static bool StopsEarly(FormAnswers answers) =>
        SelfCheckRules.Evaluate(answers.ToAnswers()).Outcome is Outcome.CrisisNow or Outcome.OutOfScope;
}
