namespace IopFinder.Web.Options;

/// <summary>
/// The reverse proxy in front of the site, bound from the <c>Proxy</c> section. Forwarded headers
/// (X-Forwarded-For, X-Forwarded-Proto) are believed only from these addresses, so nobody can claim
/// another visitor's address by sending the header themselves. A proxy on the same machine (loopback)
/// is always trusted.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>Addresses of proxies on other machines, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of proxies on other machines, in CIDR form, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}
