using System.Runtime.CompilerServices;
using Switchboard.RetrievalAgent.Answering;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.TextAnalysis;

/// <summary>A sentence of a chunk with what the evidence measure and answer verification read from it, computed once.</summary>
internal sealed record AnalysedSentence(Sentence Sentence, HashSet<string> Stems, bool IsComplete, HashSet<string> NegatedStems, bool StatesValue);

/// <summary>
/// Everything the search and answering steps read from a chunk's text, analysed once per chunk and kept with it: the
/// ranking stems, the stem sequence (phrase and proximity), the title stems, the evidence context and the sentences
/// with their stems. A query then only looks things up. The analysis is attached to the <see cref="StoredChunk"/>
/// instance (a weak table), so it lives exactly as long as the chunk: the in-memory index holds its chunks, so their
/// analyses are made at ingestion (<see cref="Warm"/>) and reused by every query; a chunk built per query (the
/// Qdrant store's) is analysed on first use and dropped with it.
/// </summary>
internal sealed class ChunkAnalysis
{
    private static readonly ConditionalWeakTable<StoredChunk, ChunkAnalysis> Analyses = new();

    private readonly Lazy<HashSet<string>> _searchStems;
    private readonly Lazy<List<string>> _stemSequence;
    private readonly Lazy<HashSet<string>> _titleStems;
    private readonly Lazy<HashSet<string>> _evidenceContext;
    private readonly Lazy<IReadOnlyList<AnalysedSentence>> _sentences;
    private readonly Lazy<HashSet<string>> _documentNameStems;

    private ChunkAnalysis(StoredChunk chunk)
    {
        _searchStems = new(() => ContentTerms.StemsOf(chunk.Text + "\n" + chunk.DocumentName));
        _stemSequence = new(() => ContentTerms.StemSequence(chunk.Text));
        _titleStems = new(() => ContentTerms.StemsOf(chunk.DocumentName));
        _evidenceContext = new(() => EvidenceTerms.StemsOf(chunk.Text + "\n" + chunk.DocumentName));
        _documentNameStems = new(() => EvidenceTerms.StemsOf(chunk.DocumentName));
        _sentences = new(() => SentenceSplitter.Split(chunk)
            .Select(s => new AnalysedSentence(s, EvidenceTerms.StemsOf(s.Text), SentenceSplitter.IsComplete(s), Negation.NegatedStems(s.Text), ValueMentions.StatesValue(s.Text)))
            .ToList());
    }

    /// <summary>The chunk's analysis, made on first use and kept as long as the chunk instance lives.</summary>
    public static ChunkAnalysis Of(StoredChunk chunk) => Analyses.GetValue(chunk, static c => new ChunkAnalysis(c));

    /// <summary>Analyses the chunk now (at ingestion or index load) so no query pays for it.</summary>
    public static void Warm(StoredChunk chunk)
    {
        var analysis = Of(chunk);
        _ = analysis.SearchStems;
        _ = analysis.StemSequence;
        _ = analysis.TitleStems;
        _ = analysis.EvidenceContext;
        _ = analysis.Sentences;
        _ = analysis.DocumentNameStems;
    }

    /// <summary>Porter stems of the document name: part of every sentence's immediate context.</summary>
    public HashSet<string> DocumentNameStems => _documentNameStems.Value;

    /// <summary>Light stems (<see cref="ContentTerms"/>) of the text and the document name: term coverage for ranking.</summary>
    public HashSet<string> SearchStems => _searchStems.Value;

    /// <summary>Light stems of the text in reading order, stopwords left out: the reranker's phrase and proximity features.</summary>
    public IReadOnlyList<string> StemSequence => _stemSequence.Value;

    /// <summary>Light stems of the document name.</summary>
    public HashSet<string> TitleStems => _titleStems.Value;

    /// <summary>Porter stems (<see cref="EvidenceTerms"/>) of the text and the document name: each sentence's context.</summary>
    public HashSet<string> EvidenceContext => _evidenceContext.Value;

    /// <summary>Every sentence of the chunk (headings included, marked) with its Porter stems and completeness.</summary>
    public IReadOnlyList<AnalysedSentence> Sentences => _sentences.Value;
}
