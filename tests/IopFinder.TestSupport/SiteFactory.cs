using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Support;

/// <summary>
/// The real app in memory with its own temporary database. Runs as Production by default so tests see
/// what visitors see (friendly errors, HSTS); the content folder is the real one unless a test gives another.
/// </summary>
public class SiteFactory : WebApplicationFactory<Program>
{
    /// <summary>
    /// Dapper caches the code it generates for each query per connection string, and every test site has a
    /// database of its own: without this, each of the hundreds of sites a run starts would generate it all
    /// again. Databases of one kind share one schema, so they can share that code.
    /// </summary>
    static SiteFactory() => Dapper.SqlMapper.ConnectionStringComparer = new SameKindOfDatabase();

    private TempFolder? _folder;
    private bool _ownsFolder = true;

    /// <summary>The data folder: a fresh one, or another factory's when set (to test restarts); only a fresh one is deleted.</summary>
    public TempFolder Folder
    {
        get => _folder ??= new TempFolder();
        init
        {
            _folder = value;
            _ownsFolder = false;
        }
    }

    /// <summary>Where pickup-mode email lands: each message is one .eml file.</summary>
    public string MailFolder => Path.Combine(DataFolder, "mail");

    /// <summary>Replaces the clock, so tests can move time past token expiry.</summary>
    public TimeProvider? Clock { get; init; }

    public const string BaseUrl = "https://iopfinder.test";

    public string? ContentPath { get; init; }

    public string EnvironmentName { get; init; } = "Production";

    /// <summary>Demo listings seeded into the empty database; 0 for tests that load their own data.</summary>
    public int DemoClinics { get; init; } = 2500;

    public string DataFolder => Folder.Path;

    public string DatabasePath => Path.Combine(Folder.Path, "site.db");

    /// <summary>
    /// The site's PostgreSQL database when this run's sites use PostgreSQL (<see cref="Postgres.SitesUsePostgres"/>),
    /// else null. Named in a file in the data folder, so a second factory on the same folder (a restart)
    /// opens the same database.
    /// </summary>
    public string? ConnectionString
    {
        get
        {
            if (!Postgres.SitesUsePostgres)
            {
                return null;
            }

            var file = Path.Combine(Folder.Path, "postgres.txt");
            lock (Folder)
            {
                if (!File.Exists(file))
                {
                    File.WriteAllText(file, Postgres.CreateDatabase(UseTemplate && DemoClinics > 0 ? PostgresTemplate(DemoClinics) : null));
                }

                return File.ReadAllText(file);
            }
        }
    }

    /// <summary>The settings that point a site or a command-line verb at this factory's database.</summary>
    public IReadOnlyDictionary<string, string> DatabaseSettings => ConnectionString is { } connectionString
        ? new Dictionary<string, string> { ["Database:Provider"] = "postgres", ["Database:ConnectionString"] = connectionString }
        : new Dictionary<string, string> { ["Database:Path"] = DatabasePath };

    /// <summary>The same settings as command-line arguments.</summary>
    public IEnumerable<string> DatabaseArguments => DatabaseSettings.Select(s => $"--{s.Key}={s.Value}");

    public CollectingLoggerProvider Logs { get; } = new();

    /// <summary>Further settings, as <c>Section:Key</c> → value, for tests that change a limit or an interval.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Databases already seeded with a number of demo listings, made once per test run and copied for
    /// each factory that asks for that many: seeding is the same every time (fixed seed), and copying
    /// a file is much cheaper than seeding and indexing thousands of listings again.
    /// </summary>
    private static readonly ConcurrentDictionary<int, Lazy<string>> Templates = new();

    private static readonly TempFolder TemplateFolder = MakeTemplateFolder();

    private static TempFolder MakeTemplateFolder()
    {
        var folder = new TempFolder();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Dispose();
        return folder;
    }

    /// <summary>False for the factory that makes a template, which must seed for real.</summary>
    private bool UseTemplate { get; init; } = true;

    private static string Template(int demoClinics) => Templates.GetOrAdd(demoClinics, count => new Lazy<string>(() =>
    {
        using var maker = new SiteFactory { DemoClinics = count, UseTemplate = false };
        _ = maker.Services;
        var path = Path.Combine(TemplateFolder.Path, $"demo-{count}.db");
        using var source = new SqliteConnection($"Data Source={maker.DatabasePath};Pooling=False");
        using var copy = new SqliteConnection($"Data Source={path};Pooling=False");
        source.Open();
        copy.Open();
        source.BackupDatabase(copy);
        return path;
    })).Value;

    private static readonly ConcurrentDictionary<int, Lazy<string>> PostgresTemplates = new();

