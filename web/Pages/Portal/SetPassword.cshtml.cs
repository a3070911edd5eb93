using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Portal;

/// <summary>Choose a password from an invitation or reset link. Links work once and expire.</summary>
public sealed class SetPasswordModel(Accounts accounts, Audit audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Confirm { get; set; }

    public bool Invalid { get; private set; }

    public string? Problem { get; private set; }

    public bool Done { get; private set; }

    public IActionResult OnGet()
    {
        Invalid = accounts.CheckToken(Token) is null;
        if (Invalid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public IActionResult OnPost()
    {
        var user = accounts.CheckToken(Token);
        if (user is null)
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Problem = Accounts.PasswordProblem(Password, user.Email) ?? (Password != Confirm ? "The two passwords do not match." : null);
        if (Problem is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (!accounts.UseToken(Token!))
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        accounts.SetPassword(user.Id, Password!);
        audit.Record(user.Id, "password-set", null, "");
        Done = true;
        return Page();
    }
}
