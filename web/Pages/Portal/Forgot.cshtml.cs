using IopFinder.Web.Infrastructure;
using IopFinder.Web.Options;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Pages.Portal;

/// <summary>Request a reset link. The answer is the same whether or not the email has an account.</summary>
[EnableRateLimiting(RateLimits.Requests)]
public sealed class ForgotModel(Accounts accounts, OutgoingMail mail, IOptions<SiteOptions> site, Audit audit) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        if (Email is { Length: > 0 and <= 254 } && accounts.ByEmail(Email) is { Disabled: false } user)
        {
            var token = accounts.IssueToken(user.Id, "reset");
            // Sent after the response: neither its time nor a mail server error may tell the visitor the account exists.
            mail.Enqueue(user.Email, "Reset your IopFinder password",
                $"Someone asked to reset the password for this address on IopFinder.\n\nChoose a new password here (the link works once, for 1 hour):\n{site.Value.Absolute("/portal/set-password?token=" + token)}\n\nIf this was not you, ignore this message.\n");
            audit.Record(user.Id, "reset-requested", null, "");
        }

        Sent = true;
        return Page();
    }
}
