using System.Text.Json;
using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Answering;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.RetrievalAgent.Tests.DevDocuments;

/// <summary>
/// The repository's quick-start documents (<c>samples/</c>) and their question list (<c>samples/questions.json</c>):
/// every in-scope question is answered with its key fact from its document, every out-of-scope one is declined.
/// </summary>
public sealed class SampleDocumentsTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private sealed record SampleQuestion(string Question, string Kind, string? Document, string? Expect);

    [SamplesFact]
    public async Task Sample_questions_are_answered_or_declined_as_listed()
    {
        var store = await StoreFactory.CreateIndexedAsync(_directory);
        foreach (var path in Directory.EnumerateFiles(Samples.Root).Where(p => Path.GetFileName(p) is not ("README.md" or "questions.json")))
        {
            await StoreFactory.IngestAsync(store, Path.GetFileNameWithoutExtension(path), Path.GetFileName(path), await File.ReadAllBytesAsync(path));
        }

        var questions = JsonSerializer.Deserialize<List<SampleQuestion>>(
            await File.ReadAllTextAsync(Path.Combine(Samples.Root, "questions.json")), JsonSerializerOptions.Web)!;
        var answerer = StoreFactory.Answerer(store);

        var failures = new List<string>();
        foreach (var q in questions)
        {
            var answer = (await answerer.AnswerAsync(q.Question, ChunkSearcher.DefaultTopK, ChunkFilter.Anonymous, CancellationToken.None)).Answer;
            output.WriteLine($"Q: {q.Question}\nA ({answer.Status}): {answer.Answer}\n   {string.Join(" | ", answer.Contexts.Select(c => c.Source))}\n");
            var ok = q.Kind == "out_of_scope"
                ? answer.Status == AnswerStatus.NotFound
                : answer.Status == AnswerStatus.Answered
                  && answer.Answer.Contains(q.Expect!, StringComparison.OrdinalIgnoreCase)
                  && answer.Citations[0].DocumentName == q.Document;
            if (!ok)
            {
                failures.Add($"{q.Kind}: {q.Question} -> {answer.Status}: {answer.Answer}");
            }
        }

        Assert.Empty(failures);
    }
}
