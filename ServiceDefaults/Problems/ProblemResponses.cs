using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.AgentCore;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// How every service answers: JSON in Switchboard's shape (<see cref="SwitchboardJson"/>), and every error as an
/// RFC 9457 problem. A request the framework cannot bind (malformed JSON, no body) is a 400 in every environment: in
/// Development minimal APIs throw it as a <see cref="BadHttpRequestException"/>, elsewhere they answer a body-less 400;
/// both become a 400 problem, never a 500. A service adds its own <c>IExceptionHandler</c> for exceptions it can name.
/// </summary>
public static class ProblemResponses
{
    public static IHostApplicationBuilder AddProblemResponses(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => SwitchboardJson.Apply(json.SerializerOptions));
        return builder;
    }

    /// <summary>The first middleware of every service: exceptions and body-less error statuses become problems.</summary>
    public static IApplicationBuilder UseProblemResponses(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app;
    }
}
