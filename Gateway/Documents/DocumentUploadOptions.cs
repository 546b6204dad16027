using System.ComponentModel.DataAnnotations;

namespace Switchboard.Gateway.Documents;

/// <summary>
/// Upload limits of the documents API, bound from the <c>Gateway</c> section (<c>Gateway:MaxPdfPages</c>) when the
/// API is mapped, and validated there, so a bad value stops the Gateway at start.
/// </summary>
public sealed class DocumentUploadOptions
{
    /// <summary>
    /// Most pages an uploaded PDF may declare (422 above it). Keep it equal to the RetrievalAgent's
    /// <c>Retrieval:Ingestion:MaxPages</c>, which enforces the same limit when ingesting.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxPdfPages { get; set; } = 2000;

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
