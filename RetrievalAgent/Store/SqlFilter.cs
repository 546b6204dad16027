using Microsoft.Data.Sqlite;

namespace Switchboard.RetrievalAgent.Store;

/// <summary>
/// Turns a <see cref="ChunkFilter"/> into SQL conditions over <c>c</c> (chunks) and <c>d</c> (documents), with every
/// value a parameter. Access is always part of it: a query without this clause would see restricted documents.
/// </summary>
internal static class SqlFilter
{
    public static string Where(ChunkFilter filter, SqliteCommand command)
    {
        var clauses = new List<string>();
        if (filter.DocumentIds is { } ids)
        {
            clauses.Add($"c.document_id IN ({Parameters(command, "$fd", ids)})");
        }

        if (filter.SourceNames is { } names)
        {
            clauses.Add($"d.name COLLATE NOCASE IN ({Parameters(command, "$fs", names)})");
        }

        if (filter.Tags is { } tags)
        {
            clauses.Add($"EXISTS (SELECT 1 FROM document_tags t WHERE t.document_id = c.document_id AND t.tag IN ({Parameters(command, "$ft", tags)}))");
        }

        if (filter.UploadedFrom is { } from)
        {
            command.Parameters.AddWithValue("$ffrom", from.ToUnixTimeMilliseconds());
            clauses.Add("d.uploaded_at_ms >= $ffrom");
        }

        if (filter.UploadedTo is { } to)
        {
            command.Parameters.AddWithValue("$fto", to.ToUnixTimeMilliseconds());
            clauses.Add("d.uploaded_at_ms <= $fto");
        }

        const string unrestricted = "NOT EXISTS (SELECT 1 FROM document_groups g WHERE g.document_id = c.document_id)";
        clauses.Add(filter.CallerGroups.Count == 0
            ? unrestricted
            : $"({unrestricted} OR EXISTS (SELECT 1 FROM document_groups g WHERE g.document_id = c.document_id AND g.group_name IN ({Parameters(command, "$fg", filter.CallerGroups)})))");

        return string.Join(" AND ", clauses);
    }

    private static string Parameters(SqliteCommand command, string prefix, IReadOnlyList<string> values)
    {
        var names = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            names[i] = prefix + i;
            command.Parameters.AddWithValue(names[i], values[i]);
        }

        return string.Join(", ", names);
    }
}
