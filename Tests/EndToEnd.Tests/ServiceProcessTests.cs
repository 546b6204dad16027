using System.Reflection;
using Switchboard.Tests.Support;

namespace Switchboard.EndToEnd.Tests;

/// <summary>The process launcher the end-to-end fixture relies on, exercised with a real service binary.</summary>
public sealed class ServiceProcessTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly string Root = Metadata("RepositoryRoot");
    private static readonly string Configuration = Metadata("Configuration");

    private static string Dll(string project) => Path.Combine(Root, project, "bin", Configuration, "net10.0", project + ".dll");

    [Fact]
    public async Task A_started_service_listens_on_a_free_loopback_port_and_stops_gracefully_on_sigterm()
    {
        var service = await ServiceProcess.StartAsync(
            "reporting", Dll("ReportingAgent"),
            new Dictionary<string, string?> { ["ConnectionStrings__redis"] = redis.ConnectionString },
            TimeSpan.FromMinutes(3));
        await using (service)
        {
            Assert.Equal("127.0.0.1", service.BaseAddress.Host);
            Assert.NotEqual(0, service.BaseAddress.Port);
            using var http = new HttpClient { BaseAddress = service.BaseAddress };
            Assert.True((await http.GetAsync("/alive")).IsSuccessStatusCode);

            var exitCode = await service.StopAsync(TimeSpan.FromSeconds(30));

            Assert.True(exitCode == 0, $"expected a clean exit after SIGTERM, got {exitCode?.ToString() ?? "a kill"}:\n{service.RecentOutput}");
        }
    }

    [Fact]
    public async Task A_service_that_cannot_start_fails_fast_with_its_own_output_in_the_message()
    {
        // No ConnectionStrings__redis: the Gateway refuses to start and says why.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceProcess.StartAsync(
            "gateway", Dll("Gateway"),
            new Dictionary<string, string?>(),
            TimeSpan.FromMinutes(3)));

        Assert.Contains("gateway exited", failure.Message);
        Assert.Contains("ConnectionStrings", failure.Message);
    }

    private static string Metadata(string key) =>
        typeof(ServiceProcessTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
