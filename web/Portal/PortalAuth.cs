using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace IopFinder.Web.Portal;

/// <summary>
/// Cookie sign-in for clinic staff and moderators. Every request re-reads the account: a changed
/// security stamp (new password) or a disabled account signs the person out at once, everywhere.
/// </summary>
public static class PortalAuth
{
    public const string StampClaim = "stamp";
    public const string ModeratorPolicy = "moderator";

    public static IServiceCollection AddPortal(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton(TimeProvider.System);
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = 210_000);
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<Accounts>();
        services.AddSingleton<Audit>();
        services.AddSingleton<PortalMail>();
        services.AddSingleton<Mail.ILetterPreparer, PasswordResets>();
        services.AddSingleton<ListingEdits>();
        services.AddSingleton<Moderation>();
        services.AddSingleton<OpeningsUpdates>();
        services.AddSingleton<Reminders>();
        services.AddHostedService<ReminderJob>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "iopf-auth";
                // The cookie's path would default to the path base, which is /es on Spanish pages: one sign-in
                // must hold in both languages, whichever one the person signed in from.
                options.Cookie.Path = "/";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                options.LoginPath = "/portal/login";
                options.AccessDeniedPath = "/portal/denied";
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = async context =>
                {
                    var accounts = context.HttpContext.RequestServices.GetRequiredService<Accounts>();
                    var id = long.TryParse(context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var value) ? value : 0;
                    var user = accounts.ById(id);
                    if (user is null || user.Disabled || user.SecurityStamp != context.Principal?.FindFirstValue(StampClaim))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(ModeratorPolicy, policy => policy.RequireRole("moderator", "admin"));
        return services;
    }

    public static ClaimsPrincipal Principal(User user) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Email, user.Email),
        new Claim(ClaimTypes.Role, user.Role),
        new Claim(StampClaim, user.SecurityStamp),
    ], CookieAuthenticationDefaults.AuthenticationScheme));

    public static long UserId(this ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : 0;
}
