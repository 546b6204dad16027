using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;
using Switchboard.Tests.Support;

namespace Switchboard.AgentCore.Tests.ServiceDefaults;

/// <summary>The shared service defaults, exercised in a real Kestrel host on loopback.</summary>
public sealed class ServiceDefaultsTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static async Task<(WebApplication App, HttpClient Client)> StartAsync(string redisConnection, string? otlpEndpoint = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["ConnectionStrings:redis"] = redisConnection;
        if (otlpEndpoint is not null)
        {
            builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
        }

        builder.AddServiceDefaults();
        builder.AddRedisClient("redis");
        builder.AddEventPublisher();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapPost("/publish", async (IEventPublisher publisher) =>
            await publisher.PublishAsync("test:defaults", new InteractionRecorded("a", "q", "answered", null, null, [], null, 0, 1, new Dictionary<string, double>(), [], null)));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    [Theory]
    [InlineData("gateway", "gateway")]
    [InlineData(null, "testhost")]
    public void Spans_carry_the_orchestrators_service_name_when_it_gives_one(string? otelServiceName, string expected)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "testhost" });
        if (otelServiceName is not null)
        {
            builder.Configuration["OTEL_SERVICE_NAME"] = otelServiceName;
        }

        builder.AddServiceDefaults();
        using var app = builder.Build();
        var tracer = app.Services.GetRequiredService<OpenTelemetry.Trace.TracerProvider>();

        var resource = OpenTelemetry.ProviderExtensions.GetResource(tracer);
        Assert.Equal(expected, resource.Attributes.Single(a => a.Key == "service.name").Value);
    }

    [Fact]
    public async Task Health_alive_and_metrics_are_served_when_redis_is_up()
    {
        var (app, client) = await StartAsync(redis.ConnectionString);
        await using var _ = app;

        // Ready once the Redis connection, opened in the background at start, is up (each check is cut off at 800 ms).
        await Eventually.MatchAsync(async () => (await client.GetAsync("/health")).StatusCode, status => status == HttpStatusCode.OK, "/health to be 200");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);

        (await client.PostAsync("/publish", null)).EnsureSuccessStatusCode();
        var metrics = await Eventually.MatchAsync(
            () => client.GetStringAsync("/metrics"),
            text => text.Contains("switchboard_events_published_total"),
            "the custom counter on /metrics");
        Assert.Contains("http_server_request_duration_seconds", metrics);
    }

    [Fact]
    public async Task Health_reports_unhealthy_while_alive_stays_ok_when_redis_is_down()
    {
        var deadPort = FreePort.Next();
        var (app, client) = await StartAsync($"127.0.0.1:{deadPort},connectTimeout=200");
        await using var _ = app;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
    }

    [Fact]
    public async Task Service_starts_and_serves_with_an_otlp_endpoint_configured()
    {
        // Per-signal OTLP exporters must coexist with the Prometheus exporter; an unreachable collector must not break requests.
        var (app, client) = await StartAsync(redis.ConnectionString, otlpEndpoint: $"http://127.0.0.1:{FreePort.Next()}");
        await using var _ = app;

        await Eventually.MatchAsync(async () => (await client.GetAsync("/health")).StatusCode, status => status == HttpStatusCode.OK, "/health to be 200");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public void Missing_redis_connection_string_fails_at_start_naming_the_setting()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["ConnectionStrings:redis"] = "";
        var error = Assert.Throws<InvalidOperationException>(() => builder.AddRedisClient("redis"));
        Assert.Contains("ConnectionStrings__redis", error.Message);
    }
}
