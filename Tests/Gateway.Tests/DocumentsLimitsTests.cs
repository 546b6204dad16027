using System.Net;
using System.Text;
using Switchboard.Tests.Support;
using static Switchboard.Gateway.Tests.DocumentsTestSupport;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// The content limits of uploads (zip bombs, PDF objects and decompression, CSV shape): each is refused with a 422
/// ProblemDetails whose <c>limit</c> names the setting, before anything is stored; a file just inside a limit passes.
/// The limits are set low here so each check is reached with small files; Tests/Security fuzzes the defaults.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class DocumentsLimitsTests(GatewayFixture fixture)
{
    public static TheoryData<string, string, string, string> OverLimit => new()
    {
        // setting, value, file, what
        { "MaxDocxUncompressedBytes", "1048576", "bomb.docx", "docx-bomb" },
        { "MaxCompressionRatio", "100", "ratio.docx", "docx-ratio" },
        { "MaxDocxEntries", "50", "entries.docx", "docx-entries" },
        { "MaxPdfObjects", "40", "objects.pdf", "pdf-objects" },
        { "MaxPdfDecodedBytes", "1048576", "bomb.pdf", "pdf-bomb" },
        { "MaxCsvRows", "100", "rows.csv", "csv-rows" },
        { "MaxCsvColumns", "100", "columns.csv", "csv-columns" },
        { "MaxCsvFieldChars", "1000", "field.csv", "csv-field" },
        { "MaxCsvFieldChars", "1000", "quote.csv", "csv-unterminated" },
        { "MaxCsvLineChars", "1000", "line.csv", "csv-line" },
    };

    [Theory]
    [MemberData(nameof(OverLimit))]
    public async Task A_file_over_a_content_limit_is_422_naming_the_setting_and_nothing_is_stored(string setting, string value, string fileName, string what)
    {
        // The zip bomb's ratio would be refused first: raise that limit so the inflated size is what refuses it.
        await using var gateway = fixture.WithSettings([new($"Gateway:{setting}", value), new("Gateway:MaxCompressionRatio", what == "docx-bomb" ? "100000" : "100")]);
        var before = await SnapshotAsync(fixture.Redis.Connection);

        var response = await gateway.CreateClient().PostAsync("/v1/documents", Form(FileFor(what, over: true), fileName));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal($"Gateway:{setting}", problem.GetProperty("limit").GetString());
        Assert.Contains($"(Gateway:{setting})", problem.Detail(), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(fixture.Redis.Connection));
    }

    /// <summary>The same cases but the unterminated quote, which has no "inside" variant.</summary>
    public static TheoryData<string, string, string, string> InsideLimit()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var row in OverLimit.Where(row => (string)row[3] != "csv-unterminated"))
        {
            data.Add((string)row[0], (string)row[1], (string)row[2], (string)row[3]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InsideLimit))]
    public async Task A_file_inside_the_same_limit_is_accepted(string setting, string value, string fileName, string what)
    {
        await using var gateway = fixture.WithSetting($"Gateway:{setting}", value);

        var response = await gateway.CreateClient().PostAsync("/v1/documents", Form(FileFor(what, over: false), $"{Guid.NewGuid():N}-{fileName}"));

        // 200: the same bytes were accepted before (a duplicate), which is acceptance too.
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"{what}: {(int)response.StatusCode} {body}");
    }

    [Fact]
    public async Task A_bomb_is_refused_at_the_default_limits()
    {
        var before = await SnapshotAsync(fixture.Redis.Connection);

        var docx = await fixture.Factory.CreateClient().PostAsync("/v1/documents", Form(HostileFiles.DocxBomb(200L * 1024 * 1024), "bomb.docx"));
        var pdf = await fixture.Factory.CreateClient().PostAsync("/v1/documents", Form(HostileFiles.PdfBomb(300L * 1024 * 1024), "bomb.pdf"));

        Assert.Equal("Gateway:MaxCompressionRatio", (await ProblemAssert.IsProblemAsync(docx, HttpStatusCode.UnprocessableEntity)).GetProperty("limit").GetString());
        Assert.Equal("Gateway:MaxPdfDecodedBytes", (await ProblemAssert.IsProblemAsync(pdf, HttpStatusCode.UnprocessableEntity)).GetProperty("limit").GetString());
        Assert.Equal(before, await SnapshotAsync(fixture.Redis.Connection));
    }

    /// <summary>The file of each case, just over (<paramref name="over"/>) or just inside the low limit the theory sets.</summary>
    private static byte[] FileFor(string what, bool over)
    {
        var unique = Guid.NewGuid().ToString("N");
        return what switch
        {
            // 1 MiB limit: 2 MiB of XML whitespace (over) or a normal paragraph (inside).
            "docx-bomb" => over ? HostileFiles.DocxBomb(2L * 1024 * 1024) : HostileFiles.Docx($"Quarterly memo {unique}"),
            // Ratio 100 above 1 MiB: 8 MiB of one byte (~1000:1), far below the size limit.
            "docx-ratio" => over ? HostileFiles.DocxBomb(8L * 1024 * 1024) : HostileFiles.Docx($"Ratio memo {unique}"),
            "docx-entries" => HostileFiles.DocxWithEntries(over ? 60 : 40, $"Entries memo {unique}"),
            // 5 objects of the page itself + the extra ones.
            "pdf-objects" => HostileFiles.PdfWithObjects(over ? 40 : 30),
            "pdf-bomb" => HostileFiles.PdfBomb(over ? 2L * 1024 * 1024 : 512 * 1024),
            "csv-rows" => HostileFiles.CsvRows(over ? 101 : 100),
            "csv-columns" => HostileFiles.CsvColumns(over ? 101 : 100),
            "csv-field" => HostileFiles.CsvLongField(over ? 1001 : 1000),
            "csv-unterminated" => HostileFiles.CsvUnterminatedQuote(5000),
            "csv-line" => HostileFiles.CsvLongLine(over ? 1001 : 990),
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };
    }
}
