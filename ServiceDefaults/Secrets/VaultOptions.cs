namespace Switchboard.ServiceDefaults.Secrets;

/// <summary>
/// Where a service reads its secrets from HashiCorp Vault (KV version 2), bound from <c>Vault</c> before anything else is
/// configured. Off unless <see cref="Address"/> is set. The token is itself a secret: from the environment
/// (<c>Vault__Token</c>) or a file a Vault agent or Kubernetes mounts (<see cref="TokenFile"/>), never a committed file.
/// </summary>
public sealed class VaultOptions
{
    public const string SectionName = "Vault";

    /// <summary>The Vault server, e.g. <c>https://vault.internal:8200</c>.</summary>
    public Uri? Address { get; set; }

    /// <summary>A Vault token with read access to <see cref="Paths"/>.</summary>
    public string? Token { get; set; }

    /// <summary>A file holding the token (read at every load, so a rotated token is picked up); used when <see cref="Token"/> is empty.</summary>
    public string? TokenFile { get; set; }

    /// <summary>The KV v2 secrets engine's mount point.</summary>
    public string Mount { get; set; } = "secret";

    /// <summary>
    /// The secrets to read, in order (a later one wins on the same key), e.g. <c>switchboard/common</c>, <c>switchboard/gateway</c>.
    /// Each secret's keys are configuration keys, <c>__</c> or <c>:</c> between sections: <c>ServiceAuth__Key</c>.
    /// </summary>
    public List<string> Paths { get; set; } = [];

    /// <summary>Vault Enterprise namespace (the <c>X-Vault-Namespace</c> header), if any.</summary>
    public string? Namespace { get; set; }

    /// <summary>Read the secrets again this often (rotated values reach <c>IOptionsMonitor</c>); none: at start only.</summary>
    public TimeSpan? ReloadInterval { get; set; }

    /// <summary>How long one read may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => Address is not null;
}
