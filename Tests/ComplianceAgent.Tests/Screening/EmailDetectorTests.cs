using Switchboard.ComplianceAgent.Screening.Pii;

namespace Switchboard.ComplianceAgent.Tests.Screening;

public class EmailDetectorTests
{
    private readonly EmailDetector _detector = new();

    [Theory]
    [InlineData("jane.doe@example.com")]
    [InlineData("a+tag@sub.example.co.uk")]
    [InlineData("First_Last%dept@Example.ORG")]
    public void Finds_addresses(string address)
    {
        var text = $"Write to <{address}>, please.";
        var match = Assert.Single(_detector.Find(text));
        Assert.Equal(PiiKind.Email, match.Kind);
        Assert.Equal(address, text.Substring(match.Start, match.Length));
    }

    [Theory]
    [InlineData("Ask @support on chat")]
    [InlineData("Ping user@localhost")]            // no top-level domain
    [InlineData("Mail john..doe@example.com")]     // consecutive dots
    [InlineData("Mail .john@example.com")]         // leading dot
    [InlineData("See example.com for details")]
    public void Ignores_non_addresses(string text) => Assert.Empty(_detector.Find(text));
}
