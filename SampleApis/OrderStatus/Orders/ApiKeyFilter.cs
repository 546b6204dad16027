using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Switchboard.SampleApis.OrderStatus.Orders;

/// <summary>Requires <c>X-Api-Key</c> to equal <see cref="OrdersOptions.ApiKey"/> when one is configured; constant-time, never logged.</summary>
public sealed class ApiKeyFilter(IOptions<OrdersOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.ApiKey;
        if (string.IsNullOrEmpty(expected)
            || CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.HttpContext.Request.Headers[HeaderName].ToString()), Encoding.UTF8.GetBytes(expected)))
        {
            return next(context);
        }

        return ValueTask.FromResult<object?>(TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized, title: "API key required", detail: $"Send a valid API key in the {HeaderName} header."));
    }
}
