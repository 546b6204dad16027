using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Switchboard.Load.Peer;

/// <summary>One chunk of the peer's index: its source and text.</summary>
public sealed record PeerChunk(string Source, string Text);

/// <summary>
/// The peer's own, deliberately simple reading of the corpus files (it does not fetch chunks from the service):
/// CSV → one chunk per data row as "Header: value; Header: value" (as the RetrievalAgent writes rows);
/// PDF → the page text (PdfPig's content-order extractor) cut into windows; HTML → text outside script/style/tags;
/// TXT/MD → the text. Windows are <see cref="WindowWords"/> words with <see cref="OverlapWords"/> overlap, about the
/// service's 500/50 o200k tokens for English. A folder written by <c>generate</c> is read one chunk per paragraph.
/// </summary>
public static partial class SimpleChunker
{
    public const int WindowWords = 350;
    public const int OverlapWords = 35;

    public static IEnumerable<PeerChunk> Chunks(string path, bool paragraphs = false)
    {
        var name = Path.GetFileName(path);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".csv":
                foreach (var row in CsvRows(File.ReadAllText(path)))
                {
                    yield return new PeerChunk(name, row);
                }

                break;
            case ".pdf":
                foreach (var page in PdfPages(path))
                {
                    foreach (var window in Windows(page))
                    {
                        yield return new PeerChunk(name, window);
                    }
                }

                break;
            case ".html" or ".htm":
                foreach (var window in Windows(HtmlText(File.ReadAllText(path))))
                {
                    yield return new PeerChunk(name, window);
                }

                break;
            default:
                var text = File.ReadAllText(path);
                var parts = paragraphs ? text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : Windows(text);
                foreach (var part in parts)
                {
                    yield return new PeerChunk(name, part);
                }

                break;
        }
    }

    public static IEnumerable<string> Windows(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var start = 0; start < words.Length; start += WindowWords - OverlapWords)
        {
            yield return string.Join(' ', words, start, Math.Min(WindowWords, words.Length - start));
            if (start + WindowWords >= words.Length)
            {
                break;
            }
        }
    }

    /// <summary>RFC 4180 rows (quoted fields may hold commas, quotes and line breaks), each as "Header: value; ...".</summary>
    public static IEnumerable<string> CsvRows(string csv)
    {
        var records = ParseCsv(csv).ToList();
        if (records.Count < 2)
        {
            yield break;
        }

        var header = records[0];
        foreach (var record in records.Skip(1))
        {
            var row = new StringBuilder();
            for (var i = 0; i < record.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(record[i]))
                {
                    continue;
                }

                if (row.Length > 0)
                {
                    row.Append("; ");
                }

                row.Append(i < header.Count ? header[i].Trim() : $"Column {i + 1}").Append(": ").Append(record[i].Trim());
            }

            if (row.Length > 0)
            {
                yield return row.ToString();
            }
        }
    }

    public static IEnumerable<List<string>> ParseCsv(string csv)
    {
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
                {
                    i++;
                }

                record.Add(field.ToString());
                field.Clear();
                if (record.Count > 1 || record[0].Length > 0)
                {
                    yield return record;
                }

                record = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            yield return record;
        }
    }

    private static IEnumerable<string> PdfPages(string path)
    {
        using var document = PdfDocument.Open(path);
        var pages = new List<string>();
        foreach (var page in document.GetPages())
        {
            pages.Add(ContentOrderTextExtractor.GetText(page));
        }

        return pages;
    }

    public static string HtmlText(string html)
    {
        var withoutCode = ScriptOrStyle().Replace(html, " ");
        return WebUtility.HtmlDecode(Tag().Replace(withoutCode, " "));
    }

    [GeneratedRegex(@"<(script|style|noscript)\b[^>]*>.*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();
}
