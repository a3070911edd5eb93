using System.Globalization;
using System.Text;
using System.Xml;
using IopFinder.Web.Content;
using IopFinder.Web.Options;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Seo;

/// <summary>One URL for search engines, with the date its content last changed when known.</summary>
public sealed record SitemapEntry(string Path, DateOnly? LastModified = null);

/// <summary>A producer of sitemap URLs. Each feature that has public pages registers one.</summary>
public interface ISitemapSource
{
    IEnumerable<SitemapEntry> Entries();
}

/// <summary>The fixed public pages.</summary>
public sealed class StaticPagesSitemapSource : ISitemapSource
{
    public IEnumerable<SitemapEntry> Entries() =>
    [
        new("/"),
        new("/learn"),
        new("/self-check"),
        new("/self-check/how-it-works"),
        new("/clinics"),
        new("/privacy"),
        new("/attributions"),
        new("/api"),
    ];
}

/// <summary>Every article, dated by its <c>updated</c> field: the same source the article pages read.</summary>
public sealed class ArticlesSitemapSource(ContentLibrary library) : ISitemapSource
{
    public IEnumerable<SitemapEntry> Entries() =>
        library.Current.Articles.Select(a => new SitemapEntry(a.Url, a.Updated));
}

/// <summary>The directory: browse pages by state and city, and every active listing with its last change.</summary>
public sealed class ClinicsSitemapSource(IopFinder.Web.Clinics.ClinicQueries queries) : ISitemapSource
{
    public IEnumerable<SitemapEntry> Entries()
    {
        yield return new SitemapEntry("/iop");
        foreach (var state in queries.IopStates())
        {
            yield return new SitemapEntry("/iop/" + IopFinder.Web.Places.StateNames.Slug(state.State));
            foreach (var city in queries.IopCities(state.State))
            {
                yield return new SitemapEntry($"/iop/{IopFinder.Web.Places.StateNames.Slug(state.State)}/{IopFinder.Web.Clinics.Slugs.From(city.City)}");
            }
        }

        foreach (var (slug, updated) in queries.SitemapRows())
        {
            yield return new SitemapEntry("/clinics/" + slug, DateOnly.TryParse(updated.AsSpan(0, Math.Min(10, updated.Length)), CultureInfo.InvariantCulture, out var date) ? date : null);
        }
    }
}

/// <summary>
/// Writes <c>sitemap.xml</c> with <see cref="XmlWriter"/>. Past the protocol's 50,000 URLs per file it
/// writes a sitemap index instead, pointing at numbered files of up to 50,000 URLs each.
/// </summary>
public sealed class SitemapWriter(IEnumerable<ISitemapSource> sources, IOptions<SiteOptions> site)
{
    public const int MaxUrlsPerFile = 50_000;
    private const string Namespace = "http://www.sitemaps.org/schemas/sitemap/0.9";

    private List<SitemapEntry> AllEntries() => sources.SelectMany(s => s.Entries()).ToList();

    /// <summary>Writes either the single sitemap or, when there are too many URLs, the index.</summary>
    public async Task WriteRootAsync(Stream output)
    {
        var entries = AllEntries();
        if (entries.Count <= MaxUrlsPerFile)
        {
            await WriteUrlSetAsync(output, entries);
            return;
        }

        var pages = (entries.Count + MaxUrlsPerFile - 1) / MaxUrlsPerFile;
        await using var writer = XmlWriter.Create(output, Settings());
        await writer.WriteStartDocumentAsync();
        writer.WriteStartElement("sitemapindex", Namespace);
        for (var page = 1; page <= pages; page++)
        {
            writer.WriteStartElement("sitemap", Namespace);
            writer.WriteElementString("loc", Namespace, site.Value.Absolute($"/sitemap-{page}.xml"));
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        await writer.WriteEndDocumentAsync();
    }

    /// <summary>Writes numbered file <paramref name="page"/> of an index; false when there is no such file.</summary>
    public async Task<bool> WritePageAsync(Stream output, int page)
    {
        var entries = AllEntries();
        if (entries.Count <= MaxUrlsPerFile || page < 1 || (page - 1) * (long)MaxUrlsPerFile >= entries.Count)
        {
            return false;
        }

        await WriteUrlSetAsync(output, entries.Skip((page - 1) * MaxUrlsPerFile).Take(MaxUrlsPerFile));
        return true;
    }

    private async Task WriteUrlSetAsync(Stream output, IEnumerable<SitemapEntry> entries)
    {
        await using var writer = XmlWriter.Create(output, Settings());
        await writer.WriteStartDocumentAsync();
        writer.WriteStartElement("urlset", Namespace);
        foreach (var entry in entries)
        {
            writer.WriteStartElement("url", Namespace);
            writer.WriteElementString("loc", Namespace, site.Value.Absolute(entry.Path));
            if (entry.LastModified is { } date)
            {
                writer.WriteElementString("lastmod", Namespace, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        await writer.WriteEndDocumentAsync();
    }

    private static XmlWriterSettings Settings() => new() { Async = true, Encoding = new UTF8Encoding(false), Indent = false };
}

/// <summary>The sitemap and robots.txt routes.</summary>
public static class SeoEndpoints
{
    public static IEndpointRouteBuilder MapSeo(this IEndpointRouteBuilder endpoints)
    {
        // Written to memory first: XmlWriter's synchronous element calls must not touch the response stream.
        endpoints.MapGet("/sitemap.xml", async (SitemapWriter writer) =>
        {
            var buffer = new MemoryStream();
            await writer.WriteRootAsync(buffer);
            return Results.Bytes(buffer.ToArray(), "application/xml; charset=utf-8");
        });
        endpoints.MapGet("/sitemap-{page:int}.xml", async (int page, HttpContext context, SitemapWriter writer) =>
        {
            var buffer = new MemoryStream();
            if (!await writer.WritePageAsync(buffer, page))
            {
                return Results.NotFound();
            }

            return Results.Bytes(buffer.ToArray(), "application/xml; charset=utf-8");
        });
        endpoints.MapGet("/robots.txt", (IOptions<SiteOptions> site) =>
            Results.Text($"User-agent: *\nDisallow: /portal\nDisallow: /admin\nDisallow: /search\n\nSitemap: {site.Value.Absolute("/sitemap.xml")}\n", "text/plain; charset=utf-8"));
        return endpoints;
    }
}
