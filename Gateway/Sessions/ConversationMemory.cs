using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.AgentCore;
using Switchboard.Gateway.Access;

namespace Switchboard.Gateway.Sessions;

/// <summary>
/// The last <see cref="SessionOptions.MaxTurns"/> exchanges of each session, in a Redis list per caller and session id
/// (<c>sb:session:&lt;caller scope&gt;:&lt;session id&gt;</c>), trimmed and given a fresh TTL on every turn.
/// </summary>
/// <remarks>
/// The key holds a hash of the caller (token subject and groups, or "anonymous"), so a session id learnt or guessed by
/// another caller opens an empty session, never someone else's history. Anonymous callers share one scope: for them the
/// session id is the only secret.
/// </remarks>
public sealed class ConversationMemory(IConnectionMultiplexer redis, IOptions<SessionOptions> options)
{
    public static string Key(Caller caller, string sessionId) => $"sb:session:{Scope(caller)}:{sessionId}";

    /// <summary>A stable, non-reversible name for the caller (so the key shows neither subject nor groups).</summary>
    public static string Scope(Caller caller)
    {
        var identity = caller.IsAuthenticated ? $"sub:{caller.Subject}" : "anonymous";
        var groups = string.Join('\n', caller.Groups.Order(StringComparer.Ordinal));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{identity}\n{groups}"));
        return Convert.ToHexStringLower(hash, 0, 16);
    }

    /// <returns>The kept turns, oldest first; empty for no session id or an unknown (or expired) session.</returns>
    public async Task<IReadOnlyList<SessionTurn>> GetAsync(Caller caller, string? sessionId)
    {
        if (sessionId is null)
        {
            return [];
        }

        var values = await redis.GetDatabase().ListRangeAsync(Key(caller, sessionId), -options.Value.MaxTurns, -1);
        return values
            .Select(v => JsonSerializer.Deserialize<SessionTurn>(v.ToString(), SwitchboardJson.Options))
            .OfType<SessionTurn>()
            .ToList();
    }

    /// <summary>Appends a turn, drops the oldest beyond the limit and restarts the TTL, in one transaction.</summary>
    public async Task AppendAsync(Caller caller, string? sessionId, SessionTurn turn)
    {
        if (sessionId is null)
        {
            return;
        }

        var key = Key(caller, sessionId);
        var tx = redis.GetDatabase().CreateTransaction();
        _ = tx.ListRightPushAsync(key, JsonSerializer.Serialize(turn, SwitchboardJson.Options));
        _ = tx.ListTrimAsync(key, -options.Value.MaxTurns, -1);
        _ = tx.KeyExpireAsync(key, options.Value.Ttl);
        await tx.ExecuteAsync();
    }

    /// <returns>False when the caller has no such session.</returns>
    public Task<bool> DeleteAsync(Caller caller, string sessionId) => redis.GetDatabase().KeyDeleteAsync(Key(caller, sessionId));
}
