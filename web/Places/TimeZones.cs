namespace IopFinder.Web.Places;

/// <summary>
/// The time zones a listing's schedule may be in: the IANA zones of the United States and its territories, and the
/// one most of each state lives in, for a listing that names none (a state split between zones, such as Texas or
/// Florida, gets its larger part's; the clinic can set its own).
/// </summary>
public static class TimeZones
{
    private static readonly Dictionary<string, string> ByState = new(StringComparer.Ordinal)
    {
        ["AK"] = "America/Anchorage", ["AL"] = "America/Chicago", ["AR"] = "America/Chicago", ["AS"] = "Pacific/Pago_Pago", ["AZ"] = "America/Phoenix",
        ["CA"] = "America/Los_Angeles", ["CO"] = "America/Denver", ["CT"] = "America/New_York", ["DC"] = "America/New_York", ["DE"] = "America/New_York",
        ["FL"] = "America/New_York", ["FM"] = "Pacific/Chuuk", ["GA"] = "America/New_York", ["GU"] = "Pacific/Guam", ["HI"] = "Pacific/Honolulu",
        ["IA"] = "America/Chicago", ["ID"] = "America/Boise", ["IL"] = "America/Chicago", ["IN"] = "America/Indiana/Indianapolis", ["KS"] = "America/Chicago",
        ["KY"] = "America/New_York", ["LA"] = "America/Chicago", ["MA"] = "America/New_York", ["MD"] = "America/New_York", ["ME"] = "America/New_York",
        ["MH"] = "Pacific/Majuro", ["MI"] = "America/Detroit", ["MN"] = "America/Chicago", ["MO"] = "America/Chicago", ["MP"] = "Pacific/Saipan",
        ["MS"] = "America/Chicago", ["MT"] = "America/Denver", ["NC"] = "America/New_York", ["ND"] = "America/Chicago", ["NE"] = "America/Chicago",
        ["NH"] = "America/New_York", ["NJ"] = "America/New_York", ["NM"] = "America/Denver", ["NV"] = "America/Los_Angeles", ["NY"] = "America/New_York",
        ["OH"] = "America/New_York", ["OK"] = "America/Chicago", ["OR"] = "America/Los_Angeles", ["PA"] = "America/New_York", ["PR"] = "America/Puerto_Rico",
        ["PW"] = "Pacific/Palau", ["RI"] = "America/New_York", ["SC"] = "America/New_York", ["SD"] = "America/Chicago", ["TN"] = "America/Chicago",
        ["TX"] = "America/Chicago", ["UT"] = "America/Denver", ["VA"] = "America/New_York", ["VI"] = "America/St_Thomas", ["VT"] = "America/New_York",
        ["WA"] = "America/Los_Angeles", ["WI"] = "America/Chicago", ["WV"] = "America/New_York", ["WY"] = "America/Denver",
    };

    /// <summary>Every zone a listing may name.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(ByState.Values.Concat(
    [
        "America/Adak", "America/Indiana/Knox", "America/Kentucky/Louisville", "America/Menominee", "America/North_Dakota/Center",
        "America/Juneau", "America/Sitka", "America/Nome", "America/Yakutat", "America/Metlakatla",
    ]), StringComparer.Ordinal);

    public static string? ForState(string state) => ByState.GetValueOrDefault(state);
}
