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
        await client.GetAsync("/privacy");
        using var third = await client.GetAsync("/privacy");

        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.NotNull(third.Headers.Age);
    }

    [Fact]
    public async Task A_page_enters_the_cache_only_when_it_is_asked_for_a_second_time()
    {
        using var client = factory.Client();
        const string search = "/clinics?near=10001&radius=10&care=op&pay=selfpay";

        using var first = await client.GetAsync(search);
        using var second = await client.GetAsync(search);
        using var third = await client.GetAsync(search);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Null(first.Headers.Age);
        Assert.Null(second.Headers.Age);
        Assert.NotNull(third.Headers.Age);
        Assert.Equal(await second.Content.ReadAsStringAsync(), await third.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_cached_page_is_compressed_only_for_browsers_that_accept_compression()
    {
        using var client = factory.Client();
        async Task<HttpResponseMessage> Get(string? encoding)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/attributions");
            if (encoding is not null)
            {
                request.Headers.AcceptEncoding.ParseAdd(encoding);
            }

            return await client.SendAsync(request);
        }

        for (var i = 0; i < 2; i++)
        {
            (await Get("br")).Dispose();
            (await Get(null)).Dispose();
        }

        using var brotli = await Get("br");
        using var plain = await Get(null);

        Assert.NotNull(brotli.Headers.Age);
        Assert.Contains("br", brotli.Content.Headers.ContentEncoding);
        Assert.NotNull(plain.Headers.Age);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Contains("<html", await plain.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_search_from_the_visitors_own_position_is_never_kept_in_the_page_cache()
    {
        using var client = factory.Client();

        for (var i = 0; i < 2; i++)
        {
            (await client.GetAsync("/clinics?lat=38.0293&lon=-78.4767&radius=50")).Dispose();
            (await client.GetAsync("/clinics?near=22903&radius=50")).Dispose();
        }

        using var byPosition = await client.GetAsync("/clinics?lat=38.0293&lon=-78.4767&radius=50");
        using var byZip = await client.GetAsync("/clinics?near=22903&radius=50");

        Assert.Equal(HttpStatusCode.OK, byPosition.StatusCode);
        Assert.Null(byPosition.Headers.Age);
        Assert.NotNull(byZip.Headers.Age);
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
