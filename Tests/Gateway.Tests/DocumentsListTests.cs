using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// <c>GET /v1/documents</c> filtered (name, status, tag) and paginated by keyset (limit, the cursor of Link rel="next"),
/// against a real redis-server: every page follows the previous one without a repeat or a gap, also when a document is
/// uploaded between two pages, and bad parameters are 400s naming the field.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class DocumentsListTests(GatewayFixture fixture)
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task Pages_follow_each_other_newest_first_without_repeats_or_gaps_and_filters_narrow_the_list()
    {
        var prefix = $"paged-{Guid.NewGuid():N}";
        var tag = $"t{Guid.NewGuid():N}"[..12];
        var uploaded = new List<DocumentInfo>();
        for (var i = 0; i < 5; i++)
        {
            uploaded.Add(await UploadAsync($"{prefix}-{i}.md", $"# Doc {i}\nText number {i} of {prefix}.", i < 2 ? tag : null));
        }

        // Page 1 of 2 per page: the two newest, a next link and the total.
        using var first = await _client.GetAsync($"/v1/documents?name={prefix}&limit=2");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("5", first.Headers.GetValues("X-Total-Count").Single());
        var page1 = await ReadAsync(first);
        Assert.Equal([uploaded[4].Id, uploaded[3].Id], page1.Select(d => d.Id));

        // A document uploaded between two pages does not shift the next page (keyset, not offset).
        var late = await UploadAsync($"{prefix}-late.md", "# Late\nUploaded between two pages.", null);
        var seen = page1.Select(d => d.Id).ToList();
        var next = NextLink(first);
        while (next is not null)
        {
            using var page = await _client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var documents = await ReadAsync(page);
            Assert.InRange(documents.Count, 1, 2);
            seen.AddRange(documents.Select(d => d.Id));
            next = NextLink(page);
        }

        Assert.Equal(uploaded.Select(d => d.Id).Reverse(), seen);
        Assert.DoesNotContain(late.Id, seen);

        // Filters: a tag, a status, a name in another case.
        var tagged = await _client.GetFromJsonAsync<List<DocumentInfo>>($"/v1/documents?tag={tag.ToUpperInvariant()}", SwitchboardJson.Options);
        Assert.Equal([uploaded[1].Id, uploaded[0].Id], tagged!.Select(d => d.Id));
        var queued = await _client.GetFromJsonAsync<List<DocumentInfo>>($"/v1/documents?name={prefix.ToUpperInvariant()}&status=queued", SwitchboardJson.Options);
        Assert.Equal(6, queued!.Count);
        var ready = await _client.GetFromJsonAsync<List<DocumentInfo>>($"/v1/documents?name={prefix}&status=ready", SwitchboardJson.Options);
        Assert.Empty(ready!);

        // Without limit: every match, as before pagination (no Link).
        using var all = await _client.GetAsync($"/v1/documents?name={prefix}");
        Assert.Equal(6, (await ReadAsync(all)).Count);
        Assert.False(all.Headers.Contains("Link"));
    }

    [Theory]
    [InlineData("status=done", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=2&cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=MTIzfGFiYw", "cursor")]
    public async Task Bad_list_parameters_are_400_problems_naming_the_field(string query, string field)
    {
        var response = await _client.GetAsync($"/v1/documents?{query}");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        var link = values.Single();
        Assert.EndsWith("rel=\"next\"", link, StringComparison.Ordinal);
        return link[(link.IndexOf('<', StringComparison.Ordinal) + 1)..link.IndexOf('>', StringComparison.Ordinal)];
    }

    private static async Task<List<DocumentInfo>> ReadAsync(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<List<DocumentInfo>>(await response.Content.ReadAsStringAsync(), SwitchboardJson.Options)!;

    private async Task<DocumentInfo> UploadAsync(string fileName, string text, string? tag)
    {
        using var form = new MultipartFormDataContent { { new StringContent(text), "file", fileName } };
        if (tag is not null)
        {
            form.Add(new StringContent(tag), "tags");
        }

        using var response = await _client.PostAsync("/v1/documents", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<DocumentInfo>(SwitchboardJson.Options))!;
    }
}
