using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Switchboard.Gateway.Access;

/// <summary>Turns <see cref="JwtOptions"/> into the bearer handler's validation rules.</summary>
internal static class JwtBearerSetup
{
    public static void Apply(JwtBearerOptions bearer, JwtOptions jwt)
    {
        // Keep claim names as issued ("groups", "sub"), so Auth:Jwt:GroupsClaim names the claim the token really has.
        bearer.MapInboundClaims = false;
        bearer.Audience = jwt.Audience;
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = string.IsNullOrWhiteSpace(jwt.Issuer) ? null : jwt.Issuer,
            ValidateAudience = true,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = jwt.ClockSkew,
            NameClaimType = "sub",
            RoleClaimType = jwt.RolesClaim,
        };

        if (!string.IsNullOrWhiteSpace(jwt.SigningKey))
        {
            bearer.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(jwt.SigningKeyBytes());
            // A symmetric key must only verify HMAC signatures (no algorithm confusion).
            bearer.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.HmacSha384, SecurityAlgorithms.HmacSha512];
        }
        else
        {
            // Keys come from the authority's discovery document (jwks_uri), refreshed periodically and again when a token names
            // a key not seen yet (rotation). Only asymmetric signatures: an HMAC token "signed" with a public key is refused.
            bearer.Authority = jwt.Authority;
            bearer.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
            bearer.RefreshOnIssuerKeyNotFound = true;
            bearer.RefreshInterval = jwt.KeyRefreshInterval;
            bearer.TokenValidationParameters.ValidAlgorithms =
            [
                SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
                SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
                SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
            ];
        }

        bearer.Events = new JwtBearerEvents { OnChallenge = UnauthorizedProblem.WriteAsync };
    }
}
