using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Switchboard.Gateway.Access;

/// <summary>
/// The 401 of the API as RFC 9457 ProblemDetails (the bearer handler's own challenge has an empty body). The detail says
/// what to fix without echoing the token or the validator's internals.
/// </summary>
internal static class UnauthorizedProblem
{
    public static async Task WriteAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var failure = context.AuthenticateFailure;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";

        var detail = failure switch
        {
            null => "This API requires a bearer token: send 'Authorization: Bearer <token>'.",
            SecurityTokenExpiredException => "The bearer token has expired; get a new one.",
            _ => "The bearer token was rejected: check its signature, issuer, audience and lifetime.",
        };

        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Authentication required",
                Detail = detail,
            },
        });
    }
}
