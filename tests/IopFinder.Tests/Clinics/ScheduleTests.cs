using System.Net;
using System.Text.Json;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Clinics;

/// <summary>
/// Program schedules: tracks in the listing's own local time and zone, the flags and hours worked out from them, the
/// "times I can make" filter, the schedule table and the API, and schedules that cannot be true refused with the
/// reason. On SQLite, and on PostgreSQL in the suite's second pass.
/// </summary>
public sealed class ScheduleTests(ClassSite site) : IClassFixture<ClassSite>
{
    private readonly ClassSite _site = site;

    private T Service<T>() where T : notnull => _site.Services.GetRequiredService<T>();

    private Clinic Schedule(long id, string tracks, string? zone)
    {
        var clinic = _site.Listing(id);
        clinic.SetMask(ClinicCodes.Care, clinic.CareMask | ClinicCodes.Care.Mask(["iop"]));
        clinic.IopSchedule = tracks;
        clinic.TimeZone = zone;
        Assert.Null(ListingRules.Check(clinic));
        using var connection = Service<Db>().Open();
        using var transaction = connection.BeginWrite();
        ClinicQueries.Save(connection, transaction, [clinic]);
        transaction.Commit();
        Service<ClinicIndex>().Reload();
        return _site.Listing(id);
    }

    [Fact]
    public async Task Tracks_in_local_time_decide_the_times_filter_the_hours_and_the_schedule_table()
    {
        // Hawaii keeps no daylight saving time: 5:30 pm there is an evening track, whatever the hour on the mainland.
        var honolulu = Schedule(_site.UnusedListing(), "Evening adult IOP | mon tue thu | 17:30-20:30 | both | english spanish | adults", "Pacific/Honolulu");
        var phoenix = Schedule(_site.UnusedListing(), "Day IOP | mon wed fri | 09:00-12:00 | in_person | english | adults young_adults\nSaturday group | sat | 10:00-13:00 | in_person | english | adults", null);
        using var client = _site.Client();

        Assert.Equal((false, true, false, true, 9.0), (honolulu.IopDay, honolulu.IopEvening, honolulu.IopWeekend, honolulu.IopTelehealth, honolulu.IopHoursPerWeek!.Value));
        Assert.Equal((true, false, true, false, 9.0), (phoenix.IopDay, phoenix.IopEvening, phoenix.IopWeekend, phoenix.IopTelehealth, phoenix.IopHoursPerWeek!.Value));
        Assert.Equal(Web.Places.TimeZones.ForState(phoenix.State), phoenix.TimeZone);
        async Task<List<long>> Found(string query) => (await client.GetDocumentAsync("/clinics?radius=any&" + query))
            .QuerySelectorAll("#results li.result").Select(li => long.Parse(li.GetAttribute("data-clinic-id")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var evenings = await Found("care=iop&time=evening&q=" + Uri.EscapeDataString(honolulu.Name));
        Assert.Contains(honolulu.Id, evenings);
        Assert.DoesNotContain(honolulu.Id, await Found("care=iop&time=daytime&q=" + Uri.EscapeDataString(honolulu.Name)));
        Assert.Contains(phoenix.Id, await Found("care=iop&time=evening&time=weekend&q=" + Uri.EscapeDataString(phoenix.Name)));

        var page = await client.GetDocumentAsync(honolulu.Url);
        var row = page.QuerySelector("#schedule tbody tr")!;
        Assert.Equal(("mon tue thu", "17:30", "20:30"), (row.GetAttribute("data-days"), row.GetAttribute("data-start"), row.GetAttribute("data-end")));
        Assert.Contains("5:30 pm", row.TextContent);
        Assert.Contains("Pacific/Honolulu", page.QuerySelector("#schedule caption")!.TextContent);
        var spanish = await client.GetDocumentAsync("/es" + honolulu.Url);
        Assert.Contains("17:30", spanish.QuerySelector("#schedule tbody tr")!.TextContent);

        var api = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/clinics/{honolulu.Slug}")).RootElement;
        var track = api.GetProperty("tracks")[0];
        Assert.Equal(["mon", "tue", "thu"], track.GetProperty("days").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(("17:30", "20:30", "Pacific/Honolulu", "both"), (track.GetProperty("start").GetString(), track.GetProperty("end").GetString(), track.GetProperty("timeZone").GetString(), track.GetProperty("setting").GetString()));
        Assert.Equal(["english", "spanish"], track.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public void A_schedule_of_several_tracks_round_trips_through_the_csv_format()
    {
        var clinic = _site.Listing(2);
        clinic.IopSchedule = "Day IOP | mon wed fri | 09:30-12:30 | in_person | english | adults\nEvening IOP | tue thu | 18:00-21:00 | telehealth | english asl | young_adults veterans";
        clinic.TimeZone = "America/Chicago";
        using var writer = new StringWriter();
        Web.Imports.ClinicCsv.Write(writer, [clinic]);

        var read = Assert.Single(Web.Imports.ClinicCsv.Read(new StringReader(writer.ToString()))).Clinic!;

        Assert.Equal(clinic.IopSchedule, read.IopSchedule);
        Assert.Equal("America/Chicago", read.TimeZone);
        Assert.Equal(2, read.Tracks.Count);
        Assert.Equal(ProgramTracks.Format(clinic.Tracks), ProgramTracks.Format(read.Tracks));
    }

    [Theory]
    [InlineData("Evening | mon | 18:00-17:00 | in_person | english | adults", null, "ends before it starts")]
    [InlineData("Evening | mon | 25:00-26:00 | in_person | english | adults", null, "24-hour clock")]
    [InlineData("Evening | mon funday | 18:00-21:00 | in_person | english | adults", null, "is not a day")]
    [InlineData("Evening | mon | 18:00-21:00 | on the moon | english | adults", null, "is not a setting")]
    [InlineData("Evening | mon | 18:00-21:00", null, "six parts")]
    [InlineData("Evening | mon | 18:00-21:00 | in_person | english | adults", "Mars/Olympus_Mons", "time zone")]
    public async Task A_schedule_that_cannot_be_true_is_refused_with_the_reason_and_nothing_is_proposed(string tracks, string? zone, string reason)
    {
        var id = _site.UnusedListing();
        var email = $"schedule-{Guid.NewGuid():N}@clinic.example.org";
        _site.CreateUser(email, "clinic", id);
        using var client = _site.Client();
        await client.LoginAsync(email);
        var form = await client.GetDocumentAsync($"/portal/listings/{id}/edit");
        var fields = PortalHelpers.EditFormFields(form, [("tracks", tracks), ("time_zone", zone ?? "")]);

        var response = await client.PostPageAsync($"/portal/listings/{id}/edit", $"/portal/listings/{id}/edit", [.. fields]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".error-summary")!.TextContent);
        Assert.Empty(Service<Web.Portal.ListingEdits>().Changes("pending", id));
    }
}
