using System.Data.Common;
using IopFinder.Web.Mail;
using IopFinder.Web.Options;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Portal;

/// <summary>
/// Every email the portal sends, worded in one place. Each is written to the outbox in the transaction of the
/// decision it reports, so the decision and its message stand or fall together.
/// </summary>
public sealed class PortalMail(Outbox outbox, IOptions<SiteOptions> site)
{
    private string PasswordLink(string token, string lifetime) =>
        $"Choose a password here (the link works once, for {lifetime}):\n" + site.Value.Absolute("/portal/set-password?token=" + token);

    private string InviteOrSignIn(string? token) => token is not null ? PasswordLink(token, "24 hours") : "Sign in here: " + site.Value.Absolute("/portal/login");

    public void AccessApproved(DbConnection connection, DbTransaction transaction, string to, string name, string? inviteToken) =>
        outbox.Add(connection, transaction, new Letter("access-approved", to, "Your IopFinder access request was approved",
            $"Hello {name},\n\nYour request to keep a listing current on IopFinder was approved.\n\n{InviteOrSignIn(inviteToken)}\n"));

    public void ModeratorAdded(DbConnection connection, DbTransaction transaction, string to, string? inviteToken) =>
        outbox.Add(connection, transaction, new Letter("moderator-added", to, "You are now an IopFinder moderator",
            $"An administrator made you a moderator on IopFinder.\n\n{InviteOrSignIn(inviteToken)}\n"));

    public void AccessReset(DbConnection connection, DbTransaction transaction, string to, string token) =>
        outbox.Add(connection, transaction, new Letter("access-reset", to, "Set a new IopFinder password",
            $"An administrator reset access to your IopFinder account.\n\n{PasswordLink(token, "1 hour")}\n"));

    public void ChangeDecided(DbConnection connection, DbTransaction transaction, string to, string clinicName, bool approved, string? note) =>
        outbox.Add(connection, transaction, new Letter(approved ? "change-approved" : "change-rejected", to,
            approved ? $"Your changes to {clinicName} are live" : $"Your changes to {clinicName} were not approved",
            (approved ? "A moderator approved your changes. They now appear on the public listing." : "A moderator did not approve your changes.") +
            (string.IsNullOrEmpty(note) ? "" : $"\n\nNote from the moderator:\n{note}") + $"\n\n{site.Value.Absolute("/portal")}\n"));

    /// <summary>A reminder to one of a listing's staff, with the link that confirms or updates that listing's openings only.</summary>
    public void OpeningsReminder(DbConnection connection, DbTransaction transaction, string to, long clinicId, string clinicName, string token, DateOnly? openingsAsOf, bool verificationDue, int linkDays) =>
        outbox.Add(connection, transaction, new Letter("openings-reminder", to, $"Are the openings at {clinicName} still right?",
            (openingsAsOf is { } asOf
                ? $"Families looking for a program on IopFinder see that {clinicName} last confirmed its openings on {asOf:MMMM d, yyyy}. After two weeks the listing asks them to call instead, and it no longer shows up when they look for a program that can start soon."
                : $"{clinicName} has not told families on IopFinder whether it can take new clients, so the listing asks them to call, and it does not show up when they look for a program that can start soon.") +
            $"\n\nConfirm or update your openings here, without a password (the link works once, for {linkDays} days, for this listing only):\n" +
            site.Value.Absolute($"/openings/{clinicId}/confirm?token={token}") +
            (verificationDue ? $"\n\nThe rest of the listing was last checked more than three months ago. Sign in to confirm it is accurate or propose changes:\n{site.Value.Absolute("/portal")}" : "") +
            $"\n\nTo stop these reminders for this listing, sign in and pause them on its openings page:\n{site.Value.Absolute($"/portal/listings/{clinicId}/openings")}\n"));

    /// <summary>
    /// A reset asked for on the "forgot password" page. Only the address is written now, the same for every address:
    /// whether it has an account, and its one-time link, are decided when the sender prepares the message
    /// (<see cref="PasswordResets"/>), so neither the page's answer nor its timing says whether the account exists.
    /// </summary>
    public void ResetRequested(DbConnection connection, DbTransaction transaction, string address) =>
        outbox.AddToPrepare(connection, transaction, PasswordResets.Kind, address);

    public Letter Reset(string to, string token) =>
        new(PasswordResets.Kind, to, "Reset your IopFinder password",
            $"Someone asked to reset the password for this address on IopFinder.\n\n{PasswordLink(token, "1 hour")}\n\nIf this was not you, ignore this message.\n");
}

/// <summary>
/// Prepares a requested password reset when the outbox sends it: for an address with an active account, issues
/// the one-time link and writes the message, in the sender's transaction; for any other address, nothing is sent.
/// </summary>
public sealed class PasswordResets(Accounts accounts, Audit audit, PortalMail mail) : ILetterPreparer
{
    public const string Kind = "password-reset";

    string ILetterPreparer.Kind => Kind;

    public Letter? Prepare(DbConnection connection, DbTransaction transaction, string recipient)
    {
        if (Accounts.ByEmail(connection, transaction, recipient) is not { Disabled: false } user)
        {
            return null;
        }

        var token = accounts.IssueToken(connection, transaction, user.Id, "reset");
        audit.Record(user.Id, "reset-requested", null, "", connection, transaction);
        return mail.Reset(user.Email, token);
    }
}
