using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Switchboard.AppHost.Tests;

/// <summary>
/// The whole stack as the AppHost describes it, started in-process with Aspire.Hosting.Testing (no dashboard): one
/// start per test collection (about 20 s on an idle machine). Parameters choose the store, the RetrievalAgent replicas
/// and the model provider; ports are free-picked and the data lives in a temp folder. Ready once the Gateway is
/// healthy (so every agent is) and the AppHost's sample ingestion has finished.
/// </summary>
public class AppHostStack : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(8);
    private readonly string _dataDir = Directory.CreateTempSubdirectory("sb-apphost-e2e-").FullName;

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>The <c>data-dir</c> parameter: Redis's files, the store, the sample ingestion marker.</summary>
    public string DataDirectory => _dataDir;

    /// <summary>A client for the Gateway's public API (its <c>http</c> endpoint).</summary>
    public HttpClient Gateway { get; private set; } = null!;

    protected virtual string VectorStore => "embedded";

    protected virtual int RetrievalReplicas => 2;

    protected virtual string ChatProvider => "Extractive";

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            "--Parameters:fixed-ports=false",
            $"--Parameters:data-dir={_dataDir}",
            $"--Parameters:vector-store={VectorStore}",
            $"--Parameters:retrieval-replicas={RetrievalReplicas}",
            $"--Parameters:chat-provider={ChatProvider}",
            "--Parameters:prometheus=off",
        ]);
        // Longer than the 5 s default, as the process launcher gave it: on a loaded 2-core machine a review alone has
        // taken over 5 s, and these tests check answers, not latency (Gateway.Tests check the deadline itself).
        builder.CreateResourceBuilder<ProjectResource>("gateway").WithEnvironment("Gateway__Deadline", "00:00:30");
        App = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await App.StartAsync(timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        await App.ResourceNotifications.WaitForResourceAsync("samples", [KnownResourceStates.Finished, KnownResourceStates.Exited], timeout.Token);
        Gateway = App.CreateHttpClient("gateway", "http");
        Gateway.Timeout = TimeSpan.FromMinutes(1);
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
