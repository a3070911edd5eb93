using OpenTelemetry.Metrics;

namespace IopFinder.Web.Infrastructure;

/// <summary>How the metrics are published, bound from the <c>Metrics</c> section.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>
    /// Where Prometheus scrapes, such as <c>http://127.0.0.1:9464/metrics</c> (a bare host and port serves <c>/metrics</c>). Empty, the
    /// default: nothing is exported. It is a listener of its own, never the site's public port.
    /// </summary>
    public string PrometheusUrl { get; set; } = "";
}

public static class MetricsSetup
{
    /// <summary>
    /// The site's meter and the framework's request, Kestrel and rate-limiter meters, exported for Prometheus
    /// on the operator's address when one is set.
    /// </summary>
    public static IServiceCollection AddSiteMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SiteMetrics>();
        var options = configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        if (string.IsNullOrWhiteSpace(options.PrometheusUrl))
        {
            return services;
        }

        if (!Uri.TryCreate(options.PrometheusUrl, UriKind.Absolute, out var address) || address.Scheme != Uri.UriSchemeHttp)
        {
            throw new InvalidOperationException($"Metrics:PrometheusUrl '{options.PrometheusUrl}' is not an address such as http://127.0.0.1:9464/metrics.");
        }

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SiteMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting")
            .AddPrometheusHttpListener(listener =>
            {
                listener.Host = address.Host;
                listener.Port = address.Port;
                listener.ScrapeEndpointPath = address.AbsolutePath is "/" or "" ? "/metrics" : address.AbsolutePath;
            }));
        return services;
    }
}
