using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace IopFinder.Web.Infrastructure;

/// <summary>One language the site is written in: its culture and the prefix its addresses carry.</summary>
public sealed record SiteLanguage(string Code, string Prefix, CultureInfo Culture, string Name);

/// <summary>
/// English lives at the site's root, Spanish under <c>/es</c>. The prefix is moved from the path into the
/// path base as a request arrives, so every page, form and redirect serves both languages unchanged, and
/// links the framework builds (page routes, the sign-in redirect) carry the prefix by themselves.
/// </summary>
public static class Languages
{
    public static readonly SiteLanguage English = new("en", "", new CultureInfo("en-US"), "English");

    // es-US: Spanish as written in the United States, with US number formats (1,234) and dates.
    public static readonly SiteLanguage Spanish = new("es", "/es", new CultureInfo("es-US"), "Español");

    public static readonly IReadOnlyList<SiteLanguage> All = [English, Spanish];

    public static SiteLanguage Of(HttpContext context) =>
        context.Request.PathBase.Equals(Spanish.Prefix, StringComparison.OrdinalIgnoreCase) ? Spanish : English;

    public static SiteLanguage Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == Spanish.Code ? Spanish : English;

    /// <summary>
    /// The address of a page of ours in a language: <c>/learn</c> becomes <c>/es/learn</c>. Anything that
    /// is not a page of ours (another site, <c>tel:</c>, an anchor, a file such as CSS or a sitemap) is
    /// returned unchanged, as is an address already in that language.
    /// </summary>
    public static string Localize(string url, SiteLanguage language)
    {
        if (language.Prefix.Length == 0 || !IsPageAddress(url) || HasPrefix(url, language.Prefix))
        {
            return url;
        }

        return url == "/" ? language.Prefix : language.Prefix + url;
    }

    /// <summary>The same page in another language, from the path (without language prefix) and query of this one.</summary>
    public static string Switch(string path, string query, SiteLanguage to) =>
        (to.Prefix.Length == 0 ? (path.Length == 0 ? "/" : path) : to.Prefix + (path == "/" ? "" : path)) + query;

    public static bool IsPageAddress(string url)
    {
        if (url.Length == 0 || url[0] != '/' || url.StartsWith("//", StringComparison.Ordinal) || url.StartsWith("/\\", StringComparison.Ordinal))
        {
            return false;
        }

        var end = url.IndexOfAny(['?', '#']);
        var path = end < 0 ? url : url[..end];
        var lastSegment = path[(path.LastIndexOf('/') + 1)..];
        // A file name (site.css, sitemap.xml, clinics.csv) is a file, the same in every language.
        return !lastSegment.Contains('.');
    }

    private static bool HasPrefix(string url, string prefix) =>
        url.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (url.Length == prefix.Length || url[prefix.Length] is '/' or '?' or '#');

    /// <summary>Moves <c>/es</c> into the path base and sets the culture from it; English stays the default.</summary>
    public static IApplicationBuilder UseSiteLanguages(this IApplicationBuilder app)
    {
        app.UsePathBase(Spanish.Prefix);
        app.Use(async (context, next) =>
        {
            var language = Of(context);
            if (language != English)
            {
                // A redirect written as a plain path (Redirect("/portal")) stays in the visitor's language.
                context.Response.OnStarting(() =>
                {
                    var location = context.Response.Headers.Location.ToString();
                    if (location.Length > 0)
                    {
                        context.Response.Headers.Location = Localize(location, language);
                    }

                    return Task.CompletedTask;
                });
            }

            await next(context);
        });
        app.UseRequestLocalization(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(English.Culture);
            options.SupportedCultures = All.Select(l => l.Culture).ToList();
            options.SupportedUICultures = All.Select(l => l.Culture).ToList();
            // The address alone decides the language: no cookie, no Accept-Language guess, so a page's
            // address always means the same page, and a shared link opens in the language it was shared in.
            options.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(context =>
                    Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(Of(context).Culture.Name))),
            ];
        });
        return app;
    }
}
