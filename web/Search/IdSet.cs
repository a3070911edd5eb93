using System.Numerics;

namespace IopFinder.Web.Search;

/// <summary>
/// A read-only set of listing ids, stored in whichever of two forms is smaller: a sorted array (8 bytes
/// an id, for the few listings a ZIP or a rare word matches) or a bitmap over ids (1 bit an id up to
/// the largest, for a common word that matches tens of thousands). A keyword matching all 100,000
/// listings takes 12.5 KB instead of the 2.4 MB of a HashSet, so remembering it is cheap and building
/// it leaves no large garbage behind.
/// </summary>
public sealed class IdSet
{
    private readonly long[]? _sorted;
    private readonly ulong[]? _bits;

    private IdSet(long[]? sorted, ulong[]? bits, int count)
    {
        _sorted = sorted;
        _bits = bits;
        Count = count;
    }

    public static IdSet Empty { get; } = new([], null, 0);

    public int Count { get; }

    /// <summary>The memory the set holds, for the keyword cache's budget.</summary>
    public long Bytes => 32 + (8L * ((_sorted?.Length ?? 0) + (_bits?.Length ?? 0)));

    public bool Contains(long id)
    {
        if (_bits is not null)
        {
            return id >= 0 && (id >> 6) < _bits.Length && (_bits[id >> 6] & (1UL << (int)(id & 63))) != 0;
        }

        return Array.BinarySearch(_sorted!, id) >= 0;
    }

    /// <summary>The first ids are kept in a small array (under the large-object heap's threshold); past it they go into a bitmap.</summary>
    private const int SmallCount = 1024;

    /// <summary>Ids at or above this (never a real listing's) are kept in a list rather than in a bitmap 2 MB or larger.</summary>
    private const long MaxBitmapId = 1L << 24;

    /// <summary>
    /// Builds a set from ids that arrive in ascending order (as FTS5 returns rowids). A common word's ids go
    /// straight into a bitmap as they arrive, so building a set allocates little more than the set itself: no
    /// intermediate list, and no pooled buffer that stays behind on every thread that ever built one.
    /// </summary>
    public static IdSet FromAscending(IEnumerable<long> ascending)
    {
        var small = new long[SmallCount];
        var count = 0;
        ulong[]? bits = null;
        List<long>? large = null;
        foreach (var id in ascending)
        {
            if (count < SmallCount)
            {
                small[count++] = id;
                continue;
            }

            if (bits is null && large is null)
            {
                if (id < MaxBitmapId)
                {
                    bits = new ulong[Math.Max(SmallCount, (int)(id >> 6) + 1)];
                    foreach (var earlier in small)
                    {
                        bits[earlier >> 6] |= 1UL << (int)(earlier & 63);
                    }
                }
                else
                {
                    large = [.. small];
                }
            }

            if (bits is not null && id < MaxBitmapId)
            {
                if ((id >> 6) >= bits.Length)
                {
                    Array.Resize(ref bits, Math.Max(bits.Length * 2, (int)(id >> 6) + 1));
                }

                bits[id >> 6] |= 1UL << (int)(id & 63);
            }
            else
            {
                large ??= [.. Ids(bits!)];
                bits = null;
                large.Add(id);
            }

            count++;
        }

        if (count == 0)
        {
            return Empty;
        }

        if (bits is null)
        {
            return new IdSet(large?.ToArray() ?? small.AsSpan(0, count).ToArray(), null, count);
        }

        // Whichever form is smaller: a bitmap up to the largest id, or a sorted array of the ids.
        var words = (int)(MaxId(bits) >> 6) + 1;
        return words < count ? new IdSet(null, bits.AsSpan(0, words).ToArray(), count) : new IdSet([.. Ids(bits)], null, count);
    }

    private static long MaxId(ulong[] bits)
    {
        for (var word = bits.Length - 1; word >= 0; word--)
        {
            if (bits[word] != 0)
            {
                return (word * 64L) + 63 - BitOperations.LeadingZeroCount(bits[word]);
            }
        }

        return 0;
    }

    private static IEnumerable<long> Ids(ulong[] bits)
    {
        for (var word = 0; word < bits.Length; word++)
        {
            for (var rest = bits[word]; rest != 0; rest &= rest - 1)
            {
                yield return (word * 64L) + BitOperations.TrailingZeroCount(rest);
            }
        }
    }

    /// <summary>The number of ids set in a bitmap, for tests.</summary>
    internal int BitmapCount => _bits?.Sum(word => BitOperations.PopCount(word)) ?? -1;
}
