using System.Globalization;

namespace IopFinder.Web.Clinics;

/// <summary>
/// One program track, e.g. "Evening adult IOP: Mon, Tue, Thu 6–9 pm, in person, English and Spanish": its days,
/// its start and end in the listing's own local time (<see cref="Clinic.TimeZone"/>), where it meets, its
/// languages and who it is for (the directory's age and population codes).
/// </summary>
public sealed record ProgramTrack(string? Name, IReadOnlyList<DayOfWeek> Days, TimeOnly Start, TimeOnly End, string Setting, IReadOnlyList<string> Languages, IReadOnlyList<string> For)
{
    /// <summary>Hours a week, computed from the days and times: never typed.</summary>
    public double HoursPerWeek => Days.Count * (End - Start).TotalHours;

    /// <summary>A track starting at or after 5 pm local time is an evening track.</summary>
    public bool IsEvening => Start >= ProgramTracks.EveningStarts;

    public bool IsWeekend => Days.Any(d => d is DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>A weekday track that starts before the evening.</summary>
    public bool IsDaytime => Start < ProgramTracks.EveningStarts && Days.Any(d => d is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    public bool Online => Setting is ProgramTracks.Telehealth or ProgramTracks.Both;
}

/// <summary>
/// A listing's tracks as text, one track a line, the form the CSV format, the portal's form and proposed changes
/// share (<see cref="ListingValues"/>):
/// <c>name | days | start-end | setting | languages | for</c>, for example
/// <c>Evening adult IOP | mon tue thu | 18:00-21:00 | in_person | english spanish | adults</c>. The name, languages
/// and "for" may be empty.
/// </summary>
public static class ProgramTracks
{
    public const string InPerson = "in_person";
    public const string Telehealth = "telehealth";
    public const string Both = "both";

    public static readonly IReadOnlyList<string> Settings = [InPerson, Telehealth, Both];

    public static readonly TimeOnly EveningStarts = new(17, 0);

    /// <summary>The most tracks a listing may have.</summary>
    public const int MaxTracks = 12;

    private static readonly (string Code, DayOfWeek Day)[] DayCodes =
    [
        ("mon", DayOfWeek.Monday), ("tue", DayOfWeek.Tuesday), ("wed", DayOfWeek.Wednesday), ("thu", DayOfWeek.Thursday),
        ("fri", DayOfWeek.Friday), ("sat", DayOfWeek.Saturday), ("sun", DayOfWeek.Sunday),
    ];

    /// <summary>The languages a track may name: English, and the directory's language codes.</summary>
    public static IEnumerable<string> LanguageCodes => ClinicCodes.Language.Codes.Select(c => c.Value).Prepend("english");

    private static IEnumerable<string> ForCodes => ClinicCodes.Age.Codes.Concat(ClinicCodes.Population.Codes).Select(c => c.Value);

    public static string DayCode(DayOfWeek day) => DayCodes.First(d => d.Day == day).Code;

    /// <summary>The tracks in <paramref name="text"/>, or the first line's problem as a sentence naming the line.</summary>
    public static (IReadOnlyList<ProgramTrack> Tracks, string? Problem) Parse(string? text)
    {
        var tracks = new List<ProgramTrack>();
        var lines = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length > MaxTracks)
        {
            return ([], $"A listing may have at most {MaxTracks} tracks.");
        }

        for (var n = 0; n < lines.Length; n++)
        {
            var (track, problem) = ParseLine(lines[n]);
            if (problem is not null)
            {
                return ([], $"Track {n + 1}: {problem}");
            }

            tracks.Add(track!);
        }

        return (tracks, null);
    }

    private static (ProgramTrack? Track, string? Problem) ParseLine(string line)
    {
        var parts = line.Split('|').Select(p => p.Trim()).ToArray();
        if (parts.Length != 6)
        {
            return (null, "write six parts separated by |: name | days | start-end | setting | languages | for.");
        }

        var days = new List<DayOfWeek>();
        foreach (var code in parts[1].ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (DayCodes.FirstOrDefault(d => d.Code == code) is not { Code: not null } day)
            {
                return (null, $"'{Short(code)}' is not a day: use mon, tue, wed, thu, fri, sat or sun.");
            }

            if (!days.Contains(day.Day))
            {
                days.Add(day.Day);
            }
        }

        if (days.Count == 0)
        {
            return (null, "give at least one day.");
        }

        var times = parts[2].Split('-', StringSplitOptions.TrimEntries);
        if (times.Length != 2 || !TryTime(times[0], out var start) || !TryTime(times[1], out var end))
        {
            return (null, $"'{Short(parts[2])}' is not a start and end time such as 18:00-21:00 (24-hour clock, 00:00 to 23:59).");
        }

        if (end <= start)
        {
            return (null, "the track ends before it starts; a track may not run past midnight.");
        }

        var setting = parts[3].ToLowerInvariant();
        if (!Settings.Contains(setting))
        {
            return (null, $"'{Short(parts[3])}' is not a setting: use in_person, telehealth or both.");
        }

        var languages = parts[4].ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        if (languages.FirstOrDefault(l => !LanguageCodes.Contains(l)) is { } language)
        {
            return (null, $"'{Short(language)}' is not a language we list: use {string.Join(", ", LanguageCodes)}.");
        }

        var forCodes = parts[5].ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        if (forCodes.FirstOrDefault(f => !ForCodes.Contains(f)) is { } unknown)
        {
            return (null, $"'{Short(unknown)}' is not an age or population code: use {string.Join(", ", ForCodes)}.");
        }

        if (parts[0].Length > ListingRules.MaxLineLength)
        {
            return (null, $"the name is longer than {ListingRules.MaxLineLength} characters.");
        }

        var ordered = DayCodes.Select(d => d.Day).Where(days.Contains).ToList();
        return (new ProgramTrack(parts[0].Length == 0 ? null : parts[0], ordered, start, end, setting, languages, forCodes), null);
    }

    /// <summary>Exactly HH:MM, 00:00 to 23:59: "25:00" or "6pm" are refused rather than guessed.</summary>
    private static bool TryTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    private static string Short(string value) => value.Length > 30 ? value[..30] + "…" : value;

    public static string Format(IEnumerable<ProgramTrack> tracks) => string.Join("\n", tracks.Select(t => string.Join(" | ",
        t.Name ?? "", string.Join(' ', t.Days.Select(DayCode)), $"{t.Start:HH\\:mm}-{t.End:HH\\:mm}", t.Setting, string.Join(' ', t.Languages), string.Join(' ', t.For))));

    /// <summary>
    /// The listing's day, evening, weekend and online flags and its hours a week, derived from its tracks when it has
    /// any (listings without tracks, such as imports, keep the flags they were given). Hours a week are the longest track's.
    /// </summary>
    public static void Derive(Clinic clinic, IReadOnlyList<ProgramTrack> tracks)
    {
        if (tracks.Count == 0)
        {
            return;
        }

        clinic.IopDay = tracks.Any(t => t.IsDaytime);
        clinic.IopEvening = tracks.Any(t => t.IsEvening);
        clinic.IopWeekend = tracks.Any(t => t.IsWeekend);
        clinic.IopTelehealth = tracks.Any(t => t.Online);
        clinic.IopHoursPerWeek = Math.Round(tracks.Max(t => t.HoursPerWeek), 1);
    }
}
