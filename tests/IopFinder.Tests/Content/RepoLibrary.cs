using System.Xml.Linq;
using IopFinder.Web.Content;
using IopFinder.Web.Infrastructure;

namespace IopFinder.Tests.Content;

/// <summary>
/// The repository's articles in both languages and the Spanish UI strings, read once for every test class that
/// checks them (loading 64 articles costs a few hundred milliseconds each time).
/// </summary>
internal static class RepoLibrary
{
    public static ContentLoadResult English { get; } = ContentLoader.Load(RepoPaths.Content);

    public static ContentLoadResult Spanish { get; } = ContentLoader.Load(RepoPaths.Content, Languages.Spanish.Code,
        url => Languages.Localize(url, Languages.Spanish), English.Articles.Select(a => a.Slug).ToHashSet());

    /// <summary>The Spanish resources: English text → Spanish text.</summary>
    public static IReadOnlyDictionary<string, string> SpanishStrings { get; } =
        XDocument.Load(Path.Combine(RepoPaths.Root, "web", "Resources", "SharedResource.es.resx"))
            .Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
}
