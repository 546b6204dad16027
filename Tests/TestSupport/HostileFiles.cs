using System.IO.Compression;
using System.Text;

namespace Switchboard.Tests.Support;

/// <summary>
/// Hostile uploads made in the test, never committed: zip bombs dressed as .docx, PDF decompression bombs, PDFs with many
/// objects, CSVs over each shape limit, and seeded corruption of valid files of every accepted type.
/// </summary>
public static class HostileFiles
{
    /// <summary>A Word package whose <c>word/document.xml</c> is <paramref name="inflatedBytes"/> of one repeated byte: ratio ~1000:1.</summary>
    public static byte[] DocxBomb(long inflatedBytes) => Zip(zip =>
    {
        AddDocxSkeleton(zip);
        using var part = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
        WriteRepeated(part, (byte)' ', inflatedBytes);
    });

    /// <summary>A valid Word package with <paramref name="extraEntries"/> more (empty) entries beside it.</summary>
    public static byte[] DocxWithEntries(int extraEntries, string paragraph = "Many entries.") => Zip(zip =>
    {
        AddDocxSkeleton(zip);
        AddText(zip, "word/document.xml", DocumentXml(paragraph));
        for (var i = 0; i < extraEntries; i++)
        {
            zip.CreateEntry($"customXml/item{i}.xml", CompressionLevel.NoCompression);
        }
    });

    /// <summary>A valid Word package whose paragraph is <paramref name="paragraph"/>.</summary>
    public static byte[] Docx(string paragraph) => Zip(zip =>
    {
        AddDocxSkeleton(zip);
        AddText(zip, "word/document.xml", DocumentXml(paragraph));
    });

    /// <summary>
    /// A one-page PDF whose content stream is Flate-compressed <paramref name="inflatedBytes"/> of spaces (valid content:
    /// whitespace), written by hand with a correct cross-reference table.
    /// </summary>
    public static byte[] PdfBomb(long inflatedBytes)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            WriteRepeated(zlib, (byte)' ', inflatedBytes);
        }

        return Pdf(compressed.ToArray(), "/Filter /FlateDecode", extraObjects: 0);
    }

    /// <summary>A one-page PDF with <paramref name="extraObjects"/> more (unused) indirect objects.</summary>
    public static byte[] PdfWithObjects(int extraObjects) =>
        Pdf(Encoding.ASCII.GetBytes("BT /F1 12 Tf 50 750 Td (Many objects) Tj ET"), "", extraObjects);

    /// <summary>A CSV of <paramref name="rows"/> data rows under a header.</summary>
    public static byte[] CsvRows(int rows)
    {
        var text = new StringBuilder("id,amount\n", rows * 8);
        for (var i = 0; i < rows; i++)
        {
            text.Append(i).Append(",1\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A CSV with one row of <paramref name="columns"/> fields.</summary>
    public static byte[] CsvColumns(int columns) =>
        Encoding.UTF8.GetBytes("a,b\n" + string.Join(',', Enumerable.Repeat("1", columns)) + "\n");

    /// <summary>A CSV whose second field is a quoted value of <paramref name="chars"/> characters (line breaks inside).</summary>
    public static byte[] CsvLongField(int chars) =>
        Encoding.UTF8.GetBytes("name,notes\nx,\"" + string.Concat(Enumerable.Repeat("ab\n", chars / 3 + 1))[..chars] + "\"\n");

    /// <summary>A CSV whose data line is <paramref name="chars"/> characters of 99-character fields (few columns, short fields: only the line is long).</summary>
    public static byte[] CsvLongLine(int chars) =>
        Encoding.UTF8.GetBytes("a\n" + string.Concat(Enumerable.Repeat(new string('x', 99) + ",", chars / 100 + 1))[..chars] + "\n");

    /// <summary>A CSV with a quote opened and never closed: the rest of the file would be one field.</summary>
    public static byte[] CsvUnterminatedQuote(int chars) =>
        Encoding.UTF8.GetBytes("name,notes\nx,\"" + new string('q', chars) + "\n");

    /// <summary>
    /// <paramref name="valid"/> corrupted the way a fuzzer does, from <paramref name="random"/>: truncated, bytes flipped,
    /// a block zeroed, a block duplicated, or the first bytes of another format.
    /// </summary>
    public static byte[] Corrupt(byte[] valid, Random random)
    {
        var bytes = (byte[])valid.Clone();
        switch (random.Next(6))
        {
            case 0:
                return bytes[..random.Next(1, Math.Max(2, bytes.Length))];
            case 1:
                for (var i = 0; i < 1 + random.Next(16); i++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 2:
                var start = random.Next(bytes.Length);
                Array.Clear(bytes, start, Math.Min(bytes.Length - start, 1 + random.Next(512)));
                return bytes;
            case 3:
                var from = random.Next(bytes.Length);
                var block = bytes.AsSpan(from, Math.Min(bytes.Length - from, 1 + random.Next(4096))).ToArray();
                return [.. bytes[..from], .. block, .. block, .. bytes[from..]];
            case 4:
                byte[][] magics = ["%PDF-1.7\n"u8.ToArray(), "PK\u0003\u0004"u8.ToArray(), [0x89, (byte)'P', (byte)'N', (byte)'G'], [0x7F, (byte)'E', (byte)'L', (byte)'F'], [0xFF, 0xFE]];
                var magic = magics[random.Next(magics.Length)];
                return [.. magic, .. bytes];
            default:
                var noise = new byte[1 + random.Next(2048)];
                random.NextBytes(noise);
                var at = random.Next(bytes.Length);
                return [.. bytes[..at], .. noise, .. bytes[at..]];
        }
    }

    private static byte[] Pdf(byte[] content, string filter, int extraObjects)
    {
        using var pdf = new MemoryStream();
        var offsets = new List<long>();
        void Write(string text) => pdf.Write(Encoding.ASCII.GetBytes(text));
        void AddObject(string body)
        {
            offsets.Add(pdf.Position);
            Write($"{offsets.Count} 0 obj\n{body}\nendobj\n");
        }

        Write("%PDF-1.7\n%\u00e2\u00e3\n");
        AddObject("<< /Type /Catalog /Pages 2 0 R >>");
        AddObject("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        AddObject("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
        offsets.Add(pdf.Position);
        Write($"4 0 obj\n<< /Length {content.Length} {filter} >>\nstream\n");
        pdf.Write(content);
        Write("\nendstream\nendobj\n");
        AddObject("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        for (var i = 0; i < extraObjects; i++)
        {
            AddObject($"<< /N {i} >>");
        }

        var xref = pdf.Position;
        var table = new StringBuilder($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            table.Append(offset.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        }

        Write(table.ToString());
        Write($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    private static byte[] Zip(Action<ZipArchive> fill)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            fill(zip);
        }

        return stream.ToArray();
    }

    private static void AddDocxSkeleton(ZipArchive zip)
    {
        AddText(zip, "[Content_Types].xml",
            """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
        AddText(zip, "_rels/.rels",
            """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""");
    }

    private static string DocumentXml(string paragraph) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{System.Security.SecurityElement.Escape(paragraph)}</w:t></w:r></w:p></w:body></w:document>""";

    private static void AddText(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }

    private static void WriteRepeated(Stream stream, byte value, long count)
    {
        var block = new byte[1024 * 1024];
        Array.Fill(block, value);
        for (long left = count; left > 0; left -= block.Length)
        {
            stream.Write(block, 0, (int)Math.Min(block.Length, left));
        }
    }
}
