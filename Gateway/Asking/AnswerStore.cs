using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Asking;

/// <summary>Keeps each <see cref="AskResponse"/> in Redis (<c>sb:answer:&lt;id&gt;</c>) for <c>GET /v1/ask/{id}</c>.</summary>
public sealed class AnswerStore(IConnectionMultiplexer redis, IOptions<GatewayOptions> options)
{
    public static string Key(string answerId) => $"sb:answer:{answerId}";

    public Task SaveAsync(AskResponse answer) =>
        redis.GetDatabase().StringSetAsync(
            Key(answer.AnswerId), JsonSerializer.Serialize(answer, SwitchboardJson.Options), options.Value.AnswerTtl);

    public async Task<AskResponse?> GetAsync(string answerId)
    {
        var json = await redis.GetDatabase().StringGetAsync(Key(answerId));
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<AskResponse>((string)json!, SwitchboardJson.Options);
    }
}
