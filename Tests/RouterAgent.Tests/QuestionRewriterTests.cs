using Switchboard.AgentCore.Contracts;
using Switchboard.RouterAgent.Rewriting;

namespace Switchboard.RouterAgent.Tests;

public sealed class QuestionRewriterTests
{
    [Theory]
    [InlineData("What was the revenue in 2024-Q3?", "and in 2023-Q3?", "What was the revenue in 2023-Q3?")]
    [InlineData("What was the revenue in 2024-Q3?", "in 2023-Q3?", "What was the revenue in 2023-Q3?")]
    [InlineData("What was the revenue in 2024?", "And 2023?", "What was the revenue in 2023?")]
    [InlineData("What was the revenue in Europe in 2024?", "and in 2023?", "What was the revenue in Europe in 2023?")]
    [InlineData("What is the monthly price of Forecast Studio?", "and the annual price?", "What is the annual price of Forecast Studio?")]
    [InlineData("What is the monthly price of Forecast Studio?", "what about Vaultkeeper?", "What is the monthly price of Vaultkeeper?")]
    [InlineData("What is the monthly price of Forecast Studio?", "How about the annual plan?", "What is the monthly price of the annual plan?")]
    [InlineData("What is the refund policy?", "And for annual plans?", "What is the refund policy for annual plans?")]
    [InlineData("What is the refund policy?", "what about Vaultkeeper?", "What is the refund policy for Vaultkeeper?")]
    [InlineData("What is the refund policy?", "what about the shipping policy?", "What is the shipping policy?")]
    [InlineData("What is Vaultkeeper?", "How much does it cost?", "How much does Vaultkeeper cost?")]
    [InlineData("What is the monthly price of Forecast Studio?", "Does it include support?", "Does Forecast Studio include support?")]
    [InlineData("Who makes Vaultkeeper?", "What is its price?", "What is Vaultkeeper's price?")]
    public void Follow_ups_become_standalone_questions(string previous, string followUp, string expected) =>
        Assert.Equal(expected, RuleBasedQuestionRewriter.Rewrite(followUp, previous));

    [Theory]
    [InlineData("What is the refund policy for gift cards?")]
    [InlineData("How many vacation days do new employees get?")]
    [InlineData("Is it possible to pay by invoice?")]
    [InlineData("Thanks!")]
    [InlineData("Refund policy?")]
    [InlineData("Does Vaultkeeper support single sign-on?")]
    public void Standalone_questions_pass_unchanged(string question) =>
        Assert.Equal(question, RuleBasedQuestionRewriter.Rewrite(question, "What is the monthly price of Forecast Studio?"));

    [Fact]
    public void Without_history_a_fragment_is_only_whitespace_normalised() =>
        Assert.Equal("and in 2023?", RuleBasedQuestionRewriter.Rewrite("  and   in\n2023? ", previous: null));

    [Fact]
    public async Task The_latest_turn_is_merged_in_its_standalone_form()
    {
        IQuestionRewriter rewriter = new RuleBasedQuestionRewriter();
        ConversationTurn[] history =
        [
            new("What is the monthly price of Forecast Studio?"),
            new("and Vaultkeeper?", RewrittenQuestion: "What is the monthly price of Vaultkeeper?", Answer: "It costs $12 [1]."),
        ];

        var rewritten = await rewriter.RewriteAsync("and the annual price?", history, CancellationToken.None);

        Assert.Equal("What is the annual price of Vaultkeeper?", rewritten);
    }
}
