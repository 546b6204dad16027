namespace Switchboard.Gateway.Access;

/// <summary>
/// The roles a token may carry (in <c>Auth:Jwt:RolesClaim</c>, <c>roles</c> by default) and the authorization policies
/// built from them. One place names them: endpoints say <c>.RequireAuthorization(SwitchboardPolicies.Approver)</c>.
/// </summary>
public static class SwitchboardRoles
{
    /// <summary>Ask, search, read documents and own sessions.</summary>
    public const string Reader = "reader";

    /// <summary>A reader who may also upload documents and delete the ones they uploaded.</summary>
    public const string Contributor = "contributor";

    /// <summary>A reader who may also decide on answers held in the approval queue.</summary>
    public const string Approver = "approver";

    /// <summary>Everything: every policy, any document's deletion, reports and administration.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Reader, Contributor, Approver, Admin];
}

/// <summary>
/// The Gateway's authorization policies. With auth configured each requires an authenticated caller holding one of the
/// roles listed (a higher role includes the lower: admin everything, contributor and approver include reader). In the
/// open development mode every policy admits everyone. An endpoint that names no policy gets the fallback: an
/// authenticated caller (see <see cref="AccessExtensions"/>), so a new endpoint is never public by accident.
/// </summary>
public static class SwitchboardPolicies
{
    public const string Reader = "reader";
    public const string Contributor = "contributor";
    public const string Approver = "approver";
    public const string Admin = "admin";

    /// <summary>Which roles satisfy each policy.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Roles = new Dictionary<string, string[]>
    {
        [Reader] = [SwitchboardRoles.Reader, SwitchboardRoles.Contributor, SwitchboardRoles.Approver, SwitchboardRoles.Admin],
        [Contributor] = [SwitchboardRoles.Contributor, SwitchboardRoles.Admin],
        [Approver] = [SwitchboardRoles.Approver, SwitchboardRoles.Admin],
        [Admin] = [SwitchboardRoles.Admin],
    };
}
