namespace IopFinder.Web.Options;

/// <summary>Resolves configured paths against the content root so the site runs from any working directory.</summary>
internal static class PathResolver
{
    public static string Resolve(string contentRoot, string path) =>
        System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(contentRoot, path));
}
