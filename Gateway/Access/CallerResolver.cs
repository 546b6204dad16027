using Microsoft.Extensions.Options;

namespace Switchboard.Gateway.Access;

/// <summary>The <see cref="Caller"/> of the current request, from the authenticated user and the configured claims.</summary>
public sealed class CallerResolver(IOptions<AuthOptions> options)
{
    /// <summary>The open development mode's caller: anonymous (no groups, so only unrestricted documents), every role.</summary>
    public static readonly Caller Open = Caller.Anonymous with { Roles = SwitchboardRoles.All };

    /// <summary>A caller without a token where <c>Auth:AllowAnonymous=true</c>: a reader without groups.</summary>
    public static readonly Caller AnonymousReader = Caller.Anonymous with { Roles = [SwitchboardRoles.Reader] };

    public Caller Resolve(HttpContext context)
    {
        var auth = options.Value;
        if (auth.IsOpen)
        {
            return Open;
        }

        var caller = Caller.From(context.User, auth.Jwt.GroupsClaim, auth.Jwt.RolesClaim);
        return caller.IsAuthenticated ? caller : AnonymousReader;
    }
}
