using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Switchboard.RetrievalAgent.Ingestion;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Ingestion;

public sealed class DocxParserTests
{
    [Fact]
    public void Headings_paragraphs_lists_and_tables_come_out_in_document_order()
    {
        var docx = BuildDocx(body =>
        {
            body.Append(StyledParagraph("Heading1", "Travel policy"));
            body.Append(new Paragraph(new Run(new Text("Trips are booked through the portal."))));
            body.Append(ListItem("Economy class for short flights"));
            body.Append(ListItem("Receipts within 30 days"));
            body.Append(new Table(
                Row("City", "Hotel limit"),
                Row("Paris", "180 EUR"),
                Row("Oslo", "210 EUR")));
            body.Append(new Paragraph(
                new Run(new Text("Kept ") { Space = SpaceProcessingModeValues.Preserve }),
                new DeletedRun(new DeletedText("deleted words ")),
                new Run(new Text("text."))));
        });

        var parsed = new DocxParser().Parse(docx);

        var text = Assert.Single(parsed.Sections).Text;
        Assert.Equal(DocumentFormats.Docx, parsed.Format);
        Assert.Equal(
            "Travel policy\n\nTrips are booked through the portal.\n- Economy class for short flights\n- Receipts within 30 days\n\n" +
            "City | Hotel limit\nParis | 180 EUR\nOslo | 210 EUR\n\nKept text.",
            text);
    }

    [Fact]
    public void Docx_is_chosen_by_extension_and_content_type()
    {
        var parsers = new DocumentParsers([new DocxParser(), new HtmlParser()]);

        Assert.Equal(DocumentFormats.Docx, parsers.For("memo.DOCX", null).Format);
        Assert.Equal(DocumentFormats.Docx, parsers.For("memo", "application/vnd.openxmlformats-officedocument.wordprocessingml.document").Format);
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00 })]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 })]
    public void Corrupt_docx_fails_with_a_clear_message(byte[] content)
    {
        var error = Assert.Throws<DocumentParseException>(() => new DocxParser().Parse(content));

        Assert.StartsWith("The DOCX file could not be read", error.Message);
    }

    [Fact]
    public void Docx_without_text_fails()
    {
        var error = Assert.Throws<DocumentParseException>(() => new DocxParser().Parse(BuildDocx(body => body.Append(new Paragraph()))));

        Assert.Equal("The DOCX file contains no text.", error.Message);
    }

    [Fact]
    public async Task A_docx_upload_is_chunked_and_searchable_through_the_store()
    {
        using var directory = new TempDirectory();
        var store = StoreFactory.Create(directory);
        var docx = BuildDocx(body => body.Append(new Paragraph(new Run(new Text("The quarterly offsite is held in Lisbon.")))));
        var chunks = SharedTokenizer.Chunker().Chunk(new DocxParser().Parse(docx));

        await store.UpsertDocumentAsync(
            new StoredDocument("memo", "memo.docx", "application/octet-stream", DateTimeOffset.UtcNow),
            chunks.Select((c, i) => new StoredChunk(StoredChunk.IdFor("memo", i), "memo", "memo.docx", i, c.Page, c.Row, c.Text)).ToList());

        var hit = Assert.Single(await store.SearchAsync("Lisbon offsite", 5));
        Assert.Equal("memo", hit.Chunk.DocumentId);
    }

    internal static byte[] BuildDocx(Action<Body> fill)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            fill(body);
            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    private static Paragraph StyledParagraph(string style, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(text)));

    private static Paragraph ListItem(string text) =>
        new(new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 })), new Run(new Text(text)));

    private static TableRow Row(params string[] cells) =>
        new(cells.Select(c => new TableCell(new Paragraph(new Run(new Text(c))))));
}
