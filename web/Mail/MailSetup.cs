namespace IopFinder.Web.Mail;

public static class MailSetup
{
    /// <summary>The outbox, its sender on every instance, and the transport the settings choose.</summary>
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section));
        services.AddSingleton<Outbox>();
        services.AddSingleton<IMailTransport, MailTransport>();
        services.AddSingleton<OutboxSender>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxSender>());
        return services;
    }
}
