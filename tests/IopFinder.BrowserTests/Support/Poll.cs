using System.Diagnostics;

namespace IopFinder.BrowserTests.Support;

/// <summary>
/// Asks a condition every 50 ms until it holds or a limit passes: for states the tests read themselves because
/// Playwright's own waits missed them under load (its network-idle and its load event, each once in a clean run).
/// </summary>
public static class Poll
{
    /// <summary>True once <paramref name="condition"/> holds; false if it still does not after <paramref name="limit"/>.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}
