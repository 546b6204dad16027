using Microsoft.Extensions.Options;

namespace Switchboard.Gateway.Access;

/// <summary>The <see cref="Caller"/> of the current request, from the authenticated user and the configured groups claim.</summary>
public sealed class CallerResolver(IOptions<AuthOptions> options)
{
    public Caller Resolve(HttpContext context) => Caller.From(context.User, options.Value.Jwt.GroupsClaim);
}
