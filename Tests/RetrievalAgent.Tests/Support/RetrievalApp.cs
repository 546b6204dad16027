using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using Switchboard.AgentCore.Messaging;
using Switchboard.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Support;

/// <summary>
/// The real RetrievalAgent (WebApplicationFactory) against the fixture's redis-server and a temporary SQLite file,
/// plus what the Gateway would use to hand it work: the document catalog and an event publisher.
/// </summary>
public sealed class RetrievalApp : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly IHost _publisherHost;
    private readonly TempDirectory _directory = new();

    public RetrievalApp(RedisServerFixture redis, IReadOnlyDictionary<string, string>? settings = null)
    {
        DatabasePath = _directory.File("retrieval.db");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development")
                .UseSetting("ConnectionStrings:redis", redis.ConnectionString)
                .UseSetting("Retrieval:DatabasePath", DatabasePath)
                .UseSetting("Messaging:Consumers:sb:ingest:PollInterval", "00:00:00.050");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                b.UseSetting(key, value);
            }
        });
        Client = _factory.CreateClient();

        var host = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        host.Services.AddSingleton(redis.Connection);
        host.AddEventPublisher();
        _publisherHost = host.Build();
        Catalog = new DocumentCatalog(redis.Connection);
    }

    public string DatabasePath { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    public DocumentCatalog Catalog { get; }

    public IEventPublisher Publisher => _publisherHost.Services.GetRequiredService<IEventPublisher>();

    /// <summary>Catalogues an upload with its bytes and appends the ingest event, as the Gateway does.</summary>
    public async Task<string> UploadAsync(
        string fileName, string contentType, byte[] content,
        IReadOnlyList<string>? tags = null, IReadOnlyList<string>? allowedGroups = null, DateTimeOffset? uploadedAt = null)
    {
        var id = Guid.NewGuid().ToString("N");
        var now = uploadedAt ?? DateTimeOffset.UtcNow;
        await Catalog.AddAsync(
            new DocumentInfo(id, fileName, contentType, content.Length, DocumentStatus.Queued, 0, [], null, now, now)
            {
                Tags = tags ?? [],
                AllowedGroups = allowedGroups ?? [],
            },
            content);
        await Publisher.PublishAsync(Streams.Ingest, new IngestRequested(id, fileName, contentType, DocumentCatalog.BlobKey(id)));
        return id;
    }

    /// <summary>Polls the catalog until the document leaves queued/processing (bounded, so a hang fails the test).</summary>
    public async Task<DocumentInfo> WaitForIngestionAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var document = await Catalog.GetAsync(id);
            if (document is { Status: DocumentStatus.Ready or DocumentStatus.Failed })
            {
                return document;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Document {id} is still {document?.Status ?? "missing"}.");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        _publisherHost.Dispose();
        _directory.Dispose();
    }
}
