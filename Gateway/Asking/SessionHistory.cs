using StackExchange.Redis;

namespace Switchboard.Gateway.Asking;

/// <summary>
/// The last questions of a session, which the router uses to resolve follow-ups ("and for March?").
/// Only screened (redacted) text is kept, for a day.
/// </summary>
public sealed class SessionHistory(IConnectionMultiplexer redis)
{
    public const int MaxQuestions = 5;
    public static readonly TimeSpan Ttl = TimeSpan.FromDays(1);

    public static string Key(string sessionId) => $"sb:session:{sessionId}:questions";

    public async Task<IReadOnlyList<string>> GetAsync(string? sessionId)
    {
        if (sessionId is null)
        {
            return [];
        }

        var values = await redis.GetDatabase().ListRangeAsync(Key(sessionId), -MaxQuestions, -1);
        return values.Select(v => (string)v!).ToList();
    }

    public async Task AppendAsync(string? sessionId, string question)
    {
        if (sessionId is null)
        {
            return;
        }

        var tx = redis.GetDatabase().CreateTransaction();
        _ = tx.ListRightPushAsync(Key(sessionId), question);
        _ = tx.ListTrimAsync(Key(sessionId), -MaxQuestions, -1);
        _ = tx.KeyExpireAsync(Key(sessionId), Ttl);
        await tx.ExecuteAsync();
    }
}
