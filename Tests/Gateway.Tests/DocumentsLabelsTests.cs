using System.Net;
using System.Net.Http.Json;
using System.Text;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using static Switchboard.Gateway.Tests.DocumentsTestSupport;

namespace Switchboard.Gateway.Tests;

/// <summary>The optional <c>tags</c> and <c>allowedGroups</c> form fields of an upload.</summary>
[Collection(GatewayCollection.Name)]
public sealed class DocumentsLabelsTests(GatewayFixture fixture)
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    private static byte[] UniqueText() => Encoding.UTF8.GetBytes($"Labelled document {Guid.NewGuid():N}.");

    [Fact]
    public async Task Repeated_and_comma_separated_labels_are_stored_and_returned_by_get_and_list()
    {
        using var form = Form(UniqueText(), "labelled.txt", ("tags", "finance, q3-2024"), ("tags", "board.minutes"), ("tags", "finance"));

        var uploaded = await ReadDocumentAsync(await _client.PostAsync("/v1/documents", form), HttpStatusCode.Accepted);

        Assert.Equal(["finance", "q3-2024", "board.minutes"], uploaded.Tags);
        var one = await _client.GetFromJsonAsync<DocumentInfo>($"/v1/documents/{uploaded.Id}", SwitchboardJson.Options);
        Assert.Equal(uploaded.Tags, one!.Tags);
        var listed = Assert.Single((await _client.GetFromJsonAsync<List<DocumentInfo>>("/v1/documents", SwitchboardJson.Options))!, d => d.Id == uploaded.Id);
        Assert.Equal(uploaded.Tags, listed.Tags);
    }

    [Fact]
    public async Task Allowed_groups_are_stored_on_the_catalog_record()
    {
        using var form = Form(UniqueText(), "restricted.txt", ("allowedGroups", "hr:managers,finance_team"), ("allowedGroups", "auditors"));

        var uploaded = await ReadDocumentAsync(await _client.PostAsync("/v1/documents", form), HttpStatusCode.Accepted);

        Assert.Equal(["hr:managers", "finance_team", "auditors"], uploaded.AllowedGroups);
        Assert.Equal(uploaded.AllowedGroups, (await new DocumentCatalog(fixture.Redis.Connection).GetAsync(uploaded.Id))!.AllowedGroups);
        // An anonymous caller has no groups, so it may not read the document it just restricted (see DocumentsAccessTests).
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/v1/documents/{uploaded.Id}")).StatusCode);
    }

    [Fact]
    public async Task Without_labels_the_lists_are_empty()
    {
        var uploaded = await ReadDocumentAsync(await _client.PostAsync("/v1/documents", Form(UniqueText(), "plain.txt")), HttpStatusCode.Accepted);

        Assert.Empty(uploaded.Tags);
        Assert.Empty(uploaded.AllowedGroups);
    }

    [Theory]
    [InlineData("tags", "has space", "may only use")]
    [InlineData("tags", "semi;colon", "may only use")]
    [InlineData("allowedGroups", "group/with/slash", "may only use")]
    [InlineData("allowedGroups", "x0123456789012345678901234567890123456789012345678901234567890123", "65 characters")]
    public async Task An_invalid_label_is_400_naming_the_field(string field, string value, string detail)
    {
        var problem = await AssertRejectedAsync(Form(UniqueText(), "bad-label.txt", (field, value)));

        Assert.Contains(detail, problem.Detail());
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"errors should name '{field}': {errors}");
        Assert.Contains(field, messages[0].GetString());
    }

    [Fact]
    public async Task More_than_20_labels_is_400_naming_the_count()
    {
        var groups = string.Join(',', Enumerable.Range(1, 21).Select(i => $"g{i}"));

        var problem = await AssertRejectedAsync(Form(UniqueText(), "many.txt", ("allowedGroups", groups)));

        Assert.Contains("allowedGroups has 21 labels; at most 20 are allowed.", problem.Detail());
    }

    [Fact]
    public async Task Exactly_20_labels_are_accepted()
    {
        var tags = string.Join(',', Enumerable.Range(1, 20).Select(i => $"t{i}"));

        var uploaded = await ReadDocumentAsync(await _client.PostAsync("/v1/documents", Form(UniqueText(), "twenty.txt", ("tags", tags))), HttpStatusCode.Accepted);

        Assert.Equal(20, uploaded.Tags.Count);
    }

    private async Task<System.Text.Json.JsonElement> AssertRejectedAsync(MultipartFormDataContent form)
    {
        var before = await SnapshotAsync(fixture.Redis.Connection);

        var response = await _client.PostAsync("/v1/documents", form);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(before, await SnapshotAsync(fixture.Redis.Connection));
        return problem;
    }
}
