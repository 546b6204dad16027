using Switchboard.RetrievalAgent.Search;

namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// One answer sentence before it is returned: the hit it comes from, the sentence as presented, and the verbatim
/// quote with its range in the chunk text (what the citation will carry and what <see cref="CitationVerifier"/> checks).
/// </summary>
internal sealed record Quote(RankedChunk Hit, int Rank, Sentence Sentence, string Text, double Score)
{
    public int Start => Sentence.Start;

    public int End => Sentence.End;
}
