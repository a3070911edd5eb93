using IopFinder.Web.Search;

namespace IopFinder.Tests.Search;

[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed class IdSetTests
{
    [Fact]
    public void A_few_ids_are_kept_as_a_sorted_array_and_found_exactly()
    {
        var set = IdSet.FromAscending([3, 17, 90_000]);

        Assert.Equal(3, set.Count);
        Assert.True(set.Contains(17) && set.Contains(90_000) && set.Contains(3));
        Assert.False(set.Contains(16) || set.Contains(18) || set.Contains(0) || set.Contains(-1));
        Assert.Equal(32 + (3 * 8), set.Bytes);
    }

    [Fact]
    public void Many_ids_are_kept_as_a_bitmap_that_answers_the_same_as_a_hash_set()
    {
        var random = new Random(5);
        var ids = Enumerable.Range(1, 100_000).Where(_ => random.Next(3) == 0).Select(i => (long)i).ToList();
        var expected = ids.ToHashSet();

        var set = IdSet.FromAscending(ids);

        Assert.Equal(ids.Count, set.Count);
        Assert.Equal(ids.Count, set.BitmapCount);
        Assert.True(set.Bytes < 13_000, $"{set.Bytes} bytes for {ids.Count} ids");
        for (long id = -5; id < 100_010; id++)
        {
            Assert.Equal(expected.Contains(id), set.Contains(id));
        }
    }

    [Theory]
    [InlineData(1_500, 1_000_000)]
    [InlineData(5_000, 6_000)]
    [InlineData(1_025, 20_000_000)]
    public void Ids_past_the_first_thousand_are_kept_whole_in_the_smaller_form(int count, int spread)
    {
        var random = new Random(count);
        var ids = Enumerable.Range(0, count * 3).Select(_ => (long)random.Next(1, spread)).Distinct().Order().Take(count).ToList();
        var expected = ids.ToHashSet();

        var set = IdSet.FromAscending(ids);

        Assert.Equal(ids.Count, set.Count);
        Assert.True(set.Bytes <= 32 + (8L * ids.Count) + 8, $"{set.Bytes} bytes for {ids.Count} ids up to {ids[^1]}");
        Assert.All(ids, id => Assert.True(set.Contains(id)));
        Assert.Equal(0, Enumerable.Range(0, 2_000).Select(_ => (long)random.Next(1, spread)).Count(id => !expected.Contains(id) && set.Contains(id)));
    }

    [Fact]
    public void An_empty_match_contains_nothing()
    {
        var set = IdSet.FromAscending([]);

        Assert.Equal(0, set.Count);
        Assert.False(set.Contains(1));
    }
}
