using IopFinder.Web.Content;
using IopFinder.Web.Options;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public void Content_read_before_is_used_only_for_the_folder_it_was_read_from()
    {
        _content.File("categories.yml", "- slug: basics\n  title: Basics\n");
        _content.File("articles/first.md", ContentValidationTests.Article("First"));
        var preloaded = PreloadedContent.Read(_content.Path);
        var options = Microsoft.Extensions.Options.Options.Create(new ContentOptions { Path = _content.Path });
        using var same = new ContentLibrary(options, new TestEnvironment(), NullLogger<ContentLibrary>.Instance, preloaded);
        _content.File("articles/second.md", ContentValidationTests.Article("Second"));
        using var other = new ContentLibrary(options, new TestEnvironment(), NullLogger<ContentLibrary>.Instance, preloaded with { RootPath = "/elsewhere" });

        Assert.Same(preloaded.English, same.Current);
        Assert.Same(preloaded.Spanish, same.Spanish);
        Assert.Equal(["first", "second"], other.Current.Articles.Select(a => a.Slug).Order());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_site_starts_from_content_read_before_only_where_it_is_registered(bool registered)
    {
        _content.File("categories.yml", "- slug: basics\n  title: Basics\n");
        _content.File("articles/first.md", ContentValidationTests.Article("First"));
        var preloaded = PreloadedContent.Read(_content.Path);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(Microsoft.Extensions.Options.Options.Create(new ContentOptions { Path = _content.Path }))
            .AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new TestEnvironment())
            .AddSingleton<ContentLibrary>();
        if (registered)
        {
            services.AddSingleton(preloaded);
        }

        using var provider = services.BuildServiceProvider();
        var library = provider.GetRequiredService<ContentLibrary>();

        Assert.Equal(registered, ReferenceEquals(preloaded.English, library.Current));
        Assert.Equal(["first"], library.Current.Articles.Select(a => a.Slug));
    }

    public void Dispose() => _content.Dispose();
}
