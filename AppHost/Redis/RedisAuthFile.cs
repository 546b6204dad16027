using System.Text;
using Switchboard.AppHost.Topology;

namespace Switchboard.AppHost.Redis;

/// <summary>
/// The redis-server configuration file that holds the password (<c>requirepass</c>, the <c>default</c> user's) and the
/// services' ACL users (<see cref="RedisServiceUsers"/>), readable by its owner only.
/// </summary>
public static class RedisAuthFile
{
    public static async Task WriteAsync(string path, string? password, IEnumerable<string> users)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new AppHostSettingsException("The redis-password parameter is empty: Redis would run without a password.");
        }

        // A double-quoted redis configuration string: backslash and quote escaped, so any password is read back as given.
        var quoted = password.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var file = new FileStream(path, options))
        {
            var text = new StringBuilder()
                .Append("# Written by the AppHost at each start; the password is its redis-password parameter.\n")
                .Append($"requirepass \"{quoted}\"\n");
            foreach (var user in users)
            {
                text.Append(RedisServiceUsers.AclLine(password, user)).Append('\n');
            }

            await file.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()));
        }

        if (!OperatingSystem.IsWindows())
        {
            // An existing file keeps its mode when overwritten: make sure it is the owner's alone.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
