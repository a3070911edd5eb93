using IopFinder.Web.Content;
using IopFinder.Web.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace IopFinder.Tests.Content;

[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed class ContentReloadTests : IDisposable
{
    private readonly TempFolder _content = new();

    [Fact]
    public async Task When_watching_a_new_article_appears_without_a_restart()
    {
        _content.File("categories.yml", "- slug: basics\n  title: Basics\n");
        _content.File("articles/first.md", ContentValidationTests.Article("First"));
        using var library = new ContentLibrary(
            Microsoft.Extensions.Options.Options.Create(new ContentOptions { Path = _content.Path, WatchForChanges = true }),
            new TestEnvironment(name: "Development"), NullLogger<ContentLibrary>.Instance);
        var changed = new TaskCompletionSource<ContentSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        library.Changed += snapshot =>
        {
            if (snapshot.Find("second") is not null)
            {
                changed.TrySetResult(snapshot);
            }
        };

        _content.File("articles/second.md", ContentValidationTests.Article("Second"));
        var snapshot = await changed.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(["first", "second"], snapshot.Articles.Select(a => a.Slug).Order());
        // The watcher may reload more than once for one save, so the current snapshot can be a newer copy.
        Assert.NotNull(library.Current.Find("second"));
    }

    public void Dispose() => _content.Dispose();
}
