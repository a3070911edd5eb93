using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace IopFinder.Tests.Deployment;

/// <summary>
/// The deployment the README describes, on loopback: the published build (dotnet publish), started with
/// the settings of the systemd unit in web/Deploy, behind nginx running the configuration in web/Deploy.
/// </summary>
public sealed partial class DeploymentTests(PublishedBuild build) : IClassFixture<PublishedBuild>
{
    /// <summary>The name in the nginx configuration; HSTS is never sent to "localhost" or a bare loopback address.</summary>
    private const string Host = "iopfinder.example.org";

    [Fact, Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
    public async Task The_published_build_starts_from_its_own_folder_with_its_articles_and_working_css_and_js()
    {
        await using var site = await build.StartAsync(build.AppFolder);
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = site.Address };

        var health = await client.GetAsync("/healthz");
        var learn = await client.GetStringAsync("/learn");
        var article = await client.GetStringAsync("/learn/what-is-an-intensive-outpatient-program");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.StartsWith("Healthy", await health.Content.ReadAsStringAsync());
        Assert.True(ArticleLinks().Matches(learn).Count >= 10, "the library lists the published articles");
        Assert.Contains("<h1", article);
        await AssertCssAndJsWorkAsync(client);

        // Production promises JSON log lines: the address it listens on is one of them, not plain text.
        var lines = site.Output.ToList();
        Assert.All(lines, line => Assert.Equal(System.Text.Json.JsonValueKind.Object, System.Text.Json.JsonDocument.Parse(line).RootElement.ValueKind));
        Assert.Contains(lines, line => line.Contains("IopFinder is running at http://127.0.0.1:", StringComparison.Ordinal));
    }

