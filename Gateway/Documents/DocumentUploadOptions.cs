using System.ComponentModel.DataAnnotations;

namespace Switchboard.Gateway.Documents;

/// <summary>
/// Upload limits of the documents API, bound from the <c>Gateway</c> section (<c>Gateway:MaxPdfPages</c>, ...) when the
/// API is mapped, and validated there, so a bad value stops the Gateway at start. Every limit is checked before anything
/// is stored; a file over one is refused with a 422 ProblemDetails naming the setting (<see cref="UploadLimitProblem"/>).
/// The defaults let real documents through and stop bombs: a ZIP or Flate stream is measured by inflating it with a cap,
/// never by trusting the sizes it declares.
/// </summary>
public sealed class DocumentUploadOptions
{
    /// <summary>
    /// Most pages an uploaded PDF may declare (422 above it). Keep it equal to the RetrievalAgent's
    /// <c>Retrieval:Ingestion:MaxPages</c>, which enforces the same limit when ingesting.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxPdfPages { get; set; } = 2000;

    /// <summary>Most indirect objects a PDF's cross-reference table may list (a 2,000-page report has some tens of thousands).</summary>
    [Range(1, 10_000_000)]
    public int MaxPdfObjects { get; set; } = 500_000;

    /// <summary>Most bytes all of a PDF's Flate-compressed streams may inflate to, together.</summary>
    [Range(1024, 4L * 1024 * 1024 * 1024)]
    public long MaxPdfDecodedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Most bytes all entries of a DOCX package may inflate to, together.</summary>
    [Range(1024, 4L * 1024 * 1024 * 1024)]
    public long MaxDocxUncompressedBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Most entries (files) a DOCX package may hold.</summary>
    [Range(1, 1_000_000)]
    public int MaxDocxEntries { get; set; } = 10_000;

    /// <summary>
    /// Highest compression ratio (uncompressed ÷ compressed) of one DOCX entry larger than 1 MiB: Word's XML compresses
    /// about 5–20×, a zip bomb's entries thousands of times.
    /// </summary>
    [Range(2, 100_000)]
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>Most data rows (header excluded) of a CSV. Keep it equal to the RetrievalAgent's <c>Retrieval:Ingestion:MaxRows</c>.</summary>
    [Range(1, 10_000_000)]
    public int MaxCsvRows { get; set; } = 200_000;

    /// <summary>Most fields in one CSV record (Excel's column limit).</summary>
    [Range(1, 1_000_000)]
    public int MaxCsvColumns { get; set; } = 16_384;

    /// <summary>Most characters in one CSV field (Excel's cell limit): an unterminated quote swallowing the file stops here.</summary>
    [Range(1, 100_000_000)]
    public int MaxCsvFieldChars { get; set; } = 32_767;

    /// <summary>Most characters on one physical line of a CSV.</summary>
    [Range(1, 100_000_000)]
    public int MaxCsvLineChars { get; set; } = 1_048_576;

    /// <summary>Most tags, and most allowed groups, one upload may carry.</summary>
    [Range(1, 1000)]
    public int MaxLabels { get; set; } = 20;

    public static DocumentUploadOptions Bind(IConfiguration configuration)
    {
        var options = new DocumentUploadOptions();
        configuration.GetSection(GatewayOptions.SectionName).Bind(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        return options;
    }
}

/// <summary>An upload over one of <see cref="DocumentUploadOptions"/>' limits: what, and the setting that sets it (<c>Gateway:MaxCsvRows</c>).</summary>
public sealed record UploadLimitProblem(string Title, string Detail, string Setting)
{
    public static UploadLimitProblem Of(string title, string detail, string property) =>
        new(title, $"{detail} ({GatewayOptions.SectionName}:{property}).", $"{GatewayOptions.SectionName}:{property}");
}
