namespace Switchboard.AgentCore.AI.Chat;

/// <summary>
/// Bound from <c>AI:Chat</c>: which model answers, where it lives and how the <see cref="Microsoft.Extensions.AI.IChatClient"/>
/// pipeline around it behaves. Validated at start-up by <see cref="ChatClientOptionsValidator"/>.
/// </summary>
public sealed class ChatClientOptions
{
    public const string SectionName = "AI:Chat";

    /// <summary>Ollama's default local address, used when <c>AI:Chat:Endpoint</c> is unset for the Ollama provider.</summary>
    public static readonly Uri DefaultOllamaEndpoint = new("http://localhost:11434");

    /// <summary>One of <see cref="ChatProviders.All"/>; <c>Extractive</c> (no model) by default.</summary>
    public string Provider { get; set; } = ChatProviders.Extractive;

    /// <summary>The model id (OpenAI, Ollama, Anthropic). For Azure OpenAI the model behind the deployment, used for pricing only.</summary>
    public string? Model { get; set; }

    /// <summary>Base URL: required for Azure OpenAI; optional for OpenAI (compatible servers), Anthropic (proxies) and Ollama.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The provider's key. Comes from the environment or a secret store (<c>AI__Chat__ApiKey</c>), never a committed file.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Azure OpenAI deployment name.</summary>
    public string? Deployment { get; set; }

    /// <summary>Azure OpenAI <c>api-version</c>, e.g. <c>2024-10-21</c>; the SDK's newest when unset.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>Default <c>max_tokens</c> per answer when a caller sets none (Anthropic requires one: 1024 when unset).</summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>Default sampling temperature when a caller sets none.</summary>
    public float? Temperature { get; set; }

    /// <summary>Time one HTTP attempt may take before it is abandoned and retried (a generation can take a while).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    public ChatCacheOptions Cache { get; set; } = new();

    public ChatTelemetryOptions Telemetry { get; set; } = new();
}

/// <summary><c>AI:Chat:Cache</c>: identical requests answered from Redis instead of the model.</summary>
public sealed class ChatCacheOptions
{
    /// <summary>Off by default: a cached answer is only right while the documents behind it are unchanged.</summary>
    public bool Enabled { get; set; }

    /// <summary>How long a cached response lives.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(1);
}

/// <summary><c>AI:Chat:Telemetry</c>.</summary>
public sealed class ChatTelemetryOptions
{
    /// <summary>
    /// When true, prompts and answers go into spans (<c>gen_ai.input.messages</c>, ...) and trace-level logs.
    /// Off by default: questions may carry personal data.
    /// </summary>
    public bool EnableSensitiveData { get; set; }
}