    [Fact, Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
    public async Task Under_the_units_settings_an_approved_access_request_mails_its_invitation_through_smtp()
    {
        using var sink = new SmtpSink();
        var smtp = new Dictionary<string, string>
        {
            ["Email__Host"] = "127.0.0.1", ["Email__Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email__Security"] = "none", ["Email__UserName"] = "", ["Email__Password"] = "",
        };
        await using var site = await build.StartAsync(build.AppFolder, overrides: smtp);
        await using var nginx = await Nginx.StartAsync(build.Folder, site.Address.Port);
        var origin = $"https://{Host}:{nginx.HttpsPort}";

        // The guide's way to run a verb with the service's settings: the shell reads the environment file, then runs the verb.
        var environmentFile = Path.Combine(build.Folder, "iopfinder-" + Guid.NewGuid().ToString("N")[..6] + ".env");
        await File.WriteAllLinesAsync(environmentFile, site.Environment.Select(e => $"{e.Key}=\"{e.Value}\""));
        var (exitCode, output) = PublishedBuild.Run("/bin/sh", build.AppFolder, "-c", "set -a; . \"$0\"; exec dotnet \"$1\" create-moderator \"$2\"",
            environmentFile, Path.Combine(build.AppFolder, "IopFinder.Web.dll"), "moderator@iopfinder.example.org");
        Assert.True(exitCode == 0, output);
        var moderatorLink = output.Split('\n').Single(l => l.Contains("set-password?token=", StringComparison.Ordinal)).Trim();
        Assert.StartsWith(site.Environment["Site__BaseUrl"] + "/portal/set-password?token=", moderatorLink);

        using var moderator = Client("127.0.0.4");
        moderator.BaseAddress = new Uri(origin);
        var setPassword = moderatorLink[site.Environment["Site__BaseUrl"].Length..];
        var chosen = await moderator.PostPageAsync(setPassword, "/portal/set-password", ("Token", setPassword.Split('=')[1]), ("Password", "seven quiet harbour lanterns"), ("Confirm", "seven quiet harbour lanterns"));
        Assert.True(chosen.StatusCode == HttpStatusCode.OK, $"{chosen.StatusCode}: {Html.Parse(await chosen.Content.ReadAsStringAsync()).QuerySelector("main")?.TextContent}");
        Assert.Equal(HttpStatusCode.Redirect, (await moderator.LoginAsync("moderator@iopfinder.example.org", "seven quiet harbour lanterns")).StatusCode);

        using var visitor = Client("127.0.0.5");
        visitor.BaseAddress = new Uri(origin);
        var slug = ListingSlug().Match(await visitor.GetStringAsync("/api/v1/clinics?pageSize=1")).Groups[1].Value;
        await visitor.PostPageAsync($"/clinics/{slug}/claim", $"/clinics/{slug}/claim",
            ("Form.Name", "Dana Lee"), ("Form.Email", "dana@clinic.example.org"), ("Form.Role", "Program director"));
        var queue = await moderator.GetDocumentAsync("/admin");
        var requestId = queue.QuerySelectorAll("#access-requests li").Single(li => li.TextContent.Contains("dana@clinic.example.org", StringComparison.Ordinal)).GetAttribute("data-request-id");
        var approval = await moderator.PostPageAsync("/admin", $"/admin?handler=ApproveRequest&id={requestId}");

        Assert.Equal(HttpStatusCode.Redirect, approval.StatusCode);
        var invitation = Assert.Single(await sink.MessagesToAsync("dana@clinic.example.org"));
        Assert.Contains(site.Environment["Site__BaseUrl"] + "/portal/set-password?token=", invitation);
    }

    [Fact, Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
    public async Task Production_refuses_to_start_with_mail_it_cannot_deliver_and_says_which_setting_to_fix()
    {
        // What the shipped unit once did: pickup mail into a folder the service cannot write (ProtectSystem=strict).
        var unwritable = new Dictionary<string, string> { ["Email__Mode"] = "pickup", ["Email__PickupFolder"] = "/proc/iopfinder-mail" };
        var noHost = new Dictionary<string, string> { ["Email__Mode"] = "smtp", ["Email__Host"] = "" };

        foreach (var (settings, setting) in new[] { (unwritable, "Email__PickupFolder"), (noHost, "Email__Host") })
        {
            var stopped = await Assert.ThrowsAsync<InvalidOperationException>(() => build.StartAsync(build.AppFolder, overrides: settings));

            var lines = stopped.Message.Split('\n').Skip(1).Where(l => l.Length > 0).ToList();
            var entries = lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
            var critical = Assert.Single(entries, e => e.GetProperty("LogLevel").GetString() == "Critical");
            Assert.Contains("cannot send mail", critical.GetProperty("Message").GetString());
            Assert.Contains(setting, critical.GetProperty("Message").GetString());
        }
    }

    [Fact, Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
    public async Task The_build_output_run_in_production_serves_working_css_and_js_too()
    {
        await using var site = await build.StartAsync(CliProcess.WebOutput, waitHealthy: false);
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = site.Address };

        await AssertCssAndJsWorkAsync(client);
    }

    /// <summary>Every stylesheet and script the home page links is the real file, whichever encoding the browser accepts.</summary>
    private static async Task AssertCssAndJsWorkAsync(HttpClient client)
    {
        var assets = AssetLinks().Matches(await client.GetStringAsync("/")).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(assets);
        foreach (var asset in assets)
        {
            foreach (var encoding in new[] { "br", "gzip", "identity" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, asset);
                request.Headers.AcceptEncoding.ParseAdd(encoding);
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsByteArrayAsync();
                var text = response.Content.Headers.ContentEncoding.FirstOrDefault() switch
                {
                    "br" => Decompress(body, s => new BrotliStream(s, CompressionMode.Decompress)),
                    "gzip" => Decompress(body, s => new GZipStream(s, CompressionMode.Decompress)),
                    _ => body,
                };
                var original = Path.Combine(RepoPaths.Root, "web", "wwwroot", FingerprintPart().Replace(asset.TrimStart('/'), ""));
                Assert.True(File.ReadAllBytes(original).SequenceEqual(text), $"{asset} with Accept-Encoding {encoding} is the file's content");
            }
        }
    }

    [Fact, Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
    public async Task Without_its_articles_the_site_reports_unhealthy()
    {
        var stripped = build.CopyWithout("content");
        await using var site = await build.StartAsync(stripped, waitHealthy: false);
        using var client = new HttpClient { BaseAddress = site.Address };

        var health = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("articles: Unhealthy", await health.Content.ReadAsStringAsync());
    }

    [Fact, Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
    public async Task Behind_nginx_the_site_redirects_to_https_sends_hsts_and_rate_limits_each_visitor_by_their_own_address()
    {
        await using var site = await build.StartAsync(build.AppFolder);
        await using var nginx = await Nginx.StartAsync(build.Folder, site.Address.Port);
        using var plain = Client("127.0.0.9");
        using var visitor = Client("127.0.0.2");
        using var other = Client("127.0.0.3");

        var redirect = await plain.GetAsync($"http://{Host}:{nginx.HttpPort}/learn?x=1");
        var home = await visitor.GetAsync($"https://{Host}:{nginx.HttpsPort}/");

        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.StartsWith($"https://{Host}/", redirect.Headers.Location!.ToString());
        Assert.EndsWith("/learn?x=1", redirect.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("max-age=31536000", home.Headers.GetValues("Strict-Transport-Security").Single());

        // Sign-in allows 10 attempts per 5 minutes per visitor. One visitor uses them up, and even
        // claims to be the other visitor in a header of their own; the other visitor is not affected.
        var login = $"https://{Host}:{nginx.HttpsPort}/portal/login";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var attempt = new HttpRequestMessage(HttpMethod.Post, login) { Content = new FormUrlEncodedContent([new("Email", "a@b.org"), new("Password", "x")]) };
            attempt.Headers.Add("X-Forwarded-For", "127.0.0.3");
            statuses.Add((await visitor.SendAsync(attempt)).StatusCode);
        }

        var otherStatus = (await other.PostAsync(login, new FormUrlEncodedContent([new("Email", "a@b.org"), new("Password", "x")]))).StatusCode;

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(10));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, otherStatus);
        // The console logger writes from a queue, so the line may follow the response by a moment.
        var logged = Stopwatch.StartNew();
        while (!site.Output.Any(line => line.Contains("Rate limit reached by 127.0.0.2", StringComparison.Ordinal)) && logged.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }

        Assert.Contains(site.Output, line => line.Contains("Rate limit reached by 127.0.0.2", StringComparison.Ordinal));
    }

    /// <summary>
    /// A client whose connections come from <paramref name="source"/>, one of the many loopback addresses,
    /// and go to loopback whatever the host name, trusting the test's own certificate.
    /// </summary>
    [GeneratedRegex(@"""slug"":""([a-z0-9-]+)""")]
    private static partial Regex ListingSlug();

    private static HttpClient Client(string source) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        ConnectCallback = async (context, token) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
            // Every name resolves to nginx on loopback, so requests carry the site's real host name.
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), token);
            return new NetworkStream(socket, ownsSocket: true);
        },
    });

    private static byte[] Decompress(byte[] body, Func<Stream, Stream> open)
    {
        using var input = open(new MemoryStream(body));
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    [GeneratedRegex(@"href=""/learn/[a-z0-9-]+""")]
    private static partial Regex ArticleLinks();

    [GeneratedRegex(@"(?:href|src)=""(/(?:css|js)/[^""]+\.(?:css|js))""")]
    private static partial Regex AssetLinks();

    /// <summary>The fingerprint the build adds to a file name: site.cl7ihli513.css is wwwroot/css/site.css.</summary>
    [GeneratedRegex(@"\.[a-z0-9]{10}(?=\.(css|js)$)")]
    private static partial Regex FingerprintPart();
}

