using System.Data.Common;
using Dapper;

namespace IopFinder.Web.Data;

/// <summary>
/// Every running site holds a shared lock on its database for as long as it serves, so a <c>restore</c>
/// can tell that a site is using it: it asks for the lock exclusively and is refused while any site
/// holds it. On SQLite the lock is on the file <c>DATABASE.site-lock</c>; on PostgreSQL it is a
/// session advisory lock held on one open connection. Either way it goes when a site stops or dies,
/// so a crash never leaves the database looking busy.
/// </summary>
public sealed class SiteLock : IDisposable
{
    /// <summary>Arbitrary, fixed, and different from the write lock's key.</summary>
    private const long PostgresKey = 0x10F_F1D_E5;

    private readonly IDisposable _held;

    private SiteLock(IDisposable held) => _held = held;

    public static string PathFor(string databasePath) => databasePath + ".site-lock";

    /// <summary>Taken by a site as it starts serving; several sites on one database share it.</summary>
    public static SiteLock HoldShared(Db db)
    {
        if (db.FilePath is { } path)
        {
            return new SiteLock(new FileStream(PathFor(path), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite));
        }

        var connection = db.Open();
        connection.Execute("SELECT pg_advisory_lock_shared(@key)", new { key = PostgresKey });
        return new SiteLock(new HeldSession(connection));
    }

    /// <summary>The lock held exclusively, or null when a running site holds it.</summary>
    public static SiteLock? TryExclusive(Db db)
    {
        if (db.FilePath is { } path)
        {
            try
            {
                return new SiteLock(new FileStream(PathFor(path), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                return null;
            }
        }

        DbConnection? connection = db.Open();
        try
        {
            if (connection.ExecuteScalar<bool>("SELECT pg_try_advisory_lock(@key)", new { key = PostgresKey }))
            {
                var held = new SiteLock(new HeldSession(connection));
                connection = null;
                return held;
            }

            return null;
        }
        finally
        {
            connection?.Dispose();
        }
    }

    public void Dispose() => _held.Dispose();

    /// <summary>
    /// Unlocks before the connection goes back to the pool: a pooled connection keeps its session, and
    /// with it the lock, until it is next used.
    /// </summary>
    private sealed class HeldSession(DbConnection connection) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                connection.Execute("SELECT pg_advisory_unlock_all()");
            }
            catch (DbException)
            {
                // The session is gone, and its locks with it.
            }

            connection.Dispose();
        }
    }
}
