using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.Extensions.Options;

namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// One section per data row, as "Header1: value1; Header2: value2" so each row reads on its own (every row names its
/// columns, which is how the header is repeated in every chunk), with its 1-based row number (header excluded).
/// Streams row by row: the delimiter is sniffed from the first records (<see cref="CsvDialect"/>), the encoding is
/// detected by <see cref="TextDecoding"/>, and quoted fields may hold delimiters, quotes and line breaks.
/// Ragged rows are indexed with what they hold and reported as warnings.
/// </summary>
internal sealed class CsvParser(IOptions<IngestionOptions> options) : DocumentParser
{
    public CsvParser()
        : this(Options.Create(new IngestionOptions()))
    {
    }

    public override string Format => DocumentFormats.Csv;

    public override IEnumerable<TextSection> Read(byte[] content, ParseWarnings warnings)
    {
        foreach (var record in ReadRecords(content, warnings))
        {
            yield return new TextSection(RowText(record.Names, record.Fields), Row: record.Row);
        }
    }

    /// <summary>
    /// The data rows as cells (whitespace collapsed, as in the row text), with the header names and the 1-based row
    /// number; all-empty rows are skipped and reported. The same records make the row text and the table
    /// (<c>Tables/CsvTable</c>), so a table's row and its indexed text never disagree.
    /// </summary>
    internal IEnumerable<CsvRecord> ReadRecords(byte[] content, ParseWarnings warnings)
    {
        char delimiter;
        using (var sample = TextDecoding.OpenReader(content, "CSV"))
        {
            delimiter = CsvDialect.SniffDelimiter(sample);
        }

        var maxRows = options.Value.MaxRows;
        var row = 0;
        var yielded = 0;
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            // Bad quoting is reported, not fatal: the parser keeps the field as it found it.
            BadDataFound = args => warnings.Add($"row {row + 1}: malformed quoting in field \"{Shorten(args.Field)}\""),
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            IgnoreBlankLines = true,
        };

        using var reader = new CsvReader(TextDecoding.OpenReader(content, "CSV"), configuration);
        if (!Next(reader, row, header: true) || reader.HeaderRecord is not { Length: > 0 } header)
        {
            throw new DocumentParseException("The CSV file has no header row.");
        }

        var names = header.Select((name, i) => string.IsNullOrWhiteSpace(name) ? $"Column {i + 1}" : Clean(name)).ToArray();
        while (Next(reader, row, header: false))
        {
            if (++row > maxRows)
            {
                throw new DocumentParseException(
                    $"The CSV file has {CountToEnd(reader, row):N0} data rows; the limit is {maxRows:N0} (Retrieval:Ingestion:MaxRows).");
            }

            var fields = (reader.Parser.Record ?? []).Select(Clean).ToArray();
            if (fields.Length != names.Length)
            {
                warnings.Add($"row {row}: expected {names.Length} fields, found {fields.Length}");
            }

            if (fields.All(f => f.Length == 0))
            {
                warnings.Add($"row {row}: all fields are empty; skipped");
                continue;
            }

            yielded++;
            yield return new CsvRecord(row, names, fields);
        }

        if (yielded == 0)
        {
            throw new DocumentParseException(row == 0 ? "The CSV file has a header but no data rows." : "The CSV file has no non-empty data rows.");
        }
    }

    /// <summary>Advances one record (the header too), turning CsvHelper's failures into a parse error that names the row.</summary>
    private static bool Next(CsvReader reader, int row, bool header)
    {
        try
        {
            return header ? reader.Read() && reader.ReadHeader() : reader.Read();
        }
        catch (CsvHelperException ex)
        {
            throw new DocumentParseException($"The CSV file could not be read near row {row + 1} ({ex.GetType().Name}).", ex);
        }
    }

    /// <summary>Counts the remaining records without keeping them, so the limit error can name the real size.</summary>
    private static int CountToEnd(CsvReader reader, int row)
    {
        try
        {
            while (reader.Read())
            {
                row++;
            }
        }
        catch (CsvHelperException)
        {
            // The count is only for the message: a damaged tail does not change the verdict.
        }

        return row;
    }

    /// <summary>"Header1: value1; Header2: value2" over the non-empty cells (already cleaned).</summary>
    internal static string RowText(string[] names, string[] fields)
    {
        var text = new StringBuilder();
        for (var i = 0; i < fields.Length; i++)
        {
            var value = fields[i];
            if (value.Length == 0)
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append("; ");
            }

            // Extra fields of a ragged row have no header: name them by position so nothing is dropped.
            text.Append(ColumnName(names, i)).Append(": ").Append(value);
        }

        return text.ToString();
    }

    internal static string ColumnName(string[] names, int i) => i < names.Length ? names[i] : $"Column {i + 1}";

    /// <summary>Collapses whitespace (including newlines inside quoted cells) so every row is one line of text.</summary>
    private static string Clean(string value) =>
        string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Shorten(string value) => value.Length <= 40 ? Clean(value) : Clean(value[..40]) + "…";
}

/// <summary>One CSV data row: its 1-based number (header excluded), the header names and its cleaned cells.</summary>
internal sealed record CsvRecord(int Row, string[] Names, string[] Fields);