/// <summary>One <c>dotnet publish</c> of the web project, shared by the deployment tests.</summary>
public sealed class PublishedBuild : IDisposable
{
    private readonly TempFolder _folder = new();

    public PublishedBuild()
    {
        // --no-build publishes what the test command's build produced, without rebuilding under running tests.
        var (exit, output) = Run("dotnet", RepoPaths.Root, "publish", "web", "-c", CliProcess.Configuration, "--no-build", "-nologo", "-o", AppFolder);
        if (exit != 0)
        {
            throw new InvalidOperationException("dotnet publish failed:\n" + output);
        }
    }

    public string Folder => _folder.Path;

    public string AppFolder => Path.Combine(_folder.Path, "app");

    /// <summary>A copy of the published folder without one of its subfolders.</summary>
    public string CopyWithout(string subfolder)
    {
        var copy = Path.Combine(_folder.Path, "without-" + subfolder + "-" + Guid.NewGuid().ToString("N")[..6]);
        foreach (var file in Directory.EnumerateFiles(AppFolder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(AppFolder, file);
            if (!relative.StartsWith(subfolder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy, relative))!);
                File.Copy(file, Path.Combine(copy, relative));
            }
        }

        return copy;
    }

    /// <summary>
    /// Starts the build in <paramref name="appFolder"/> the way the systemd unit does: its working
    /// directory, command and environment, with only the port, database, address and number of demo
    /// listings changed for the test.
    /// </summary>
    public async Task<SiteProcess> StartAsync(string appFolder, bool waitHealthy = true, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var unit = File.ReadAllLines(Path.Combine(RepoPaths.Root, "web", "Deploy", "iopfinder.service"));
        var environment = unit.Where(l => l.StartsWith("Environment=", StringComparison.Ordinal))
            .Select(l => l["Environment=".Length..].Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);
        // The unit's environment file, as shipped beside it: the settings an operator edits, mail included.
        Assert.Equal("EnvironmentFile=/etc/iopfinder/iopfinder.env", unit.Single(l => l.StartsWith("EnvironmentFile=", StringComparison.Ordinal)));
        foreach (var (name, value) in EnvironmentFile(Path.Combine(RepoPaths.Root, "web", "Deploy", "iopfinder.env")))
        {
            environment[name] = value;
        }

        foreach (var (name, value) in overrides ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        var execStart = unit.Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..].Split(' ');
        Assert.Equal(["/usr/bin/dotnet", "/srv/iopfinder/app/IopFinder.Web.dll"], execStart);
        Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("http://127.0.0.1:5000", environment["ASPNETCORE_URLS"]);

        var port = LoopbackPorts.Free();
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        environment["Database__Path"] = Path.Combine(_folder.Path, "data-" + Guid.NewGuid().ToString("N")[..6], "iopfinder.db");
        environment["Site__BaseUrl"] = $"http://127.0.0.1:{port}";
        // Fewer demo listings than a real first start seeds: the test is about the deployment, not the directory.
        environment["Directory__DemoClinics"] = "300";
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = appFolder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(appFolder, "IopFinder.Web.dll"));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var site = new SiteProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}")) { Environment = environment };
        await site.WaitUntilServingAsync(waitHealthy);
        return site;
    }

    /// <summary>A systemd environment file's settings: NAME="value" lines, comments and blank lines skipped.</summary>
    public static IEnumerable<(string Name, string Value)> EnvironmentFile(string path) =>
        File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2)).Select(p => (p[0], p[1].Trim('"')));

    public static (int ExitCode, string Output) Run(string file, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }

    public void Dispose() => _folder.Dispose();
}

