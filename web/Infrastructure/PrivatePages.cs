namespace IopFinder.Web.Infrastructure;

/// <summary>
/// Pages where people type sensitive answers. Every response under these paths, errors included, is
/// kept out of every cache and sends no referrer, so answers and the fact of a visit go nowhere else.
/// </summary>
public static class PrivatePages
{
    /// <summary>Each private area: its address prefix and the Razor Pages folder that serves it. One list drives both.</summary>
    public static readonly IReadOnlyList<(string Prefix, string PagesFolder)> Areas = [("/self-check", "/SelfCheck"), ("/portal", "/Portal"), ("/admin", "/Admin"), ("/openings", "/Openings")];

    public static readonly string[] Prefixes = [.. Areas.Select(a => a.Prefix)];

    public static bool IsPrivate(PathString path) =>
        Prefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    public static IApplicationBuilder UsePrivatePages(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (IsPrivate(context.Request.Path))
            {
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    headers.CacheControl = "no-store, max-age=0";
                    headers.Pragma = "no-cache";
                    headers["Referrer-Policy"] = "no-referrer";
                    return Task.CompletedTask;
                });
            }

            await next();
        });
}
