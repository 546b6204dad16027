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
        "Archived records are encrypted at rest with XTS-512. The Harbor plan includes 40 GB storage.",
        "Spare parts are stored in depots in Tarvik and Oslen.",
        "Staff who drive their own van on company business are reimbursed at 0.41 euros per kilometre.",
        "The Relay add-on raises the call limit to 5000 calls per day.",
        "The quarterly report gives revenue of 4020 thousand dollars for 2024-Q2. The index stood at 0.9443 on 2015-01-01.",
        "The exemption amount is decreased for 2031.",
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
    // paraphrase: an everyday verb ("protects", "comes with", "give") for the source's own, the kind of thing asked for
    // ("in which towns", "the ... rate"), a derived form ("daily" / "per day")
    [InlineData("How much storage comes with the Harbor plan?", true)]
    [InlineData("In which towns are the depots that store spare parts?", true)]
    [InlineData("What is the kilometre rate for staff who drive their own van on company business?", true)]
    [InlineData("What daily call limit does the Relay add-on give?", true)]
    [InlineData("What happened to the exemption amount for 2031?", true)]
    // ... but not a relation reversed into its opposite
    [InlineData("Why was the exemption amount increased for 2031?", false)]
    [InlineData("What did Cambridge sell in Leeds?", false)]
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

    [Theory]
    [InlineData("You must file by May 15.", true)]
    [InlineData("Falsifying it may subject you to criminal penalties including fines.", false)]
    [InlineData("The act was signed in October.", true)]
    public void The_modal_may_states_no_value(string text, bool states)
    {
        Assert.Equal(states, ValueMentions.StatesValue(text));
    }

    // The evidence gate of this small corpus would stop these before verification (a paraphrase shares fewer words);
    // what is tested is that verification itself accepts the sentence for the paraphrase and refuses it for the trick.
    [Theory]
    [InlineData("Which cipher protects archived records at rest?", "Archived records are encrypted at rest with XTS-512.", true)]
    [InlineData("What was the revenue in the second quarter of 2024?", "The quarterly report gives revenue of 4020 thousand dollars for 2024-Q2.", true)]
    [InlineData("What was the revenue in the third quarter of 2024?", "The quarterly report gives revenue of 4020 thousand dollars for 2024-Q2.", false)]
    [InlineData("What was the index in January 2015?", "The index stood at 0.9443 on 2015-01-01.", true)]
    [InlineData("What was the index in February 2015?", "The index stood at 0.9443 on 2015-01-01.", false)]
    [InlineData("What did Cambridge sell in Leeds?", "Cambridge bought land in Leeds in 2019 to build a research campus.", false)]
    public void Verification_accepts_a_paraphrase_and_refuses_a_trick(string question, string sentence, bool supported)
    {
        var scorer = EvidenceScorer.ForPassages(question, Corpus, new AnswerOptions());
        var candidate = scorer.ScoreSentences(Hits()).First(s => s.Sentence.Text == sentence);

        Assert.True(supported == scorer.Claims.AreSupportedBy(candidate), $"{question} / {sentence}: {scorer.Claims.Unsupported(candidate) ?? "supported"}");
    }

    private static List<RankedChunk> Hits() => Corpus.Select((text, i) => new RankedChunk(
            new StoredChunk($"c{i}", $"d{i}", $"notes-{i}.txt", 0, null, null, text), 1.0 / (i + 1), null, null, 1, 1, false))
        .ToList();

    private static List<Quote> Answer(string question)
    {
        var options = new AnswerOptions { VerifyClaims = true };
        var scorer = EvidenceScorer.ForPassages(question, Corpus, options);
        return QuoteSelection.Select(scorer, scorer.ScoreSentences(Hits()), options);
    }
}
