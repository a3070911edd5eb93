using System.Net;
using System.Text.Json;
using Dapper;
using IopFinder.Tests.Portal;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using IopFinder.Web.Portal;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Clinics;

/// <summary>
/// Openings, always dated, on a fixed clock: what a family finds with "can start within", in what order, what the
/// listing says once they are two weeks old, and how clinic staff and moderators change them. On SQLite, and on
/// PostgreSQL in the suite's second pass. The demo listings' own openings are dated from the real day they were
/// seeded, months before this clock, so only the listings a test sets count as current.
/// </summary>
public sealed class OpeningsTests : IDisposable
{
    private static readonly DateOnly Today = new(2027, 3, 1);

    private readonly MovableClock _clock = new(new DateTimeOffset(2027, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly SiteFactory _site;

    public OpeningsTests() => _site = new SiteFactory { DemoClinics = 60, Clock = _clock };

    public void Dispose() => _site.Dispose();

    private T Service<T>() where T : notnull => _site.Services.GetRequiredService<T>();

    private IReadOnlyList<long> IopListings() =>
        Enumerable.Range(1, 60).Select(i => _site.Listing(i)).Where(c => c.Offers(ClinicCodes.Care, "iop")).Select(c => c.Id).ToList();

    private void Set(long id, string status, DateOnly? nextStart = null, int? waitWeeks = null) =>
        Assert.Equal(OpeningsOutcome.Saved, Service<OpeningsUpdates>().Update(id, null, OpeningsSource.Moderator, status, nextStart, waitWeeks).Outcome);

    private async Task<List<(long Id, string? NextStart, string? AsOf)>> ResultsAsync(HttpClient client, string query)
    {
        Service<ClinicIndex>().RefreshIfChanged();
        var page = await client.GetDocumentAsync("/clinics?radius=any&" + query);
        return page.QuerySelectorAll("#results li.result")
            .Select(li => (long.Parse(li.GetAttribute("data-clinic-id")!, System.Globalization.CultureInfo.InvariantCulture), li.GetAttribute("data-next-start"), li.GetAttribute("data-openings-as-of")))
            .ToList();
    }

    [Fact]
    public async Task Can_start_within_and_soonest_start_follow_dated_openings_until_they_are_two_weeks_old()
    {
        var iop = IopListings();
        var (open, nextStart, waitlist, full, later) = (iop[0], iop[1], iop[2], iop[3], iop[4]);
        Set(open, OpeningStatus.Open);
        Set(nextStart, OpeningStatus.NextStart, nextStart: Today.AddDays(10));
        Set(waitlist, OpeningStatus.Waitlist, waitWeeks: 3);
        Set(full, OpeningStatus.Full);
        Set(later, OpeningStatus.NextStart, nextStart: Today.AddDays(40));
        using var client = _site.Client();

        Assert.Equal([open], (await ResultsAsync(client, "start=7")).Select(r => r.Id));
        Assert.Equal(new[] { open, nextStart }.Order(), (await ResultsAsync(client, "start=14")).Select(r => r.Id).Order());
        var soonest = await ResultsAsync(client, "start=30&sort=soonest");
        Assert.Equal([open, nextStart, waitlist], soonest.Select(r => r.Id));
        Assert.Equal(["2027-03-01", "2027-03-11", "2027-03-22"], soonest.Select(r => r.NextStart));
        Assert.All(soonest, r => Assert.Equal("2027-03-01", r.AsOf));
        // Soonest start over everything: the listings that can start come first, in order; the rest follow.
        Assert.Equal([open, nextStart, waitlist], (await ResultsAsync(client, "sort=soonest")).Take(3).Select(r => r.Id));
        var listing = await client.GetDocumentAsync(_site.Listing(nextStart).Url);
        Assert.Contains("Next start date: March 11, 2027 (as of March 1, 2027).", listing.QuerySelector("#openings")!.TextContent);

        _clock.Advance(TimeSpan.FromDays(15));

        Assert.Empty(await ResultsAsync(client, "start=30"));
        var stale = await client.GetDocumentAsync(_site.Listing(nextStart).Url);
        Assert.Contains("Openings last confirmed on March 1, 2027: call to check.", stale.QuerySelector("#openings")!.TextContent);
        Assert.DoesNotContain("March 11", stale.QuerySelector("#openings")!.TextContent);
        var spanish = await client.GetDocumentAsync("/es" + _site.Listing(open).Url);
        Assert.Contains("El cupo se confirmó por última vez el 1 de marzo de 2027: llame para verificar.", spanish.QuerySelector("#openings")!.TextContent);
    }

    [Fact]
    public async Task The_api_carries_openings_with_their_date_and_source_and_never_a_past_start()
    {
        var iop = IopListings();
        Set(iop[0], OpeningStatus.NextStart, nextStart: Today.AddDays(3));
        using var client = _site.Client();
        var slug = _site.Listing(iop[0]).Slug;

        var fresh = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/clinics/{slug}")).RootElement.GetProperty("openings");
        _clock.Advance(TimeSpan.FromDays(4));
        var passed = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/clinics/{slug}")).RootElement.GetProperty("openings");

        Assert.Equal("next-start", fresh.GetProperty("status").GetString());
        Assert.Equal("2027-03-04", fresh.GetProperty("nextStart").GetString());
        Assert.Equal("2027-03-01", fresh.GetProperty("asOf").GetString());
        Assert.Equal("moderator", fresh.GetProperty("source").GetString());
        Assert.True(fresh.GetProperty("current").GetBoolean());
        Assert.Equal(JsonValueKind.Null, passed.GetProperty("nextStart").ValueKind);
        Assert.False(passed.GetProperty("current").GetBoolean());
        Assert.Equal("2027-03-01", passed.GetProperty("asOf").GetString());
    }

    [Fact]
    public async Task Staff_update_openings_in_one_step_live_and_audited_and_bad_answers_change_nothing()
    {
        var id = IopListings()[5];
        _site.CreateUser("staff@clinic.example.org", "clinic", id);
        var other = IopListings()[6];
        var otherBefore = _site.Listing(other).Openings;
        using var client = _site.Client();
        await client.LoginAsync("staff@clinic.example.org");
        var page = $"/portal/listings/{id}/openings";

        var saved = await client.PostPageAsync(page, page, ("Status", "next-start"), ("NextStart", "2027-03-09"), ("WaitWeeks", ""));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Service<ClinicIndex>().RefreshIfChanged();
        Assert.Contains(id, (await ResultsAsync(client, "start=14")).Select(r => r.Id));
        Assert.Contains("Confirmed by the clinic.", (await client.GetDocumentAsync(_site.Listing(id).Url)).QuerySelector("#openings")!.TextContent);
        using (var connection = Service<Db>().Open())
        {
            Assert.Equal(1, connection.ExecuteScalar<long>("SELECT count(*) FROM audit_log WHERE action = 'openings-updated' AND clinic_id = @id", new { id }));
        }

        var bad = new (string Name, string Value)[][]
        {
            [("Status", "next-start"), ("NextStart", "2027-02-27")],
            [("Status", "next-start"), ("NextStart", "2029-03-01")],
            [("Status", "next-start"), ("NextStart", "2027-02-30")],
            [("Status", "waitlist"), ("WaitWeeks", "-1")],
            [("Status", "waitlist"), ("WaitWeeks", "10000")],
            [("Status", "waitlist"), ("WaitWeeks", "three")],
            [("Status", "maybe")],
        };
        foreach (var fields in bad)
        {
            var refused = await client.PostPageAsync(page, page, fields);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.NotNull(Html.Parse(await refused.Content.ReadAsStringAsync()).GetElementById("openings-problem"));
        }

        Assert.Equal("next-start", _site.Listing(id).OpeningsStatus);
        Assert.Equal("2027-03-09", _site.Listing(id).OpeningsNextStart);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/portal/listings/{other}/openings")).StatusCode);
        var notTheirs = await client.PostAsync($"/portal/listings/{other}/openings", new FormUrlEncodedContent([new(FormPoster.TokenField, await client.TokenAsync(page)), new("Status", "open")]));
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        Assert.Equal(otherBefore, _site.Listing(other).Openings);
    }

    [Fact]
    public async Task Parallel_updates_each_start_from_the_one_before_and_a_revert_undoes_only_the_newest()
    {
        var id = IopListings()[7];
        _site.CreateUser("busy@clinic.example.org", "clinic", id);
        var answers = new[] { ("open", "", ""), ("full", "", ""), ("waitlist", "", "2"), ("next-start", "2027-03-05", ""), ("waitlist", "", "4") };
        var clients = new List<HttpClient>();
        foreach (var _ in answers)
        {
            var client = _site.Client();
            await client.LoginAsync("busy@clinic.example.org");
            clients.Add(client);
        }

        var page = $"/portal/listings/{id}/openings";
        var start = _site.Listing(id).Openings;
        var tokens = await Task.WhenAll(clients.Select(c => c.TokenAsync(page)));
        var posted = await Task.WhenAll(clients.Select((c, i) => c.PostAsync(page, new FormUrlEncodedContent(
            [new(FormPoster.TokenField, tokens[i]), new("Status", answers[i].Item1), new("NextStart", answers[i].Item2), new("WaitWeeks", answers[i].Item3)]))));

        Assert.All(posted, p => Assert.Equal(HttpStatusCode.Redirect, p.StatusCode));
        var history = Service<OpeningsUpdates>().Recent().Where(u => u.ClinicId == id).OrderBy(u => u.Id).ToList();
        Assert.Equal(5, history.Count);
        // Each update was decided on what the one before it left: the chain has no gap and no fork.
        Assert.Equal(start, history[0].Before);
        for (var i = 1; i < history.Count; i++)
        {
            Assert.Equal(history[i - 1].After, history[i].Before);
        }

        Assert.Equal(history[^1].After, _site.Listing(id).Openings);

        // Two moderators undo the newest at once: one undoes it; an older update can no longer be undone.
        var moderators = new List<HttpClient>();
        for (var i = 0; i < 2; i++)
        {
            _site.CreateUser($"openings-mod{i}@iopfinder.example.org", "moderator");
            var moderator = _site.Client();
            await moderator.LoginAsync($"openings-mod{i}@iopfinder.example.org");
            moderators.Add(moderator);
        }

        var modTokens = await Task.WhenAll(moderators.Select(m => m.TokenAsync("/admin/openings")));
        var reverts = await Task.WhenAll(moderators.Select((m, i) => m.PostAsync($"/admin/openings?handler=Revert&id={history[^1].Id}",
            new FormUrlEncodedContent([new(FormPoster.TokenField, modTokens[i])]))));
        var older = await moderators[0].PostAsync($"/admin/openings?handler=Revert&id={history[1].Id}",
            new FormUrlEncodedContent([new(FormPoster.TokenField, modTokens[0])]));

        Assert.Equal(["/admin/openings?changed=1", "/admin/openings?reverted=1"], reverts.Select(r => r.Headers.Location!.OriginalString).Order());
        Assert.Equal("/admin/openings?changed=1", older.Headers.Location!.OriginalString);
        Assert.Equal(history[^1].Before, _site.Listing(id).Openings);
        using var connection = Service<Db>().Open();
        Assert.Equal(1, connection.ExecuteScalar<long>("SELECT count(*) FROM audit_log WHERE action = 'openings-reverted' AND clinic_id = @id", new { id }));
        clients.ForEach(c => c.Dispose());
        moderators.ForEach(m => m.Dispose());
    }

    [Fact]
    public async Task Moderators_see_how_current_openings_and_verification_are_and_which_claimed_listings_to_chase()
    {
        var (fresh, stale) = (IopListings()[9], IopListings()[10]);
        _site.CreateUser("fresh@clinic.example.org", "clinic", fresh);
        _site.CreateUser("stale@clinic.example.org", "clinic", stale);
        Set(fresh, OpeningStatus.Open);
        using (var connection = Service<Db>().Open())
        {
            connection.Execute("UPDATE clinics SET last_verified = '2027-02-20' WHERE id = @fresh", new { fresh });
        }

        _site.CreateUser("freshness-mod@iopfinder.example.org", "moderator");
        using var moderator = _site.Client();
        await moderator.LoginAsync("freshness-mod@iopfinder.example.org");
        var page = await moderator.GetDocumentAsync("/admin/freshness");

        // The demo listings' openings are months older than this clock: only the listing confirmed today counts.
        Assert.Equal("1", page.QuerySelector("#freshness-totals tr[data-group=claimed] td[data-openings-fresh]")!.GetAttribute("data-openings-fresh"));
        Assert.Equal("0", page.QuerySelector("#freshness-totals tr[data-group=unclaimed] td[data-openings-fresh]")!.GetAttribute("data-openings-fresh"));
        var chase = page.QuerySelectorAll("#stale-claimed tr[data-clinic-id]").Select(r => long.Parse(r.GetAttribute("data-clinic-id")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Contains(stale, chase);
        Assert.DoesNotContain(fresh, chase);
        Assert.Equal(HttpStatusCode.Redirect, (await _site.Client().GetAsync("/admin/freshness")).StatusCode);
    }

    [Fact]
    public async Task A_start_date_that_has_passed_is_not_offered_again_by_the_form()
    {
        var id = IopListings()[11];
        _site.CreateUser("passed@clinic.example.org", "clinic", id);
        Set(id, OpeningStatus.NextStart, nextStart: Today.AddDays(3));
        using var client = _site.Client();
        await client.LoginAsync("passed@clinic.example.org");
        var page = $"/portal/listings/{id}/openings";

        var before = (await client.GetDocumentAsync(page)).QuerySelector("#next-start")!;
        _clock.Advance(TimeSpan.FromDays(5));
        // A sign-in lasts 8 hours: five days on, the person signs in again.
        using var later = _site.Client();
        await later.LoginAsync("passed@clinic.example.org");
        var after = (await later.GetDocumentAsync(page)).QuerySelector("#next-start")!;

        Assert.Equal("2027-03-04", before.GetAttribute("value"));
        // The field's minimum is today: a passed date left in it would stop the browser sending the form at all.
        Assert.Equal("2027-03-06", after.GetAttribute("min"));
        Assert.True(string.IsNullOrEmpty(after.GetAttribute("value")));
    }

    [Fact]
    public void A_csv_from_before_openings_and_schedules_leaves_a_listings_own_untouched_and_still_changes_the_rest()
    {
        var id = IopListings()[12];
        Set(id, OpeningStatus.Waitlist, waitWeeks: 2);
        var before = _site.Listing(id);
        var edited = before.Copy();
        edited.Phone = "540-555-0199";
        var header = Web.Imports.ClinicCsv.Header;
        var keep = header.Select((name, i) => (name, i)).Where(p => !p.name.StartsWith("openings_", StringComparison.Ordinal) && p.name is not ("tracks" or "time_zone")).Select(p => p.i).ToList();
        // Re-written without the new columns, every field quoted as the writer would (the schedule holds "|" and newlines).
        var fields = header.Select(name => ListingValues.Get(edited, name)).ToList();
        string Quote(string v) => "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var old = string.Join(",", keep.Select(i => header[i])) + "\n" + string.Join(",", keep.Select(i => Quote(fields[i]))) + "\n";

        var summary = Service<Web.Imports.ClinicImporter>().Import(Web.Imports.ClinicCsv.Read(new StringReader(old)), strict: true, Web.Imports.ImportMode.OwnCsv);

        Assert.Equal(1, summary.Updated);
        var after = _site.Listing(id);
        Assert.Equal("540-555-0199", after.Phone);
        Assert.Equal(before.Openings, after.Openings);
        Assert.Equal(before.IopSchedule, after.IopSchedule);
        Assert.Equal(before.TimeZone, after.TimeZone);
    }

    [Fact]
    public void An_update_leaves_the_listing_row_version_alone_so_an_open_edit_form_is_not_out_of_date()
    {
        var id = IopListings()[8];
        var before = Service<ClinicQueries>().RowVersion(id);

        Set(id, OpeningStatus.Open);

        Assert.Equal(before, Service<ClinicQueries>().RowVersion(id));
        Assert.Equal(OpeningStatus.Open, _site.Listing(id).OpeningsStatus);
    }
}

/// <summary>Openings in IopFinder's CSV format: they round-trip, bad ones are refused, and older files still import.</summary>
public sealed class OpeningsCsvTests
{
    private static Clinic Listing(Action<Clinic> change)
    {
        var clinic = new Clinic { Slug = "harbor-iop", Name = "Harbor IOP", Street = "1 Main St", City = "Norfolk", State = "VA", Zip = "23510", Latitude = 36.85, Longitude = -76.29, UpdatedAt = "2027-03-01" };
        change(clinic);
        return clinic;
    }

    private static IopFinder.Web.Imports.ImportRow RoundTrip(Clinic clinic)
    {
        using var writer = new StringWriter();
        IopFinder.Web.Imports.ClinicCsv.Write(writer, [clinic]);
        return Assert.Single(IopFinder.Web.Imports.ClinicCsv.Read(new StringReader(writer.ToString())));
    }

    [Fact]
    public void Openings_round_trip_through_the_csv_format()
    {
        var clinic = Listing(c => new Openings(OpeningStatus.Waitlist, null, 3, new DateOnly(2027, 3, 1), OpeningsSource.Clinic).ApplyTo(c));

        var read = RoundTrip(clinic).Clinic!;

        Assert.Equal(clinic.Openings, read.Openings);
        Assert.Null(ListingRules.Check(read));
    }

    [Theory]
    [InlineData("next-start", null, null, "2027-03-01", "next start date")]
    [InlineData("next-start", "2027-02-20", null, "2027-03-01", "already passed")]
    [InlineData("next-start", "2028-06-01", null, "2027-03-01", "more than a year")]
    [InlineData("waitlist", null, -1, "2027-03-01", "between 0 and 104")]
    [InlineData("waitlist", null, 10000, "2027-03-01", "between 0 and 104")]
    [InlineData("open", null, null, null, "confirmed")]
    [InlineData("soon", null, null, "2027-03-01", "must be one of")]
    [InlineData("open", null, null, "2027-13-01", "not a date")]
    public void Openings_that_break_a_rule_are_refused_with_the_reason(string status, string? nextStart, int? waitWeeks, string? asOf, string reason)
    {
        var clinic = Listing(c =>
        {
            c.OpeningsStatus = status;
            c.OpeningsNextStart = nextStart;
            c.OpeningsWaitWeeks = waitWeeks;
            c.OpeningsAsOf = asOf;
            c.OpeningsSource = OpeningsSource.Import;
        });

        Assert.Contains(reason, ListingRules.Check(clinic));
    }

    [Fact]
    public void A_file_exported_before_openings_and_schedules_existed_still_imports_with_openings_unknown()
    {
        using var writer = new StringWriter();
        IopFinder.Web.Imports.ClinicCsv.Write(writer, [Listing(_ => { })]);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var names = lines[0].TrimEnd('\r').Split(',');
        var keep = names.Select((name, i) => (name, i)).Where(p => !p.name.StartsWith("openings_", StringComparison.Ordinal) && p.name is not ("tracks" or "time_zone")).Select(p => p.i).ToList();
        var old = string.Join("\n", lines.Select(l => string.Join(",", keep.Select(i => l.TrimEnd('\r').Split(',')[i]))));

        var row = Assert.Single(IopFinder.Web.Imports.ClinicCsv.Read(new StringReader(old)));

        Assert.Null(row.Error);
        Assert.Equal(OpeningStatus.Unknown, row.Clinic!.OpeningsStatus);
        Assert.Equal("Harbor IOP", row.Clinic.Name);
    }
}
