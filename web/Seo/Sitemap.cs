using System.Globalization;
using System.Text;
using System.Xml;
using IopFinder.Web.Content;
using IopFinder.Web.Options;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Seo;

/// <summary>
/// One page for search engines, with the date its content last changed when known. A page exists in
/// Spanish too (under <c>/es</c>) unless <see cref="InSpanish"/> is false, as for an article not yet translated.
/// </summary>
public sealed record SitemapEntry(string Path, DateOnly? LastModified = null, bool InSpanish = true);

/// <summary>One address in the sitemap, with the same page's address in every language it has.</summary>
internal sealed record SitemapUrl(string Path, DateOnly? LastModified, IReadOnlyList<(string Language, string Path)> Alternates);

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
    public IEnumerable<SitemapEntry> Entries()
    {
        var spanish = library.Spanish;
        return library.Current.Articles.Select(a => new SitemapEntry(a.Url, a.Updated, spanish.Find(a.Slug) is not null));
    }
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
    private const string XhtmlNamespace = "http://www.w3.org/1999/xhtml";

    /// <summary>Every address: each page in English, then in Spanish when it has a Spanish version, each naming both.</summary>
    private List<SitemapUrl> AllEntries()
    {
        var urls = new List<SitemapUrl>();
        foreach (var entry in sources.SelectMany(s => s.Entries()))
        {
            if (!entry.InSpanish)
            {
                urls.Add(new SitemapUrl(entry.Path, entry.LastModified, []));
                continue;
            }

            var alternates = IopFinder.Web.Infrastructure.Languages.All
                .Select(l => (l.Code, IopFinder.Web.Infrastructure.Languages.Localize(entry.Path, l))).ToList();
            urls.AddRange(alternates.Select(a => new SitemapUrl(a.Item2, entry.LastModified, alternates)));
        }

        return urls;
    }

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

    private async Task WriteUrlSetAsync(Stream output, IEnumerable<SitemapUrl> entries)
    {
        await using var writer = XmlWriter.Create(output, Settings());
        await writer.WriteStartDocumentAsync();
        writer.WriteStartElement("urlset", Namespace);
        writer.WriteAttributeString("xmlns", "xhtml", null, XhtmlNamespace);
        foreach (var entry in entries)
        {
            writer.WriteStartElement("url", Namespace);
            writer.WriteElementString("loc", Namespace, site.Value.Absolute(entry.Path));
            if (entry.LastModified is { } date)
            {
                writer.WriteElementString("lastmod", Namespace, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            // Search engines' way of saying "this page in another language" (hreflang alternates).
            foreach (var (language, path) in entry.Alternates)
            {
                writer.WriteStartElement("xhtml", "link", XhtmlNamespace);
                writer.WriteAttributeString("rel", "alternate");
                writer.WriteAttributeString("hreflang", language);
                writer.WriteAttributeString("href", site.Value.Absolute(path));
                writer.WriteEndElement();
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
            Results.Text($"User-agent: *\nDisallow: /portal\nDisallow: /admin\nDisallow: /search\nDisallow: /es/portal\nDisallow: /es/admin\nDisallow: /es/search\n\nSitemap: {site.Value.Absolute("/sitemap.xml")}\n", "text/plain; charset=utf-8"));
        return endpoints;
    }
}
