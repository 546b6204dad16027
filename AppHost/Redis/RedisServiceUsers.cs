using System.Security.Cryptography;
using System.Text;
using Aspire.Hosting.ApplicationModel;

namespace Switchboard.AppHost.Redis;

/// <summary>
/// Redis ACL users, one per service that uses Redis, for the <c>redis-server</c> process: each service connects as
/// itself (<c>CLIENT LIST</c> and <c>ACL LOG</c> name it), with its own password, and may touch only Switchboard's keys
/// (<c>sb:*</c>) with the commands of an application — no administration or dangerous commands (<c>FLUSHALL</c>,
/// <c>CONFIG</c>, <c>KEYS</c>, <c>DEBUG</c>, <c>MONITOR</c>, <c>ACL</c>, <c>SHUTDOWN</c>, …). The <c>default</c> user keeps the
/// <c>redis-password</c> parameter, for operators and the AppHost's health check.
/// </summary>
/// <remarks>
/// A service's password is derived from <c>redis-password</c> (HMAC-SHA256 with the user's name), so there is still one
/// secret to keep and rotate, and the <c>auth.conf</c> file holds only SHA-256 hashes of the service passwords. Key
/// patterns are the namespace, not a service's own keys: the streams, the document catalog and the consumer heartbeats
/// are shared by design (docs/architecture.md). The <c>redis</c> container (a machine with a container engine, and the
/// published manifest) keeps the single password: Aspire.Hosting.Redis has no ACL file.
/// </remarks>
public static class RedisServiceUsers
{
    /// <summary>
    /// What a service user may do. <c>INFO</c> is in <c>@dangerous</c> but StackExchange.Redis reads the server's version
    /// from it (without it, commands such as <c>XAUTOCLAIM</c> are refused as unsupported); it holds no secret.
    /// Any channel: StackExchange.Redis subscribes to its own configuration-change channel.
    /// </summary>
    public const string Permissions = "~sb:* &* +@all -@admin -@dangerous +info";

    /// <summary>The password of <paramref name="user"/>, derived from the <c>redis-password</c> parameter's value.</summary>
    public static string Password(string redisPassword, string user) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(redisPassword), Encoding.UTF8.GetBytes($"redis-user:{user}")));

    /// <summary>The redis.conf line that defines <paramref name="user"/>: on, its password as a SHA-256 hash, <see cref="Permissions"/>.</summary>
    public static string AclLine(string redisPassword, string user) =>
        $"user {user} on #{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Password(redisPassword, user))))} {Permissions}";

    /// <summary>
    /// Gives <paramref name="service"/> Redis (<c>WithReference</c>, so the dashboard and the manifest show the relation)
    /// and, when Redis is the <c>redis-server</c> process, a connection string for its own ACL user, named after the
    /// resource.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithRedis(this IResourceBuilder<ProjectResource> service, IResourceBuilder<IResourceWithConnectionString> redis)
    {
        service.WithReference(redis).WaitFor(redis);
        if (redis.Resource is RedisServerResource server && service.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            var user = service.Resource.Name;
            server.Users.Add(user);
            service.WithEnvironment(async context =>
            {
                var password = await server.Password.GetValueAsync(context.CancellationToken) ?? "";
                var address = await server.Endpoint.Property(EndpointProperty.HostAndPort).GetValueAsync(context.CancellationToken);
                // No tie-break key (outside sb:*) and no CONFIG (refused): StackExchange.Redis would try both at every
                // connect, and each refusal is an ACL LOG entry that would hide a real one.
                context.EnvironmentVariables["ConnectionStrings__redis"] = $"{address},user={user},password={Password(password, user)},tiebreaker=,$CONFIG=";
            });
        }

        return service;
    }
}
