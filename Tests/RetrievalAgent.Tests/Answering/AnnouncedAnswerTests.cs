using Switchboard.RetrievalAgent.Answering;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Tests.Answering;

/// <summary>
/// The wrong sentence of the right passage: a sentence that ends with a colon shares the question's words but only
/// announces the answer ("... based on the following four categories of conduct:"), so the sentence after it is quoted
/// with it. The passages are invented, so the behaviour holds for the class, not for one document.
/// </summary>
public sealed class AnnouncedAnswerTests
{
    private static readonly string[] Corpus =
    [
        "The discounts are based on the following three kinds of membership:\n1.\nStudent, senior and family membership each give ten percent off. Other offers end in June.",
        "The discounts are listed on the website. Members renew every year.",
    ];

    [Fact]
    public void A_sentence_that_announces_its_answer_is_quoted_with_the_sentence_after_it()
    {
        var quotes = Answer("Which kinds of membership are the discounts based on?");

        Assert.Equal("The discounts are based on the following three kinds of membership:", quotes[0].Sentence.Text);
        Assert.Equal("Student, senior and family membership each give ten percent off.", quotes[1].Sentence.Text);
    }

    [Fact]
    public void A_sentence_that_ends_with_a_full_stop_is_quoted_alone()
    {
        var quotes = Answer("Where are the discounts listed?");

        Assert.Equal("The discounts are listed on the website.", Assert.Single(quotes).Sentence.Text);
    }

    private static List<Quote> Answer(string question)
    {
        var options = new AnswerOptions();
        var scorer = EvidenceScorer.ForPassages(question, Corpus, options);
        var hits = Corpus.Select((text, i) => new RankedChunk(
                new StoredChunk($"c{i}", $"d{i}", $"notes-{i}.txt", 0, null, null, text), 1.0 / (i + 1), null, null, 1, 1, false))
            .ToList();
        return QuoteSelection.Select(scorer, scorer.ScoreSentences(hits), options);
    }
}
