using Switchboard.RetrievalAgent.Ingestion;
using Switchboard.RetrievalAgent.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Ingestion;

public sealed class TextChunkerTests
{
    private static string Sentences(int count, string topic) =>
        string.Join(' ', Enumerable.Range(1, count).Select(i => $"Sentence {i} about {topic} explains one more detail of the rule."));

    private static int Tokens(string text) => SharedTokenizer.Tokenizer.CountTokens(text);

    [Fact]
    public void Chunks_respect_the_token_budget_and_cover_all_text()
    {
        var text = Sentences(60, "travel expenses");
        var chunker = SharedTokenizer.Chunker(maxTokens: 80, overlapTokens: 15);

        var chunks = chunker.Chunk(new ParsedDocument(DocumentFormats.Text, [new TextSection(text)], []));

        Assert.True(chunks.Count > 5);
        Assert.All(chunks, c => Assert.InRange(Tokens(c.Text), 1, 80));
        Assert.All(chunks, c => Assert.Equal(Tokens(c.Text), c.Tokens));
        Assert.All(chunks, c => Assert.Contains(c.Text, text)); // verbatim slices
        for (var i = 1; i <= 60; i++)
        {
            Assert.Contains(chunks, c => c.Text.Contains($"Sentence {i} about", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Consecutive_chunks_overlap_by_whole_sentences_within_the_overlap_budget()
    {
        var text = Sentences(40, "expenses");
        var chunker = SharedTokenizer.Chunker(maxTokens: 60, overlapTokens: 20);

        var chunks = chunker.Chunk(new ParsedDocument(DocumentFormats.Text, [new TextSection(text)], []));

        Assert.True(chunks.Count > 3);
        for (var i = 1; i < chunks.Count; i++)
        {
            // The next chunk starts with the previous chunk's last sentence (each sentence is about 15 tokens).
            var lastSentence = chunks[i - 1].Text[(chunks[i - 1].Text.LastIndexOf("Sentence ", StringComparison.Ordinal))..];
            Assert.StartsWith(lastSentence, chunks[i].Text);
            Assert.True(Tokens(lastSentence) <= 20);
        }
    }

    [Fact]
    public void Chunks_cut_at_sentence_ends()
    {
        var chunker = SharedTokenizer.Chunker(maxTokens: 50, overlapTokens: 0);

        var chunks = chunker.Chunk(new ParsedDocument(DocumentFormats.Text, [new TextSection(Sentences(20, "leave"))], []));

        Assert.All(chunks, c => Assert.EndsWith("rule.", c.Text));
        Assert.All(chunks, c => Assert.StartsWith("Sentence ", c.Text));
    }

    [Fact]
    public void A_sentence_longer_than_the_budget_is_split_by_tokens()
    {
        var longSentence = string.Join(' ', Enumerable.Repeat("word", 300)) + ".";
        var chunker = SharedTokenizer.Chunker(maxTokens: 64, overlapTokens: 8);

        var chunks = chunker.Chunk(new ParsedDocument(DocumentFormats.Text, [new TextSection(longSentence)], []));

        Assert.True(chunks.Count >= 5);
        Assert.All(chunks, c => Assert.True(Tokens(c.Text) <= 64));
    }

    [Fact]
    public void A_chunk_never_spans_two_pages()
    {
        var parsed = new ParsedDocument(DocumentFormats.Pdf,
            [new TextSection("Short page one.", Page: 1), new TextSection(Sentences(30, "security"), Page: 2), new TextSection("Page three.", Page: 3)],
            []);
        var chunker = SharedTokenizer.Chunker(maxTokens: 100, overlapTokens: 10);

        var chunks = chunker.Chunk(parsed);

        Assert.Equal("Short page one.", chunks[0].Text);
        Assert.Equal(1, chunks[0].Page);
        Assert.Equal("Page three.", chunks[^1].Text);
        Assert.Equal(3, chunks[^1].Page);
        Assert.All(chunks.Skip(1).SkipLast(1), c => Assert.Equal(2, c.Page));
        Assert.DoesNotContain(chunks, c => c.Text.Contains("page one", StringComparison.Ordinal) && c.Text.Contains("Sentence", StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_chunks_hold_whole_consecutive_rows_and_record_the_first_row()
    {
        var rows = Enumerable.Range(1, 40)
            .Select(i => new TextSection($"Product: Item {i}; Price: {i * 3}; Notes: stocked in warehouse {i % 4}", Row: i))
            .ToList();
        var chunker = SharedTokenizer.Chunker(maxTokens: 100, overlapTokens: 20);

        var chunks = chunker.Chunk(new ParsedDocument(DocumentFormats.Csv, rows, []));

        Assert.True(chunks.Count > 3);
        var expectedRow = 1;
        foreach (var chunk in chunks)
        {
            Assert.Equal(expectedRow, chunk.Row);
            var lines = chunk.Text.Split('\n');
            // Line i of a chunk is row (first + i): whole rows, no overlap, nothing lost.
            for (var i = 0; i < lines.Length; i++)
            {
                Assert.Equal(rows[expectedRow - 1 + i].Text, lines[i]);
            }

            Assert.True(Tokens(chunk.Text) <= 100);
            expectedRow += lines.Length;
        }

        Assert.Equal(41, expectedRow);
    }

    [Fact]
    public void A_csv_row_over_the_budget_is_a_chunk_of_its_own()
    {
        var huge = "Description: " + string.Join(' ', Enumerable.Repeat("lengthy", 200));
        var rows = new[] { new TextSection("Id: 1", Row: 1), new TextSection(huge, Row: 2), new TextSection("Id: 3", Row: 3) };
        var chunker = SharedTokenizer.Chunker(maxTokens: 50, overlapTokens: 5);

        var chunks = chunker.Chunk(new ParsedDocument(DocumentFormats.Csv, rows, []));

        Assert.Equal(["Id: 1", huge, "Id: 3"], chunks.Select(c => c.Text));
        Assert.Equal([1, 2, 3], chunks.Select(c => c.Row!.Value));
    }

    [Fact]
    public void Skipped_csv_rows_start_a_new_chunk()
    {
        var rows = new[] { new TextSection("Id: 1", Row: 1), new TextSection("Id: 2", Row: 2), new TextSection("Id: 4", Row: 4) };

        var chunks = SharedTokenizer.Chunker().Chunk(new ParsedDocument(DocumentFormats.Csv, rows, []));

        Assert.Equal(["Id: 1\nId: 2", "Id: 4"], chunks.Select(c => c.Text));
        Assert.Equal([1, 4], chunks.Select(c => c.Row!.Value));
    }
}
