using IopFinder.Web.Options;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Clinics;

/// <summary>
/// Keeps the directory current while the site runs: checks the listings' version every
/// <c>Directory:ReloadCheckMilliseconds</c>, or at once when a writer in this process nudges it.
/// </summary>
public sealed class ListingWatcher(ClinicIndex index, IOptions<DirectoryOptions> options, ILogger<ListingWatcher> logger) : BackgroundService
{
    /// <summary>The time between checks: as configured, but never under 50 ms.</summary>
    public static TimeSpan Interval(DirectoryOptions options) => TimeSpan.FromMilliseconds(Math.Max(50, options.ReloadCheckMilliseconds));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = Interval(options.Value);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await index.WaitForNudgeAsync(interval, stoppingToken);
                // The rebuild reads the database synchronously; off the request threads it costs no latency.
                await Task.Run(index.RefreshIfChanged, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A locked or briefly missing database must not stop the watcher; the next tick tries again.
                logger.LogError(exception, "Could not check the listings for changes");
            }
        }
    }
}
