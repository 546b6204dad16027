using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// Answers a question from the documents the caller may read: <see cref="ExtractiveAnswerer"/> (the default) or
/// <see cref="GenerativeAnswerer"/> when <c>AI:Chat:Provider</c> names a model.
/// </summary>
internal interface IDocumentAnswerer
{
    Task<AnswerResult> AnswerAsync(string question, int topK, ChunkFilter filter, CancellationToken cancellationToken);
}