/// <summary>A running published site; its console output is kept for the test to read.</summary>
public sealed class SiteProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    public SiteProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    /// <summary>The environment the site was started with: the unit's, its environment file's and the test's.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyCollection<string> Output => _output.ToArray();

    /// <summary>
    /// The build output as a Production site on a loopback port of its own, with <paramref name="settings"/> as its
    /// environment and a home folder of its own in <paramref name="folder"/> (as on a machine of its own), once healthy.
    /// </summary>
    public static async Task<SiteProcess> StartBuildAsync(string folder, IReadOnlyDictionary<string, string> settings)
    {
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = CliProcess.WebOutput, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(CliProcess.WebOutput, "IopFinder.Web.dll"));
        start.ArgumentList.Add("--contentRoot=" + Path.Combine(RepoPaths.Root, "web"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Site__BaseUrl"] = $"http://127.0.0.1:{port}";
        start.Environment["HOME"] = Directory.CreateDirectory(Path.Combine(folder, "home-" + port)).FullName;
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var site = new SiteProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        await site.WaitUntilServingAsync(healthy: true);
        return site;
    }

    /// <summary>Ends the process at once, as a crash or <c>kill -9</c> would: nothing runs after it.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async Task WaitUntilServingAsync(bool healthy)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process.HasExited)
            {
                // The output arrives by events that may still be running when the process has exited; waiting for the
                // exit again waits for them, so the message holds the site's last words (its critical log line).
                await _process.WaitForExitAsync();
                throw new InvalidOperationException("The published site stopped:\n" + string.Join("\n", Output));
            }

            try
            {
                var response = await client.GetAsync("/healthz");
                if (!healthy || response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or still starting up.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The published site did not become healthy:\n" + string.Join("\n", Output));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

/// <summary>
/// nginx running web/Deploy/nginx-iopfinder.conf on loopback: only its ports, certificate and upstream
/// port are changed, each by an exact replacement the test checks, so the file cannot drift unnoticed.
/// </summary>
public sealed class Nginx : IAsyncDisposable
{
    private readonly Process _process;

    private Nginx(Process process, int httpPort, int httpsPort)
    {
        _process = process;
        HttpPort = httpPort;
        HttpsPort = httpsPort;
    }

    public int HttpPort { get; }

    public int HttpsPort { get; }

    public static async Task<Nginx> StartAsync(string folder, int sitePort)
    {
        var binary = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is needed for the deployment test: bash tests/run-all.sh installs it (apt-get install nginx).");
        var root = Path.Combine(folder, "nginx-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(root);
        var (certificate, key) = (Path.Combine(root, "site.crt"), Path.Combine(root, "site.key"));
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllText(certificate, cert.ExportCertificatePem());
            File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        }

        var (httpPort, httpsPort) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        var site = File.ReadAllText(Path.Combine(RepoPaths.Root, "web", "Deploy", "nginx-iopfinder.conf"));
        foreach (var (from, to) in new[]
        {
            ("    listen 80;\n", $"    listen 127.0.0.1:{httpPort};\n"),
            ("    listen [::]:80;\n", ""),
            ("    listen 443 ssl http2;\n", $"    listen 127.0.0.1:{httpsPort} ssl http2;\n"),
            ("    listen [::]:443 ssl http2;\n", ""),
            ("/etc/letsencrypt/live/iopfinder.example.org/fullchain.pem", certificate),
            ("/etc/letsencrypt/live/iopfinder.example.org/privkey.pem", key),
            ("proxy_pass http://127.0.0.1:5000;", $"proxy_pass http://127.0.0.1:{sitePort};"),
        })
        {
            Assert.True(site.Contains(from, StringComparison.Ordinal), $"nginx-iopfinder.conf no longer contains '{from.Trim()}'");
            site = site.Replace(from, to, StringComparison.Ordinal);
        }

        File.WriteAllText(Path.Combine(root, "site.conf"), site);
        File.WriteAllText(Path.Combine(root, "nginx.conf"), $$"""
            daemon off;
            master_process off;
            pid {{root}}/nginx.pid;
            error_log {{root}}/error.log;
            events { worker_connections 64; }
            http {
                access_log {{root}}/access.log;
                client_body_temp_path {{root}}/body;
                proxy_temp_path {{root}}/proxy;
                fastcgi_temp_path {{root}}/fastcgi;
                uwsgi_temp_path {{root}}/uwsgi;
                scgi_temp_path {{root}}/scgi;
                include {{root}}/site.conf;
            }
            """);
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-p", root, "-c", Path.Combine(root, "nginx.conf") })
        {
            start.ArgumentList.Add(arg);
        }

        var nginx = new Nginx(Process.Start(start)!, httpPort, httpsPort);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (nginx._process.HasExited)
            {
                throw new InvalidOperationException("nginx stopped: " + await nginx._process.StandardError.ReadToEndAsync() + File.ReadAllText(Path.Combine(root, "error.log")));
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, httpsPort);
                return nginx;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("nginx did not start listening");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
