using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages;

/// <summary>
/// The friendly page for 404s, bad requests and failures. It never shows exception details: those
/// go to the log (and the developer exception page in Development).
/// </summary>
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true)]
public sealed class ErrorModel(ILogger<ErrorModel> logger) : PageModel
{
    public int Status { get; private set; }

    public IActionResult OnGet(int? code) => Show(code);

    public IActionResult OnPost(int? code) => Show(code);

    private IActionResult Show(int? code)
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        if (failure is not null)
        {
            // Path only: query strings of private pages must not reach the log.
            logger.LogError(failure.Error, "Unhandled error on {Path}", failure.Path);
        }

        Status = code is >= 400 and <= 599 ? code.Value : failure is not null ? 500 : Response.StatusCode is >= 400 ? Response.StatusCode : 404;
        Response.StatusCode = Status;
        return Page();
    }
}
