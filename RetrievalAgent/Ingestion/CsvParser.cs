using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// One section per data row, as "Header1: value1; Header2: value2" so each row reads on its own, with its 1-based
/// row number (header excluded). Ragged rows are indexed with what they hold and reported as warnings.
/// </summary>
internal sealed class CsvParser : IDocumentParser
{
    /// <summary>More warnings than this are summarised, so one broken file cannot bloat the catalog record.</summary>
    internal const int MaxWarnings = 20;

    public string Format => DocumentFormats.Csv;

    public ParsedDocument Parse(byte[] content)
    {
        var text = TextDecoding.Decode(content, "CSV");
        var warnings = new RowWarnings();
        var sections = new List<TextSection>();
        var row = 0;

        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            // Bad quoting is reported, not fatal: the parser keeps the field as it found it.
            BadDataFound = args => warnings.Add($"row {row + 1}: malformed quoting in field \"{Shorten(args.Field)}\""),
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            IgnoreBlankLines = true,
        };

        try
        {
            using var reader = new CsvReader(new StringReader(text), configuration);
            if (!reader.Read() || !reader.ReadHeader() || reader.HeaderRecord is not { Length: > 0 } header)
            {
                throw new DocumentParseException("The CSV file has no header row.");
            }

            var names = header.Select((name, i) => string.IsNullOrWhiteSpace(name) ? $"Column {i + 1}" : Clean(name)).ToArray();
            while (reader.Read())
            {
                row++;
                var fields = reader.Parser.Record ?? [];
                if (fields.Length != names.Length)
                {
                    warnings.Add($"row {row}: expected {names.Length} fields, found {fields.Length}");
                }

                var rowText = RowText(names, fields);
                if (rowText.Length == 0)
                {
                    warnings.Add($"row {row}: all fields are empty; skipped");
                    continue;
                }

                sections.Add(new TextSection(rowText, Row: row));
            }
        }
        catch (CsvHelperException ex)
        {
            throw new DocumentParseException($"The CSV file could not be read near row {row + 1} ({ex.GetType().Name}).", ex);
        }

        if (sections.Count == 0)
        {
            throw new DocumentParseException(row == 0 ? "The CSV file has a header but no data rows." : "The CSV file has no non-empty data rows.");
        }

        return new ParsedDocument(Format, sections, warnings.ToList());
    }

    private static string RowText(string[] names, string[] fields)
    {
        var text = new StringBuilder();
        for (var i = 0; i < fields.Length; i++)
        {
            var value = Clean(fields[i]);
            if (value.Length == 0)
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append("; ");
            }

            // Extra fields of a ragged row have no header: name them by position so nothing is dropped.
            text.Append(i < names.Length ? names[i] : $"Column {i + 1}").Append(": ").Append(value);
        }

        return text.ToString();
    }

    /// <summary>Collapses whitespace (including newlines inside quoted cells) so every row is one line of text.</summary>
    private static string Clean(string value) =>
        string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Shorten(string value) => value.Length <= 40 ? Clean(value) : Clean(value[..40]) + "…";

    private sealed class RowWarnings
    {
        private readonly List<string> _warnings = [];
        private int _total;

        public void Add(string warning)
        {
            if (++_total <= MaxWarnings)
            {
                _warnings.Add(warning);
            }
        }

        public List<string> ToList() => _total <= MaxWarnings
            ? _warnings
            : [.. _warnings, $"{_total - MaxWarnings} more row warnings not shown"];
    }
}
