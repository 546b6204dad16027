namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>
/// What one REST tool call produced: the values picked out of the response by the operation's JSON paths, the rendered
/// citation text, where the values came from (the request URL, never with a secret in it) and when they were fetched.
/// </summary>
/// <param name="Api">The API's configuration name, e.g. <c>fxrates</c>.</param>
/// <param name="ApiName">The API's display name, e.g. <c>FX rates</c>.</param>
/// <param name="Operation">The operation's configuration name, e.g. <c>getRate</c>.</param>
/// <param name="Arguments">The parameters the call was made with, after normalisation.</param>
/// <param name="Values">Result field → value as text (strings unquoted, numbers as the API wrote them), in configuration order.</param>
/// <param name="Citation">The operation's citation template rendered with the arguments and values.</param>
/// <param name="RequestUrl">Absolute URL of the request (user info stripped; authentication travels in a header).</param>
/// <param name="RequestPath">Path and query of the request, e.g. <c>/v1/rates/EUR/USD</c>.</param>
/// <param name="RetrievedAt">When the response arrived.</param>
public sealed record ToolResult(
    string Api,
    string ApiName,
    string Operation,
    IReadOnlyDictionary<string, string> Arguments,
    IReadOnlyDictionary<string, string> Values,
    string Citation,
    string RequestUrl,
    string RequestPath,
    DateTimeOffset RetrievedAt);
