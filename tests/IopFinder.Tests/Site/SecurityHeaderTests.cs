using System.Net;

namespace IopFinder.Tests.Site;

[Collection(SiteCollection.Name)]
public sealed class SecurityHeaderTests(SiteFactory factory)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/learn/levels-of-care-compared")]
    [InlineData("/search?q=iop")]
    [InlineData("/no-such-page")]
    [InlineData("/sitemap.xml")]
    [InlineData("/healthz")]
    public async Task Every_response_carries_the_security_headers(string route)
    {
        using var client = factory.Client();

        using var response = await client.GetAsync(route);
        string Header(string name) => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

        Assert.Equal("default-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; form-action 'self'", Header("Content-Security-Policy"));
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header("Referrer-Policy"));
        Assert.Contains("camera=()", Header("Permissions-Policy"));
        Assert.Contains("max-age=31536000", Header("Strict-Transport-Security"));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Pages_are_compressed_for_browsers_that_accept_it()
    {
        using var client = factory.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/learn");
        request.Headers.AcceptEncoding.ParseAdd("br");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("br", response.Content.Headers.ContentEncoding);
    }
}

public sealed class DevelopmentHeaderTests
{
    [Fact]
    public async Task Hsts_is_not_sent_in_development()
    {
        using var factory = new SiteFactory { EnvironmentName = "Development" };
        using var client = factory.Client();

        using var response = await client.GetAsync("/");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
    }
}
