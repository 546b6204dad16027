using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Search;

namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// An answer with the evidence behind its status: <see cref="Evidence"/> is the best evidence score among the hits
/// before any threshold is applied (see <see cref="AnswerOptions"/>), <see cref="BestHit"/> the hit it belongs to
/// (or, when answered, the first cited one).
/// </summary>
internal sealed record AnswerResult(AgentAnswer Answer, double Evidence, RankedChunk? BestHit);
