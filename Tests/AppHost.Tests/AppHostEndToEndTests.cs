using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.AppHost.Tests;

/// <summary>The stack started by Aspire.Hosting.Testing from the AppHost: what a developer gets from <c>./run.sh</c>.</summary>
public sealed class AppHostEndToEndTests(AppHostStack stack) : IClassFixture<AppHostStack>
{
    [Fact]
    public async Task The_samples_are_ingested_on_the_first_start_and_a_question_is_answered_from_them()
    {
        var snapshot = stack.App.ResourceNotifications.TryGetCurrentState("samples", out var samples) ? samples.Snapshot : null;
        Assert.True(snapshot?.State?.Text == KnownResourceStates.Finished, $"sample ingestion ended '{snapshot?.State?.Text}'");

        var documents = await stack.Gateway.GetFromJsonAsync<JsonElement>("/v1/documents");
        var sampleCount = Directory.GetFiles(Path.Combine(AppHostCommand.RepositoryRoot, "samples")).Count(f => Path.GetFileName(f) is not ("README.md" or "questions.json"));
        Assert.Equal(sampleCount, documents.EnumerateArray().Count(d => d.GetProperty("status").GetString() == "ready"));

        using var response = await stack.Gateway.PostAsJsonAsync("/v1/ask", new { question = "What is the minimum password length?" });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, answer.ToString());
        Assert.Equal("answered", answer.GetProperty("status").GetString());
        Assert.Contains("14", answer.GetProperty("answer").GetString());
        Assert.Contains(answer.GetProperty("citations").EnumerateArray(), c => c.GetProperty("documentName").GetString() == "information-security-policy.md");
    }

    [Fact]
    public async Task Redis_refuses_a_connection_without_the_password_and_the_password_is_on_no_command_line()
    {
        var connectionString = await stack.App.GetConnectionStringAsync("redis");
        Assert.NotNull(connectionString);
        var parts = connectionString.Split(',');
        var password = Assert.Single(parts, p => p.StartsWith("password=", StringComparison.Ordinal))["password=".Length..];
        Assert.True(password.Length >= 32, "the generated password is shorter than 32 characters");
        var (host, port) = (parts[0][..parts[0].LastIndexOf(':')], int.Parse(parts[0][(parts[0].LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

        Assert.StartsWith("-NOAUTH", await RespAsync(host, port, "PING"));
        Assert.StartsWith("-WRONGPASS", await RespAsync(host, port, "AUTH", "not-the-password"));
        Assert.Equal("+OK", await RespAsync(host, port, "AUTH", password));

        // Not on the command line (any local user may read those), and its file is the owner's alone.
        foreach (var cmdline in Directory.GetDirectories("/proc").Select(d => Path.Combine(d, "cmdline")).Where(File.Exists))
        {
            string text;
            try
            {
                text = await File.ReadAllTextAsync(cmdline);
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        }

        var authFile = Path.Combine(stack.DataDirectory, "redis", "auth.conf");
        Assert.True(File.Exists(authFile), $"{authFile} is missing");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(authFile));
        }
    }

    [Fact]
    public async Task Each_service_connects_to_redis_as_its_own_user_that_may_only_use_switchboards_keys()
    {
        var connectionString = await stack.App.GetConnectionStringAsync("redis");
        var parts = connectionString!.Split(',');
        var address = parts[0];
        var master = Assert.Single(parts, p => p.StartsWith("password=", StringComparison.Ordinal))["password=".Length..];
        string[] users = ["gateway", "retrieval", "compliance", "reporting", "workflows"];

        // Every service that uses Redis is connected as its own user (the default user is the operators' and the health check's).
        await using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"{address},password={master},allowAdmin=true");
        var clients = (string?)await admin.GetDatabase().ExecuteAsync("CLIENT", "LIST") ?? "";
        foreach (var user in users)
        {
            Assert.Contains($" user={user} ", clients, StringComparison.Ordinal);
        }

        // ... and none was refused anything so far (the stack has started, ingested the samples and answered). An ACL LOG
        // entry is a flat list of names and values; other tests' failed logins are the default user's.
        var log = (StackExchange.Redis.RedisResult[]?)await admin.GetDatabase().ExecuteAsync("ACL", "LOG") ?? [];
        var refusals = log.Select(e => ((StackExchange.Redis.RedisResult[]?)e ?? []).Select(x => x.ToString()).ToList())
            .Where(entry => users.Any(user => entry.IndexOf("username") is var i && i >= 0 && i + 1 < entry.Count && entry[i + 1] == user))
            .Select(entry => string.Join(' ', entry)).ToList();
        Assert.True(refusals.Count == 0, $"ACL LOG: {string.Join(" | ", refusals)}");

        // A service's user: Switchboard's keys and an application's commands, nothing else.
        await using var gateway = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(
            $"{address},user=gateway,password={Switchboard.AppHost.Redis.RedisServiceUsers.Password(master, "gateway")},allowAdmin=true");
        var db = gateway.GetDatabase();
        Assert.True(await db.StringSetAsync("sb:test:acl", "1", TimeSpan.FromMinutes(1)));
        Assert.NotNull(await db.ExecuteAsync("INFO", "server"));
        foreach (var refused in new[] { new object[] { "SET", "elsewhere", "1" }, ["FLUSHALL"], ["CONFIG", "GET", "requirepass"], ["KEYS", "*"], ["ACL", "LIST"], ["CLIENT", "KILL", "ID", "999999"], ["BGREWRITEAOF"] })
        {
            var error = await Assert.ThrowsAsync<StackExchange.Redis.RedisServerException>(() => db.ExecuteAsync((string)refused[0], refused[1..]));
            Assert.StartsWith("NOPERM", error.Message, StringComparison.Ordinal);
        }

        // Another service's password is not this user's.
        var wrong = $"{address},user=gateway,password={Switchboard.AppHost.Redis.RedisServiceUsers.Password(master, "retrieval")},abortConnect=true,connectTimeout=2000";
        await Assert.ThrowsAnyAsync<StackExchange.Redis.RedisConnectionException>(() => StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(wrong));
    }

    /// <summary>One command on a fresh connection (RESP), and the first line of the reply.</summary>
    private static async Task<string> RespAsync(string host, int port, params string[] command)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(host, port);
        var stream = client.GetStream();
        var request = new System.Text.StringBuilder($"*{command.Length}\r\n");
        foreach (var part in command)
        {
            request.Append('$').Append(System.Text.Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(request.ToString()));
        var buffer = new byte[512];
        var read = await stream.ReadAsync(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read).Split("\r\n")[0];
    }

    [Fact]
    public async Task The_retrieval_agent_runs_as_the_replicas_the_parameter_asks_for_and_all_are_healthy()
    {
        var notifications = stack.App.Services.GetRequiredService<ResourceNotificationService>();
        var seen = new HashSet<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var update in notifications.WatchAsync(timeout.Token))
        {
            if (update.Resource.Name == "retrieval" && update.Snapshot.State?.Text == KnownResourceStates.Running && update.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy)
            {
                seen.Add(update.ResourceId);
                if (seen.Count == 2)
                {
                    break;
                }
            }
        }

        Assert.Equal(2, seen.Count);
    }
}
