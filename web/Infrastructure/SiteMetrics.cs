using System.Diagnostics.Metrics;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using IopFinder.Web.Mail;

namespace IopFinder.Web.Infrastructure;

/// <summary>
/// The site's own measurements, beside the framework's request durations by route
/// (<c>http.server.request.duration</c>): search latency, the output cache's hits and misses, directory reloads
/// and how far the snapshot trails the database, and the outbox's backlog and failures. Recorded always (an
/// instrument nobody listens to costs a branch); exported only when <c>Metrics:PrometheusUrl</c> is set.
/// </summary>
public sealed class SiteMetrics
{
    public const string MeterName = "IopFinder";

    private readonly Histogram<double> _search;
    private readonly Counter<long> _cache;
    private readonly Histogram<double> _reload;
    private readonly Counter<long> _mailSent;
    private readonly Counter<long> _mailFailed;
    private readonly Histogram<double> _mailDuration;
    private readonly Counter<long> _reminderRuns;
    private readonly Counter<long> _remindersSent;
    private readonly Histogram<double> _reminderDuration;
    private readonly Db _db;
    private readonly Outbox _outbox;
    private readonly TimeProvider _clock;
    private readonly object _sampleLock = new();
    private (DateTimeOffset At, OutboxState Outbox, long DatabaseVersion)? _sample;
    private long _snapshotVersion;

    public SiteMetrics(IMeterFactory meters, Db db, Outbox outbox, TimeProvider clock)
    {
        _db = db;
        _outbox = outbox;
        _clock = clock;
        var meter = meters.Create(MeterName);
        // Seconds, from half a millisecond (a search from memory) to ten seconds (a slow mail server); the
        // exporter's default buckets are for milliseconds.
        var seconds = new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] };
        _search = meter.CreateHistogram<double>("iopfinder.search.duration", "s", "Time to answer a search from the directory snapshot or the article index.", tags: null, advice: seconds);
        _cache = meter.CreateCounter<long>("iopfinder.output_cache.requests", "{request}", "Cacheable requests, by whether the output cache answered them (result=hit) or the page ran (result=miss).");
        _reload = meter.CreateHistogram<double>("iopfinder.directory.reload.duration", "s", "Time to rebuild the directory snapshot after the listings changed.", tags: null, advice: seconds);
        _mailSent = meter.CreateCounter<long>("iopfinder.mail.sent", "{message}", "Messages the mail server accepted.");
        _mailFailed = meter.CreateCounter<long>("iopfinder.mail.failures", "{message}", "Failed send attempts (retrying=true: it will be tried again).");
        _mailDuration = meter.CreateHistogram<double>("iopfinder.mail.send.duration", "s", "Time to hand one message to the mail server.", tags: null, advice: seconds);
        _reminderRuns = meter.CreateCounter<long>("iopfinder.reminders.runs", "{run}", "Runs of the openings reminder job on this instance.");
        _remindersSent = meter.CreateCounter<long>("iopfinder.reminders.listings", "{listing}", "Listings whose staff were reminded.");
        _reminderDuration = meter.CreateHistogram<double>("iopfinder.reminders.run.duration", "s", "Time one run of the reminder job took.", tags: null, advice: seconds);
        meter.CreateObservableGauge("iopfinder.outbox.unsent", () => Sample().Outbox.Unsent, "{message}", "Messages waiting to be sent.");
        meter.CreateObservableGauge("iopfinder.outbox.failed", () => Sample().Outbox.Failed, "{message}", "Messages that gave up and wait for a moderator's retry.");
        meter.CreateObservableGauge("iopfinder.outbox.oldest_unsent.age", () =>
            Sample() is { Outbox.OldestUnsent: { } oldest } sample ? (sample.At - oldest).TotalSeconds : 0, "s", "Age of the oldest message waiting to be sent.");
        meter.CreateObservableGauge("iopfinder.directory.version_lag", () => Math.Max(0, Sample().DatabaseVersion - Interlocked.Read(ref _snapshotVersion)),
            "{version}", "How many listing changes the database has that this instance's directory snapshot has not loaded yet.");
    }

    public void Searched(string kind, TimeSpan elapsed) => _search.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("kind", kind));

    public void CacheLookup(bool hit) => _cache.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    public void DirectoryReloaded(long version, TimeSpan elapsed)
    {
        Interlocked.Exchange(ref _snapshotVersion, version);
        _reload.Record(elapsed.TotalSeconds);
    }

    public void MailSent(string kind, TimeSpan elapsed)
    {
        _mailSent.Add(1, new KeyValuePair<string, object?>("kind", kind));
        _mailDuration.Record(elapsed.TotalSeconds);
    }

    public void RemindersRan(int listings, TimeSpan elapsed)
    {
        _reminderRuns.Add(1);
        _remindersSent.Add(listings);
        _reminderDuration.Record(elapsed.TotalSeconds);
    }

    public void MailFailed(string kind, bool retrying) =>
        _mailFailed.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("retrying", retrying));

    /// <summary>The database figures, read at most once a second however often a scraper asks, and by one caller at a time.</summary>
    private (DateTimeOffset At, OutboxState Outbox, long DatabaseVersion) Sample()
    {
        lock (_sampleLock)
        {
            var now = _clock.GetUtcNow();
            if (_sample is not { } sample || now - sample.At > TimeSpan.FromSeconds(1))
            {
                using var connection = _db.Open();
                sample = (now, _outbox.State(), ClinicQueries.Version(connection));
                _sample = sample;
            }

            return sample;
        }
    }
}
