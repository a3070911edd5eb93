namespace IopFinder.Web.Clinics;

/// <summary>A directory listing as stored. Column names map by Dapper's underscore matching.</summary>
public sealed class Clinic
{
    public long Id { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public string? ProgramName { get; set; }
    public string Street { get; set; } = "";
    public string? Street2 { get; set; }
    public string City { get; set; } = "";
    public string State { get; set; } = "";
    public string Zip { get; set; } = "";
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public string? Phone { get; set; }
    public string? IntakePhone { get; set; }
    public string? Website { get; set; }
    public string? Description { get; set; }
    public string Status { get; set; } = ListingStatus.Active;
    public string Accepting { get; set; } = "unknown";
    public string? WaitNote { get; set; }
    public double? IopHoursPerWeek { get; set; }
    public bool IopDay { get; set; }
    public bool IopEvening { get; set; }
    public bool IopWeekend { get; set; }
    public int? IopLengthWeeks { get; set; }
    public bool IopTelehealth { get; set; }

    /// <summary>The IOP's tracks, one a line (<see cref="ProgramTracks"/>), in <see cref="TimeZone"/>'s local time; null when not given.</summary>
    public string? IopSchedule { get; set; }

    /// <summary>The IANA time zone of the listing's schedule (<see cref="Places.TimeZones"/>).</summary>
    public string? TimeZone { get; set; }

    /// <summary>The tracks, read from <see cref="IopSchedule"/>; none when it is empty or cannot be read.</summary>
    public IReadOnlyList<ProgramTrack> Tracks => ProgramTracks.Parse(IopSchedule).Tracks;
    public long CareMask { get; set; }
    public long PayMask { get; set; }
    public long AgeMask { get; set; }
    public long PopMask { get; set; }
    public long LangMask { get; set; }
    public long ServiceMask { get; set; }
    public long AccredMask { get; set; }
    public string? OtherLanguages { get; set; }

    /// <summary>The listing's openings (<see cref="Clinics.Openings"/>): status, next start and confirmation dates (yyyy-mm-dd), wait, who confirmed.</summary>
    public string OpeningsStatus { get; set; } = OpeningStatus.Unknown;
    public string? OpeningsNextStart { get; set; }
    public int? OpeningsWaitWeeks { get; set; }
    public string? OpeningsAsOf { get; set; }
    public string? OpeningsSource { get; set; }

    public Openings Openings => Openings.Of(this);

    /// <summary>False for listings from a source that publishes no services (FindTreatment.gov's CSV export).</summary>
    public bool ServicesReported { get; set; } = true;
    public string Source { get; set; } = ListingSource.Admin;
    public string? SourceId { get; set; }
    public bool Claimed { get; set; }

    /// <summary>When someone last confirmed the listing (yyyy-mm-dd), or null if never.</summary>
    public string? LastVerified { get; set; }
    public string UpdatedAt { get; set; } = "";

    /// <summary>An independent copy: every property is a value or an immutable string.</summary>
    public Clinic Copy() => (Clinic)MemberwiseClone();

    public string Url => "/clinics/" + Slug;
    public bool IsDemo => Source == ListingSource.Demo;
    /// <summary>Whether the listing carries a code; naming a code the set does not have throws (<see cref="CodeSet.Code"/>).</summary>
    public bool Offers(CodeSet set, string code) => (MaskOf(set) & set.Mask([set.Code(code)])) != 0;
    public IReadOnlyList<string> Codes(CodeSet set) => set.Values(MaskOf(set));

    public long MaskOf(CodeSet set) =>
        set == ClinicCodes.Care ? CareMask
        : set == ClinicCodes.Pay ? PayMask
        : set == ClinicCodes.Age ? AgeMask
        : set == ClinicCodes.Population ? PopMask
        : set == ClinicCodes.Language ? LangMask
        : set == ClinicCodes.Service ? ServiceMask
        : AccredMask;

    public void SetMask(CodeSet set, long mask)
    {
        if (set == ClinicCodes.Care) CareMask = mask;
        else if (set == ClinicCodes.Pay) PayMask = mask;
        else if (set == ClinicCodes.Age) AgeMask = mask;
        else if (set == ClinicCodes.Population) PopMask = mask;
        else if (set == ClinicCodes.Language) LangMask = mask;
        else if (set == ClinicCodes.Service) ServiceMask = mask;
        else AccredMask = mask;
    }

    public string? IopTracks =>
        string.Join(", ", new[] { IopDay ? "day" : null, IopEvening ? "evening" : null, IopWeekend ? "weekend" : null }.Where(t => t is not null)) is { Length: > 0 } tracks ? tracks : null;

    public string Address => string.Join(", ", new[] { Street, Street2, City, $"{State} {Zip}" }.Where(p => !string.IsNullOrWhiteSpace(p)));
}
