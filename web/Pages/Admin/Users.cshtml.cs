using IopFinder.Web.Data;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Admin;

/// <summary>User management: disable or re-enable an account, or send a fresh password link.</summary>
public sealed class UsersModel(Db db, Accounts accounts, PortalMail mail, Audit audit) : PageModel
{
    public IReadOnlyList<User> Users { get; private set; } = [];

    public void OnGet() => Users = accounts.All();

    [BindProperty]
    public string? ModeratorEmail { get; set; }

    public string? Problem { get; private set; }

    /// <summary>Administrators add moderators: the account is created (or raised) and emailed a one-time link.</summary>
    public IActionResult OnPostAddModerator()
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

        using (var connection = db.Open())
        using (var transaction = connection.BeginWrite())
        {
            var user = accounts.Promote(connection, transaction, address, "moderator");
            audit.Record(User.UserId(), "moderator-added", null, $"user {user.Id}", connection, transaction);
            var token = user.PasswordHash is null ? accounts.IssueToken(connection, transaction, user.Id, "invite") : null;
            mail.ModeratorAdded(connection, transaction, user.Email, token);
            transaction.Commit();
        }

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

    public IActionResult OnPostReset(long id)
    {
        if (accounts.ById(id) is not { Disabled: false } user)
        {
            return NotFound();
        }

        if (user.Role == "admin" && !User.IsInRole("admin"))
        {
            return Forbid();
        }

        using (var connection = db.Open())
        using (var transaction = connection.BeginWrite())
        {
            var token = accounts.IssueToken(connection, transaction, user.Id, "reset");
            mail.AccessReset(connection, transaction, user.Email, token);
            audit.Record(User.UserId(), "access-reset", null, $"user {id}", connection, transaction);
            transaction.Commit();
        }

        return Redirect("/admin/users");
    }
}
