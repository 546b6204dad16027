using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Switchboard.ServiceDefaults.ServiceAuth;

/// <summary>
/// On an agent: every request but <c>/health</c>, <c>/alive</c> and <c>/metrics</c> must carry a valid
/// <see cref="ServiceToken"/>; otherwise <c>401</c> with a problem saying what is missing (never echoing the token). The
/// verified caller is put on the request as a <see cref="ServiceCallerFeature"/> (see <see cref="ServiceCallerExtensions"/>).
/// </summary>
internal sealed class ServiceTokenMiddleware(RequestDelegate next, IOptions<ServiceAuthOptions> options, TimeProvider time,
    ILogger<ServiceTokenMiddleware> logger)
{
    private readonly byte[]? _key = options.Value.Enabled ? Encoding.UTF8.GetBytes(options.Value.Key!) : null;

    public async Task InvokeAsync(HttpContext context)
    {
        if (_key is null || Extensions.IsInfrastructurePath(context.Request.Path))
        {
            await next(context);
            return;
        }

        var header = context.Request.Headers[ServiceToken.HeaderName];
        string failure;
        if (header.Count > 1)
        {
            failure = "more than one service token";
        }
        else if (ServiceToken.TryValidate(header.Count == 0 ? null : header[0], _key, time.GetUtcNow(), options.Value.ClockSkew,
                     out var call, out failure))
        {
            context.Features.Set(call);
            await next(context);
            return;
        }

        logger.LogWarning("Refused {Method} {Path}: {Failure}", context.Request.Method, context.Request.Path.Value, failure);
        ServiceAuthMetrics.Refused(failure);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "SwitchboardService";
        var problems = context.RequestServices.GetService(typeof(IProblemDetailsService)) as IProblemDetailsService;
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Service token required",
                Detail = $"This service only answers Switchboard's own services ({failure}). Call the Gateway's public API instead.",
            },
        };
        if (problems is null || !await problems.TryWriteAsync(problem))
        {
            await context.Response.WriteAsJsonAsync(problem.ProblemDetails, options: null, contentType: "application/problem+json");
        }
    }
}
