using System.Globalization;
using IopFinder.Web.Clinics;
using IopFinder.Web.Content;
using IopFinder.Web.Data;
using IopFinder.Web.Infrastructure;
using IopFinder.Web.Mail;
using IopFinder.Web.Options;
using IopFinder.Web.Places;
using IopFinder.Web.Portal;
using IopFinder.Web.Search;
using IopFinder.Web.Seo;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;

namespace IopFinder.Web;

/// <summary>
/// All of the site's wiring in one place, so <c>Program.cs</c> stays two calls long.
/// Order in <see cref="UseIopFinder"/> matters and is explained where it is not obvious.
/// </summary>
public static class SiteSetup
{
    public static WebApplicationBuilder AddIopFinder(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        AddLogs(builder);
        builder.WebHost.ConfigureKestrel(options => options.AddServerHeader = false);
        // Run from the build output (not published), the framework maps CSS and JS to their build-time
        // locations only in Development; in any other environment the fingerprinted, precompressed
        // files would be served empty. A published build has no such map, so this changes nothing there.
        builder.WebHost.UseStaticWebAssets();

        AddSettings(services, builder.Configuration);
        AddKeys(builder);
        services.AddSingleton<Db>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<ContentLibrary>();
        services.AddSingleton<SearchIndex>();
        services.AddSingleton(_ => PlaceDirectory.Shared);
        services.AddSingleton<ClinicQueries>();
        services.AddSingleton<OpeningsCalendar>();
        services.AddSingleton<ClinicIndex>();
        services.AddHostedService<ListingWatcher>();
        services.AddSingleton<DemoListings>();
        services.AddSingleton<IopFinder.Web.Imports.ClinicImporter>();
        services.AddSingleton<IopFinder.Web.Hsds.HsdsWriter>();
        services.AddSingleton<IopFinder.Web.Hsds.HsdsEndpoints.Deps>();
        services.AddSingleton<ISitemapSource, StaticPagesSitemapSource>();
        services.AddSingleton<ISitemapSource, ArticlesSitemapSource>();
        services.AddSingleton<ISitemapSource, ClinicsSitemapSource>();
        services.AddSingleton<SitemapWriter>();

        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddRazorPages(options =>
            {
                // The private areas' pages (PrivatePages) are never output-cached: the self-check's answers must
                // never be stored, and portal and admin pages hold per-person antiforgery tokens and private data.
                foreach (var (_, folder) in PrivatePages.Areas)
                {
                    options.Conventions.AddFolderApplicationModelConvention(folder,
                        model => model.EndpointMetadata.Add(new OutputCacheAttribute { NoStore = true }));
                }

                options.Conventions.AuthorizeFolder("/Portal");
                options.Conventions.AllowAnonymousToPage("/Portal/Login");
                options.Conventions.AllowAnonymousToPage("/Portal/SetPassword");
                options.Conventions.AllowAnonymousToPage("/Portal/Forgot");
                options.Conventions.AllowAnonymousToPage("/Portal/Index");
                options.Conventions.AuthorizeFolder("/Admin", PortalAuth.ModeratorPolicy);
            })
            .AddViewLocalization();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "iopf-af";
            // One antiforgery cookie for the whole site, not one per language's path base (/es).
            options.Cookie.Path = "/";
        });

        AddPageCache(services, builder.Configuration);
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
        services.AddPortal(builder.Environment);
        services.AddMail(builder.Configuration);
        services.AddOptions<ReminderOptions>().Bind(builder.Configuration.GetSection(ReminderOptions.Section));
        services.AddSiteMetrics(builder.Configuration);
        services.AddIopFinderRateLimits();
        services.AddProblemDetails();
        services.AddCors(options => options.AddPolicy(DirectoryEndpoints.CorsPolicy, policy => policy.AllowAnyOrigin().WithMethods("GET").AllowAnyHeader()));
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<ContentHealthCheck>("articles")
            .AddCheck<PlacesHealthCheck>("zip-table")
            .AddCheck<DirectoryHealthCheck>("directory")
            .AddCheck<MemoryHealthCheck>("memory")
            .AddCheck<OutboxHealthCheck>("outbox");
        return builder;
    }

    /// <summary>Production logs JSON lines, easy to ship and query; a developer's terminal gets plain lines.</summary>
    private static void AddLogs(WebApplicationBuilder builder)
    {
        // Request bodies and query strings are never logged: Microsoft.AspNetCore's per-request
        // messages stay at Warning (appsettings.json).
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss ";
            });
        }
        else
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
    }

    /// <summary>Typed settings, and where to believe a proxy's word about the visitor.</summary>
    private static void AddSettings(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SiteOptions>().Bind(configuration.GetSection(SiteOptions.Section))
            .Validate(o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out _), "Site:BaseUrl must be an absolute URL")
            .ValidateOnStart();
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section));
        services.AddOptions<ContentOptions>().Bind(configuration.GetSection(ContentOptions.Section));
        services.AddOptions<DirectoryOptions>().Bind(configuration.GetSection(DirectoryOptions.Section));
        services.AddOptions<CachingOptions>().Bind(configuration.GetSection(CachingOptions.Section));
        var proxy = configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // Behind nginx (see deploy/): the visitor's address and scheme come from the proxy's headers,
            // so rate limits and logs see the visitor, and HSTS and secure cookies see HTTPS.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var address in proxy.KnownProxies)
            {
                options.KnownProxies.Add(System.Net.IPAddress.TryParse(address, out var parsed) ? parsed
                    : throw new InvalidOperationException($"Proxy:KnownProxies: '{address}' is not an IP address."));
            }

            foreach (var network in proxy.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
                    : throw new InvalidOperationException($"Proxy:KnownNetworks: '{network}' is not a network such as 10.0.0.0/24."));
            }
        });
    }

    /// <summary>Data Protection keys: in the database when several instances share one, else in a folder beside the SQLite file.</summary>
    private static void AddKeys(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var dataProtection = services.AddDataProtection().SetApplicationName("IopFinder");
        if (database.Provider.Trim().StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
        {
            // Shared by every instance on the database, so a sign-in or form from one is valid on the others.
            services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
                .Configure<Db>((options, db) => options.XmlRepository = new DatabaseKeyRepository(db));
        }
        else
        {
            // Keys live beside the database so a restart does not invalidate forms or sign-ins.
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(
                Path.GetDirectoryName(PathResolver.Resolve(builder.Environment.ContentRootPath, database.Path))!, "keys")));
        }

        // Encrypted at rest with the operator's certificate, when there is one (README, "Deploying").
        if (configuration["DataProtection:CertificatePath"] is { Length: > 0 } certificatePath)
        {
            var file = PathResolver.Resolve(builder.Environment.ContentRootPath, certificatePath);
            try
            {
                dataProtection.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                    file, configuration["DataProtection:CertificatePassword"]));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw new InvalidOperationException($"DataProtection:CertificatePath: no certificate with a private key could be read from {file} ({exception.Message}). Check the path and DataProtection:CertificatePassword.", exception);
            }
        }
    }

    /// <summary>Anonymous pages cached in memory, compressed, keyed by language and the listings' version.</summary>
    private static void AddPageCache(IServiceCollection services, IConfiguration configuration) =>
        services.AddOutputCache(options =>
        {
            // Every search URL is a distinct entry: a small cap (popular pages still fit) keeps the
            // process under 300 MB under varied traffic; raise Caching:OutputCacheMegabytes on bigger hosts.
            options.SizeLimit = (configuration.GetSection(CachingOptions.Section).Get<CachingOptions>() ?? new CachingOptions()).OutputCacheMegabytes * 1024L * 1024L;
            options.MaximumBodySize = 256 * 1024;
            // Pages are stored compressed (compression runs inside the cache), one copy per Accept-Encoding:
            // a repeat visit costs no compression, and a cached page takes a fifth of the memory.
            // A search by the visitor's own position is never stored: it says where someone is, and no
            // other visitor will ask for the same point, so storing it would only push out shared pages.
            options.AddBasePolicy(policy => policy
                .With(context => !ClinicSearchRequest.IsPositionSearch(context.HttpContext.Request.Query))
                .Expire(TimeSpan.FromMinutes(10))
                .SetVaryByHeader(Microsoft.Net.Http.Headers.HeaderNames.AcceptEncoding)
                // A page rendered from an older snapshot of the listings can never be served once they
                // change: the listings' version is part of every cache key.
                // English and Spanish pages share paths after /es is moved into the path base.
                .VaryByValue(context => new("language", Languages.Of(context).Code))
                .VaryByValue(context => new("listings", context.RequestServices.GetRequiredService<ClinicIndex>().Version.ToString(CultureInfo.InvariantCulture)))
                // Openings are believed for a number of days and start dates pass: a page is the day's page.
                .VaryByValue(context => new("day", context.RequestServices.GetRequiredService<OpeningsCalendar>().Today.DayNumber.ToString(CultureInfo.InvariantCulture)))
                .Tag(StartupTasks.PagesCacheTag));
            options.AddBasePolicy(new CacheOnSecondRequest());
        });

    public static WebApplication UseIopFinder(this WebApplication app)
    {
        // First, so everything after it (HSTS, rate limits, logs) sees the visitor, not the proxy.
        app.UseForwardedHeaders();
        app.CheckMailSettings();
        app.WarnAboutUnprotectedKeys();
        app.PrepareData();
        app.AnnounceAddresses();
        // Held while the site serves, so a restore can see that this database is in use.
        var siteLock = SiteLock.HoldShared(app.Services.GetRequiredService<Db>());
        app.Lifetime.ApplicationStopped.Register(siteLock.Dispose);
        // Before the error pages, so an error under /es is explained in Spanish.
        app.UseSiteLanguages();

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseSecurityHeaders();
        app.UsePrivatePages();
        app.UseRouting();
        // After routing, so per-endpoint cache metadata (no-store on private pages) is visible.
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseOutputCache();
        // Inside the output cache, so cached pages are kept already compressed.
        app.UseResponseCompression();

        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync })
            .CacheOutput(policy => policy.NoCache());
        app.MapSeo();
        app.MapDirectoryData();
        IopFinder.Web.Hsds.HsdsEndpoints.MapHsds(app);
        return app;
    }
}
