using Switchboard.RetrievalAgent.Answering;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Tests.Answering;

/// <summary>
/// Failure class 5 (trick questions answered): the extractive answer quotes a sentence only when it answers the question
/// as asked (<see cref="AnswerClaims"/>): entity swapped, negation ignored, relation reversed, false premise or a value
/// asked and none stated are refused, while the plain question on the same passage is answered. The passages are
/// invented, so the checks hold for the class, not for one document.
/// </summary>
public sealed class AnswerVerificationTests
{
    private static readonly string[] Corpus =
    [
        "Cambridge bought land in Leeds in 2019 to build a research campus. The campus opened two years later.",
        "Annual leave: employees with fewer than three years of service earn 4 hours per pay period. There is no maximum amount of sick leave you can accrue.",
        "Form 7001 does not extend the time to pay the tax. You must file Form 7001 by the regular due date.",
        "The policy engine makes the decision, and the policy administrator executes the decision.",
        "Willfully falsifying the certification may subject you to criminal penalties including fines and imprisonment.",
        "The spring keeps the locking and load-carrying sections apart. The nut can be removed and reused without impairing its efficiency.",
        "Approximately 3 billion ducks are slaughtered each year for meat worldwide. Geese are kept for their down.",
        "A male duck is called a drake. Swans and geese belong to the same family.",
        "Network location alone does not imply trust.",
        "The first response time for critical incidents is 30 minutes.",
        "Firearm Background Checks by State\n\nThe tally counts the checks made in each state.",
    ];

    [Theory]
    // the question as asked by the passage
    [InlineData("What did Cambridge buy in Leeds?", true)]
    [InlineData("How much annual leave do employees with fewer than three years of service earn?", true)]
    [InlineData("How many ducks are slaughtered each year for meat worldwide?", true)]
    [InlineData("Can the nut be reused?", true)]
    [InlineData("Does network location alone imply trust?", true)]
    // another form of the same word ("respond" / "response") is the same claim
    [InlineData("How fast do they first respond to critical incidents?", true)]
    // entity swap: another name, another animal
    [InlineData("What did Oxford buy in Leeds?", false)]
    [InlineData("How many geese are slaughtered each year for meat worldwide?", false)]
    // negation: the question negates what the sentence asserts, or the reverse (a false premise)
    [InlineData("Why can the nut not be reused?", false)]
    [InlineData("Why is there a maximum amount of sick leave you can accrue?", false)]
    [InlineData("Until what date does Form 7001 extend the time to pay the tax?", false)]
    // a value asked, none stated
    [InlineData("What is the dollar amount of the criminal fine for falsifying the certification?", false)]
    public void A_sentence_is_quoted_only_when_it_answers_the_question_as_asked(string question, bool answered)
    {
        var quotes = Answer(question);

        Assert.True(answered == (quotes.Count > 0),
            $"{question}: expected {(answered ? "an answer" : "not found")}, got {(quotes.Count > 0 ? quotes[0].Sentence.Text : "not found")}");
    }

    // Failure class 3 (a name given only in a heading): a heading answers the question that asks for a title, and no other.
    [Theory]
    [InlineData("What is the title of the firearm checks tally?", "Firearm Background Checks by State")]
    [InlineData("Which firearm checks does the tally count?", "The tally counts the checks made in each state.")]
    public void A_heading_is_quoted_only_for_a_question_that_asks_for_a_title(string question, string quoted)
    {
        Assert.Equal(quoted, Answer(question).First().Sentence.Text);
    }

    [Fact]
    public void The_first_supported_sentence_is_quoted_not_the_one_with_most_overlap()
    {
        var quotes = Answer("What did Cambridge buy in Leeds in 2019?");

        Assert.StartsWith("Cambridge bought land in Leeds in 2019", Assert.Single(quotes.Take(1)).Sentence.Text);
    }

    [Theory]
    [InlineData("Form 7001 does not extend the time to pay the tax.", "extend")]
    [InlineData("There is no maximum amount of sick leave you can accrue.", "maximum")]
    [InlineData("If you do not have a number, apply for one.", "have")]
    [InlineData("It can't be reused.", "reus")]
    public void Negation_marks_the_word_it_governs_within_its_clause(string text, string stem)
    {
        Assert.Contains(stem, Negation.NegatedStems(text));
    }

    [Fact]
    public void Negation_stops_at_the_end_of_its_clause()
    {
        Assert.DoesNotContain("appli", Negation.NegatedStems("If you do not, apply for one."));
    }

    [Theory]
    [InlineData("How many days of leave do I get?", true)]
    [InlineData("When was the act signed?", true)]
    [InlineData("What is the dollar amount of the fine?", true)]
    [InlineData("Which component makes the decision?", false)]
    public void Questions_asking_for_a_value_are_recognised(string question, bool asks)
    {
        Assert.Equal(asks, ValueMentions.AsksForValue(question));
    }

    private static List<Quote> Answer(string question)
    {
        var options = new AnswerOptions { VerifyClaims = true };
        var scorer = EvidenceScorer.ForPassages(question, Corpus, options);
        var hits = Corpus.Select((text, i) => new RankedChunk(
                new StoredChunk($"c{i}", $"d{i}", $"notes-{i}.txt", 0, null, null, text), 1.0 / (i + 1), null, null, 1, 1, false))
            .ToList();
        return QuoteSelection.Select(scorer, scorer.ScoreSentences(hits), options);
    }
}
