using IopFinder.Web.Options;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Pages.Admin;

/// <summary>User management: disable or re-enable an account, or send a fresh password link.</summary>
public sealed class UsersModel(Accounts accounts, IEmailSender email, IOptions<SiteOptions> site, Audit audit) : PageModel
{
    public IReadOnlyList<User> Users { get; private set; } = [];

    public void OnGet() => Users = accounts.All();

    public IActionResult OnPostDisable(long id, bool disabled)
    {
        if (accounts.ById(id) is not { } target || id == User.UserId())
        {
            return NotFound();
        }

        if (target.Role == "admin" && !User.IsInRole("admin"))
        {
            // A moderator may disable clinic staff and other moderators, never an administrator.
            return Forbid();
        }

        accounts.SetDisabled(id, disabled);
        audit.Record(User.UserId(), disabled ? "user-disabled" : "user-enabled", null, $"user {id}");
        return Redirect("/admin/users");
    }

    public async Task<IActionResult> OnPostResetAsync(long id)
    {
        if (accounts.ById(id) is not { Disabled: false } user)
        {
            return NotFound();
        }

        if (user.Role == "admin" && !User.IsInRole("admin"))
        {
            return Forbid();
        }

        var token = accounts.IssueToken(user.Id, "reset");
        await email.SendAsync(user.Email, "Set a new IopFinder password",
            $"An administrator reset access to your IopFinder account.\n\nChoose a new password here (the link works once, for 1 hour):\n{site.Value.Absolute("/portal/set-password?token=" + token)}\n");
        audit.Record(User.UserId(), "access-reset", null, $"user {id}");
        return Redirect("/admin/users");
    }
}
