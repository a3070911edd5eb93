using Microsoft.AspNetCore.Html;

namespace IopFinder.Web.Infrastructure;

/// <summary>
/// The crisis lines as links, for whole translated sentences that carry them as placeholders
/// (<c>H["Call or text {0} now", CrisisLinks.Call988]</c>). A sentence is one translatable unit: the words
/// around a number belong to the same resource as the number's place, so no language has to glue fragments.
/// </summary>
public static class CrisisLinks
{
    public static readonly IHtmlContent Call988 = new HtmlString("<a href=\"tel:988\">988</a>");

    /// <summary>988 by text; in Spanish the sentence around it says to send the word AYUDA.</summary>
    public static readonly IHtmlContent Text988 = new HtmlString("<a href=\"sms:988\">988</a>");

    public static readonly IHtmlContent Call911 = new HtmlString("<a href=\"tel:911\">911</a>");

    public static readonly IHtmlContent CallHelpline = new HtmlString("<a href=\"tel:+18006624357\">1-800-662-4357</a>");
}
