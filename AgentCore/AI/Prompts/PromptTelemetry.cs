using System.Diagnostics;

namespace Switchboard.AgentCore.AI.Prompts;

/// <summary>Puts the prompt name and version (never its content) on a span, so a trace says which prompt produced an answer.</summary>
public static class PromptTelemetry
{
    public const string NameTag = "switchboard.prompt.name";
    public const string VersionTag = "switchboard.prompt.version";

    /// <summary>Tags <paramref name="activity"/> (the current one by default); nothing happens when there is none.</summary>
    public static void Tag(PromptTemplate template, Activity? activity = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        activity ??= Activity.Current;
        activity?.SetTag(NameTag, template.Name);
        activity?.SetTag(VersionTag, template.Version);
    }
}
