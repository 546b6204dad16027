using System.Net;
using System.Net.Http.Json;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;

namespace Switchboard.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class DocumentsApiTests(GatewayFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    public Task InitializeAsync()
    {
        fixture.Agents.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Uploaded_document_is_listed_and_readable_by_id()
    {
        var uploaded = await UploadAsync("listed.md", "# Title\nSome text.");

        var list = await _client.GetFromJsonAsync<List<DocumentInfo>>("/v1/documents");
        var one = await _client.GetFromJsonAsync<DocumentInfo>($"/v1/documents/{uploaded.Id}");

        Assert.Contains(list!, d => d.Id == uploaded.Id && d.Name == "listed.md");
        Assert.Equal(uploaded.Id, one!.Id);
        Assert.Equal(DocumentStatus.Queued, one.Status);
    }

    [Fact]
    public async Task Unknown_document_is_404_problem()
    {
        var response = await _client.GetAsync("/v1/documents/does-not-exist");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_is_forwarded_to_retrieval_and_answers_204()
    {
        fixture.Agents.DeleteDocument = id => id == "doc-42";

        var response = await _client.DeleteAsync("/v1/documents/doc-42");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(["doc-42"], fixture.Agents.Deletes);
    }

    [Fact]
    public async Task Delete_of_an_unknown_document_is_404_problem()
    {
        var response = await _client.DeleteAsync("/v1/documents/unknown-doc");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(["unknown-doc"], fixture.Agents.Deletes);
    }

    [Fact]
    public async Task Delete_with_retrieval_down_is_503_naming_it()
    {
        await using var gateway = fixture.WithSetting($"services:{AgentNames.Retrieval}:http:0", $"http://127.0.0.1:{FreePort.Next()}");

        var response = await gateway.CreateClient().DeleteAsync("/v1/documents/doc-1");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("retrieval unavailable", problem.GetProperty("title").GetString());
    }

    private async Task<DocumentInfo> UploadAsync(string fileName, string text)
    {
        using var form = new MultipartFormDataContent { { new StringContent(text), "file", fileName } };
        var response = await _client.PostAsync("/v1/documents", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<DocumentInfo>())!;
    }
}
