using Switchboard.ComplianceAgent.Screening.Pii;

namespace Switchboard.ComplianceAgent.Tests.Screening;

public class PiiScannerTests
{
    private readonly PiiScanner _scanner = new();

    [Fact]
    public void Redacts_every_kind_and_reports_offsets_in_the_original_text()
    {
        const string text = "I am jane@example.com, phone +44 20 7946 0958, card 4111 1111 1111 1111, "
            + "IBAN GB82 WEST 1234 5698 7654 32, SSN 123-45-6789.";

        var matches = _scanner.Scan(text);

        Assert.Equal(
            [
                (PiiKind.Email, "jane@example.com"),
                (PiiKind.Phone, "+44 20 7946 0958"),
                (PiiKind.CreditCard, "4111 1111 1111 1111"),
                (PiiKind.Iban, "GB82 WEST 1234 5698 7654 32"),
                (PiiKind.Ssn, "123-45-6789"),
            ],
            matches.Select(m => (m.Kind, text.Substring(m.Start, m.Length))));
        Assert.Equal(
            "I am [EMAIL], phone [PHONE], card [CARD], IBAN [IBAN], SSN [SSN].",
            PiiScanner.Redact(text, matches));
    }

    [Fact]
    public void A_validated_iban_or_card_wins_over_a_phone_reading_of_the_same_digits()
    {
        const string text = "Account DE89370400440532013000 and card 378282246310005";

        var matches = _scanner.Scan(text);

        Assert.Equal([PiiKind.Iban, PiiKind.CreditCard], matches.Select(m => m.Kind));
    }

    [Fact]
    public void Leaves_text_without_pii_unchanged()
    {
        const string text = "How many tickets were closed in Q3 2024, and what did the 12 refunds cost ($1,250.00)?";
        var matches = _scanner.Scan(text);
        Assert.Empty(matches);
        Assert.Equal(text, PiiScanner.Redact(text, matches));
    }
}
