using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using Switchboard.AgentCore.Messaging;
using Switchboard.AgentCore.Tests.Messaging;
using Switchboard.Tests.Support;

namespace Switchboard.AgentCore.Tests.Documents;

/// <summary>
/// The recovery note on unfinished documents, against a real Redis: the ingest group's consumers are played by
/// XREADGROUP calls and heartbeat keys, exactly as the RetrievalAgent's consumer leaves them.
/// </summary>
public sealed class IngestRecoveryTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private IDatabase Db => redis.Connection.GetDatabase();

    private DocumentCatalog Catalog => new(redis.Connection);

    private IngestRecovery Recovery => new(new ConsumerGroupMonitor(redis.Connection), NullLogger<IngestRecovery>.Instance);

    public Task InitializeAsync() => redis.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_unfinished_document_with_no_ingest_consumer_at_all_waits_for_one()
    {
        var queued = await CatalogueAsync("queued.md", DocumentStatus.Queued);

        var shown = await Recovery.AnnotateAsync(queued);

        Assert.Equal(DocumentRecoveryStatus.Waiting, shown.Recovery?.Status);
        Assert.Equal(DocumentRecoveryReason.NoConsumer, shown.Recovery?.Reason);
        Assert.Contains("none is running", shown.Recovery?.Detail);
        Assert.Equal(queued with { Recovery = null }, shown with { Recovery = null });
    }

    [Fact]
    public async Task A_processing_document_whose_job_is_held_by_a_stopped_consumer_waits_for_recovery()
    {
        var held = await CatalogueAsync("held.md", DocumentStatus.Processing);
        var moving = await CatalogueAsync("moving.md", DocumentStatus.Processing);
        await Db.StreamCreateConsumerGroupAsync(Streams.Ingest, ConsumerGroups.Retrieval, "0-0", createStream: true);
        await Db.StreamReadGroupAsync(Streams.Ingest, ConsumerGroups.Retrieval, "killed", StreamPosition.NewMessages, 1);
        await HeartbeatAsync("live");
        await Db.StreamReadGroupAsync(Streams.Ingest, ConsumerGroups.Retrieval, "live", StreamPosition.NewMessages, 1);

        var shown = await Recovery.AnnotateAsync([held, moving]);

        Assert.Equal(DocumentRecoveryReason.ConsumerStopped, shown[0].Recovery?.Reason);
        Assert.Equal(DocumentRecoveryStatus.Waiting, shown[0].Recovery?.Status);
        Assert.Contains("takes it over within seconds", shown[0].Recovery?.Detail);
        Assert.Null(shown[1].Recovery);
    }

    [Fact]
    public async Task With_no_live_consumer_left_the_note_says_ingestion_resumes_when_one_starts()
    {
        var held = await CatalogueAsync("held.md", DocumentStatus.Processing);
        await Db.StreamCreateConsumerGroupAsync(Streams.Ingest, ConsumerGroups.Retrieval, "0-0", createStream: true);
        await Db.StreamReadGroupAsync(Streams.Ingest, ConsumerGroups.Retrieval, "killed", StreamPosition.NewMessages, 10);

        var shown = await Recovery.AnnotateAsync(held);

        Assert.Equal(DocumentRecoveryReason.ConsumerStopped, shown.Recovery?.Reason);
        Assert.Contains("none is running", shown.Recovery?.Detail);
    }

    [Fact]
    public async Task Documents_that_are_finished_or_moving_carry_no_note()
    {
        var ready = await CatalogueAsync("ready.md", DocumentStatus.Ready);
        var failed = await CatalogueAsync("failed.md", DocumentStatus.Failed);
        var queued = await CatalogueAsync("queued.md", DocumentStatus.Queued);
        await Db.StreamCreateConsumerGroupAsync(Streams.Ingest, ConsumerGroups.Retrieval, "0-0", createStream: true);

        // No consumer at all: only the unfinished one waits.
        var withoutConsumer = await Recovery.AnnotateAsync([ready, failed, queued]);
        Assert.Null(withoutConsumer[0].Recovery);
        Assert.Null(withoutConsumer[1].Recovery);
        Assert.Equal(DocumentRecoveryReason.NoConsumer, withoutConsumer[2].Recovery?.Reason);

        // A live consumer that has not read it yet: it is simply queued.
        await HeartbeatAsync("live");
        await Db.ExecuteAsync("XGROUP", "CREATECONSUMER", Streams.Ingest, ConsumerGroups.Retrieval, "live");
        Assert.All(await Recovery.AnnotateAsync([ready, failed, queued]), d => Assert.Null(d.Recovery));
    }

    [Fact]
    public async Task A_stopped_consumer_holding_the_job_of_a_replaced_version_does_not_hold_up_the_new_version()
    {
        var first = await CatalogueAsync("versioned.md", DocumentStatus.Processing);
        await Db.StreamCreateConsumerGroupAsync(Streams.Ingest, ConsumerGroups.Retrieval, "0-0", createStream: true);
        await Db.StreamReadGroupAsync(Streams.Ingest, ConsumerGroups.Retrieval, "killed", StreamPosition.NewMessages, 10);
        await HeartbeatAsync("live");
        await Db.ExecuteAsync("XGROUP", "CREATECONSUMER", Streams.Ingest, ConsumerGroups.Retrieval, "live");
        var second = first with { Version = 2, Status = DocumentStatus.Queued };
        await Catalog.UpdateAsync(second);
        await PublishJobAsync(second);

        Assert.Null((await Recovery.AnnotateAsync(second)).Recovery);
    }

    [Fact]
    public async Task The_note_is_never_stored_in_the_catalog()
    {
        var queued = await CatalogueAsync("queued.md", DocumentStatus.Queued);
        var shown = await Recovery.AnnotateAsync(queued);
        Assert.NotNull(shown.Recovery);

        await Catalog.UpdateAsync(shown with { Status = DocumentStatus.Processing });

        Assert.Null((await Catalog.GetAsync(queued.Id))!.Recovery);
        Assert.DoesNotContain("recovery", (string?)await Db.HashGetAsync(DocumentCatalog.CatalogKey, queued.Id));
    }

    private async Task<DocumentInfo> CatalogueAsync(string name, string status)
    {
        var now = DateTimeOffset.UtcNow;
        var document = new DocumentInfo(Guid.NewGuid().ToString("N"), name, "text/markdown", 10, status, 0, [], null, now, now);
        await Catalog.AddAsync(document, "# text"u8.ToArray());
        await PublishJobAsync(document);
        return document;
    }

    private async Task PublishJobAsync(DocumentInfo document)
    {
        using var publisher = EventBusHost.Publisher(redis.ConnectionString);
        await publisher.Services.GetRequiredService<IEventPublisher>().PublishAsync(Streams.Ingest,
            new IngestRequested(document.Id, document.Name, document.ContentType, DocumentCatalog.BlobKey(document.Id, document.Version)));
    }

    private Task HeartbeatAsync(string consumer) =>
        Db.StringSetAsync(ConsumerHeartbeat.Key(Streams.Ingest, ConsumerGroups.Retrieval, consumer), "alive", TimeSpan.FromMinutes(1));
}
