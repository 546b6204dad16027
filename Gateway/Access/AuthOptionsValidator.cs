using Microsoft.Extensions.Options;

namespace Switchboard.Gateway.Access;

/// <summary>Refuses to start with an auth configuration that would silently accept forged or unscoped tokens.</summary>
public sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    /// <summary>HMAC-SHA256 needs a key of at least 256 bits.</summary>
    public const int MinSigningKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        var jwt = options.Jwt;
        if (!string.IsNullOrWhiteSpace(options.Ui.ClientId) && string.IsNullOrWhiteSpace(jwt.Authority))
        {
            failures.Add("Auth:Ui:ClientId is set but Auth:Jwt:Authority is not: the web UI signs in at the authority, so it needs one.");
        }

        if (!jwt.IsConfigured)
        {
            if (options.AllowAnonymous == false)
            {
                failures.Add("Auth:AllowAnonymous is false but neither Auth:Jwt:SigningKey nor Auth:Jwt:Authority is set, so no caller could be authenticated.");
            }

            if (environment.IsProduction() && !options.AllowOpenInProduction)
            {
                failures.Add("The Gateway will not start open in Production: no Auth:Jwt:Authority (or Auth:Jwt:SigningKey) is set, so every " +
                             "caller would be anonymous with every role, including upload and delete. Set Auth:Jwt:Authority and Auth:Jwt:Audience " +
                             "(see Gateway/README.md#access), or Auth:AllowOpenInProduction=true for a closed test rig.");
            }

            return Result(failures);
        }

        if (!string.IsNullOrWhiteSpace(jwt.SigningKey) && !string.IsNullOrWhiteSpace(jwt.Authority))
        {
            failures.Add("Set either Auth:Jwt:SigningKey or Auth:Jwt:Authority, not both.");
        }

        if (!string.IsNullOrWhiteSpace(jwt.SigningKey))
        {
            if ((jwt.SigningKeyBytes()?.Length ?? 0) < MinSigningKeyBytes)
            {
                failures.Add($"Auth:Jwt:SigningKey must be at least {MinSigningKeyBytes} bytes (256 bits) for HMAC-SHA256.");
            }

            if (string.IsNullOrWhiteSpace(jwt.Issuer))
            {
                failures.Add("Auth:Jwt:Issuer is required with Auth:Jwt:SigningKey.");
            }
        }

        if (!string.IsNullOrWhiteSpace(jwt.Authority) && !Uri.TryCreate(jwt.Authority, UriKind.Absolute, out _))
        {
            failures.Add("Auth:Jwt:Authority must be an absolute URL.");
        }

        if (string.IsNullOrWhiteSpace(jwt.Audience))
        {
            failures.Add("Auth:Jwt:Audience is required when JWT is configured.");
        }

        if (string.IsNullOrWhiteSpace(jwt.RolesClaim))
        {
            failures.Add("Auth:Jwt:RolesClaim must name a claim.");
        }

        if (string.IsNullOrWhiteSpace(jwt.GroupsClaim))
        {
            failures.Add("Auth:Jwt:GroupsClaim must name a claim.");
        }

        if (jwt.ClockSkew < TimeSpan.Zero || jwt.ClockSkew > TimeSpan.FromMinutes(10))
        {
            failures.Add("Auth:Jwt:ClockSkew must be between 0 and 10 minutes.");
        }

        if (jwt.KeyRefreshInterval < TimeSpan.FromSeconds(1) || jwt.KeyRefreshInterval > TimeSpan.FromDays(1))
        {
            failures.Add("Auth:Jwt:KeyRefreshInterval must be between 1 second and 1 day.");
        }

        return Result(failures);
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
