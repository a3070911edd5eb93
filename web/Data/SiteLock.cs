namespace IopFinder.Web.Data;

/// <summary>
/// Every running site holds a shared lock on <c>DATABASE.site-lock</c> for as long as it serves, so a
/// <c>restore</c> can tell that a site is using the database: it asks for the lock exclusively and is
/// refused while any site holds it. The operating system releases the lock when a site stops or dies,
/// so a crash never leaves the database looking busy.
/// </summary>
public sealed class SiteLock : IDisposable
{
    private readonly FileStream _stream;

    private SiteLock(FileStream stream) => _stream = stream;

    public static string PathFor(string databasePath) => databasePath + ".site-lock";

    /// <summary>Taken by a site as it starts serving; several sites on one database share it.</summary>
    public static SiteLock HoldShared(string databasePath) =>
        new(new FileStream(PathFor(databasePath), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite));

    /// <summary>The lock held exclusively, or null when a running site holds it.</summary>
    public static SiteLock? TryExclusive(string databasePath)
    {
        try
        {
            return new SiteLock(new FileStream(PathFor(databasePath), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
