using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Screening.Injection;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// Indirect prompt injection at ingestion: each chunk is run through the question-screening rules (AgentCore's
/// <see cref="PromptInjectionDetector"/>). A chunk with instruction-like text is still stored — a document may quote an
/// attack to explain it — but the document gets the <see cref="DocumentFlags.PromptInjection"/> flag and a warning naming
/// the chunk and the rules; prompts quote such text as data (<c>PromptSources</c>), and the review reports it per answer.
/// </summary>
internal sealed class InstructionScan(PromptInjectionDetector detector)
{
    public IReadOnlyList<string> Flag(IReadOnlyList<StoredChunk> chunks, ParseWarnings warnings)
    {
        var flagged = 0;
        foreach (var chunk in chunks)
        {
            var rules = detector.Detect(chunk.Text).Select(m => m.Rule).Distinct().ToList();
            if (rules.Count == 0)
            {
                continue;
            }

            flagged++;
            var where = chunk.Page is { } page ? $" (page {page})" : chunk.Row is { } row ? $" (row {row})" : "";
            warnings.Add($"Chunk {chunk.Ordinal + 1}{where} holds instruction-like text ({string.Join(", ", rules)}): it is quoted as data to the model and flagged in answers that rest on it.");
        }

        return flagged > 0 ? [DocumentFlags.PromptInjection] : [];
    }
}
