using Switchboard.ComplianceAgent.Screening.Pii;

namespace Switchboard.ComplianceAgent.Tests.Screening;

public class CreditCardDetectorTests
{
    private readonly CreditCardDetector _detector = new();

    [Theory]
    [InlineData("4111111111111111")]   // Visa test number
    [InlineData("5555555555554444")]   // Mastercard test number
    [InlineData("378282246310005")]    // Amex, 15 digits
    [InlineData("4222222222222")]      // Visa, 13 digits
    public void Luhn_accepts_valid_numbers(string digits) => Assert.True(CreditCardDetector.PassesLuhn(digits));

    [Theory]
    [InlineData("4111111111111112")]
    [InlineData("5555555555554445")]
    [InlineData("378282246310006")]
    [InlineData("41111111111111a1")]
    [InlineData("")]
    public void Luhn_rejects_invalid_numbers(string digits) => Assert.False(CreditCardDetector.PassesLuhn(digits));

    [Theory]
    [InlineData("4111 1111 1111 1111")]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("4111111111111111")]
    [InlineData("3782 822463 10005")]
    public void Finds_a_valid_card_however_it_is_grouped(string card)
    {
        var text = $"My card is {card}, is it blocked?";
        var match = Assert.Single(_detector.Find(text));
        Assert.Equal(PiiKind.CreditCard, match.Kind);
        Assert.Equal(card, text.Substring(match.Start, match.Length));
    }

    [Theory]
    [InlineData("My card is 4111 1111 1111 1112.")]        // fails Luhn: not a card
    [InlineData("Placeholder 0000 0000 0000 0000 here")]   // passes Luhn, but a placeholder
    [InlineData("Order 411111111111 shipped")]              // 12 digits
    [InlineData("Value 4111111111111111111111 too long")]   // 22 digits
    [InlineData("Pi is 3.4111111111111111")]               // a decimal, not a card
    public void Ignores_numbers_that_are_not_cards(string text) => Assert.Empty(_detector.Find(text));
}
