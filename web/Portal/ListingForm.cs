using IopFinder.Web.Clinics;

namespace IopFinder.Web.Portal;

/// <summary>
/// The portal's listing form: which fields clinic staff may change, their labels and limits, and how the
/// posted text becomes a listing. The rules a listing must meet are <see cref="ListingRules"/>, the same for
/// every import; moderation-only fields (status, claimed, source, verification) are not in the form.
/// </summary>
public static class ListingForm
{
    /// <summary>The fields clinic staff may propose changes to (named as in <see cref="ListingValues"/>), in the form's order.</summary>
    public static readonly IReadOnlyList<string> Fields =
    [
        "name", "program_name", "street", "street2", "city", "state", "zip", "phone", "intake_phone", "website", "description",
        "accepting", "wait_note", "iop_hours_per_week", "iop_day", "iop_evening", "iop_weekend", "iop_length_weeks", "iop_telehealth", "tracks", "time_zone",
        "care", "pay", "age", "pop", "lang", "service", "accred", "other_languages",
    ];

    /// <summary>Each editable field's label (an English resource key), for the form and for what changed.</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldLabels = new Dictionary<string, string>
    {
        ["name"] = "Name", ["program_name"] = "Program name", ["street"] = "Street", ["street2"] = "Suite or floor", ["city"] = "City",
        ["state"] = "State (2 letters)", ["zip"] = "ZIP code", ["phone"] = "Phone", ["intake_phone"] = "Intake phone", ["website"] = "Website",
        ["description"] = "About the program", ["accepting"] = "Taking new clients?", ["wait_note"] = "Waiting list note",
        ["iop_hours_per_week"] = "Hours a week", ["iop_day"] = "Day track", ["iop_evening"] = "Evening track", ["iop_weekend"] = "Weekend track",
        ["iop_length_weeks"] = "Typical length in weeks", ["iop_telehealth"] = "Online (telehealth) IOP", ["other_languages"] = "Other languages",
        ["tracks"] = "Schedule", ["time_zone"] = "Time zone of the schedule",
    }.Concat(ClinicCodes.All.Select(set => KeyValuePair.Create(set.Parameter, set.Title))).ToDictionary();

    /// <summary>
    /// Whether two form values of a field say the same: line endings and outer spaces aside, and for code
    /// sets whatever the order of the codes.
    /// </summary>
    public static bool SameValue(string field, string? a, string? b)
    {
        static string Plain(string? value) => (value ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        return ClinicCodes.All.Any(set => set.Parameter == field)
            ? Plain(a).Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).SequenceEqual(Plain(b).Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal))
            : Plain(a) == Plain(b);
    }

    /// <summary>The form's values for a listing, as its inputs show them.</summary>
    public static Dictionary<string, string?> Values(Clinic clinic) => Fields.ToDictionary(f => f, f => (string?)ListingValues.Get(clinic, f));

    /// <summary>
    /// Sets the posted values on <paramref name="edited"/> and returns what the form itself refuses: text past its
    /// limit (which the person can shorten, so nothing is cut here) and a number that is not one.
    /// </summary>
    public static List<string> Apply(Clinic edited, IReadOnlyDictionary<string, string?> posted)
    {
        var problems = new List<string>();
        foreach (var field in Fields)
        {
            var value = posted.GetValueOrDefault(field)?.Trim();
            var limit = field == "description" ? ListingRules.MaxDescriptionLength : ListingRules.MaxLineLength;
            if (value is { Length: var length } && length > limit)
            {
                problems.Add($"{field}: too long.");
                continue;
            }

            try
            {
                ListingValues.Set(edited, field, value);
            }
            catch (FormatException)
            {
                problems.Add($"{field}: enter a number.");
            }
        }

        return problems;
    }
}
