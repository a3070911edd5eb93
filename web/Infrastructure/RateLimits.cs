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
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            options.AddPolicy(Reports, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(ClientKey(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = ReportsPerWindow,
                    Window = ReportWindow,
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("read"));
        });

    /// <summary>The client's address; behind a proxy, configure forwarded headers so this is the visitor's.</summary>
    public static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
