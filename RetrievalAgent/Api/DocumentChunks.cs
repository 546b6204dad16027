namespace Switchboard.RetrievalAgent.Api;

/// <summary>The indexed chunks of one document (<c>GET /documents/{id}/chunks</c>), for debugging and citation display.</summary>
public sealed record DocumentChunks(string DocumentId, string DocumentName, IReadOnlyList<ChunkView> Chunks);

public sealed record ChunkView(string ChunkId, int Ordinal, int? Page, int? Row, string Text);
