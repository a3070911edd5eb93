using System.Globalization;
using IopFinder.Web.Clinics;

namespace IopFinder.Web.Portal;

/// <summary>The openings form's fields as posted (the portal's and a reminder link's page), read one way.</summary>
public static class OpeningsForm
{
    /// <summary>
    /// The form's fields as a listing's openings fill them. A start date that has passed is not offered again: the date
    /// field refuses days before today, so the browser would not let the form be sent.
    /// </summary>
    public static (string Status, string? NextStart, string? WaitWeeks) Values(Openings openings, DateOnly today) =>
        (openings.Status,
         openings.NextStart is { } next && next >= today ? next.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
         openings.WaitWeeks?.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// The next start date and the wait that go with <paramref name="status"/>, or the sentence saying which field is
    /// not a date or a number. A field left filled in for another answer is not read, so it is not an error.
    /// </summary>
    public static (DateOnly? NextStart, int? WaitWeeks, string? Problem) Read(string? status, string? nextStart, string? waitWeeks)
    {
        if (status == OpeningStatus.NextStart && !string.IsNullOrWhiteSpace(nextStart))
        {
            return Openings.Date(nextStart.Trim()) is { } date ? (date, null, null) : (null, null, "Give the next start date as a date, such as 2027-01-15.");
        }

        if (status == OpeningStatus.Waitlist && !string.IsNullOrWhiteSpace(waitWeeks))
        {
            return int.TryParse(waitWeeks.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var weeks)
                ? (null, weeks, null)
                : (null, null, "Give the wait as a whole number of weeks.");
        }

        return (null, null, null);
    }
}
