namespace IopFinder.Web;

/// <summary>
/// Marker type for the site's UI strings (<c>IStringLocalizer&lt;SharedResource&gt;</c>). English text is
/// the key itself; a translation goes in <c>Resources/SharedResource.{culture}.resx</c>.
/// </summary>
public sealed class SharedResource;
