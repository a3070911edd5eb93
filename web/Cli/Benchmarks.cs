using System.Diagnostics;
using Dapper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using IopFinder.Web.Imports;
using IopFinder.Web.Infrastructure;
using IopFinder.Web.Mail;
using IopFinder.Web.Options;
using IopFinder.Web.Places;
using IopFinder.Web.Portal;
using IopFinder.Web.Search;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Cli;

/// <summary>
/// <c>bench-search</c>: seeds a temporary database and times directory searches the way the site runs
/// them (keyword lookup, in-memory filter and ranking), over random ZIP codes and filter mixes.
/// </summary>
public static class Benchmarks
{
    public static Task<int> SearchAsync(IServiceProvider services, int clinics, int searches, int seed)
    {
        var places = services.GetRequiredService<PlaceDirectory>();
        var folder = Path.Combine(Path.GetTempPath(), "iopfinder-bench-" + Guid.NewGuid().ToString("N"));
        var db = new Db(Path.Combine(folder, "bench.db"));
        try
        {
            new Migrator(db, services.GetRequiredService<ILogger<Migrator>>()).Migrate();
            using var search = new SearchIndex(db, services.GetRequiredService<IOptions<CachingOptions>>());
            var index = new ClinicIndex(db, search, services.GetRequiredService<IOutputCacheStore>(), Metrics(services, db), services.GetRequiredService<OpeningsCalendar>(), services.GetRequiredService<ILogger<ClinicIndex>>());

            var watch = Stopwatch.StartNew();
            var listings = DemoSeeder.Generate(clinics, seed, places);
            var generate = watch.Elapsed;
            new DemoListings(db, new Audit(db, TimeProvider.System, services.GetRequiredService<IHttpContextAccessor>()), TimeProvider.System).Replace(listings);
            listings = null;
            var insert = watch.Elapsed - generate;
            index.Reload();
            var load = watch.Elapsed - generate - insert;

            var random = new Random(seed);
            var zips = places.Zips.OrderBy(z => z.Zip, StringComparer.Ordinal).ToList();
            var samples = new List<double>(searches);
            var byKind = new Dictionary<string, List<double>>();
            var seenKeywords = new HashSet<string>();
            var results = 0L;
            for (var i = 0; i < searches + 100; i++)
            {
                var (kind, keyword, query) = RandomQuery(random, zips[random.Next(zips.Count)], search);
                if (keyword is not null)
                {
                    kind = seenKeywords.Add(keyword) ? "keyword, first use" : "keyword, repeated";
                }

                var timer = Stopwatch.StartNew();
                var request = query();
                var page = index.Search(request);
                timer.Stop();
                results += page.Total;
                if (i >= 100)
                {
                    samples.Add(timer.Elapsed.TotalMilliseconds);
                    if (!byKind.TryGetValue(kind, out var list))
                    {
                        byKind[kind] = list = [];
                    }

                    list.Add(timer.Elapsed.TotalMilliseconds);
                }
            }

            samples.Sort();
            static double Percentile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
            double P(double q) => Percentile(samples, q);
            GC.Collect();
            using var process = Process.GetCurrentProcess();
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
            Console.WriteLine($"listings: {clinics:N0}  searches: {searches:N0} (after 100 warm-up)  mean results per search: {results / (double)(searches + 100):N0}");
            Console.WriteLine($"seed: generate {generate.TotalSeconds:F2} s, insert {insert.TotalSeconds:F2} s, index + search text {load.TotalSeconds:F2} s");
            Console.WriteLine($"search latency ms: p50 {P(0.50):F3}  p95 {P(0.95):F3}  p99 {P(0.99):F3}  max {samples[^1]:F3}");
            foreach (var (kind, list) in byKind.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                list.Sort();
                Console.WriteLine($"  {kind,-22} n={list.Count,5}  p50 {Percentile(list, 0.5):F3}  p99 {Percentile(list, 0.99):F3}");
            }

            Console.WriteLine($"memory: working set {process.WorkingSet64 / 1048576.0:F0} MB, managed heap {GC.GetTotalMemory(false) / 1048576.0:F0} MB");
            return Task.FromResult(0);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// <c>bench-approve</c>: times what a moderator waits for when approving a clinic's proposed change,
    /// over <paramref name="clinics"/> listings in a temporary database. It prints the approval as the
    /// site runs it now (the change, its search text and the audit entry in one transaction), the
    /// directory reload that follows in the background, and the same approval followed by the work the
    /// request used to do inline before listing versions existed: rewriting every listing's search
    /// text and rebuilding the directory.
    /// </summary>
    /// <summary>
    /// The outbox's throughput: writes <paramref name="messages"/> messages, each in its own transaction as a decision
    /// writes one, then sends them to the SMTP server on loopback <paramref name="port"/> with <paramref name="senders"/>
    /// senders at once, as that many instances would (web/Bench/mail.sh starts a server that discards what it receives).
    /// </summary>
    public static async Task<int> MailAsync(IServiceProvider services, int messages, int port, int senders)
    {
        if (port <= 0 || messages <= 0 || senders <= 0)
        {
            throw new ArgumentException("bench-mail needs --port P (an SMTP server on 127.0.0.1), and positive --messages and --senders.");
        }

        var folder = Path.Combine(Path.GetTempPath(), "iopfinder-bench-" + Guid.NewGuid().ToString("N"));
        var db = new Db(Path.Combine(folder, "bench.db"));
        try
        {
            new Migrator(db, services.GetRequiredService<ILogger<Migrator>>()).Migrate();
            var options = Microsoft.Extensions.Options.Options.Create(new EmailOptions { Mode = "smtp", Host = "127.0.0.1", Port = port, Security = "none" });
            var outbox = new Outbox(db, services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), TimeProvider.System, options);
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < messages; i++)
            {
                using var connection = db.Open();
                using var transaction = connection.BeginWrite();
                outbox.Add(connection, transaction, new Letter("bench", $"person{i}@clinic.example.org", "Your IopFinder access request was approved",
                    $"Hello,\n\nChoose a password here (the link works once, for 24 hours):\nhttps://iopfinder.example.org/portal/set-password?token={Guid.NewGuid():N}\n"));
                transaction.Commit();
            }

            var written = watch.Elapsed;
            var transport = new MailTransport(options, services.GetRequiredService<IHostEnvironment>());
            var metrics = Metrics(services, db);
            watch.Restart();
            var sent = await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(() =>
                new OutboxSender(outbox, transport, options, [], metrics, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<OutboxSender>.Instance).DeliverDueAsync())));
            var sending = watch.Elapsed;
            var state = outbox.State();
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"outbox: {messages} messages written in {written.TotalSeconds:F1} s ({messages / written.TotalSeconds:F0} a second, one transaction each); " +
                $"{sent.Sum()} sent by {senders} sender(s) in {sending.TotalSeconds:F1} s = {sent.Sum() / sending.TotalMinutes:F0} messages a minute " +
                $"({sending.TotalMilliseconds / Math.Max(1, sent.Sum()):F1} ms each; a new SMTP connection per message); {state.Unsent} unsent, {state.Failed} failed"));
            return state.Unsent == 0 && sent.Sum() == messages ? 0 : 1;
        }
        finally
        {
            db.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The benchmark database's outbox: mail written there is never sent.</summary>
    private static Outbox Outbox(IServiceProvider services, Db db) =>
        new(db, services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), TimeProvider.System, services.GetRequiredService<IOptions<EmailOptions>>());

    private static SiteMetrics Metrics(IServiceProvider services, Db db) =>
        new(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), db, Outbox(services, db), TimeProvider.System);

    public static int Approve(IServiceProvider services, int clinics, int approvals)
    {
        var places = services.GetRequiredService<PlaceDirectory>();
        var folder = Path.Combine(Path.GetTempPath(), "iopfinder-bench-" + Guid.NewGuid().ToString("N"));
        var db = new Db(Path.Combine(folder, "bench.db"));
        try
        {
            new Migrator(db, services.GetRequiredService<ILogger<Migrator>>()).Migrate();
            var http = services.GetRequiredService<IHttpContextAccessor>();
            var audit = new Audit(db, TimeProvider.System, http);
            using var search = new SearchIndex(db, services.GetRequiredService<IOptions<CachingOptions>>());
            var index = new ClinicIndex(db, search, services.GetRequiredService<IOutputCacheStore>(), Metrics(services, db), services.GetRequiredService<OpeningsCalendar>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<ClinicIndex>.Instance);
            var queries = new ClinicQueries(db);
            var edits = new ListingEdits(db, queries, index, places, audit, new PortalMail(Outbox(services, db), services.GetRequiredService<IOptions<SiteOptions>>()), TimeProvider.System);
            new DemoListings(db, audit, TimeProvider.System).Replace(DemoSeeder.Generate(clinics, 42, places));
            index.Reload();
            long userId;
            using (var connection = db.Open())
            {
                userId = connection.ExecuteScalar<long>(
                    "INSERT INTO users (email, role, security_stamp, created_at) VALUES ('bench@example.org', 'moderator', 'x', '2026-01-01') RETURNING id");
            }

            var approve = new List<double>();
            var reload = new List<double>();
            var old = new List<double>();
            var random = new Random(42);
            for (var i = 0; i < approvals; i++)
            {
                var oldPath = i % 2 == 1;
                var clinic = queries.ById(1 + random.Next(clinics))!;
                var (changes, _, _, _) = edits.Diff(clinic, new Dictionary<string, string?>(
                    ListingForm.Fields.Select(f => KeyValuePair.Create(f, (string?)ListingValues.Get(clinic, f))))
                {
                    ["wait_note"] = "Next intake in " + (i + 2) + " days",
                });
                var change = edits.Propose(userId, clinic, changes);
                var timer = Stopwatch.StartNew();
                edits.Approve(change, userId, null);
                if (oldPath)
                {
                    search.Replace("clinic", EveryActiveListing(db).Select(SearchIndex.Document));
                    index.Reload();
                    old.Add(timer.Elapsed.TotalMilliseconds);
                    continue;
                }

                approve.Add(timer.Elapsed.TotalMilliseconds);
                timer.Restart();
                index.RefreshIfChanged();
                reload.Add(timer.Elapsed.TotalMilliseconds);
            }

            static string Summary(List<double> samples)
            {
                samples.Sort();
                return $"p50 {samples[samples.Count / 2],8:F1} ms  max {samples[^1],8:F1} ms  (n={samples.Count})";
            }

            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {clinics:N0} listings");
            Console.WriteLine($"approval, as the request runs it now:              {Summary(approve)}");
            Console.WriteLine($"directory reload that follows, in the background: {Summary(reload)}");
            Console.WriteLine($"approval + the old inline rewrite and rebuild:     {Summary(old)}");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// <c>bench-map</c>: the results page's map over the configured database (the load benchmark's 100,000 listings):
    /// random ZIP codes and radii, some with the IOP filter and some with no place at all, each searched as the page
    /// searches, then only the drawing timed (pins, towns and lines, as <c>IndexModel.DrawMap</c> does for the page).
    /// </summary>
    public static int Map(IServiceProvider services, int maps, int seed)
    {
        var places = services.GetRequiredService<PlaceDirectory>();
        var index = services.GetRequiredService<ClinicIndex>();
        var queries = services.GetRequiredService<ClinicQueries>();
        var search = services.GetRequiredService<SearchIndex>();
        index.Reload();
        var random = new Random(seed);
        var zips = places.Zips.OrderBy(z => z.Zip, StringComparer.Ordinal).ToList();
        string[] radii = ["10", "25", "25", "50", "100", "any"];
        var samples = new List<double>(maps);
        var byKind = new SortedDictionary<string, List<double>>(StringComparer.Ordinal);
        var (bytes, compressed, drawn) = (0L, 0L, 0);
        for (var i = 0; i < maps + 200; i++)
        {
            var parameters = new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>();
            if (i % 10 != 0)
            {
                parameters["near"] = zips[random.Next(zips.Count)].Zip;
                parameters["radius"] = radii[random.Next(radii.Length)];
            }

            if (random.Next(3) == 0)
            {
                parameters["care"] = "iop";
            }

            var request = ClinicSearchRequest.Parse(new Microsoft.AspNetCore.Http.QueryCollection(parameters), places);
            var (_, items) = index.SearchAndLoad(queries, request.ToQuery(search));
            if (items.Count == 0)
            {
                continue;
            }

            var timer = Stopwatch.StartNew();
            var svg = Pages.Clinics.IndexModel.DrawMap(request, items, 1, places);
            timer.Stop();
            if (i < 200)
            {
                continue;
            }

            samples.Add(timer.Elapsed.TotalMilliseconds);
            var kind = request.Origin is null ? "no place" : request.Radius == "any" ? "radius any" : $"radius {request.Radius}";
            if (!byKind.TryGetValue(kind, out var list))
            {
                byKind[kind] = list = [];
            }

            list.Add(timer.Elapsed.TotalMilliseconds);
            drawn++;
            bytes += svg.Length;
            using var gzipped = new MemoryStream();
            using (var gzip = new System.IO.Compression.GZipStream(gzipped, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            {
                gzip.Write(System.Text.Encoding.UTF8.GetBytes(svg));
            }

            compressed += gzipped.Length;
        }

        static double P(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        samples.Sort();
        Console.WriteLine($"{drawn} maps drawn over {index.Count:N0} listings (searches that found nothing are skipped)");
        Console.WriteLine($"  drawing: mean {samples.Average():F3} ms  p50 {P(samples, 0.5):F3}  p95 {P(samples, 0.95):F3}  p99 {P(samples, 0.99):F3}  max {samples[^1]:F3}");
        foreach (var (kind, list) in byKind)
        {
            list.Sort();
            Console.WriteLine($"    {kind,-12} n={list.Count,5}  mean {list.Average():F3}  p50 {P(list, 0.5):F3}  p99 {P(list, 0.99):F3}");
        }

        Console.WriteLine($"  SVG: mean {bytes / Math.Max(1, drawn):N0} bytes, {compressed / Math.Max(1, drawn):N0} gzipped");
        return 0;
    }

    /// <summary>
    /// <c>bench-startup</c>: times the per-process work every site start repeats and every content
    /// reload redoes (reading and rendering all articles in both languages), and the work every
    /// self-check step does (parsing the posted answers, then the rules), after a warm-up.
    /// </summary>
    public static int Startup(IServiceProvider services, int runs)
    {
        runs = Math.Max(1, runs);
        var root = services.GetRequiredService<Content.ContentLibrary>().RootPath;
        var loads = new List<double>();
        var articles = 0;
        for (var i = 0; i < runs + 3; i++)
        {
            var timer = Stopwatch.StartNew();
            var (english, spanish) = Content.ContentLibrary.Load(root);
            timer.Stop();
            articles = english.Articles.Count + spanish.Articles.Count;
            if (i >= 3)
            {
                loads.Add(timer.Elapsed.TotalMilliseconds);
            }
        }

        // A loved one's whole questionnaire in one post, the largest form a step parses.
        var form = new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>(StringComparer.Ordinal)
        {
            ["who"] = "other",
            ["seen"] = new([.. SelfCheck.Questionnaire.Sections.Select(section => section.Id)]),
        };
        foreach (var question in SelfCheck.Questionnaire.AllQuestions.Where(q => q.Name != "who"))
        {
            var choices = question.ChoicesFor(forOther: true).Select(c => c.Value).ToArray();
            form[question.Name] = question.Kind switch
            {
                SelfCheck.QuestionKind.Text => new Microsoft.Extensions.Primitives.StringValues("22903"),
                SelfCheck.QuestionKind.Multi => new Microsoft.Extensions.Primitives.StringValues([.. choices.Take(2)]),
                _ => new Microsoft.Extensions.Primitives.StringValues(choices[^1]),
            };
        }

        const int Parses = 20_000;
        var parse = Stopwatch.StartNew();
        for (var i = 0; i < Parses; i++)
        {
            SelfCheck.FormAnswers.From(form);
        }

        parse.Stop();
        var answers = SelfCheck.FormAnswers.From(form);
        var evaluate = Stopwatch.StartNew();
        for (var i = 0; i < Parses; i++)
        {
            SelfCheck.SelfCheckRules.Evaluate(answers.ToAnswers());
        }

        evaluate.Stop();
        loads.Sort();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine($"articles, both languages ({articles}): p50 {loads[loads.Count / 2]:F0} ms  min {loads[0]:F0} ms  max {loads[^1]:F0} ms  (n={loads.Count})");
        Console.WriteLine($"self-check form parse: {parse.Elapsed.TotalMicroseconds / Parses:F1} µs; answers + rules: {evaluate.Elapsed.TotalMicroseconds / Parses:F1} µs  (n={Parses:N0} each)");
        return 0;
    }

    private static IEnumerable<Clinic> EveryActiveListing(Db db)
    {
        using var connection = db.Open();
        foreach (var clinic in ClinicQueries.Active(connection))
        {
            yield return clinic;
        }
    }

    /// <summary>A search like a visitor's: a ZIP, a radius, and zero to three filters, sometimes keywords.</summary>
    private static (string Kind, string? Keyword, Func<ClinicQuery> Query) RandomQuery(Random random, Place place, SearchIndex search)
    {
        string[] radii = ["5", "10", "25", "25", "25", "50", "100", "any"];
        var radius = radii[random.Next(radii.Length)];
        var filters = new Dictionary<CodeSet, long>();
        for (var f = random.Next(4); f > 0; f--)
        {
            var set = ClinicCodes.All[random.Next(ClinicCodes.All.Count)];
            var codes = set.Codes.OrderBy(_ => random.Next()).Take(1 + random.Next(2)).Select(c => c.Value);
            filters[set] = set.Mask(codes);
        }

        // Keywords people type: mostly a distinctive part of a program's name, sometimes a common word.
        string[] words = ["cedar", "harbor", "willow", "summit", "lantern", "juniper", "compass", "evergreen", "counseling", "recovery"];
        var keywords = random.Next(10) == 0 ? words[random.Next(words.Length)] : null;
        var accepting = random.Next(4) == 0;
        var kind = keywords is not null ? "with keywords" : radius == "any" ? "any distance" : $"within {radius} miles";
        return (kind, keywords, () => new ClinicQuery
        {
            Latitude = place.Latitude,
            Longitude = place.Longitude,
            RadiusMiles = radius == "any" ? null : double.Parse(radius, System.Globalization.CultureInfo.InvariantCulture),
            Filters = filters,
            AcceptingOnly = accepting,
            OnlyIds = keywords is null ? null : search.MatchingClinicIds(keywords),
        });
    }
}
