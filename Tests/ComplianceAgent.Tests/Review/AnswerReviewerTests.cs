using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.AgentCore.Contracts;
using Switchboard.ComplianceAgent.Review;
using Switchboard.ComplianceAgent.Tests.Screening;

namespace Switchboard.ComplianceAgent.Tests.Review;

public class AnswerReviewerTests
{
    private const string RefundPolicy =
        "Customers on annual plans can request a full refund within 30 days of purchase. "
        + "Monthly plans are not refundable. Refunds are paid to the original payment method within 5 business days.";

    private const string SecurityPolicy =
        "All laptops must use full-disk encryption. Passwords must be at least 14 characters long.";

    private static readonly AnswerContext[] Contexts =
    [
        new(1, "refund-policy.md", RefundPolicy),
        new(2, "security-policy.pdf", SecurityPolicy),
    ];

    private static AnswerReviewer Reviewer(double minSupport = 0.6) => new(
        new StaticOptionsMonitor<ReviewOptions>(new ReviewOptions { MinSupport = minSupport }),
        NullLogger<AnswerReviewer>.Instance);

    [Fact]
    public void Verbatim_extractive_answer_passes_with_full_support()
    {
        const string answer = "Customers on annual plans can request a full refund within 30 days of purchase. [1] "
            + "Passwords must be at least 14 characters long. [2]";

        var result = Reviewer().Review(answer, Contexts);

        Assert.Equal(ReviewVerdicts.Pass, result.Verdict);
        Assert.Null(result.RevisedAnswer);
        Assert.All(result.Sentences, s => Assert.Equal(1.0, s.Support));
        Assert.Equal([[1], [2]], result.Sentences.Select(s => s.Cites.ToArray()));
    }

    [Fact]
    public void Light_paraphrase_passes()
    {
        var result = Reviewer().Review("Refunds for annual plans can be requested within 30 days of the purchase. [1]", Contexts);

        Assert.Equal(ReviewVerdicts.Pass, result.Verdict);
        Assert.InRange(Assert.Single(result.Sentences).Support, 0.6, 1.0);
    }

    [Fact]
    public void Some_unsupported_sentences_give_revise_with_only_the_supported_ones()
    {
        const string supported1 = "Monthly plans are not refundable. [1]";
        const string supported2 = "All laptops must use full-disk encryption. [2]";
        var answer = $"{supported1} Our CEO personally approves every refund over budget. [1] {supported2}";

        var result = Reviewer().Review(answer, Contexts);

        Assert.Equal(ReviewVerdicts.Revise, result.Verdict);
        Assert.Equal($"{supported1} {supported2}", result.RevisedAnswer);
        Assert.Equal([true, false, true], result.Sentences.Select(s => s.Supported));
        Assert.Contains("sentence 2", result.Reason);
    }

    [Fact]
    public void No_supported_sentence_blocks()
    {
        var result = Reviewer().Review("The moon is made of cheese. [1] Cats can fly on Tuesdays. [2]", Contexts);

        Assert.Equal(ReviewVerdicts.Block, result.Verdict);
        Assert.Null(result.RevisedAnswer);
        Assert.All(result.Sentences, s => Assert.False(s.Supported));
    }

    [Fact]
    public void A_sentence_without_a_marker_is_unsupported_even_if_true()
    {
        var result = Reviewer().Review(
            "Monthly plans are not refundable. [1] Passwords must be at least 14 characters long.", Contexts);

        Assert.Equal(ReviewVerdicts.Revise, result.Verdict);
        Assert.Equal("Monthly plans are not refundable. [1]", result.RevisedAnswer);
        var unmarked = result.Sentences[1];
        Assert.Empty(unmarked.Cites);
        Assert.False(unmarked.Supported);
        Assert.Contains("no citation", result.Reason);
    }

    [Fact]
    public void Citing_a_number_not_in_the_contexts_is_unsupported()
    {
        var result = Reviewer().Review("Monthly plans are not refundable. [7]", Contexts);

        Assert.Equal(ReviewVerdicts.Block, result.Verdict);
        Assert.Equal([7], Assert.Single(result.Sentences).Cites);
        Assert.Contains("[7]", result.Reason);
    }

    [Fact]
    public void Citing_the_wrong_context_is_unsupported()
    {
        var result = Reviewer().Review("Passwords must be at least 14 characters long. [1]", Contexts);

        Assert.Equal(ReviewVerdicts.Block, result.Verdict);
        Assert.True(Assert.Single(result.Sentences).Support < 0.6);
    }

