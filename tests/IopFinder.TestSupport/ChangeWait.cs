using System.Diagnostics;

namespace IopFinder.Tests.Support;

/// <summary>
/// Waits for a committed change to reach a running site, measured in the site's own checks for changes rather
/// than in seconds: each site checks the listings' version every 500 ms, one check at a time, so a change
/// committed before this is called must show once two more checks have finished, whatever the machine's load
/// (check one more may have read the version just before the change). The 2-second promise is that interval plus
/// the reload BENCHMARKS.md times.
/// </summary>
public static class ChangeWait
{
    /// <summary>Polls <paramref name="url"/> until <paramref name="done"/> holds; <paramref name="checks"/> reads how many checks the site has finished.</summary>
    public static async Task<string> UntilShownAsync(HttpClient client, string url, Func<string, bool> done, Func<Task<long>> checks)
    {
        var due = await checks() + 2;
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var finished = await checks();
            var html = await client.GetStringAsync(url);
            if (done(html))
            {
                return html;
            }

            Assert.True(finished < due, $"{client.BaseAddress}{url} still did not show the change after {finished - due + 2} checks for changes");
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"{client.BaseAddress} stopped checking for changes");
            await Task.Delay(20);
        }
    }
}
