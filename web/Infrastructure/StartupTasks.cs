using IopFinder.Web.Clinics;
using IopFinder.Web.Content;
using IopFinder.Web.Options;
using IopFinder.Web.Places;
using Microsoft.Extensions.Options;
using IopFinder.Web.Data;
using IopFinder.Web.Search;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.OutputCaching;

namespace IopFinder.Web.Infrastructure;

/// <summary>What has to happen before the first request: schema, content, search index.</summary>
public static class StartupTasks
{
    /// <summary>Tag on every cached page, so a content or data change can evict them together.</summary>
    public const string PagesCacheTag = "pages";

    public static void PrepareData(this WebApplication app)
    {
        app.Services.GetRequiredService<Migrator>().Migrate();
        var directory = app.Services.GetRequiredService<IOptions<DirectoryOptions>>().Value;
        if (directory.DemoClinics > 0 && app.Services.GetRequiredService<ClinicQueries>().Count() == 0)
        {
            // A fresh install shows a working directory at once; every demo listing says it is fictional.
            app.Services.GetRequiredService<DemoListings>().SeedIfEmpty(
                DemoSeeder.Generate(directory.DemoClinics, directory.DemoSeed, app.Services.GetRequiredService<PlaceDirectory>(), app.Services.GetRequiredService<OpeningsCalendar>().Today));
        }


        var library = app.Services.GetRequiredService<ContentLibrary>();
        var search = app.Services.GetRequiredService<SearchIndex>();
        var cache = app.Services.GetRequiredService<IOutputCacheStore>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupTasks));
        // Articles use negative row ids in the search index, clinics their listing ids, so the two never meet.
        search.ReplaceArticles(library.Current.Articles, library.Spanish.Articles);
        app.Services.GetRequiredService<ClinicIndex>().Reload();
        library.Changed += snapshot =>
        {
            try
            {
                search.ReplaceArticles(snapshot.Articles, library.Spanish.Articles);
                cache.EvictByTagAsync(PagesCacheTag, default).AsTask().GetAwaiter().GetResult();
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Could not refresh the search index after a content change");
            }
        };
    }

    /// <summary>
    /// Says where the site listens: in plain words for the person who just started it in Development, and
    /// through the logger elsewhere, so Production's output stays one JSON line per entry.
    /// </summary>
    public static void AnnounceAddresses(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            foreach (var address in addresses ?? [])
            {
                if (app.Environment.IsDevelopment())
                {
                    Console.WriteLine($"IopFinder is running at {address}  (press Ctrl+C to stop)");
                }
                else
                {
                    app.Logger.LogInformation("IopFinder is running at {Address}", address);
                }
            }
        });
    }

    /// <summary>
    /// Says, in Production, when the Data Protection keys (which sign sign-ins and forms) are stored unencrypted:
    /// anyone who can read the key files or table can forge a sign-in. A certificate encrypts them at rest.
    /// </summary>
    public static void WarnAboutUnprotectedKeys(this WebApplication app)
    {
        if (app.Environment.IsProduction() && string.IsNullOrWhiteSpace(app.Configuration["DataProtection:CertificatePath"]))
        {
            app.Logger.LogWarning("Data Protection keys are stored unencrypted; set DataProtection__CertificatePath (a PFX file with a private key) and DataProtection__CertificatePassword to encrypt them at rest");
        }
    }

    /// <summary>Refuses to start a Production site whose mail settings cannot deliver the messages its pages promise.</summary>
    public static void CheckMailSettings(this WebApplication app)
    {
        if (app.Environment.IsProduction()
            && app.Services.GetRequiredService<IOptions<Mail.EmailOptions>>().Value.DeliveryProblem(app.Environment.ContentRootPath) is { } problem)
        {
            throw new Mail.MailSettingsException(problem);
        }
    }
}
