using Microsoft.Extensions.Options;
using Microsoft.ML.Tokenizers;

namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// Token-based chunking (o200k). Prose is cut at sentence and line ends into chunks of at most
/// <see cref="ChunkingOptions.MaxTokens"/> that repeat up to <see cref="ChunkingOptions.OverlapTokens"/> of the previous
/// chunk's trailing sentences; a chunk never crosses a section (PDF page). Each chunk is a verbatim slice of its section.
/// CSV rows are packed whole and without overlap: a repeated row would only be a duplicate search hit.
/// </summary>
internal sealed class TextChunker(Tokenizer tokenizer, IOptions<ChunkingOptions> options)
{
    private int MaxTokens => options.Value.MaxTokens;
    private int OverlapTokens => options.Value.OverlapTokens;

    public IReadOnlyList<TextChunk> Chunk(ParsedDocument document) => Chunk(document.Format, document.Sections).ToList();

    /// <summary>
    /// Chunks sections as they are read: a chunk is yielded as soon as it is complete, so a caller that does not keep
    /// the sections holds at most one page (prose) or one chunk's rows (CSV) at a time.
    /// </summary>
    public IEnumerable<TextChunk> Chunk(string format, IEnumerable<TextSection> sections) =>
        DocumentFormats.IsTabular(format) ? ChunkRows(sections) : sections.SelectMany(ChunkProse);

    private IEnumerable<TextChunk> ChunkRows(IEnumerable<TextSection> rows)
    {
        var batch = new List<TextSection>();
        var batchTokens = 0;
        foreach (var row in rows)
        {
            var tokens = tokenizer.CountTokens(row.Text) + 1; // + the line break that joins rows
            // Rows of a chunk are consecutive, so line i of a chunk is row (first + i); a skipped row starts a new chunk.
            var consecutive = batch.Count == 0 || row.Row == batch[^1].Row + 1;
            if (batch.Count > 0 && (batchTokens + tokens > MaxTokens || !consecutive))
            {
                yield return RowChunk(batch, batchTokens);
                batch.Clear();
                batchTokens = 0;
            }

            batch.Add(row);
            batchTokens += tokens;
        }

        if (batch.Count > 0)
        {
            yield return RowChunk(batch, batchTokens);
        }
    }

    private static TextChunk RowChunk(List<TextSection> batch, int tokens) =>
        new(string.Join('\n', batch.Select(r => r.Text)), Page: null, Row: batch[0].Row, tokens);

    private List<TextChunk> ChunkProse(TextSection section)
    {
        var chunks = new List<TextChunk>();
        var text = section.Text;
        var units = SplitUnits(text);
        var counts = units.Select(u => tokenizer.CountTokens(text.AsSpan(u.Start, u.Length))).ToArray();

        var first = 0;
        while (first < units.Count)
        {
            var end = first;
            var sum = 0;
            while (end < units.Count && sum + counts[end] <= MaxTokens)
            {
                sum += counts[end++];
            }

            // Tokens of a joined span can differ slightly from the sum of its parts: trust the real count.
            var slice = Slice(text, units, first, end);
            var tokens = tokenizer.CountTokens(slice);
            while (tokens > MaxTokens && end - first > 1)
            {
                end--;
                slice = Slice(text, units, first, end);
                tokens = tokenizer.CountTokens(slice);
            }

            if (slice.Length > 0)
            {
                chunks.Add(new TextChunk(slice, section.Page, section.Row, tokens));
            }

            if (end >= units.Count)
            {
                break;
            }

            // Start the next chunk with the previous chunk's last units that fit in the overlap, always moving forward.
            var next = end;
            var overlap = 0;
            while (next - 1 > first && overlap + counts[next - 1] <= OverlapTokens)
            {
                overlap += counts[--next];
            }

            first = next;
        }

        return chunks;
    }

    private static string Slice(string text, List<(int Start, int Length)> units, int first, int end)
    {
        var start = units[first].Start;
        var last = units[end - 1];
        return text[start..(last.Start + last.Length)].Trim();
    }

    /// <summary>
    /// Cuts text after sentence ends (". " "? " "! ") and line breaks; a unit still longer than the budget is cut
    /// by token count, preferring the last space before the limit.
    /// </summary>
    private List<(int Start, int Length)> SplitUnits(string text)
    {
        var units = new List<(int Start, int Length)>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var end = -1;
            if (text[i] == '\n')
            {
                end = i + 1;
            }
            else if (text[i] is '.' or '!' or '?' && i + 1 < text.Length && text[i + 1] is ' ' or '\t')
            {
                end = i + 1;
                while (end < text.Length && text[end] is ' ' or '\t')
                {
                    end++;
                }
            }

            if (end > 0)
            {
                AddUnit(text, start, end, units);
                start = end;
                i = end - 1;
            }
        }

        if (start < text.Length)
        {
            AddUnit(text, start, text.Length, units);
        }

        return units;
    }

    private void AddUnit(string text, int start, int end, List<(int Start, int Length)> units)
    {
        while (start < end)
        {
            var span = text.AsSpan(start, end - start);
            var fit = tokenizer.GetIndexByTokenCount(span, MaxTokens, out _, out _);
            if (fit >= span.Length || fit <= 0)
            {
                // fit <= 0 only when a single token is longer than the budget: keep it rather than loop forever.
                units.Add((start, span.Length));
                return;
            }

            var space = span[..fit].LastIndexOfAny(' ', '\t', '\n');
            var cut = space > fit / 2 ? space + 1 : fit;
            units.Add((start, cut));
            start += cut;
        }
    }
}
