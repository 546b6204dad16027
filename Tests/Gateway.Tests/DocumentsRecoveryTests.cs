using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StackExchange.Redis;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// <c>GET /v1/documents[/{id}]</c> says when an unfinished document's ingestion waits for recovery. The fixture runs no
/// RetrievalAgent, so its consumers are played with XREADGROUP and heartbeat keys as the real consumer leaves them.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class DocumentsRecoveryTests(GatewayFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    public Task InitializeAsync() => DropIngestGroupAsync();

    // The other tests of the collection see an ingest stream with no consumer group, as before.
    public Task DisposeAsync() => DropIngestGroupAsync();

    [Fact]
    public async Task A_queued_document_with_no_retrieval_agent_running_says_it_waits_for_one()
    {
        var uploaded = await UploadAsync("nobody-ingests.md");

        var json = await _client.GetFromJsonAsync<JsonElement>($"/v1/documents/{uploaded.Id}");

        Assert.Equal(DocumentStatus.Queued, json.GetProperty("status").GetString());
        var recovery = json.GetProperty("recovery");
        Assert.Equal("waiting", recovery.GetProperty("status").GetString());
        Assert.Equal("no_consumer", recovery.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrWhiteSpace(recovery.GetProperty("detail").GetString()));
        var listed = (await _client.GetFromJsonAsync<List<DocumentInfo>>("/v1/documents", SwitchboardJson.Options))!.Single(d => d.Id == uploaded.Id);
        Assert.Equal(DocumentRecoveryReason.NoConsumer, listed.Recovery?.Reason);
    }

    [Fact]
    public async Task A_document_whose_job_a_stopped_retrieval_agent_held_waits_for_recovery_and_a_moving_one_has_no_note()
    {
        var db = fixture.Db;
        await db.StreamCreateConsumerGroupAsync(Streams.Ingest, ConsumerGroups.Retrieval, StreamPosition.NewMessages, createStream: true);
        var held = await UploadAsync("held-by-a-killed-agent.md");
        await db.StreamReadGroupAsync(Streams.Ingest, ConsumerGroups.Retrieval, "killed-agent", StreamPosition.NewMessages, 10);
        await db.StringSetAsync(ConsumerHeartbeat.Key(Streams.Ingest, ConsumerGroups.Retrieval, "live-agent"), "alive", TimeSpan.FromMinutes(1));
        var moving = await UploadAsync("read-by-a-live-agent.md");
        await db.StreamReadGroupAsync(Streams.Ingest, ConsumerGroups.Retrieval, "live-agent", StreamPosition.NewMessages, 10);

        var heldNow = await _client.GetFromJsonAsync<DocumentInfo>($"/v1/documents/{held.Id}", SwitchboardJson.Options);
        var movingNow = await _client.GetFromJsonAsync<DocumentInfo>($"/v1/documents/{moving.Id}", SwitchboardJson.Options);
        var movingJson = await _client.GetStringAsync($"/v1/documents/{moving.Id}");

        Assert.Equal(new DocumentRecovery(DocumentRecoveryStatus.Waiting, DocumentRecoveryReason.ConsumerStopped, heldNow!.Recovery!.Detail), heldNow.Recovery);
        Assert.Contains("stopped", heldNow.Recovery.Detail);
        Assert.Null(movingNow!.Recovery);
        Assert.DoesNotContain("recovery", movingJson);
        await db.KeyDeleteAsync(ConsumerHeartbeat.Key(Streams.Ingest, ConsumerGroups.Retrieval, "live-agent"));
    }

    private async Task<DocumentInfo> UploadAsync(string fileName)
    {
        using var form = new MultipartFormDataContent { { new StringContent($"# {fileName}\n{Guid.NewGuid()}"), "file", fileName } };
        var response = await _client.PostAsync("/v1/documents", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<DocumentInfo>(SwitchboardJson.Options))!;
    }

    private async Task DropIngestGroupAsync()
    {
        try
        {
            await fixture.Db.StreamDeleteConsumerGroupAsync(Streams.Ingest, ConsumerGroups.Retrieval);
        }
        catch (RedisServerException)
        {
            // no stream or no group yet
        }
    }
}
