using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Switchboard.Tests.Support;

namespace Switchboard.ComplianceAgent.Tests;

/// <summary>The ComplianceAgent in process, over the fixture's real redis-server, with optional extra settings.</summary>
public static class ComplianceApp
{
    public static WebApplicationFactory<Program> Create(RedisServerFixture redis, params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:redis", redis.ConnectionString);
            // Poll the interactions stream quickly so the audit tests do not wait on the production default.
            builder.UseSetting("Messaging:Consumers:sb:interactions:PollInterval", "00:00:00.050");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
}
