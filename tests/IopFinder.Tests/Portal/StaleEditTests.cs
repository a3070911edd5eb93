using System.Net;
using IopFinder.Web.Clinics;
using IopFinder.Web.Imports;
using IopFinder.Web.Portal;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Portal;

/// <summary>"Changed since you opened this form" compares versions, so two changes on one day still count.</summary>
public sealed class StaleEditTests(ClassSite site) : IClassFixture<ClassSite>
{
    private readonly ClassSite _factory = site;

    private ListingEdits Edits => _factory.Services.GetRequiredService<ListingEdits>();

    private long Propose(long userId, long clinicId, string waitNote, long? baseVersion = null)
    {
        var clinic = _factory.Listing(clinicId);
        var posted = ListingForm.Fields.ToDictionary(f => f, f => (string?)ListingValues.Get(clinic, f));
        posted["wait_note"] = waitNote;
        var (changes, _, _, _) = Edits.Diff(clinic, posted);
        return Edits.Propose(userId, clinic, changes, baseVersion);
    }

    [Fact]
    public async Task A_form_opened_before_a_change_approved_the_same_day_is_refused_instead_of_reverting_it()
    {
        var staff = _factory.CreateUser("same-day@example.org", "clinic", 2);
        using var client = _factory.Client();
        await client.LoginAsync("same-day@example.org");
        // An approval earlier today: the listing's date is already today, so only a version can tell the next change apart.
        Assert.Equal(ApprovalOutcome.Approved, Edits.Approve(Propose(staff.Id, 2, "Approved this morning"), 1, null));
        var form = await client.GetDocumentAsync("/portal/listings/2/edit");
        Assert.Equal(ApprovalOutcome.Approved, Edits.Approve(Propose(staff.Id, 2, "Approved meanwhile"), 1, null));

        var editForm = form.QuerySelector("input[name=baseVersion]")!.Closest("form")!;
        var fields = editForm.QuerySelectorAll("input[name], select[name], textarea[name]")
            .Where(e => e.GetAttribute("type") is not ("checkbox" or "radio") || e.HasAttribute("checked"))
            .Select(e => new KeyValuePair<string, string>(e.GetAttribute("name")!, e.LocalName == "select" ? e.QuerySelector("option[selected]")?.GetAttribute("value") ?? "" : e.GetAttribute("value") ?? e.TextContent))
            .Where(f => f.Key != "wait_note").Append(new("wait_note", "Old form's note"));
        var response = await client.PostAsync("/portal/listings/2/edit", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("Approved meanwhile", _factory.Listing(2).WaitNote);
    }

    [Fact]
    public async Task A_refused_stale_edit_starts_again_from_the_current_listing_with_only_the_persons_changes()
    {
        var staff = _factory.CreateUser("conflict@example.org", "clinic", 9);
        using var client = _factory.Client();
        await client.LoginAsync("conflict@example.org");
        var form = await client.GetDocumentAsync("/portal/listings/9/edit");
        // Meanwhile a moderator approves a new phone number.
        var clinic = _factory.Listing(9);
        var newPhone = clinic.Phone == "434-555-0199" ? "434-555-0198" : "434-555-0199";
        var posted = ListingForm.Fields.ToDictionary(f => f, f => (string?)ListingValues.Get(clinic, f));
        posted["phone"] = newPhone;
        Assert.Equal(ApprovalOutcome.Approved, Edits.Approve(Edits.Propose(staff.Id, clinic, Edits.Diff(clinic, posted).Changes, null), 1, null));

        // The person saves the old form with a new waiting-list note: refused, and the form comes back from the listing as it is.
        var refused = await client.PostPageAsync("/portal/listings/9/edit", "/portal/listings/9/edit",
            [.. PortalHelpers.EditFormFields(form, ("wait_note", "Openings in January"))]);
        var conflict = Html.Parse(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(newPhone, conflict.QuerySelector("#f-phone")!.GetAttribute("value"));
        Assert.Equal("Openings in January", conflict.QuerySelector("#f-wait_note")!.GetAttribute("value"));
        var row = conflict.QuerySelector("#changed-meanwhile tr[data-field=phone]")!;
        Assert.Contains(newPhone, row.TextContent);
        Assert.Null(conflict.QuerySelector("#changed-meanwhile tr[data-field=wait_note]"));

        // Saving the form as it came back proposes the note and nothing else: the new phone stays.
        var saved = await client.PostPageAsync("/portal/listings/9/edit", "/portal/listings/9/edit", [.. PortalHelpers.EditFormFields(conflict)]);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var proposal = Assert.Single(Edits.Changes("pending", 9));
        Assert.Equal(["wait_note"], proposal.Changes.Keys);
    }

    [Fact]
    public void A_change_made_to_an_older_listing_is_approved_only_after_the_moderator_confirms()
    {
        var staff = _factory.CreateUser("older@example.org", "clinic", 3);
        var first = Propose(staff.Id, 3, "First");
        var second = Propose(staff.Id, 3, "Second, from the same version");
        Assert.Equal(ApprovalOutcome.Approved, Edits.Approve(first, 1, null));

        Assert.True(Edits.IsStale(Edits.Change(second)!));
        Assert.Equal(ApprovalOutcome.ListingChangedSince, Edits.Approve(second, 1, null));
        Assert.Equal("pending", Edits.Change(second)!.Status);
        Assert.Equal("First", _factory.Listing(3).WaitNote);

        Assert.Equal(ApprovalOutcome.Approved, Edits.Approve(second, 1, null, applyToNewerListing: true));
        Assert.Equal("Second, from the same version", _factory.Listing(3).WaitNote);
    }
}
