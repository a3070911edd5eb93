using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace IopFinder.Tests.Support;

/// <summary>Parses responses the way a browser would, so tests assert on elements rather than strings.</summary>
public static class Html
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);
}
