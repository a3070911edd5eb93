namespace IopFinder.Tests.Support;

/// <summary>Finds the repository from the test binaries, so tests read the real content folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Content => Path.Combine(Root, "content");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IopFinder.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("IopFinder.sln not found above " + AppContext.BaseDirectory);
    }
}
