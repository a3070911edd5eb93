namespace IopFinder.Web.Places;

/// <summary>US states, DC and territories: two-letter codes and names, for parsing and display.</summary>
public static class StateNames
{
    public static readonly IReadOnlyDictionary<string, string> ByCode = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AL"] = "Alabama", ["AK"] = "Alaska", ["AZ"] = "Arizona", ["AR"] = "Arkansas", ["CA"] = "California",
        ["CO"] = "Colorado", ["CT"] = "Connecticut", ["DE"] = "Delaware", ["DC"] = "District of Columbia", ["FL"] = "Florida",
        ["GA"] = "Georgia", ["HI"] = "Hawaii", ["ID"] = "Idaho", ["IL"] = "Illinois", ["IN"] = "Indiana",
        ["IA"] = "Iowa", ["KS"] = "Kansas", ["KY"] = "Kentucky", ["LA"] = "Louisiana", ["ME"] = "Maine",
        ["MD"] = "Maryland", ["MA"] = "Massachusetts", ["MI"] = "Michigan", ["MN"] = "Minnesota", ["MS"] = "Mississippi",
        ["MO"] = "Missouri", ["MT"] = "Montana", ["NE"] = "Nebraska", ["NV"] = "Nevada", ["NH"] = "New Hampshire",
        ["NJ"] = "New Jersey", ["NM"] = "New Mexico", ["NY"] = "New York", ["NC"] = "North Carolina", ["ND"] = "North Dakota",
        ["OH"] = "Ohio", ["OK"] = "Oklahoma", ["OR"] = "Oregon", ["PA"] = "Pennsylvania", ["RI"] = "Rhode Island",
        ["SC"] = "South Carolina", ["SD"] = "South Dakota", ["TN"] = "Tennessee", ["TX"] = "Texas", ["UT"] = "Utah",
        ["VT"] = "Vermont", ["VA"] = "Virginia", ["WA"] = "Washington", ["WV"] = "West Virginia", ["WI"] = "Wisconsin",
        ["WY"] = "Wyoming", ["PR"] = "Puerto Rico", ["GU"] = "Guam", ["VI"] = "U.S. Virgin Islands", ["AS"] = "American Samoa",
        ["MP"] = "Northern Mariana Islands", ["FM"] = "Micronesia", ["MH"] = "Marshall Islands", ["PW"] = "Palau",
        ["AA"] = "Armed Forces Americas", ["AE"] = "Armed Forces Europe", ["AP"] = "Armed Forces Pacific",
    };

    private static readonly Dictionary<string, string> ByName =
        ByCode.ToDictionary(p => p.Value.ToUpperInvariant(), p => p.Key, StringComparer.Ordinal);

    /// <summary>The two-letter code for a code or a full name ("va", "Virginia"), or null.</summary>
    public static string? Code(string text)
    {
        var upper = text.Trim().TrimEnd('.').ToUpperInvariant();
        return ByCode.ContainsKey(upper) ? upper : ByName.GetValueOrDefault(upper);
    }

    public static string Name(string code) => ByCode.GetValueOrDefault(code, code);

    /// <summary>The URL form of a state on the browse pages: its lower-case code.</summary>
    public static string Slug(string code) => code.ToLowerInvariant();
}
