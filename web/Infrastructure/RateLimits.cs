using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace IopFinder.Web.Infrastructure;

/// <summary>
/// Per-client limits on forms that write or send something. Only POSTs count, so reading a form is
/// never blocked. A refused request gets 429 with Retry-After and the friendly error page.
/// </summary>
public static class RateLimits
{
    public const string Reports = "reports";
    public const string Api = "api";

    /// <summary>Sign-in attempts: per client, on top of the per-account lockout.</summary>
    public const string Login = "login";

    /// <summary>Access requests and password-reset requests, which send email.</summary>
    public const string Requests = "requests";

    /// <summary>Openings updates by clinic staff: live at once, so a budget per client (30 an hour).</summary>
    public const string Openings = "openings";

    /// <summary>Reports one client may send in <see cref="ReportWindow"/>.</summary>
    public const int ReportsPerWindow = 5;

    public static readonly TimeSpan ReportWindow = TimeSpan.FromMinutes(10);

    public static IServiceCollection AddIopFinderRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : ReportWindow;
                var seconds = (int)Math.Ceiling(retry.TotalSeconds);
                // The address is the visitor's own when the site runs behind a proxy (forwarded headers),
                // so an operator can tell one busy client from everyone at once.
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimits))
                    .LogWarning("Rate limit reached by {Client} on {Method} {Path}", ClientKey(context.HttpContext), context.HttpContext.Request.Method, context.HttpContext.Request.Path);
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                if (context.HttpContext.Request.Path.StartsWithSegments("/api"))
                {
                    // API clients get problem details rather than the HTML error page.
                    return new ValueTask(Results.Problem(statusCode: 429, title: "Too many requests",
                        detail: $"Please wait {seconds} seconds before the next request.").ExecuteAsync(context.HttpContext));
                }

                return ValueTask.CompletedTask;
            };
            // Directory searches with keywords read the full-text index and may fill the keyword cache,
            // so each client gets a budget of them; searches without keywords are served from memory.
            // The site search (/search?q=) reads the same full-text index, so it has a budget of its own, as large.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsKeywordSearch(context) || IsSiteSearch(context)
                ? Window(context, (IsSiteSearch(context) ? "site-search|" : "keywords|") + ClientKey(context),
                    context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Options.DirectoryOptions>>().Value.KeywordSearchesPerMinute, TimeSpan.FromMinutes(1))
                : RateLimitPartition.GetNoLimiter("other"));
            options.AddPolicy(Reports, context => HttpMethods.IsPost(context.Request.Method)
                ? Window(context, "reports|" + ClientKey(context), ReportsPerWindow, ReportWindow)
                : RateLimitPartition.GetNoLimiter("read"));
            options.AddPolicy(Login, context => PostsOnly(context, 10, TimeSpan.FromMinutes(5)));
            options.AddPolicy(Requests, context => PostsOnly(context, 5, TimeSpan.FromMinutes(10)));
            options.AddPolicy(Openings, context => PostsOnly(context, 30, TimeSpan.FromHours(1)));
            options.AddPolicy(Api, context => Window(context, "api|" + ClientKey(context),
                context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Options.DirectoryOptions>>().Value.ApiRequestsPerMinute, TimeSpan.FromMinutes(1)));
        });

    private static RateLimitPartition<string> PostsOnly(HttpContext context, int permits, TimeSpan window) =>
        HttpMethods.IsPost(context.Request.Method)
            ? Window(context, context.GetEndpoint()?.DisplayName + "|" + ClientKey(context), permits, window)
            : RateLimitPartition.GetNoLimiter("read");

    /// <summary>
    /// A fixed window of <paramref name="permits"/> per <paramref name="window"/> for one key. On PostgreSQL
    /// the counts are shared by every site process on the database; on SQLite (one process) they stay in memory.
    /// </summary>
    private static RateLimitPartition<string> Window(HttpContext context, string key, int permits, TimeSpan window)
    {
        permits = Math.Max(1, permits);
        var db = context.RequestServices.GetRequiredService<Data.Db>();
        return db.IsPostgres
            ? RateLimitPartition.Get(key, k => new DatabaseWindowLimiter(db, k, permits, window,
                context.RequestServices.GetRequiredService<TimeProvider>(),
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<DatabaseWindowLimiter>()))
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });
    }

    /// <summary>A directory search with keywords, as a page or as the CSV download (the same search, the same cost).</summary>
    private static bool IsKeywordSearch(HttpContext context) =>
        (context.Request.Path.StartsWithSegments("/clinics") || context.Request.Path.Equals("/clinics.csv", StringComparison.OrdinalIgnoreCase))
        && !string.IsNullOrWhiteSpace(context.Request.Query["q"]);

    private static bool IsSiteSearch(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/search") && !string.IsNullOrWhiteSpace(context.Request.Query["q"]);

    /// <summary>The client's address; behind a proxy, configure forwarded headers so this is the visitor's.</summary>
    public static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
