namespace Switchboard.ComplianceAgent.Review;

/// <summary>One sentence of an answer: as written (markers kept), without its markers, and the context numbers it cites.</summary>
public sealed record AnswerSentence(string Original, string Text, IReadOnlyList<int> Cites);
