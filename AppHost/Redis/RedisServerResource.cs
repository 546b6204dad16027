using Aspire.Hosting.ApplicationModel;

namespace Switchboard.AppHost.Redis;

/// <summary>
/// Debian's <c>redis-server</c> run by DCP as a process, for machines without a container engine. It is a
/// connection-string resource, so <c>WithReference(redis)</c> gives the services <c>ConnectionStrings__redis</c>
/// exactly as the <c>redis</c> container would: <c>host:port,password=...</c>, the password being the AppHost's secret
/// parameter <c>redis-password</c> (a client without it is refused with <c>NOAUTH</c>).
/// </summary>
public sealed class RedisServerResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ParameterResource Password { get; } = password;

    /// <summary>The ACL users of the services that use this Redis (<see cref="RedisServiceUsers"/>), written to its configuration.</summary>
    public SortedSet<string> Users { get; } = new(StringComparer.Ordinal);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.HostAndPort)},password={Password}");
}
