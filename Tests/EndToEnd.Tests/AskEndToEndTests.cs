using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// The product's main promise through the real stack: ingest the sample documents, answer the questions they
/// answer (with the right citation), decline the ones they do not, and account for every interaction in the ledger.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AskEndToEndTests(SwitchboardApp stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Sample_documents_are_ingested_and_every_sample_question_gets_the_right_outcome()
    {
        var samples = await stack.EnsureSamplesIngestedAsync();
        AssertAllReady(samples, stack);

        var questions = SampleQuestion.Load(stack.SamplesDirectory);
        Assert.Equal(10, questions.Count(q => q.Kind == SampleQuestion.InScope));
        Assert.Equal(5, questions.Count(q => q.Kind == SampleQuestion.OutOfScope));

        var from = DateTimeOffset.UtcNow.AddHours(-1);
        var ledgerBefore = await UsageTotalAsync(from);

        var failures = new List<string>();
        var passed = new Dictionary<string, int> { [SampleQuestion.InScope] = 0, [SampleQuestion.OutOfScope] = 0 };
        foreach (var question in questions)
        {
            using var response = await stack.Http.PostAsJsonAsync("/v1/ask", new AskRequest(question.Question), SwitchboardJson.Options);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"[{question.Kind}] \"{question.Question}\": HTTP {(int)response.StatusCode} {body}");
                output.WriteLine($"HTTP {(int)response.StatusCode} for \"{question.Question}\": {body}");
                continue;
            }

            var answer = JsonSerializer.Deserialize<AskResponse>(body, SwitchboardJson.Options)!;
            var cited = answer.Citations.Select(c => c.DocumentName).Distinct().ToList();
            output.WriteLine($"[{question.Kind}] {question.Question}\n  -> {answer.Status} (intent {answer.Route?.Intent}, review {answer.ReviewVerdict}) "
                + $"cites [{string.Join(", ", cited)}]\n  {answer.Answer}");

            var problem = Check(question, answer);
            if (problem is null)
            {
                passed[question.Kind]++;
            }
            else
            {
                failures.Add($"[{question.Kind}] \"{question.Question}\": {problem}\n"
                    + $"    status={answer.Status} intent={answer.Route?.Intent} review={answer.ReviewVerdict} cited=[{string.Join(", ", cited)}]\n"
                    + $"    answer: {answer.Answer}");
            }
        }

        output.WriteLine($"in scope: {passed[SampleQuestion.InScope]}/10 passed; out of scope: {passed[SampleQuestion.OutOfScope]}/5 passed");

        // Every question, answered or not, is one interaction event that the ReportingAgent's ledger consumes.
        try
        {
            await Eventually.MatchAsync(
                () => UsageTotalAsync(from),
                total => total >= ledgerBefore + questions.Count,
                $"the usage ledger to count {questions.Count} more interactions than the {ledgerBefore} it had",
                seconds: 60);
        }
        catch (TimeoutException ex)
        {
            failures.Add($"ledger: {ex.Message}");
        }

        Assert.True(failures.Count == 0,
            $"{failures.Count} check(s) failed (in scope passed {passed[SampleQuestion.InScope]}/10, out of scope passed {passed[SampleQuestion.OutOfScope]}/5):\n"
            + string.Join("\n", failures));
    }

    internal static void AssertAllReady(IReadOnlyList<UploadedSample> samples, SwitchboardApp stack)
    {
        Assert.NotEmpty(samples);
        var problems = new StringBuilder();
        foreach (var sample in samples)
        {
            if (sample.UploadStatus != HttpStatusCode.Accepted || sample.Document is null)
            {
                problems.AppendLine($"{sample.FileName}: upload answered {(int)sample.UploadStatus} {sample.UploadBody}");
            }
            else if (sample.Document.Status != DocumentStatus.Ready)
            {
                problems.AppendLine($"{sample.FileName}: {sample.Document.Status}, error: {sample.Document.Error}");
            }
            else if (sample.Document.Name != sample.FileName || sample.Document.Chunks <= 0)
            {
                problems.AppendLine($"{sample.FileName}: ready as '{sample.Document.Name}' with {sample.Document.Chunks} chunks");
            }
        }

        Assert.True(problems.Length == 0, $"Sample ingestion failed:\n{problems}\n{stack.Diagnostics()}");
    }

    private static string? Check(SampleQuestion question, AskResponse answer)
    {
        if (question.Kind == SampleQuestion.OutOfScope)
        {
            return answer.Status is AnswerStatus.NotFound or AnswerStatus.Refused
                ? null
                : $"expected not_found or refused, got {answer.Status}";
        }

        var problems = new List<string>();
        if (answer.Status != AnswerStatus.Answered)
        {
            problems.Add($"expected answered, got {answer.Status}");
        }

        var expected = answer.Citations.Where(c => c.DocumentName == question.Document).ToList();
        if (expected.Count == 0)
        {
            problems.Add($"no citation of {question.Document}");
        }
        else if (question.Document!.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) && expected.Any(c => c.Page is null or < 1))
        {
            problems.Add("a PDF citation without its page");
        }
        else if (question.Document.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && expected.Any(c => c.Row is null or < 1))
        {
            problems.Add("a CSV citation without its row");
        }

        if (!answer.Answer.Contains(question.Expect!, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"answer lacks \"{question.Expect}\"");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private async Task<long> UsageTotalAsync(DateTimeOffset from)
    {
        using var reporting = stack.Reporting.CreateServiceClient(TimeSpan.FromSeconds(30));
        var to = DateTimeOffset.UtcNow.AddHours(1);
        var url = $"/reports/usage?from={Uri.EscapeDataString(from.ToString("yyyy-MM-ddTHH:mm:ssZ"))}&to={Uri.EscapeDataString(to.ToString("yyyy-MM-ddTHH:mm:ssZ"))}";
        using var response = await reporting.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} on the ReportingAgent answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("total").GetInt64();
    }
}
