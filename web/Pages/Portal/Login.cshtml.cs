using System.ComponentModel.DataAnnotations;
using IopFinder.Web.Infrastructure;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace IopFinder.Web.Pages.Portal;

/// <summary>Sign in. Every failure reads the same, whether or not the account exists.</summary>
[EnableRateLimiting(RateLimits.Login)]
public sealed class LoginModel(Accounts accounts, Audit audit) : PageModel
{
    public const string Failure = "That email and password did not match, or the account is locked for a while. Check them, or reset your password.";

    [BindProperty, Required(ErrorMessage = "Enter your email."), IopFinder.Web.Portal.DeliverableEmail(ErrorMessage = "Enter an email address like name@example.org."), StringLength(254)]
    public string? Email { get; set; }

    [BindProperty, Required(ErrorMessage = "Enter your password."), StringLength(200)]
    public string? Password { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = accounts.SignIn(Email!, Password!, out var user);
        if (result != SignInOutcome.Success)
        {
            audit.Record(user?.Id, result == SignInOutcome.LockedOut ? "login-locked" : "login-failed", null, "");
            Error = Failure;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await HttpContext.SignInAsync(PortalAuth.Principal(accounts.ById(user!.Id)!));
        audit.Record(user.Id, "login", null, "");
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : user.IsModerator ? "/admin" : "/portal");
    }
}
