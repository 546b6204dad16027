using System.Security.Claims;
using System.Text.Json;

namespace Switchboard.Gateway.Access;

/// <summary>
/// Who is asking, as far as document access is concerned: the groups the Gateway passes to every agent as
/// <c>CallerGroups</c>. An anonymous caller has no groups and therefore reads only documents without allowed groups.
/// </summary>
public sealed record Caller(bool IsAuthenticated, IReadOnlyList<string> Groups)
{
    /// <summary>More groups than this in one token is a misconfigured issuer, not a caller: the rest are ignored.</summary>
    public const int MaxGroups = 256;

    public static readonly Caller Anonymous = new(false, []);

    /// <summary>The token's <c>sub</c> claim: who the caller is, for data kept per caller (conversation memory).</summary>
    public string? Subject { get; init; }

    /// <summary>
    /// Reads the groups from <paramref name="groupsClaim"/>. A JSON array claim arrives from the token handler as one claim
    /// per element; a claim whose value is itself a JSON array text (some issuers) is expanded too.
    /// </summary>
    public static Caller From(ClaimsPrincipal user, string groupsClaim)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }

        var groups = user.FindAll(groupsClaim)
            .SelectMany(claim => Expand(claim.Value))
            .Select(group => group.Trim())
            .Where(group => group.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Take(MaxGroups)
            .ToList();
        return new Caller(true, groups) { Subject = user.FindFirst("sub")?.Value ?? user.Identity.Name };
    }

    private static IEnumerable<string> Expand(string value)
    {
        var text = value.Trim();
        if (!text.StartsWith('['))
        {
            return [text];
        }

        try
        {
            return JsonSerializer.Deserialize<string?[]>(text)?.OfType<string>() ?? [];
        }
        catch (JsonException)
        {
            // Not an array after all: a group name that happens to start with '['.
            return [text];
        }
    }
}
