using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace IopFinder.BrowserTests.Support;

/// <summary>
/// The real app on Kestrel (a loopback port chosen by the OS), shared by the tests of one class, and the
/// Chromium every class shares; classes run in parallel, each with its own server. Each test gets a fresh
/// browser context, so no cookies or history leak between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>
    /// CHROMIUM_PATH when set; otherwise Debian's Chromium headless shell, or its full Chromium when the shell is
    /// not installed. Playwright's own download cannot work here.
    /// </summary>
    /// <remarks>
    /// The headless shell is the same Chromium release and rendering engine built without the browser's
    /// windowing layer, and it is what Playwright itself runs for headless Chromium. On two cores the browser
    /// tests take less than half as long in it as in the full browser's headless mode (BENCHMARKS.md, "The test command").
    /// </remarks>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path
        : File.Exists(HeadlessShell) ? HeadlessShell
        : "/usr/bin/chromium";

    private const string HeadlessShell = "/usr/bin/chromium-headless-shell";

    private KestrelSite? _site;

    /// <summary>
    /// One Playwright driver and one Chromium serve every class's fixture at once: each launch costs a driver
    /// process and a browser's start, and tests are already kept apart by a fresh context each. The last
    /// fixture to finish closes them.
    /// </summary>
    private static readonly SemaphoreSlim Shared = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;
    private static int _fixtures;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public SiteFactory Site => _site!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium not found at {ChromiumPath}. Install it with 'apt-get install chromium-headless-shell' or set CHROMIUM_PATH.");
        }

        _site = new KestrelSite();
        _site.UseKestrel(0);
        _site.StartServer();
        var address = _site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

        await Shared.WaitAsync();
        try
        {
            if (_browser is null)
            {
                _playwright ??= await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = ChromiumPath,
                    Headless = true,
                    // Without these Chromium reaches for Google's services, which this closed network refuses.
                    Args = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--disable-gpu", "--disable-dev-shm-usage"],
                });
            }

            // Counted only once the browser is running, so a failed launch leaves the next fixture to try again.
            _fixtures++;
            Browser = _browser;
        }
        finally
        {
            Shared.Release();
        }
    }

    /// <summary>Opens <paramref name="path"/> on the scan page and runs <paramref name="check"/> on it (see <see cref="OnScanPageAsync"/>).</summary>
    public Task CheckPageAsync(string path, Func<IPage, Task> check) =>
        OnScanPageAsync("page" + System.Text.RegularExpressions.Regex.Replace(path, "[^A-Za-z0-9]+", "_"), async page =>
        {
            await page.GotoAsync(path);
            await check(page);
        });

    /// <summary>
    /// Runs <paramref name="body"/> on the page the accessibility scans of one class share, signed out and in the
    /// light scheme at the start, keeping a screenshot named <paramref name="name"/> when it fails. For tests
    /// that only read pages (the self-check stores nothing either): a page reused across scans keeps its
    /// renderer and the compiled axe script instead of starting both again for every scan.
    /// </summary>
    public async Task OnScanPageAsync(string name, Func<IPage, Task> body)
    {
        await _scanning.WaitAsync();
        try
        {
            _scans ??= await NewSessionAsync();
            await _scans.Context.ClearCookiesAsync();
            await _scans.Page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
            await _scans.RunAsync(name, body);
        }
        finally
        {
            _scanning.Release();
        }
    }

    private readonly SemaphoreSlim _scanning = new(1, 1);
    private BrowserSession? _scans;

    /// <summary>A fresh context and page that records every URL the browser asks for.</summary>
    public async Task<BrowserSession> NewSessionAsync(bool javaScript = true, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            JavaScriptEnabled = javaScript,
            ColorScheme = colorScheme,
            ServiceWorkers = ServiceWorkerPolicy.Block,
        });
        var session = new BrowserSession(context, await context.NewPageAsync());
        context.Request += (_, request) => session.Requests.Add(request.Url);
        context.Response += (_, response) => session.Responses.Add((response.Url, response.Status));
        return session;
    }

    public async Task DisposeAsync()
    {
        if (_scans is not null)
        {
            await _scans.DisposeAsync();
        }

        if (Browser is not null)
        {
            await Shared.WaitAsync();
            try
            {
                if (--_fixtures == 0)
                {
                    await _browser!.CloseAsync();
                    _playwright!.Dispose();
                    (_browser, _playwright) = (null, null);
                }
            }
            finally
            {
                Shared.Release();
            }
        }

        if (_site is not null)
        {
            await _site.DisposeAsync();
        }
    }

    /// <summary>The site as it is, plus the axe-core script at <see cref="Axe.ScriptPath"/> for the scans.</summary>
    private sealed class KestrelSite : SiteFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, AxeScript>());
        }
    }

    private sealed class AxeScript : IStartupFilter
    {
        private static readonly byte[] Body = System.Text.Encoding.UTF8.GetBytes(Axe.Source);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map(Axe.ScriptPath, script => script.Run(context =>
            {
                context.Response.ContentType = "text/javascript; charset=utf-8";
                return context.Response.Body.WriteAsync(Body).AsTask();
            }));
            next(app);
        };
    }
}

/// <summary>One test's browser context and page, plus every URL requested through it.</summary>
public sealed class BrowserSession(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;

    public IPage Page { get; } = page;

    public System.Collections.Concurrent.ConcurrentBag<string> Requests { get; } = [];

    public System.Collections.Concurrent.ConcurrentBag<(string Url, int Status)> Responses { get; } = [];

    /// <summary>Runs a test body and keeps a screenshot when it fails, to show what the person would have seen.</summary>
    public async Task RunAsync(string name, Func<IPage, Task> body)
    {
        try
        {
            await body(Page);
        }
        catch
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
