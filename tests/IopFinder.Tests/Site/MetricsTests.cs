using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Site;

/// <summary>What Prometheus reads from the operator's metrics address, and that the public site does not serve it.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task A_scrape_reports_requests_by_page_searches_the_cache_and_the_outbox_and_the_public_port_has_no_metrics()
    {
        var port = LoopbackPorts.Free();
        using var site = new SiteFactory
        {
            DemoClinics = 60,
            Settings = new Dictionary<string, string> { ["Metrics:PrometheusUrl"] = $"http://127.0.0.1:{port}/metrics" },
        };
        using var client = site.Client();
        for (var i = 0; i < 3; i++)
        {
            // The output cache stores a page asked for a second time and answers the third from memory.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/clinics?near=22902&radius=25")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/search?q=medication")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        // A reload, as after an approval or an import (the first one ran before the exporter started).
        site.Services.GetRequiredService<IopFinder.Web.Clinics.ClinicIndex>().Reload();

        using var scraper = new HttpClient();
        var scrape = await scraper.GetStringAsync($"http://127.0.0.1:{port}/metrics");

        Assert.Matches(@"http_server_request_duration_seconds_count\{[^}]*http_route=""clinics""", scrape);
        Assert.Matches(@"iopfinder_search_duration_seconds_count\{[^}]*kind=""directory""[^}]*\} [1-9]", scrape);
        // Counts are at least this test's own: other sites the test process runs at the same time share the meter's name.
        Assert.Matches(@"iopfinder_search_duration_seconds_count\{[^}]*kind=""site""[^}]*\} [1-9]", scrape);
        Assert.Matches(@"iopfinder_output_cache_requests_total\{[^}]*result=""hit""[^}]*\} [1-9]", scrape);
        Assert.Matches(@"iopfinder_output_cache_requests_total\{[^}]*result=""miss""[^}]*\} [1-9]", scrape);
        Assert.Matches(@"iopfinder_outbox_unsent(\{[^}]*\})? \d+", scrape);
        Assert.Matches(@"iopfinder_directory_version_lag(\{[^}]*\})? \d+", scrape);
        Assert.Matches(@"iopfinder_directory_reload_duration_seconds_count(\{[^}]*\})? [1-9]", scrape);
    }
}
