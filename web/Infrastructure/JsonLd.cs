using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Html;

namespace IopFinder.Web.Infrastructure;

/// <summary>
/// Renders schema.org data as a JSON-LD block. The default encoder escapes &lt; and &gt;, so text from
/// content can never close the script element early.
/// </summary>
public static class JsonLd
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.Default,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static IHtmlContent Script(object data) =>
        new HtmlString("<script type=\"application/ld+json\">" + JsonSerializer.Serialize(data, Options) + "</script>");
}
