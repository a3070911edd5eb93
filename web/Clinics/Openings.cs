using System.Globalization;

namespace IopFinder.Web.Clinics;

/// <summary>What a listing says about taking someone new, as stored in <c>openings_status</c>.</summary>
public static class OpeningStatus
{
    public const string Open = "open";
    public const string NextStart = "next-start";
    public const string Waitlist = "waitlist";
    public const string Full = "full";
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<string> All = [Open, NextStart, Waitlist, Full, Unknown];
}

/// <summary>Who last confirmed a listing's openings.</summary>
public static class OpeningsSource
{
    public const string Clinic = "clinic";
    public const string Moderator = "moderator";
    public const string Import = "import";
    public const string Demo = "demo";

    public static readonly IReadOnlyList<string> All = [Clinic, Moderator, Import, Demo];
}

/// <summary>
/// A listing's openings, always dated: open now, a next start date, a waiting list of about some weeks, or full,
/// as confirmed on <see cref="AsOf"/> by <see cref="Source"/>. They are believed for a number of days (the
/// <c>Directory:OpeningsTrustDays</c> setting); after that, or once a next start date has passed, the listing
/// says when they were last confirmed and asks the family to call, and no longer counts as able to start soon.
/// </summary>
public sealed record Openings(string Status, DateOnly? NextStart, int? WaitWeeks, DateOnly? AsOf, string? Source)
{
    /// <summary>The longest wait a listing may report: two years.</summary>
    public const int MaxWaitWeeks = 104;

    /// <summary>How far ahead a next start date may be.</summary>
    public const int MaxDaysAhead = 366;

    public static readonly Openings None = new(OpeningStatus.Unknown, null, null, null, null);

    public static Openings Of(Clinic clinic) => new(clinic.OpeningsStatus, Date(clinic.OpeningsNextStart), clinic.OpeningsWaitWeeks, Date(clinic.OpeningsAsOf), clinic.OpeningsSource);

    public void ApplyTo(Clinic clinic)
    {
        clinic.OpeningsStatus = Status;
        clinic.OpeningsNextStart = NextStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        clinic.OpeningsWaitWeeks = WaitWeeks;
        clinic.OpeningsAsOf = AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        clinic.OpeningsSource = Source;
    }

    public static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>
    /// Whether these openings are believed on <paramref name="today"/>: reported (not unknown), confirmed within
    /// <paramref name="trustDays"/> days and not in the future, and not a next start date that has passed.
    /// </summary>
    public bool IsCurrent(DateOnly today, int trustDays) =>
        Status != OpeningStatus.Unknown && AsOf is { } asOf && asOf <= today && today.DayNumber - asOf.DayNumber <= trustDays
        && !(Status == OpeningStatus.NextStart && (NextStart is not { } start || start < today));

    /// <summary>The first day someone could start, when the openings are current and say: today when open.</summary>
    public DateOnly? EarliestStart(DateOnly today, int trustDays) => !IsCurrent(today, trustDays) ? null : Status switch
    {
        OpeningStatus.Open => today,
        OpeningStatus.NextStart => NextStart,
        OpeningStatus.Waitlist when WaitWeeks is { } weeks => Later(today, AsOf!.Value.AddDays(7 * weeks)),
        _ => null,
    };

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    /// <summary>
    /// Why openings reported on <paramref name="asOf"/> cannot be stored, as a sentence for the person who sent them,
    /// or null: a known status; a next start date for "next start" that is not before the day reported nor more
    /// than a year after it; a wait of 0 to 104 weeks only for a waiting list; a confirmation date not in the future.
    /// </summary>
    public static string? Problem(string? status, DateOnly? nextStart, int? waitWeeks, DateOnly? asOf, DateOnly today)
    {
        if (status is null || !OpeningStatus.All.Contains(status))
        {
            return $"Openings must be one of {string.Join(", ", OpeningStatus.All)}.";
        }

        if (asOf is { } confirmed && confirmed > today)
        {
            return "The date openings were confirmed cannot be in the future.";
        }

        var reported = asOf ?? today;
        if (status == OpeningStatus.NextStart)
        {
            if (nextStart is not { } start)
            {
                return "Give the next start date.";
            }

            if (start < reported)
            {
                return "The next start date has already passed: give a date from today on, or choose another answer.";
            }

            if (start.DayNumber - reported.DayNumber > MaxDaysAhead)
            {
                return "The next start date is more than a year ahead: choose \"waiting list\" or \"full\" instead.";
            }
        }
        else if (nextStart is not null)
        {
            return "A next start date goes only with \"next start date\".";
        }

        if (waitWeeks is { } weeks)
        {
            if (status != OpeningStatus.Waitlist)
            {
                return "A wait in weeks goes only with \"waiting list\".";
            }

            if (weeks is < 0 or > MaxWaitWeeks)
            {
                return $"The wait must be between 0 and {MaxWaitWeeks} weeks.";
            }
        }

        return null;
    }
}

/// <summary>
/// Today and how long openings are believed, for every page, search and export that reads openings: one clock
/// (the site's <see cref="TimeProvider"/>, fixed in tests) and one setting (<c>Directory:OpeningsTrustDays</c>).
/// Days are UTC days: a listing's own time zone would move its "today" by a few hours at most.
/// </summary>
public sealed class OpeningsCalendar(TimeProvider clock, Microsoft.Extensions.Options.IOptions<Options.DirectoryOptions> options)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public int TrustDays => Math.Max(0, options.Value.OpeningsTrustDays);

    /// <summary>Only an active listing's openings are believed: a closed one takes nobody, whatever it last said.</summary>
    public bool IsCurrent(Clinic clinic) => clinic.Status == ListingStatus.Active && clinic.Openings.IsCurrent(Today, TrustDays);

    public DateOnly? EarliestStart(Clinic clinic) => clinic.Status == ListingStatus.Active ? clinic.Openings.EarliestStart(Today, TrustDays) : null;
}
