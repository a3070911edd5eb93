namespace IopFinder.Web.Infrastructure;

/// <summary>
/// Adds the security headers every response carries. Pages that need stricter values (the self-check's
/// no-referrer) overwrite them; nothing here is relaxed per page.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>No inline script or style anywhere: everything comes from our own files.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; form-action 'self'";

    /// <summary>Geolocation stays available to our own pages for an opt-in "use my location" button.</summary>
    public const string PermissionsPolicy =
        "camera=(), microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=(), geolocation=(self)";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            await next();
        });
}
