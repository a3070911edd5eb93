using System.Buffers;
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

    /// <summary>Builds a set from ids that arrive in ascending order (as FTS5 returns rowids), without an intermediate list.</summary>
    public static IdSet FromAscending(IEnumerable<long> ascending)
    {
        var buffer = ArrayPool<long>.Shared.Rent(1024);
        var count = 0;
        try
        {
            foreach (var id in ascending)
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<long>.Shared.Rent(buffer.Length * 2);
                    Array.Copy(buffer, larger, count);
                    ArrayPool<long>.Shared.Return(buffer);
                    buffer = larger;
                }

                buffer[count++] = id;
            }

            if (count == 0)
            {
                return Empty;
            }

            var max = buffer[count - 1];
            var bitmapWords = (max >> 6) + 1;
            if (bitmapWords < count && max < int.MaxValue)
            {
                var bits = new ulong[bitmapWords];
                for (var i = 0; i < count; i++)
                {
                    bits[buffer[i] >> 6] |= 1UL << (int)(buffer[i] & 63);
                }

                return new IdSet(null, bits, count);
            }

            return new IdSet(buffer.AsSpan(0, count).ToArray(), null, count);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(buffer);
        }
    }

    /// <summary>The number of ids set in a bitmap, for tests.</summary>
    internal int BitmapCount => _bits?.Sum(word => BitOperations.PopCount(word)) ?? -1;
}
