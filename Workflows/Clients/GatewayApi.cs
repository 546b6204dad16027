using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.ServiceDefaults.Problems;

namespace Switchboard.Workflows.Clients;

/// <summary>
/// The Gateway's public API as the workflows use it (<c>http://gateway</c> by service discovery): document uploads,
/// deletes and status, questions and searches — the same path and access rules as any client. With
/// <c>Workflows:Gateway:BearerToken</c> set (from a secret) every call carries it.
/// </summary>
public sealed class GatewayApi(HttpClient http)
{
    public const string DuplicateOfHeader = "Switchboard-Duplicate-Of";

    /// <summary><c>POST /v1/documents</c>: 202 new document or version, 200 identical bytes already catalogued.</summary>
    public async Task<UploadResult> UploadAsync(string fileName, byte[] content, string contentType, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(part, "file", fileName);
        if (tags.Count > 0)
        {
            form.Add(new StringContent(string.Join(',', tags)), "tags");
        }

        using var response = await http.PostAsync("/v1/documents", form, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
        {
            var document = await response.Content.ReadFromJsonAsync<DocumentInfo>(SwitchboardJson.Options, cancellationToken)
                           ?? throw new InvalidOperationException("POST /v1/documents returned an empty body");
            return new UploadResult(document, Duplicate: response.StatusCode == HttpStatusCode.OK);
        }

        throw await FailureAsync("POST /v1/documents", response, cancellationToken);
    }

    /// <summary><c>DELETE /v1/documents/{id}</c>; a document already gone counts as deleted.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"/v1/documents/{Uri.EscapeDataString(id)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync("DELETE /v1/documents", response, cancellationToken);
        }

        return true;
    }

    public async Task<AskResponse> AskAsync(string question, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/v1/ask", new AskRequest(question), SwitchboardJson.Options, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync("POST /v1/ask", response, cancellationToken);
        }

        return (await response.Content.ReadFromJsonAsync<AskResponse>(SwitchboardJson.Options, cancellationToken))!;
    }

    public async Task<SearchResponse> SearchAsync(string query, int topK, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/v1/search", new SearchRequest(query, topK), SwitchboardJson.Options, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync("POST /v1/search", response, cancellationToken);
        }

        return (await response.Content.ReadFromJsonAsync<SearchResponse>(SwitchboardJson.Options, cancellationToken))!;
    }

    /// <summary>A call that did not succeed, with what the service said (the title and detail of its ProblemDetails).</summary>
    public static async Task<HttpRequestException> FailureAsync(string call, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var problem = await DownstreamProblem.ReadAsync(call, response, cancellationToken);
        return new HttpRequestException(problem.Reason, null, response.StatusCode);
    }
}

public sealed record UploadResult(DocumentInfo Document, bool Duplicate);
