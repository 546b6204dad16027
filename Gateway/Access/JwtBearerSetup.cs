using System.Text;
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
            RoleClaimType = jwt.GroupsClaim,
        };

        if (!string.IsNullOrWhiteSpace(jwt.SigningKey))
        {
            bearer.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey));
            // A symmetric key must only verify HMAC signatures (no algorithm confusion).
            bearer.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.HmacSha384, SecurityAlgorithms.HmacSha512];
        }
        else
        {
            bearer.Authority = jwt.Authority;
            bearer.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
        }

        bearer.Events = new JwtBearerEvents { OnChallenge = UnauthorizedProblem.WriteAsync };
    }
}
