using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace IopFinder.Web.Infrastructure;

/// <summary>
/// Keeps a visitor in their language: on a Spanish page, a link or form written as <c>/learn</c> goes to
/// <c>/es/learn</c>. Views keep writing plain paths. A link marked with <c>hreflang</c> names its language
/// itself (the language switch) and is left alone.
/// </summary>
[HtmlTargetElement("a", Attributes = "href")]
[HtmlTargetElement("form", Attributes = "action")]
public sealed class LocalLinkTagHelper(HtmlEncoder encoder) : TagHelper
{
    // After the framework's own URL resolution (~/), which runs at order -1000.
    public override int Order => 0;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var language = Languages.Of(ViewContext.HttpContext);
        if (language == Languages.English || output.Attributes.ContainsName("hreflang"))
        {
            return;
        }

        var name = output.TagName == "form" ? "action" : "href";
        if (!output.Attributes.TryGetAttribute(name, out var attribute) || attribute.Value is null)
        {
            return;
        }

        // A value with expressions in it arrives as HTML content: read it as the browser would.
        string url;
        if (attribute.Value is string text)
        {
            url = text;
        }
        else if (attribute.Value is IHtmlContent html)
        {
            using var writer = new StringWriter();
            html.WriteTo(writer, encoder);
            url = System.Net.WebUtility.HtmlDecode(writer.ToString());
        }
        else
        {
            return;
        }

        var localized = Languages.Localize(url, language);
        if (localized != url)
        {
            output.Attributes.SetAttribute(name, localized);
        }
    }
}
