namespace Switchboard.SampleApis.OrderStatus.Orders;

/// <summary>The order API's settings (<c>Orders</c> section).</summary>
public sealed class OrdersOptions
{
    public const string SectionName = "Orders";

    /// <summary>When set, every <c>/v1</c> call needs it in <c>X-Api-Key</c> (a secret: environment only).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Calls per caller (API key, else address) per <see cref="RateLimitWindow"/>; beyond, 429 with Retry-After.</summary>
    public int RateLimitPermits { get; set; } = 20;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest page of <c>GET /v1/orders</c>.</summary>
    public int MaxPageSize { get; set; } = 50;
}
