using Switchboard.ComplianceAgent.Screening.Pii;

namespace Switchboard.ComplianceAgent.Tests.Screening;

public class PhoneNumberDetectorTests
{
    private readonly PhoneNumberDetector _detector = new();

    [Theory]
    [InlineData("+14155552671")]          // E.164
    [InlineData("+1 415 555 2671")]
    [InlineData("+44 20 7946 0958")]
    [InlineData("+49 30 1234567")]
    [InlineData("+33 6 12 34 56 78")]
    [InlineData("(415) 555-2671")]
    [InlineData("415-555-2671")]
    [InlineData("415.555.2671")]
    [InlineData("1-800-555-0199")]
    [InlineData("020 7946 0958")]
    [InlineData("06 12 34 56 78")]
    [InlineData("0612345678")]
    [InlineData("4155552671")]
    [InlineData("612 345 678")]
    public void Finds_international_and_national_formats(string phone)
    {
        var text = $"Call me on {phone} tomorrow.";
        var match = Assert.Single(_detector.Find(text));
        Assert.Equal(PiiKind.Phone, match.Kind);
        Assert.Equal(phone, text.Substring(match.Start, match.Length));
    }

    [Theory]
    [InlineData("What was revenue in 2023?")]
    [InlineData("Compare 2021 2022 2023 results")]
    [InlineData("The budget is $1,234,567.89 this year")]
    [InlineData("The budget is € 123 456 789 this year")]
    [InlineData("It cost 4155552671 € in total")]
    [InlineData("Growth was 4155552671 % apparently")]
    [InlineData("The fund holds $ 4155552671 now")]
    [InlineData("Population 1 234 567 890 people")]
    [InlineData("Population 123.456.789 people")]
    [InlineData("Meeting on 2024-01-15 at 10:30")]
    [InlineData("Meeting on 15/01/2024 at 10:30")]
    [InlineData("Between 2019-2023 sales grew")]
    [InlineData("Only 42 or 12345 items")]
    [InlineData("Server 192.168.100.200 is down")]
    [InlineData("ISBN 978-3-16-148410-0")]
    [InlineData("Placeholder 000000000")]
    [InlineData("Ticket 1234567890 is open")]   // a bare 10-digit run that is not a valid NANP number
    [InlineData("Version 1.2.3.4567 shipped")]
    public void Ignores_years_prices_dates_and_plain_numbers(string text) => Assert.Empty(_detector.Find(text));
}
