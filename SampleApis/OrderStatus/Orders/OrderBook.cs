using System.Globalization;

namespace Switchboard.SampleApis.OrderStatus.Orders;

/// <summary>One order as the API returns it.</summary>
public sealed record Order(string OrderId, string Customer, string Status, DateOnly PlacedOn, string? Carrier, DateOnly? ExpectedOn, int Items);

/// <summary>
/// The sample order book: 60 orders ORD-1001 … ORD-1060 of four customers, generated the same way on every start (demo
/// data), newest first.
/// </summary>
public sealed class OrderBook(IReadOnlyList<Order> orders)
{
    public static readonly string[] Statuses = ["placed", "packed", "shipped", "delivered", "cancelled"];
    public static readonly string[] Customers = ["ACME", "GLOBEX", "INITECH", "UMBRELLA"];

    public IReadOnlyList<Order> All => orders;

    public Order? Find(string orderId) => orders.FirstOrDefault(o => string.Equals(o.OrderId, orderId, StringComparison.OrdinalIgnoreCase));

    public static OrderBook Sample { get; } = new([.. Enumerable.Range(1, 60).Select(Make).OrderByDescending(o => o.PlacedOn).ThenByDescending(o => o.OrderId, StringComparer.Ordinal)]);

    private static Order Make(int n)
    {
        var status = Statuses[(n * 7) % Statuses.Length];
        var placed = new DateOnly(2026, 9, 1).AddDays(n);
        var shipped = status is "shipped" or "delivered";
        return new Order(
            "ORD-" + (1000 + n).ToString(CultureInfo.InvariantCulture),
            Customers[n % Customers.Length],
            status,
            placed,
            shipped ? (n % 2 == 0 ? "DHL" : "UPS") : null,
            status is "cancelled" ? null : placed.AddDays(3 + (n % 5)),
            1 + (n % 4));
    }
}
