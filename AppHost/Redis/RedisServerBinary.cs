namespace Switchboard.AppHost.Redis;

/// <summary>Where Debian's redis-server is. The start script installs it with apt when it is missing.</summary>
public static class RedisServerBinary
{
    public const string MissingMessage =
        "redis-server is not installed and no container engine answers: install it with 'sudo apt-get install -y redis-server' (./run.sh does this when run as root), then start again.";

    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin")
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);
}
