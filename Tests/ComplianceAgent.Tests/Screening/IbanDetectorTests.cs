using Switchboard.ComplianceAgent.Screening.Pii;

namespace Switchboard.ComplianceAgent.Tests.Screening;

public class IbanDetectorTests
{
    private readonly IbanDetector _detector = new();

    [Theory]
    [InlineData("GB82WEST12345698765432")]
    [InlineData("GB82 WEST 1234 5698 7654 32")]
    [InlineData("DE89 3704 0044 0532 0130 00")]
    [InlineData("DE89370400440532013000")]
    [InlineData("de89370400440532013000")]
    [InlineData("BE68 5390 0754 7034")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 606")]
    public void Mod97_accepts_valid_ibans(string iban) => Assert.True(IbanDetector.IsValid(iban));

    [Theory]
    [InlineData("GB82WEST12345698765433")]        // last digit changed
    [InlineData("DE88 3704 0044 0532 0130 00")]   // check digits changed
    [InlineData("DE89 3704 0044 0532 0130 01")]
    [InlineData("GB82WEST1234")]                  // too short
    [InlineData("1282WEST12345698765432")]        // no country code
    public void Mod97_rejects_invalid_ibans(string iban) => Assert.False(IbanDetector.IsValid(iban));

    [Theory]
    [InlineData("GB82WEST12345698765432")]
    [InlineData("DE89 3704 0044 0532 0130 00")]
    [InlineData("BE68 5390 0754 7034")]
    public void Finds_the_exact_span_of_an_iban_in_text(string iban)
    {
        var text = $"Please pay into {iban} from tomorrow.";
        var match = Assert.Single(_detector.Find(text));
        Assert.Equal(iban, text.Substring(match.Start, match.Length));
    }

    [Fact]
    public void Ignores_an_iban_shaped_string_with_a_bad_checksum() =>
        Assert.Empty(_detector.Find("Please pay into DE88 3704 0044 0532 0130 00 tomorrow."));
}
