namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// Guesses a CSV file's delimiter from its first records: comma, semicolon, tab or pipe. A delimiter inside quotes
/// does not count. The winner splits the header into at least two fields and gives the most records the header's
/// field count; ties go to the earlier candidate (comma first). A file no candidate splits is one column: comma.
/// </summary>
internal static class CsvDialect
{
    public static readonly char[] Candidates = [',', ';', '\t', '|'];

    /// <summary>Characters read for the guess: enough for a header and some rows of any sane file.</summary>
    public const int SampleChars = 64 * 1024;

    private const int SampleRecords = 25;

    public static char SniffDelimiter(TextReader reader)
    {
        var buffer = new char[SampleChars];
        var length = reader.ReadBlock(buffer, 0, buffer.Length);
        return SniffDelimiter(buffer.AsSpan(0, length), truncated: length == buffer.Length);
    }

    public static char SniffDelimiter(ReadOnlySpan<char> sample, bool truncated = false)
    {
        var records = Records(sample, truncated);
        if (records.Count == 0)
        {
            return ',';
        }

        var best = ',';
        var bestMatches = -1;
        foreach (var candidate in Candidates)
        {
            var header = CountFields(sample, records[0], candidate);
            if (header < 2)
            {
                continue;
            }

            var matches = 0;
            foreach (var record in records)
            {
                if (CountFields(sample, record, candidate) == header)
                {
                    matches++;
                }
            }

            if (matches > bestMatches)
            {
                best = candidate;
                bestMatches = matches;
            }
        }

        return best;
    }

    /// <summary>The first records' ranges, split at line ends outside quotes; blank lines are skipped.</summary>
    private static List<Range> Records(ReadOnlySpan<char> sample, bool truncated)
    {
        var records = new List<Range>();
        var inQuotes = false;
        var start = 0;
        for (var i = 0; i < sample.Length && records.Count < SampleRecords; i++)
        {
            var c = sample[i];
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (c is '\n' or '\r' && !inQuotes)
            {
                if (!sample[start..i].IsWhiteSpace())
                {
                    records.Add(start..i);
                }

                start = i + 1;
            }
        }

        // The last record is complete only when the sample is the whole file.
        if (!truncated && records.Count < SampleRecords && start < sample.Length && !sample[start..].IsWhiteSpace())
        {
            records.Add(start..sample.Length);
        }

        return records;
    }

    private static int CountFields(ReadOnlySpan<char> sample, Range record, char delimiter)
    {
        var fields = 1;
        var inQuotes = false;
        foreach (var c in sample[record])
        {
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (c == delimiter && !inQuotes)
            {
                fields++;
            }
        }

        return fields;
    }
}
