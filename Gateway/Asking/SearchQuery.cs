using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Asking;

/// <summary>
/// The body of <c>POST /v1/search</c>. Unlike the agent's <see cref="SearchRequest"/> it has no caller groups: those come
/// from the caller's token, never from the body (an unknown field is rejected).
/// </summary>
public sealed record SearchQuery(string Query, int? TopK = null, SearchFilters? Filters = null);
