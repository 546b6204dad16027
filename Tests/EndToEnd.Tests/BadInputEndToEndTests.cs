using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Switchboard.AgentCore.Contracts;
using Xunit.Abstractions;

namespace Switchboard.EndToEnd.Tests;

/// <summary>Bad uploads through the real stack: clear ProblemDetails, nothing half-written, tolerable damage tolerated.</summary>
[Collection(AppCollection.Name)]
public sealed class BadInputEndToEndTests(SwitchboardApp stack, ITestOutputHelper output)
{
    [Fact]
    public async Task A_corrupt_pdf_is_rejected_with_422_and_the_catalog_is_unchanged()
    {
        var before = await DocumentIdsAsync();
        var corrupt = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nthis is not a PDF any more\n%%EOF\n");

        using var response = await stack.UploadAsync("corrupt-invoice.pdf", corrupt);

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(before, await DocumentIdsAsync());
    }

    [Fact]
    public async Task A_file_named_pdf_that_is_not_a_pdf_is_rejected_with_422_and_the_catalog_is_unchanged()
    {
        var before = await DocumentIdsAsync();

        using var response = await stack.UploadAsync("quarterly-report.pdf", Encoding.UTF8.GetBytes("Revenue grew in every quarter.\n"));

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(before, await DocumentIdsAsync());
    }

    [Fact]
    public async Task An_empty_file_is_rejected_with_400_and_the_catalog_is_unchanged()
    {
        var before = await DocumentIdsAsync();

        using var response = await stack.UploadAsync("empty-notes.txt", []);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(before, await DocumentIdsAsync());
    }

    [Fact]
    public async Task A_csv_with_ragged_rows_is_ingested_with_a_warning_for_each_ragged_row()
    {
        // Data rows 2 and 4 have the wrong number of fields; rows 1, 3 and 5 are fine.
        const string csv = "region,manager,budget_eur\n"
            + "North,Avery Lind,1200\n"
            + "South,Blake Orr\n"
            + "East,Casey Moll,900\n"
            + "West,Drew Haas,700,unexpected,fields\n"
            + "Central,Emery Vos,650\n";

        using var response = await stack.UploadAsync("regional-budgets.csv", Encoding.UTF8.GetBytes(csv));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"upload answered {(int)response.StatusCode}: {body}");
        var accepted = JsonSerializer.Deserialize<DocumentInfo>(body, AgentCore.SwitchboardJson.Options)!;

        var document = await stack.WaitForIngestionAsync(accepted.Id);
        output.WriteLine($"{document.Status}, {document.Chunks} chunk(s), warnings: {string.Join(" | ", document.Warnings)}");

        Assert.True(document.Status == DocumentStatus.Ready, $"status {document.Status}, error {document.Error}");
        Assert.True(document.Chunks > 0, "the good rows were not indexed");
        Assert.True(document.Warnings.Count >= 2,
            $"expected a warning for each of the 2 ragged rows, got: [{string.Join(" | ", document.Warnings)}]");
        // Rows are numbered as in citations: 1-based data rows, the header excluded.
        Assert.Contains(document.Warnings, w => Regex.IsMatch(w, @"\brow 2\b", RegexOptions.IgnoreCase));
        Assert.Contains(document.Warnings, w => Regex.IsMatch(w, @"\brow 4\b", RegexOptions.IgnoreCase));

        // And the document can be removed again.
        using var deleted = await stack.Http.DeleteAsync($"/v1/documents/{accepted.Id}");
        Assert.True(deleted.IsSuccessStatusCode, $"DELETE answered {(int)deleted.StatusCode}");
        using var gone = await stack.Http.GetAsync($"/v1/documents/{accepted.Id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    /// <summary>
    /// The limits are declared once (Contracts <c>Limits</c>): what the Gateway accepts, every agent on the path accepts.
    /// A question of exactly the limit with the largest topK gets an answer (whatever its status), never a 5xx from an
    /// agent with a smaller limit; one character more is the Gateway's own 400 naming the field.
    /// </summary>
    [Fact]
    public async Task A_question_at_the_shared_limits_passes_every_agent_and_one_over_is_a_400()
    {
        var question = "What is the annual leave policy for new employees?";
        while (question.Length < Limits.MaxQuestionLength)
        {
            question += " Please answer briefly.";
        }

        question = question[..Limits.MaxQuestionLength];
        using var atLimit = await stack.Http.PostAsync("/v1/ask", Json(new AskRequest(question, TopK: Limits.MaxAskTopK)));
        var body = await atLimit.Content.ReadAsStringAsync();
        Assert.True(atLimit.StatusCode == HttpStatusCode.OK, $"a question of {question.Length} characters answered {(int)atLimit.StatusCode}: {body}");

        using var overLimit = await stack.Http.PostAsync("/v1/ask", Json(new AskRequest(question + "?")));
        await AssertProblemAsync(overLimit, HttpStatusCode.BadRequest);
        Assert.Contains("question", await overLimit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static StringContent Json<T>(T value) =>
        new(JsonSerializer.Serialize(value, AgentCore.SwitchboardJson.Options), Encoding.UTF8, "application/json");

    private async Task<List<string>> DocumentIdsAsync() =>
        (await stack.ListDocumentsAsync()).Select(d => d.Id).Order(StringComparer.Ordinal).ToList();

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
        Assert.True(problem.RootElement.TryGetProperty("title", out var title) && title.GetString()!.Length > 0, $"no title: {body}");
    }
}
