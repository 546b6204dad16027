using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using Switchboard.RetrievalAgent.Tables;
using Switchboard.RetrievalAgent.Tests.Support;
using Switchboard.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Tables;

/// <summary>
/// The service with real Redis: an uploaded CSV is ingested through the stream, kept as a table in Redis, answered
/// from the table on /answer; another replica's <see cref="TableSync"/> loads it from Redis; a delete removes it.
/// </summary>
public sealed class TableServiceTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private RetrievalApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new RetrievalApp(redis);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_uploaded_csv_is_answered_from_its_table_on_every_replica_until_deleted()
    {
        var name = $"fleet-{Guid.NewGuid():N}.csv";
        var id = await _app.UploadAsync(name, "text/csv", Encoding.UTF8.GetBytes("Vehicle,Depot,Range (km)\nVan 7,North,310\nTruck 12,South,540\nBike 3,North,45\n"));
        Assert.Equal(DocumentStatus.Ready, (await _app.WaitForIngestionAsync(id)).Status);

        var answer = await AskAsync("What is the total range of the vehicles in the North depot?");
        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.StartsWith("Total Range (km) where Depot is North over 2 rows: 355. [1][2][3]", answer.Answer);
        Assert.Equal([1, 3], answer.Citations.Skip(1).Select(c => c.Row!.Value));
        Assert.All(answer.Citations.Skip(1), c => Assert.Equal(c.Snippet, answer.Contexts[c.Number - 1].Text[c.StartOffset!.Value..c.EndOffset!.Value]));

        // Another replica: nothing but Redis.
        var replica = new TableCatalog();
        var store = _app.Services.GetRequiredService<TableStore>();
        var sync = new TableSync(store, replica, Options.Create(new TableOptions()), NullLogger<TableSync>.Instance);
        await sync.SyncOnceAsync();
        Assert.Equal(3, replica.Get(id)!.RowCount);

        Assert.True((await _app.Client.DeleteAsync($"/documents/{id}")).IsSuccessStatusCode);
        Assert.Null(await store.LoadAsync(id));
        await sync.SyncOnceAsync();
        Assert.Null(replica.Get(id));
        Assert.NotEqual(AnswerStatus.Answered, (await AskAsync("What is the total range of the vehicles in the North depot?")).Status);
    }

    private async Task<AgentAnswer> AskAsync(string question)
    {
        var response = await _app.Client.PostAsJsonAsync("/answer", new AgentAnswerRequest(question));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AgentAnswer>(SwitchboardJson.Options))!;
    }
}
