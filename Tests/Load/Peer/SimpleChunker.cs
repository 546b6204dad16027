using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Switchboard.Load.Peer;

/// <summary>One chunk of the peer's index: its source and text.</summary>
public sealed record PeerChunk(string Source, string Text);

/// <summary>
/// The peer's own, simple reading of the corpus files (it does not fetch chunks from the service), sized like the
/// service's chunks with the same o200k tokenizer: CSV → data rows as "Header: value; Header: value" packed whole into
/// chunks of at most <see cref="MaxTokens"/> tokens without overlap (as the RetrievalAgent packs rows); PDF → each page's
/// text (PdfPig's content-order extractor), HTML → the text outside script/style/tags, TXT/MD → the text, cut into word
/// windows of at most <see cref="MaxTokens"/> tokens that repeat about <see cref="OverlapTokens"/> tokens. A folder
/// written by <c>generate</c> is read one chunk per paragraph.
/// </summary>
public static partial class SimpleChunker
{
    public const int MaxTokens = 500;
    public const int OverlapTokens = 50;
    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));
    private static readonly Dictionary<string, int> WordTokens = new(StringComparer.Ordinal);

    private static int Tokens(string text) => O200k.Value.CountTokens(text);

    /// <summary>Tokens of one word as it appears after a space (cached: the corpus repeats words).</summary>
    private static int WordCount(string word)
    {
        if (!WordTokens.TryGetValue(word, out var count))
        {
            WordTokens[word] = count = Tokens(" " + word);
        }

        return count;
    }

    public static IEnumerable<PeerChunk> Chunks(string path, bool paragraphs = false)
    {
        var name = Path.GetFileName(path);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".csv":
                foreach (var rows in PackRows(CsvRows(File.ReadAllText(path))))
                {
                    yield return new PeerChunk(name, rows);
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

    /// <summary>Word windows of at most <see cref="MaxTokens"/> o200k tokens, each starting about <see cref="OverlapTokens"/> tokens before the previous one ended.</summary>
    public static IEnumerable<string> Windows(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var counts = words.Select(WordCount).ToArray();
        var start = 0;
        while (start < words.Length)
        {
            var end = start;
            var tokens = 0;
            while (end < words.Length && (end == start || tokens + counts[end] <= MaxTokens))
            {
                tokens += counts[end++];
            }

            yield return string.Join(' ', words, start, end - start);
            if (end >= words.Length)
            {
                break;
            }

            var next = end;
            for (var overlap = 0; next > start + 1 && overlap + counts[next - 1] <= OverlapTokens; next--)
            {
                overlap += counts[next - 1];
            }

            start = next;
        }
    }

    /// <summary>Consecutive rows joined by line breaks, whole, up to <see cref="MaxTokens"/> tokens per chunk (a longer row stands alone).</summary>
    public static IEnumerable<string> PackRows(IEnumerable<string> rows)
    {
        var batch = new List<string>();
        var batchTokens = 0;
        foreach (var row in rows)
        {
            var tokens = Tokens(row) + 1;
            if (batch.Count > 0 && batchTokens + tokens > MaxTokens)
            {
                yield return string.Join('\n', batch);
                batch.Clear();
                batchTokens = 0;
            }

            batch.Add(row);
            batchTokens += tokens;
        }

        if (batch.Count > 0)
        {
            yield return string.Join('\n', batch);
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
