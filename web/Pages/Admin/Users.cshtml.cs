using IopFinder.Web.Data;
using IopFinder.Web.Options;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Pages.Admin;

/// <summary>User management: disable or re-enable an account, or send a fresh password link.</summary>
public sealed class UsersModel(Db db, Accounts accounts, IEmailSender email, IOptions<SiteOptions> site, Audit audit) : PageModel
{
    public IReadOnlyList<User> Users { get; private set; } = [];

    public void OnGet() => Users = accounts.All();

    [BindProperty]
    public string? ModeratorEmail { get; set; }

    public string? Problem { get; private set; }

    /// <summary>Administrators add moderators: the account is created (or raised) and emailed a one-time link.</summary>
    public async Task<IActionResult> OnPostAddModeratorAsync()
    {
        if (!User.IsInRole("admin"))
        {
            return Forbid();
        }

        var address = ModeratorEmail?.Trim();
        if (!EmailAddresses.IsDeliverable(address))
        {
            Problem = "Enter the new moderator's email address.";
            Users = accounts.All();
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        User user;
        string? token;
        using (var connection = db.Open())
        using (var transaction = connection.BeginWrite())
        {
            user = accounts.Promote(connection, transaction, address, "moderator");
            audit.Record(User.UserId(), "moderator-added", null, $"user {user.Id}", connection, transaction);
            token = user.PasswordHash is null ? accounts.IssueToken(connection, transaction, user.Id, "invite") : null;
            transaction.Commit();
        }

        var link = token is not null
            ? "Choose a password here (the link works once, for 24 hours):\n" + site.Value.Absolute("/portal/set-password?token=" + token)
            : "Sign in here: " + site.Value.Absolute("/portal/login");
        await email.SendAsync(user.Email, "You are now an IopFinder moderator", $"An administrator made you a moderator on IopFinder.\n\n{link}\n");
        return Redirect("/admin/users");
    }

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

        var changed = accounts.SetDisabled(id, disabled, mayChangeAdministrators: User.IsInRole("admin"),
            (connection, transaction) => audit.Record(User.UserId(), disabled ? "user-disabled" : "user-enabled", null, $"user {id}", connection, transaction));
        return changed ? Redirect("/admin/users") : Forbid();
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
