using Microsoft.Extensions.Configuration;
using Switchboard.ServiceDefaults.Secrets;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// An optional secrets source: HashiCorp Vault KV v2 (<see cref="VaultConfigurationProvider"/>), configured by the
/// <c>Vault</c> section (<c>Vault__Address</c>, <c>Vault__Token</c> or <c>Vault__TokenFile</c>, <c>Vault__Paths__0</c>, ...).
/// Without <c>Vault:Address</c> nothing changes: secrets come from the environment, user-secrets, Aspire parameters or
/// Kubernetes Secrets as before.
/// </summary>
public static class VaultConfigurationExtensions
{
    /// <summary>Adds Vault as the last configuration source (its values win) when <c>Vault:Address</c> is configured. Called by <c>AddServiceDefaults</c>.</summary>
    public static TBuilder AddVaultSecrets<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var options = builder.Configuration.GetSection(VaultOptions.SectionName).Get<VaultOptions>() ?? new VaultOptions();
        if (options.Enabled)
        {
            builder.Configuration.AddVault(options);
        }

        return builder;
    }

    /// <summary>Adds a Vault KV v2 source reading <see cref="VaultOptions.Paths"/>; <paramref name="handler"/> is for tests.</summary>
    public static IConfigurationBuilder AddVault(this IConfigurationBuilder configuration, VaultOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options.Address, nameof(options.Address));
        return configuration.Add(new VaultConfigurationSource(options, handler));
    }
}
