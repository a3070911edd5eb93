using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Portal;

/// <summary>
/// Sign out (a POST with the antiforgery token, so a link or form elsewhere cannot sign people out). It
/// ends the session on the server too: the account's security stamp changes, so the cookie is worthless
/// even to someone who copied it. That signs the account out on its other devices as well, which is the
/// safer reading of "sign out" on a shared or lost computer.
/// </summary>
public sealed class LogoutModel(IopFinder.Web.Portal.Accounts accounts) : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        if (long.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            accounts.EndSessions(userId);
        }

        await HttpContext.SignOutAsync();
        return Redirect("/portal");
    }
}
