using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;

namespace Switchboard.Gateway.Tests;

/// <summary>Uploads and the Redis state they leave, shared by the Documents* test classes.</summary>
internal static class DocumentsTestSupport
{
    public static MultipartFormDataContent Form(byte[] bytes, string fileName, params (string Field, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", fileName } };
        foreach (var (field, value) in fields)
        {
            form.Add(new StringContent(value), field);
        }

        return form;
    }

    public static async Task<DocumentInfo> ReadDocumentAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<DocumentInfo>(text, SwitchboardJson.Options)!;
    }

    /// <summary>Catalog records, pending blobs and ingest jobs: what an upload may write.</summary>
    public static async Task<(long Records, int Blobs, long IngestJobs)> SnapshotAsync(IConnectionMultiplexer redis)
    {
        var db = redis.GetDatabase();
        var blobs = 0;
        await foreach (var _ in redis.GetServers().Single().KeysAsync(pattern: "sb:blob:*"))
        {
            blobs++;
        }

        var jobs = await db.KeyExistsAsync(Streams.Ingest) ? await db.StreamLengthAsync(Streams.Ingest) : 0;
        return (await db.HashLengthAsync(DocumentCatalog.CatalogKey), blobs, jobs);
    }

    /// <summary>A minimal Word package: content types, the package relationship and word/document.xml.</summary>
    public static byte[] Docx(string paragraph, bool withDocumentPart = true)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml",
                """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
            Add(zip, "_rels/.rels",
                """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""");
            if (withDocumentPart)
            {
                Add(zip, "word/document.xml",
                    $"""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{paragraph}</w:t></w:r></w:p></w:body></w:document>""");
            }
        }

        return stream.ToArray();
    }

    public static byte[] Pdf(int pages, string text)
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        for (var i = 1; i <= pages; i++)
        {
            builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText($"{text} (page {i})", 12, new UglyToad.PdfPig.Core.PdfPoint(50, 750), font);
        }

        return builder.Build();
    }

    private static void Add(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }
}
