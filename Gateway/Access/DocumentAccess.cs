using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;

namespace Switchboard.Gateway.Access;

/// <summary>
/// The document-level rule, as the agents apply it: a document without allowed groups is readable by everyone; one with
/// allowed groups only by a caller in at least one of them.
/// </summary>
public sealed class DocumentAccess(DocumentCatalog catalog)
{
    public static bool MayRead(Caller caller, DocumentInfo document) =>
        document.AllowedGroups is not { Count: > 0 } allowed
        || caller.Groups.Any(group => allowed.Contains(group, StringComparer.Ordinal));

    /// <summary>
    /// An admin may delete any document they may read; a contributor only one they uploaded (the open mode's caller is an
    /// admin). Anonymous uploads and documents from before uploaders were recorded are the admins' to delete.
    /// </summary>
    public static bool MayDelete(Caller caller, DocumentInfo document) =>
        caller.HasRole(SwitchboardRoles.Admin)
        || caller.HasRole(SwitchboardRoles.Contributor) && caller.OwnerId is { } owner && owner == document.UploadedBy;

    /// <summary>
    /// Whether the caller may read every one of the documents. An id the catalog does not hold is not a restricted
    /// document: the ReportingAgent cites its ledger that way (and a deleted document's restrictions are gone with it).
    /// </summary>
    public async Task<bool> MayReadAllAsync(Caller caller, IEnumerable<string> documentIds)
    {
        foreach (var id in documentIds.Distinct(StringComparer.Ordinal))
        {
            if (await catalog.GetAsync(id) is { } document && !MayRead(caller, document))
            {
                return false;
            }
        }

        return true;
    }
}
