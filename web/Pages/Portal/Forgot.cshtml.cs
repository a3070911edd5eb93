using IopFinder.Web.Infrastructure;
using IopFinder.Web.Data;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace IopFinder.Web.Pages.Portal;

/// <summary>
/// Request a reset link. The answer is the same whether or not the email has an account, and so is the work: the
/// address goes to the outbox, whose sender decides whether there is an account to send a link to.
/// </summary>
[EnableRateLimiting(RateLimits.Requests)]
public sealed class ForgotModel(Db db, PortalMail mail) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        if (EmailAddresses.IsDeliverable(Email?.Trim()))
        {
            using var connection = db.Open();
            using var transaction = connection.BeginWrite();
            mail.ResetRequested(connection, transaction, Email!.Trim());
            transaction.Commit();
        }

        Sent = true;
        return Page();
    }
}
