using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;

namespace ResearchHub.Core.Email;

public static class EmailServiceCollectionExtensions
{
    public static IServiceCollection AddHubEmail(this IServiceCollection services, IConfiguration configuration, HubPaths paths)
    {
        services.Configure<MailOptions>(configuration.GetSection(MailOptions.Section));
        services.AddSingleton(sp =>
        {
            var folder = sp.GetRequiredService<IOptions<MailOptions>>().Value.PickupFolder ?? paths.Combine("mail");
            Directory.CreateDirectory(folder);
            return new PickupFolderTransport(folder, sp.GetRequiredService<MessageComposer>());
        });
        services.AddSingleton<IEmailTransport>(sp =>
            sp.GetRequiredService<IOptions<MailOptions>>().Value.Transport == MailTransportKind.Smtp
                ? new SmtpTransport(sp.GetRequiredService<IOptions<MailOptions>>(), sp.GetRequiredService<MessageComposer>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SmtpTransport>>())
                : sp.GetRequiredService<PickupFolderTransport>());
        services.AddSingleton<MessageComposer>();
        services.AddSingleton<OutboxThrottle>();
        services.AddSingleton<OutboxSequencer>();
        services.AddScoped<MailOutbox>();
        services.AddScoped<OutboxDeliveryService>();
        services.AddHostedService<OutboxWorker>();
        services.AddSingleton<InboundMailService>();
        services.AddScoped<IInboundMailHandler, DeliveryStatusHandler>();
        services.AddHostedService<InboundMailWorker>();
        return services;
    }
}
