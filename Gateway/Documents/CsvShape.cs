namespace Switchboard.Gateway.Documents;

/// <summary>
/// Checks a CSV's shape against <see cref="DocumentUploadOptions"/> in one pass over the decoded text, quote-aware
/// (RFC 4180: a quoted field may hold delimiters, doubled quotes and line breaks): data rows, fields per row, characters
/// per field and per physical line. An unterminated quote, which would swallow the rest of the file into one field, stops
/// at the field limit. The delimiter is the one of <c>, ; TAB |</c> found most often on the first line, as the
/// RetrievalAgent's dialect detection would choose for an ordinary file.
/// </summary>
internal static class CsvShape
{
    private static readonly char[] Delimiters = [',', ';', '\t', '|'];

    public static UploadLimitProblem? Inspect(string text, DocumentUploadOptions limits)
    {
        var delimiter = DelimiterOf(text);
        long records = 0;
        var fields = 1;
        var fieldChars = 0;
        var lineChars = 0;
        var recordHasContent = false;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                lineChars = 0;
            }
            else if (++lineChars > limits.MaxCsvLineChars)
            {
                return UploadLimitProblem.Of("CSV line too long",
                    $"Line {records + 1:N0} of the CSV is longer than {limits.MaxCsvLineChars:N0} characters", nameof(limits.MaxCsvLineChars));
            }

            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        i++;
                        lineChars++;
                    }
                    else
                    {
                        quoted = false;
                        continue;
                    }
                }

                fieldChars++;
            }
            else if (c == '"' && fieldChars == 0)
            {
                quoted = true;
                recordHasContent = true;
                continue;
            }
            else if (c == delimiter)
            {
                recordHasContent = true;
                if (++fields > limits.MaxCsvColumns)
                {
                    return UploadLimitProblem.Of("Too many CSV columns",
                        $"Row {records + 1:N0} of the CSV has more than {limits.MaxCsvColumns:N0} fields", nameof(limits.MaxCsvColumns));
                }

                fieldChars = 0;
                continue;
            }
            else if (c == '\n')
            {
                if (recordHasContent && ++records > limits.MaxCsvRows + 1L)
                {
                    return TooManyRows(limits);
                }

                (fields, fieldChars, recordHasContent) = (1, 0, false);
                continue;
            }
            else if (c == '\r')
            {
                continue;
            }
            else
            {
                fieldChars++;
                recordHasContent = true;
            }

            if (fieldChars > limits.MaxCsvFieldChars)
            {
                return UploadLimitProblem.Of("CSV field too long",
                    $"A field of row {records + 1:N0} of the CSV is longer than {limits.MaxCsvFieldChars:N0} characters{(quoted ? " (is a closing quote missing?)" : "")}",
                    nameof(limits.MaxCsvFieldChars));
            }
        }

        // The header row is not a data row.
        return recordHasContent && records + 1 > limits.MaxCsvRows + 1L ? TooManyRows(limits) : null;
    }

    private static UploadLimitProblem TooManyRows(DocumentUploadOptions limits) =>
        UploadLimitProblem.Of("Too many CSV rows", $"The CSV has more than {limits.MaxCsvRows:N0} data rows", nameof(limits.MaxCsvRows));

    private static char DelimiterOf(string text)
    {
        var end = text.IndexOf('\n');
        var header = end < 0 ? text : text[..end];
        return Delimiters.OrderByDescending(d => header.Count(c => c == d)).ThenBy(d => Array.IndexOf(Delimiters, d)).First();
    }
}
