using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.AppHost.Topology;

/// <summary>Prints where everything is once the Gateway is healthy: the dashboard with its login, the web UI, each service.</summary>
internal static class StartupSummary
{
    public static void AddStartupSummary(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> gateway, IReadOnlyList<IResourceBuilder<ProjectResource>> services)
    {
        builder.Eventing.Subscribe<ResourceReadyEvent>(gateway.Resource, (@event, _) =>
        {
            var configuration = @event.Services.GetRequiredService<IConfiguration>();
            var text = new System.Text.StringBuilder();
            text.AppendLine();
            text.AppendLine("Switchboard is running. Ctrl+C stops everything.");
            if (DashboardLogin(configuration) is { } login)
            {
                text.AppendLine($"  Dashboard     {login}");
            }

            text.AppendLine($"  Web UI        {gateway.GetEndpoint("http").Url}/");
            foreach (var service in services)
            {
                var url = service.GetEndpoint("http").Url;
                text.AppendLine($"  {service.Resource.Name,-13} {url}   (health {url}/health, metrics {url}/metrics)");
            }

            Console.WriteLine(text.ToString());
            return Task.CompletedTask;
        });
    }

    private static string? DashboardLogin(IConfiguration configuration)
    {
        var url = (configuration["ASPNETCORE_URLS"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (url is null || configuration.GetValue<bool>("ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS") && configuration["AppHost:BrowserToken"] is null)
        {
            return url;
        }

        return configuration["AppHost:BrowserToken"] is { Length: > 0 } token ? $"{url.TrimEnd('/')}/login?t={token}" : url;
    }
}