    /// <summary>A database seeded with this many demo listings, which test databases are copied from.</summary>
    private static string PostgresTemplate(int demoClinics) => PostgresTemplates.GetOrAdd(demoClinics, count => new Lazy<string>(() =>
    {
        var name = $"template_{count}_{Environment.ProcessId}";
        var maker = new SiteFactory { DemoClinics = count, UseTemplate = false };
        _ = maker.Services;
        var made = maker.ConnectionString!;
        // The database it made becomes the template, so the maker must not drop it when it stops.
        File.Delete(Path.Combine(maker.DataFolder, "postgres.txt"));
        maker.Dispose();
        Postgres.Rename(made, name);
        return name;
    })).Value;

    /// <summary>PBKDF2 iterations for this site's passwords; null keeps the site's own setting (210,000).</summary>
    public int? PasswordIterations { get; init; } = 1_000;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (!Postgres.SitesUsePostgres && UseTemplate && DemoClinics > 0 && !File.Exists(DatabasePath))
        {
            File.Copy(Template(DemoClinics), DatabasePath);
        }

        builder.UseEnvironment(EnvironmentName);
        // Tests run the build output, not a publish: this maps wwwroot and its precompressed copies
        // the way a published site has them, whatever the environment.
        builder.UseStaticWebAssets();
        foreach (var (key, value) in DatabaseSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Content:Path", ContentPath ?? RepoPaths.Content);
        builder.UseSetting("Site:BaseUrl", BaseUrl);
        builder.UseSetting("Directory:DemoClinics", DemoClinics.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Email:Mode", "pickup");
        builder.UseSetting("Email:PickupFolder", MailFolder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddresses>());
        // A password costs 210,000 PBKDF2 iterations on the site by design, about 0.1 CPU s each time one is set or
        // checked, and the tests set and check hundreds: an eighth of the in-process suite's CPU. Test sites hash
        // with fewer iterations in the same format (Django's own test settings swap in a fast hasher for the same
        // reason); PortalSecurityTests checks the site's own count on a site that keeps it.
        if (PasswordIterations is { } iterations)
        {
            builder.ConfigureServices(services => services.PostConfigure<PasswordHasherOptions>(o => o.IterationCount = iterations));
        }

        if (ContentPath is null)
        {
            builder.ConfigureServices(services => services.AddSingleton(RepoContent.Value));
        }
        if (Clock is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton(Clock));
        }
    }

    /// <summary>
    /// The repository's articles, read once for every site of the test run that uses them: reading and rendering
    /// both languages is about 85 ms of CPU, a third of a test site's start. Snapshots are immutable, and a site
    /// given other content (<see cref="ContentPath"/>) reads its own.
    /// </summary>
    private static readonly Lazy<IopFinder.Web.Content.PreloadedContent> RepoContent = new(() => IopFinder.Web.Content.PreloadedContent.Read(RepoPaths.Content));

    private static int _clients;

    /// <summary>
    /// A client on the https origin, not following redirects, so tests see exactly what was sent. Each comes
    /// from an address of its own, as separate visitors do, so one test's use of a per-client rate limit
    /// leaves the next test's clients untouched on a site the tests of a class share.
    /// </summary>
    public HttpClient Client()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri(BaseUrl),
            AllowAutoRedirect = false,
        });
        var n = Interlocked.Increment(ref _clients);
        client.DefaultRequestHeaders.Add(ClientAddresses.Header, $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}");
        return client;
    }

    /// <summary>
    /// The in-memory server gives every request the same (empty) remote address; this sets the one a test
    /// client names, first in the pipeline, where a real server would have set the connection's address.
    /// </summary>
    private sealed class ClientAddresses : IStartupFilter
    {
        public const string Header = "X-Test-Client-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(Header, out var address) && IPAddress.TryParse(address, out var parsed))
                {
                    context.Connection.RemoteIpAddress = parsed;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsFolder)
        {
            if (_folder is not null && File.Exists(Path.Combine(_folder.Path, "postgres.txt")))
            {
                Postgres.DropDatabase(File.ReadAllText(Path.Combine(_folder.Path, "postgres.txt")));
            }

            _folder?.Dispose();
        }
    }
}

/// <summary>
/// A site the tests of one class share (<c>IClassFixture&lt;ClassSite&gt;</c>), with few demo listings. Its tests
/// run one after another but in no set order, so each uses listings, accounts and mail of its own.
/// </summary>
public class ClassSite : SiteFactory
{
    private long _used;

    public ClassSite() => DemoClinics = 60;

    /// <summary>A demo listing's id that no test has had from this method before.</summary>
    public long UnusedListing()
    {
        var id = Interlocked.Increment(ref _used);
        return id <= DemoClinics ? id : throw new InvalidOperationException($"All {DemoClinics} demo listings have been used.");
    }
}

/// <summary>Connection strings compare equal when they name the same kind of database (PostgreSQL or SQLite).</summary>
internal sealed class SameKindOfDatabase : IEqualityComparer<string>
{
    public bool Equals(string? x, string? y) => x is null || y is null ? ReferenceEquals(x, y) : IsPostgres(x) == IsPostgres(y);

    public int GetHashCode(string connectionString) => IsPostgres(connectionString) ? 1 : 0;

    private static bool IsPostgres(string connectionString) => connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase);
}
