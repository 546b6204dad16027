using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Switchboard.AppHost.Samples;

public static class SampleIngestionExtensions
{
    public const string CommandName = "ingest-samples";

    /// <summary>
    /// Ingests <paramref name="samplesDirectory"/> through the Gateway once it is healthy, on the first start only
    /// (<paramref name="markerFile"/> remembers it), and offers "Ingest samples" in the dashboard to do it again.
    /// With <paramref name="automatic"/> false it only waits for the command.
    /// </summary>
    public static IResourceBuilder<SampleIngestionResource> AddSampleIngestion(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ProjectResource> gateway,
        string samplesDirectory, string markerFile, bool automatic)
    {
        var resource = new SampleIngestionResource(name, samplesDirectory, markerFile);
        var samples = builder.AddResource(resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = SampleIngestionResource.ResourceType,
                State = KnownResourceStates.Waiting,
                Properties = [new("samples.directory", samplesDirectory)],
            })
            .WithParentRelationship(gateway)
            .WithCommand(CommandName, "Ingest samples", async context =>
                {
                    var ok = await RunAsync(context.Services, resource, gateway.Resource, context.CancellationToken);
                    return ok ? CommandResults.Success() : CommandResults.Failure("Some samples were not ingested: see this resource's log.");
                },
                new CommandOptions
                {
                    Description = "Upload every file of samples/ through the Gateway and wait until each is ready.",
                    IconName = "ArrowUpload",
                    UpdateState = context => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running
                        ? ResourceCommandState.Disabled
                        : ResourceCommandState.Enabled,
                })
            .ExcludeFromManifest();

        builder.Eventing.Subscribe<ResourceReadyEvent>(gateway.Resource, async (@event, cancellationToken) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            if (!automatic)
            {
                await notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.NotStarted });
                return;
            }

            if (File.Exists(markerFile))
            {
                await notifications.PublishUpdateAsync(resource, s => s with
                {
                    State = new ResourceStateSnapshot("Ingested earlier", KnownResourceStateStyles.Success),
                });
                return;
            }

            // In the background: the Gateway's readiness must not wait for the upload.
            var services = @event.Services;
            _ = Task.Run(() => RunAsync(services, resource, gateway.Resource, CancellationToken.None), CancellationToken.None);
        });

        return samples;
    }

    private static async Task<bool> RunAsync(IServiceProvider services, SampleIngestionResource resource, ProjectResource gateway, CancellationToken cancellationToken)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var log = services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
        var files = resource.SampleFiles();
        await notifications.PublishUpdateAsync(resource, s => s with
        {
            State = KnownResourceStates.Running,
            StartTimeStamp = DateTime.UtcNow,
            StopTimeStamp = null,
            ExitCode = null,
        });

        IReadOnlyList<string> ready = [];
        try
        {
            var url = new Uri(gateway.GetEndpoint("http").Url);
            ready = await new SampleIngestion(url, log).IngestAsync(files, count =>
                _ = notifications.PublishUpdateAsync(resource, s => s with
                {
                    Properties = [.. s.Properties.Where(p => p.Name != "samples.ready"), new("samples.ready", $"{count}/{files.Count}")],
                }), cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException or System.Text.Json.JsonException)
        {
            log.LogError("Sample ingestion stopped: {Error}", ex.Message);
        }

        var ok = ready.Count == files.Count;
        if (ok)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(resource.MarkerFile)!);
            await File.WriteAllLinesAsync(resource.MarkerFile, ready.Select(Path.GetFileName)!, CancellationToken.None);
            log.LogInformation("{Count} sample document(s) ingested.", ready.Count);
        }

        await notifications.PublishUpdateAsync(resource, s => s with
        {
            State = ok ? KnownResourceStates.Finished : KnownResourceStates.Exited,
            ExitCode = ok ? 0 : 1,
            StopTimeStamp = DateTime.UtcNow,
        });
        return ok;
    }
}
