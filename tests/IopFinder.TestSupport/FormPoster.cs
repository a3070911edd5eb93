using AngleSharp.Html.Dom;

namespace IopFinder.Tests.Support;

/// <summary>Posts forms the way a browser without JavaScript would, antiforgery token and all.</summary>
public static class FormPoster
{
    public const string TokenField = "__RequestVerificationToken";

    /// <summary>Loads <paramref name="page"/> to get an antiforgery token (and its cookie) for later posts.</summary>
    public static async Task<string> TokenAsync(this HttpClient client, string page)
    {
        var document = await client.GetDocumentAsync(page);
        return document.QuerySelector($"input[name={TokenField}]")?.GetAttribute("value")
            ?? throw new InvalidOperationException("No antiforgery token on " + page);
    }

    public static async Task<(HttpResponseMessage Response, IHtmlDocument Document)> PostFormAsync(
        this HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var response = await client.PostAsync(url, new FormUrlEncodedContent(fields));
        var document = Html.Parse(await response.Content.ReadAsStringAsync());
        return (response, document);
    }

    /// <summary>
    /// Submits a form on a page: its hidden fields, the inputs already checked, plus <paramref name="choices"/>
    /// (which replace any checked value of the same name), through the named submit button.
    /// </summary>
    public static Task<(HttpResponseMessage Response, IHtmlDocument Document)> SubmitAsync(
        this HttpClient client, string url, IHtmlDocument page, IReadOnlyDictionary<string, string[]> choices, string button = "next", string formSelector = "main form[method=post]")
    {
        var form = (IHtmlFormElement)(page.QuerySelector(formSelector) ?? throw new InvalidOperationException("No form on the page"));
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input").Cast<IHtmlInputElement>())
        {
            if (choices.ContainsKey(input.Name ?? ""))
            {
                continue;
            }

            if (input.Type == "hidden" || ((input.Type is "radio" or "checkbox") && input.IsChecked) || (input.Type == "text" && !string.IsNullOrEmpty(input.Value)))
            {
                fields.Add(new(input.Name!, input.Value));
            }
        }

        foreach (var (name, values) in choices)
        {
            fields.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v)));
        }

        fields.Add(new("action", button));
        return client.PostFormAsync(url, fields);
    }
}
