namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// When the extractive answerer may answer, bound from <c>Retrieval:Answer</c>.
/// Evidence for a chunk is the weighted share of the question's content terms (stopwords removed, lightly stemmed;
/// numbers and proper nouns count double) that the chunk or its document name contains. Only chunks that BM25 matched
/// are considered at all. A chunk may support an answer when
/// <list type="bullet">
/// <item>its evidence is at least <see cref="MinEvidence"/>,</item>
/// <item>it holds at least <see cref="MinSpecificCoverage"/> of the question's numbers and proper nouns, and</item>
/// <item>it holds every year, amount or code of the question ("2018", "Q3").</item>
/// </list>
/// The default 0.5 means: half the weight of what the question asks about must be in one chunk. "What is the parental
/// leave policy in Japan?" over policies that never mention Japan fails the second rule; "Who won the 2018 World Cup?"
/// fails the third; "What is the capital of Australia?" finds neither term.
/// </summary>
public sealed class AnswerOptions
{
    public const string SectionName = "Retrieval:Answer";

    public double MinEvidence { get; set; } = 0.5;

    public double MinSpecificCoverage { get; set; } = 0.5;

    /// <summary>Most sentences quoted in one answer.</summary>
    public int MaxSentences { get; set; } = 3;

    /// <summary>Most chunks quoted in one answer.</summary>
    public int MaxSources { get; set; } = 3;

    internal bool IsValid => MinEvidence is > 0 and <= 1 && MinSpecificCoverage is >= 0 and <= 1
        && MaxSentences is >= 1 and <= 10 && MaxSources is >= 1 and <= 10;
}
