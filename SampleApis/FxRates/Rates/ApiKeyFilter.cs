using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Switchboard.SampleApis.FxRates.Rates;

/// <summary>
/// Requires <c>X-Api-Key</c> to equal <see cref="FxRatesOptions.ApiKey"/> when one is configured (open otherwise).
/// Compared in constant time; the key is never logged or echoed.
/// </summary>
public sealed class ApiKeyFilter(IOptions<FxRatesOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.ApiKey;
        if (string.IsNullOrEmpty(expected))
        {
            return next(context);
        }

        var given = context.HttpContext.Request.Headers[HeaderName].ToString();
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
        {
            return next(context);
        }

        return ValueTask.FromResult<object?>(TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "API key required",
            detail: $"Send a valid API key in the {HeaderName} header."));
    }
}
