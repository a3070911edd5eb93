using IopFinder.Web.Clinics;
using IopFinder.Web.Places;
using IopFinder.Web.Search;
using IopFinder.Web.SelfCheck;
using Microsoft.Extensions.Primitives;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.SelfCheck;

/// <summary>
/// The self-check. There is no server state: every step posts all earlier answers as hidden fields,
/// and the page shows the first section still to answer, or the result. Answers are read from the
/// POST body, used for this response, and dropped. Nothing is logged, stored or cached.
/// </summary>
[RequestFormLimits(ValueCountLimit = 300, KeyLengthLimit = 64, ValueLengthLimit = 256)]
[RequestSizeLimit(32 * 1024)]
public sealed class IndexModel(ClinicIndex index, ClinicQueries queries, SearchIndex search, PlaceDirectory places) : PageModel
{
    /// <summary>How many nearby programs the result shows when a ZIP code was given.</summary>
    public const int NearbyCount = 3;
    public enum View
    {
        Intro,
        Step,
        Result,
    }

    public View Showing { get; private set; } = View.Intro;

    public FormAnswers Answers { get; private set; } = FormAnswers.From([]);

    public Section? Section { get; private set; }

    public bool ShowErrors { get; private set; }

    public int StepNumber { get; private set; }

    public int StepCount { get; private set; }

    public SelfCheckResult? Result { get; private set; }

    public SelfCheckAnswers? Evaluated { get; private set; }

    public bool ForOther => Answers.ForOther;

    /// <summary>The nearest matching programs, found from the same filters as the directory link.</summary>
    public IReadOnlyList<ListedClinic> Nearby { get; private set; } = [];

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        Answers = FormAnswers.From(Request.Form);
        string? submitted = Request.Form["step"];
        var stepped = !string.IsNullOrEmpty(submitted);

        if (Request.Form["action"] == "back")
        {
            var previous = SelfCheckFlow.Previous(submitted, Answers);
            return previous is null ? Page() : ShowStep(previous, errors: false);
        }

        if (SelfCheckFlow.StopsEarly(Answers) || SelfCheckFlow.FirstIncomplete(Answers, stepped) is not { } next)
        {
            Evaluated = Answers.ToAnswers();
            Result = SelfCheckRules.Evaluate(Evaluated);
            Showing = View.Result;
            Nearby = FindNearby(Result, Evaluated);
            return Page();
        }

        var errors = next.Id == submitted;
        if (errors)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return ShowStep(next, errors);
    }

    private IReadOnlyList<ListedClinic> FindNearby(SelfCheckResult result, SelfCheckAnswers answers)
    {
        if (answers.Zip is null || DirectoryLink.CareLevels(result.Outcome).Count == 0)
        {
            return [];
        }

        var parameters = DirectoryLink.Parameters(result, answers)
            .GroupBy(p => p.Key)
            .Select(g => new KeyValuePair<string, StringValues>(g.Key, new StringValues(g.Select(p => p.Value).ToArray())))
            .Append(new("radius", "any"));
        var request = ClinicSearchRequest.Parse(parameters, places);
        if (request.Origin is null)
        {
            return [];
        }

        return index.SearchAndLoad(queries, request.ToQuery(search, NearbyCount)).Listings;
    }

    private PageResult ShowStep(Section section, bool errors)
    {
        Showing = View.Step;
        Section = section;
        ShowErrors = errors;
        var sections = SelfCheckFlow.Applicable(Answers);
        StepCount = sections.Count;
        StepNumber = sections.ToList().FindIndex(s => s.Id == section.Id) + 1;
        return Page();
    }

    /// <summary>The message shown beside a question that still needs an answer, or null.</summary>
    public string? ErrorFor(Question question)
    {
        if (!ShowErrors)
        {
            return null;
        }

        if (question.Kind == QuestionKind.Text && Answers.RejectedText(question.Name) is not null)
        {
            return "Enter a ZIP code of 5 digits, or leave it empty.";
        }

        return question.Required && !Answers.Answered(question.Name) ? "Choose an answer to continue." : null;
    }
}
