using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Site;

[Collection(SiteCollection.Name)]
public sealed class OperationsTests(SiteFactory factory)
{
    [Fact]
    public async Task Anonymous_pages_are_served_from_the_output_cache_on_repeat_visits()
    {
        using var client = factory.Client();

        await client.GetAsync("/privacy");
        using var second = await client.GetAsync("/privacy");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.NotNull(second.Headers.Age);
    }

    [Fact]
    public async Task Search_words_never_reach_the_log()
    {
        using var client = factory.Client();

        await client.GetAsync("/search?q=quixoticmarmalade");
        await client.GetAsync("/no-such-page?secret=quixoticmarmalade");

        Assert.DoesNotContain(factory.Logs.Lines, line => line.Contains("quixoticmarmalade", StringComparison.OrdinalIgnoreCase));
    }
}

public sealed class FailureTests
{
    [Fact]
    public async Task An_unexpected_failure_shows_the_friendly_page_without_details()
    {
        using var factory = new ThrowingSite();
        using var client = factory.Client();

        using var response = await client.GetAsync("/boom?token=abc");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Something went wrong on our side", body);
        Assert.DoesNotContain("InvalidOperationException", body);
        Assert.DoesNotContain("deliberate failure", body);
        Assert.Contains(factory.Logs.Lines, l => l.Contains("deliberate failure") && !l.Contains("token=abc"));
    }

    private sealed class ThrowingSite : SiteFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ThrowOnBoom>());
        }
    }

    private sealed class ThrowOnBoom : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, Func<Task> inner) =>
                context.Request.Path == "/boom" ? throw new InvalidOperationException("deliberate failure") : inner());
        };
    }
}
