using System.Text.Json.Serialization;

namespace Switchboard.RetrievalAgent.Api;

public static class ApiExtensions
{
    /// <summary>JSON like every Switchboard payload (<c>SwitchboardJson</c>): web defaults, nulls omitted.</summary>
    public static IHostApplicationBuilder AddRetrievalApi(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);
        return builder;
    }

    /// <summary>
    /// Every error response is RFC 9457 ProblemDetails. A request the framework cannot bind (malformed JSON, no body)
    /// stays a 400 in every environment: in Development it arrives here as a thrown <see cref="BadHttpRequestException"/>.
    /// </summary>
    public static WebApplication UseProblemResponses(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app;
    }
}
