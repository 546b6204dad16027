using System.Diagnostics;
using OpenTelemetry;

namespace Switchboard.ServiceDefaults.Telemetry;

/// <summary>
/// Adds what Langfuse reads to every span before export: the question's session and user ids (pseudonymous, carried
/// as baggage from the Gateway to every service), the trace name on a root span, the environment and release, and on an
/// agent's server span the GenAI agent attributes (<c>gen_ai.operation.name=invoke_agent</c>, <c>gen_ai.agent.name</c>),
/// which Langfuse shows as an agent observation. Model calls already carry <c>gen_ai.*</c> from Microsoft.Extensions.AI
/// (message content only when sensitive data is explicitly enabled).
/// </summary>
internal sealed class LangfuseSpanProcessor(string service, string environment, string? release) : BaseProcessor<Activity>
{
    /// <summary>The agent endpoints whose server spans are agent observations.</summary>
    private static readonly HashSet<string> AgentRoutes = new(StringComparer.Ordinal) { "/answer", "/route", "/screen", "/review", "/search" };

    public override void OnEnd(Activity activity)
    {
        if ((activity.GetBaggageItem(LangfuseAttributes.SessionId) ?? Baggage.GetBaggage(LangfuseAttributes.SessionId)) is { } session)
        {
            activity.SetTag(LangfuseAttributes.SessionId, session);
        }

        if ((activity.GetBaggageItem(LangfuseAttributes.UserId) ?? Baggage.GetBaggage(LangfuseAttributes.UserId)) is { } user)
        {
            activity.SetTag(LangfuseAttributes.UserId, user);
        }

        activity.SetTag("langfuse.environment", environment);
        if (release is not null)
        {
            activity.SetTag("langfuse.release", release);
        }

        if (activity.Parent is null && activity.ParentSpanId == default)
        {
            activity.SetTag("langfuse.trace.name", activity.GetTagItem("http.route") is string route ? $"{activity.GetTagItem("http.request.method")} {route}" : activity.DisplayName);
        }

        if (activity.Kind == ActivityKind.Server && activity.GetTagItem("http.route") is string agentRoute && AgentRoutes.Contains(agentRoute))
        {
            activity.SetTag("gen_ai.operation.name", "invoke_agent");
            activity.SetTag("gen_ai.agent.name", service);
            activity.SetTag("langfuse.observation.type", "agent");
        }
    }
}
