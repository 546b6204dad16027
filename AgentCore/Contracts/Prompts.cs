namespace Switchboard.AgentCore.Contracts;

/// <summary>The prompt template an answer was produced with (<c>AgentCore/AI/Prompts</c>): its name and version.</summary>
public sealed record PromptReference(string Name, string Version);
