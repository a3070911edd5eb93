using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (UseTemplate && DemoClinics > 0 && !File.Exists(DatabasePath))
        {
            File.Copy(Template(DemoClinics), DatabasePath);
        }

        builder.UseEnvironment(EnvironmentName);
        // Tests run the build output, not a publish: this maps wwwroot and its precompressed copies
        // the way a published site has them, whatever the environment.
        builder.UseStaticWebAssets();
        builder.UseSetting("Database:Path", DatabasePath);
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

        if (Clock is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton(Clock));
        }
    }

    /// <summary>A client on the https origin, not following redirects, so tests see exactly what was sent.</summary>
    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri(BaseUrl),
        AllowAutoRedirect = false,
    });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsFolder)
        {
            _folder?.Dispose();
        }
    }
}

/// <summary>One app shared by every test in the collection: starting it once keeps the suite fast.</summary>
[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<SiteFactory>
{
    public const string Name = "site";
}