    [Fact]
    public void A_number_that_differs_from_the_context_makes_the_sentence_unsupported()
    {
        // Every word is in the context; only the number is wrong.
        var result = Reviewer().Review(
            "Customers on annual plans can request a full refund within 60 days of purchase. [1]", Contexts);

        var sentence = Assert.Single(result.Sentences);
        Assert.False(sentence.Supported);
        Assert.True(sentence.Support >= 0.6, "the words alone would pass; the number must not");
        Assert.Equal(ReviewVerdicts.Block, result.Verdict);
    }

    [Fact]
    public void Reporting_style_answer_with_matching_numbers_passes()
    {
        AnswerContext[] contexts = [new(1, "ledger", "Today 12 questions were asked; 3 questions were not found.")];

        var result = Reviewer().Review("3 questions were not found today (of 12 asked). [1]", contexts);

        Assert.Equal(ReviewVerdicts.Pass, result.Verdict);
    }

    [Fact]
    public void Csv_row_answer_copied_from_its_chunk_passes()
    {
        AnswerContext[] contexts = [new(1, "customers.csv", "Name: Acme Corp; City: Paris; Revenue: 1,250,000")];

        var result = Reviewer().Review("Name: Acme Corp; City: Paris; Revenue: 1,250,000 [1]", contexts);

        Assert.Equal(ReviewVerdicts.Pass, result.Verdict);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_answer_blocks(string answer)
    {
        var result = Reviewer().Review(answer, Contexts);

        Assert.Equal(ReviewVerdicts.Block, result.Verdict);
        Assert.Empty(result.Sentences);
    }

    [Fact]
    public void No_contexts_means_nothing_is_supported()
    {
        var result = Reviewer().Review("Monthly plans are not refundable. [1]", []);

        Assert.Equal(ReviewVerdicts.Block, result.Verdict);
    }

    [Fact]
    public void The_threshold_comes_from_options()
    {
        const string answer = "Annual plans get refunds within 30 days, usually faster for loyal enterprise customers. [1]";

        var lenient = Reviewer(minSupport: 0.3).Review(answer, Contexts);
        var strict = Reviewer(minSupport: 0.95).Review(answer, Contexts);

        Assert.Equal(ReviewVerdicts.Pass, lenient.Verdict);
        Assert.Equal(ReviewVerdicts.Block, strict.Verdict);
        Assert.Equal(lenient.Sentences[0].Support, strict.Sentences[0].Support);
    }

    // Failure class 6 (review false alarms): a quoted document's own reference markers are not citations, and a quote
    // the review's splitter cuts at its inner punctuation is still one cited sentence; neither lets an unquoted claim by.
    private static readonly AnswerContext[] Article =
    [
        new(1, "duck.html", "Ducks are mostly aquatic birds.[3] A male duck is called a drake.[6][7] The female is called a duck.\n"
            + "The reserve opens at 9 a.m. Visitors may feed the ducks (Pub. L. No. 105-304)."),
    ];

    [Theory]
    [InlineData("A male duck is called a drake.[6][7] [1]")]
    [InlineData("Ducks are mostly aquatic birds.[3] A male duck is called a drake. [1]")]
    [InlineData("The reserve opens at 9 a.m. Visitors may feed the ducks (Pub. L. No. 105-304). [1]")]
    [InlineData("Visitors may feed the ducks (Pub. L. No. 105-304). [1]")]
    public void A_verbatim_quote_passes_whatever_its_inner_markers_and_punctuation(string answer)
    {
        var result = Reviewer().Review(answer, Article);

        Assert.Equal(ReviewVerdicts.Pass, result.Verdict);
        Assert.Equal([1], Assert.Single(result.Sentences).Cites);
    }

    [Theory]
    [InlineData("A male duck is called a drake.[8] [1]")] // a glued marker the context does not hold
    [InlineData("A male duck is called a drake.[2]")] // the only citation names no context
    public void A_marker_that_is_not_the_documents_own_text_is_still_a_citation(string answer)
    {
        var result = Reviewer().Review(answer, Article);

        Assert.NotEqual(ReviewVerdicts.Pass, result.Verdict);
        Assert.Contains("not among the contexts", result.Reason);
    }

    [Fact]
    public void An_uncited_sentence_that_is_not_part_of_the_quote_is_still_cut()
    {
        var result = Reviewer().Review("Geese are mostly aquatic birds. A male duck is called a drake. [1]", Article);

        Assert.Equal(ReviewVerdicts.Revise, result.Verdict);
        Assert.Equal("A male duck is called a drake. [1]", result.RevisedAnswer);
    }
}
