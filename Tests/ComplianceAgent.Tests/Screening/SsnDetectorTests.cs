using Switchboard.ComplianceAgent.Screening.Pii;

namespace Switchboard.ComplianceAgent.Tests.Screening;

public class SsnDetectorTests
{
    [Theory]
    [InlineData("123-45-6789")]
    [InlineData("001-01-0001")]
    [InlineData("665-99-9999")]
    [InlineData("899-12-3456")]
    public void Accepts_issuable_numbers(string ssn) => Assert.True(SsnDetector.IsValid(ssn));

    [Theory]
    [InlineData("000-12-3456")]   // area 000
    [InlineData("666-12-3456")]   // area 666
    [InlineData("900-12-3456")]   // area 900-999
    [InlineData("999-12-3456")]
    [InlineData("123-00-4567")]   // group 00
    [InlineData("123-45-0000")]   // serial 0000
    [InlineData("123456789")]     // undashed: not the written SSN form
    [InlineData("123-456-789")]
    public void Rejects_numbers_never_issued_or_not_in_ssn_form(string ssn) => Assert.False(SsnDetector.IsValid(ssn));

    [Fact]
    public void Finds_an_ssn_in_text_with_its_offsets()
    {
        const string text = "Employee SSN 123-45-6789 needs an update.";
        var match = Assert.Single(new SsnDetector().Find(text));
        Assert.Equal(PiiKind.Ssn, match.Kind);
        Assert.Equal("123-45-6789", text.Substring(match.Start, match.Length));
    }

    [Fact]
    public void Ignores_longer_dashed_codes() => Assert.Empty(new SsnDetector().Find("Part 123-45-6789-01 is out of stock"));
}
