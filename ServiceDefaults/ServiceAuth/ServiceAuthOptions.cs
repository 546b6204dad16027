using System.ComponentModel.DataAnnotations;

namespace Switchboard.ServiceDefaults.ServiceAuth;

/// <summary>
/// Service-to-service trust, bound from <c>ServiceAuth</c> in every service. With <see cref="Key"/> set, every agent
/// endpoint but <c>/health</c>, <c>/alive</c> and <c>/metrics</c> needs a <see cref="ServiceToken"/> signed with it, and
/// every call to one of <see cref="Services"/> carries one. Without it the agents accept any caller ("open"), which a
/// Production environment refuses unless <see cref="AllowOpenInProduction"/> says so.
/// </summary>
public sealed class ServiceAuthOptions
{
    public const string SectionName = "ServiceAuth";

    /// <summary>HMAC-SHA256 key shared by the Gateway and the agents (at least 32 bytes). A secret: environment, user-secrets, an Aspire parameter or a Kubernetes Secret only.</summary>
    public string? Key { get; set; }

    /// <summary>Run the agents without service tokens in Production. Only for a closed test rig; the service says so at start.</summary>
    public bool AllowOpenInProduction { get; set; }

    /// <summary>How long a signed call is valid: long enough for one request's deadline, short enough that a captured token soon expires.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Tolerated clock difference between pods.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Host names of our own services (service-discovery names): only calls to these carry a service token, never calls to third-party APIs.</summary>
    [MinLength(1)]
    public List<string> Services { get; set; } = ["gateway", "router", "retrieval", "compliance", "reporting", "risk", "workflows"];

    public bool Enabled => !string.IsNullOrEmpty(Key);

    public const int MinKeyBytes = 32;
}
