using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Switchboard.SampleApis.OrderStatus.Orders;

/// <summary>
/// The order-status API, described by <c>orders.openapi.yaml</c> (served at <c>/openapi.yaml</c>): one order by id, and
/// orders filtered by customer and status one page at a time (<c>pageSize</c>, and the opaque <c>nextPageToken</c> of the
/// previous page as <c>pageToken</c>). Every <c>/v1</c> call needs the API key when one is configured and counts against
/// the caller's rate limit (429 + Retry-After beyond). Bad input is a 400 naming the field, an unknown order a 404.
/// </summary>
public static partial class OrdersApi
{
    public static WebApplication MapOrdersApi(this WebApplication app)
    {
        var v1 = app.MapGroup("/v1/orders").WithTags("Orders").AddEndpointFilter<ApiKeyFilter>().RequireRateLimiting(OrdersExtensions.RateLimitPolicy);
        v1.MapGet("/{orderId}", Get).WithName("getOrder").WithSummary("One order's status, carrier and expected delivery.");
        v1.MapGet("", List).WithName("listOrders").WithSummary("Orders by customer and status, one page at a time.");
        app.MapGet("/openapi.yaml", () => Results.File(Path.Combine(AppContext.BaseDirectory, "orders.openapi.yaml"), "application/yaml"))
            .WithName("getOpenApiDocument").WithSummary("This API's OpenAPI 3 document (YAML).");
        return app;
    }

    public sealed record OrderView(string OrderId, string Customer, string Status, string PlacedOn, string? Carrier, string? ExpectedOn, int Items, string Source);

    public sealed record OrderPage(IReadOnlyList<OrderView> Items, int Total, string? NextPageToken, string Source);

    public const string Source = "Switchboard sample order book (demo data)";

    internal static Results<Ok<OrderView>, ValidationProblem, ProblemHttpResult> Get(string orderId, OrderBook book)
    {
        var id = orderId.Trim().ToUpperInvariant();
        if (!OrderId().IsMatch(id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["orderId"] = [$"'{orderId}' is not an order id such as ORD-1007."] });
        }

        return book.Find(id) is { } order
            ? TypedResults.Ok(View(order))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Order not found", detail: $"No order has the id {id}.");
    }

    internal static Results<Ok<OrderPage>, ValidationProblem> List(
        string? customer, string? status, string? pageSize, string? pageToken, OrderBook book, IOptions<OrdersOptions> options)
    {
        var errors = new Dictionary<string, string[]>();
        var max = options.Value.MaxPageSize;
        var size = 10;
        if (pageSize is not null && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > max))
        {
            errors["pageSize"] = [$"pageSize must be a whole number from 1 to {max}."];
        }

        var wantedStatus = status?.Trim().ToLowerInvariant();
        if (wantedStatus is { Length: > 0 } && !OrderBook.Statuses.Contains(wantedStatus))
        {
            errors["status"] = [$"status must be one of {string.Join(", ", OrderBook.Statuses)}."];
        }

        var offset = 0;
        if (pageToken is not null)
        {
            if (DecodeToken(pageToken) is { } decoded)
            {
                offset = decoded;
            }
            else
            {
                errors["pageToken"] = ["pageToken is not one this API gave out: pass nextPageToken unchanged."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var matches = book.All
            .Where(o => string.IsNullOrWhiteSpace(customer) || string.Equals(o.Customer, customer.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(o => string.IsNullOrEmpty(wantedStatus) || o.Status == wantedStatus)
            .ToList();
        var page = matches.Skip(offset).Take(size).Select(View).ToList();
        var next = offset + size < matches.Count ? EncodeToken(offset + size) : null;
        return TypedResults.Ok(new OrderPage(page, matches.Count, next, Source));
    }

    private static OrderView View(Order o) => new(
        o.OrderId, o.Customer, o.Status, o.PlacedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), o.Carrier,
        o.ExpectedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), o.Items, Source);

    private static string EncodeToken(int offset) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes("o:" + offset.ToString(CultureInfo.InvariantCulture)));

    private static int? DecodeToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token));
            return text.StartsWith("o:", StringComparison.Ordinal) && int.TryParse(text[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                ? offset
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [GeneratedRegex("^ORD-\\d{4}$")]
    private static partial Regex OrderId();
}
