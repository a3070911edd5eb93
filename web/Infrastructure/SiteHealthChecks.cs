using System.Globalization;
using System.Text;
using IopFinder.Web.Clinics;
using IopFinder.Web.Content;
using IopFinder.Web.Options;
using IopFinder.Web.Places;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Infrastructure;

/// <summary>Unhealthy when the library has no articles: a site without them would only show empty pages.</summary>
public sealed class ContentHealthCheck(ContentLibrary library) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = library.Current;
        var skipped = snapshot.Problems.Count + library.Spanish.Problems.Count;
        var counts = $"{snapshot.Articles.Count} articles, {library.Spanish.Articles.Count} in Spanish";
        return Task.FromResult(
            !Directory.Exists(library.RootPath) ? HealthCheckResult.Unhealthy($"no content folder at {library.RootPath}")
            : snapshot.Articles.Count == 0 ? HealthCheckResult.Unhealthy($"no articles in {library.RootPath}")
            : skipped > 0 ? HealthCheckResult.Degraded($"{counts}; {skipped} files skipped (see the log)")
            : HealthCheckResult.Healthy(counts));
    }
}

/// <summary>Unhealthy when the ZIP table cannot be read: nobody could search near a place.</summary>
public sealed class PlacesHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var count = services.GetRequiredService<PlaceDirectory>().Zips.Count;
            return Task.FromResult(count > 0 ? HealthCheckResult.Healthy($"{count} ZIP codes") : HealthCheckResult.Unhealthy("the ZIP table is empty"));
        }
        catch (Exception exception)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the ZIP table could not be read", exception));
        }
    }
}

/// <summary>
/// What the directory holds and whether it is still watching for changes: degraded when no check of the
/// listings' version has finished for twenty of the watcher's intervals (10 s by default), because the directory
/// may then be showing listings that have since changed or gone. Degraded still answers 200, so a load balancer
/// keeps sending visitors; the line is for the operator.
/// </summary>
public sealed class DirectoryHealthCheck(ClinicIndex index, IOptions<DirectoryOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var since = index.SinceLastCheck;
        var stale = 20 * ListingWatcher.Interval(options.Value);
        var description = string.Create(CultureInfo.InvariantCulture,
            $"{index.Count} listings at version {index.Version}; {index.Checks} checks for changes, the last {since.TotalSeconds:F1} s ago");
        return Task.FromResult(since > stale ? HealthCheckResult.Degraded(description) : HealthCheckResult.Healthy(description));
    }
}

/// <summary>
/// What the process holds, for an operator comparing it with its budget (300 MB on 2 cores, BENCHMARKS.md):
/// the resident memory now and at its peak, the managed heap after the last collection, and what the two
/// bounded caches hold. Informational: it never turns the site unhealthy.
/// </summary>
public sealed class MemoryHealthCheck(Search.SearchIndex search) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        const double MB = 1024 * 1024;
        return Task.FromResult(HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture,
            $"resident {process.WorkingSet64 / MB:F0} MB, peak {process.PeakWorkingSet64 / MB:F0} MB; managed heap {gc.HeapSizeBytes / MB:F0} MB of {gc.TotalCommittedBytes / MB:F0} MB committed; keyword matches {search.RememberedKeywordBytes / MB:F1} MB")));
    }
}

/// <summary>Writes <c>/healthz</c> as plain lines: the overall status, then each check with what it found.</summary>
public static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder().Append(report.Status).Append('\n');
        foreach (var (name, entry) in report.Entries)
        {
            text.Append(name).Append(": ").Append(entry.Status).Append(" (").Append(entry.Description).Append(")\n");
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }
}

/// <summary>
/// The outbox: how many messages wait and how old the oldest is. Degraded when mail has waited over
/// <see cref="Late"/> (the mail server has been failing) or a message gave up and waits for a moderator.
/// </summary>
public sealed class OutboxHealthCheck(Mail.Outbox outbox, TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan Late = TimeSpan.FromMinutes(30);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = outbox.State();
        var age = state.OldestUnsent is { } oldest ? clock.GetUtcNow() - oldest : TimeSpan.Zero;
        var description = string.Create(CultureInfo.InvariantCulture,
            $"{state.Unsent} unsent, the oldest {age.TotalSeconds:F0} s old; {state.Failed} failed");
        return Task.FromResult(age > Late || state.Failed > 0 ? HealthCheckResult.Degraded(description) : HealthCheckResult.Healthy(description));
    }
}
