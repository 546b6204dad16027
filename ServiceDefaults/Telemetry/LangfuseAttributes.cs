namespace Switchboard.ServiceDefaults.Telemetry;

/// <summary>
/// The span attributes (and baggage keys) Langfuse groups traces by. The Gateway puts them in the question's baggage;
/// every service's <see cref="LangfuseSpanProcessor"/> copies them onto each span. Values are pseudonyms, never a raw
/// user name, e-mail address or client-chosen session id.
/// </summary>
public static class LangfuseAttributes
{
    public const string SessionId = "langfuse.session.id";
    public const string UserId = "langfuse.user.id";
}
