using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
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

    /// <summary>The caller's roles (<see cref="SwitchboardRoles"/>) as the token lists them; every role in the open mode.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>
    /// Who uploaded a document, as kept on it (<c>uploadedBy</c>): a pseudonym of <see cref="Subject"/> (SHA-256, 32 hex
    /// digits), so the catalog never holds the raw subject. Null for anonymous callers.
    /// </summary>
    public string? OwnerId => Subject is null
        ? null
        : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("owner:" + Subject)))[..32];

    /// <summary>
    /// Reads the groups from <paramref name="groupsClaim"/>. A JSON array claim arrives from the token handler as one claim
    /// per element; a claim whose value is itself a JSON array text (some issuers) is expanded too.
    /// </summary>
    public static Caller From(ClaimsPrincipal user, string groupsClaim, string rolesClaim = "roles")
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }

        return new Caller(true, Values(user, groupsClaim).Take(MaxGroups).ToList())
        {
            Subject = user.FindFirst("sub")?.Value ?? user.Identity.Name,
            Roles = Values(user, rolesClaim).Where(role => SwitchboardRoles.All.Contains(role, StringComparer.Ordinal)).ToList(),
        };
    }

    private static IEnumerable<string> Values(ClaimsPrincipal user, string claimType) =>
        user.FindAll(claimType)
            .SelectMany(claim => Expand(claim.Value))
            .Select(value => value.Trim())
            .Where(value => value.Length > 0)
            .Distinct(StringComparer.Ordinal);

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
