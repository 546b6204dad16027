using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Tests.TextAnalysis;

/// <summary>
/// The word knowledge answer verification tolerates paraphrase with (failure class 5): derived forms, the numeric forms of
/// dates, everyday verbs; and the opposites it refuses a reversed relation by. All on Porter stems, as the index has them.
/// </summary>
public sealed class ParaphraseLexiconTests
{
    [Theory]
    [InlineData("daily", "day", true)]
    [InlineData("mileage", "mile", true)]
    [InlineData("yearly", "year", true)]
    [InlineData("contractor", "contract", false)]
    [InlineData("goose", "good", false)]
    [InlineData("q2", "q2al", false)]
    public void A_derived_form_is_the_same_word(string question, string source, bool same)
    {
        Assert.Equal(same, WordFamily.Derived(IndexTokens.Stem(question), IndexTokens.Stem(source)));
    }

    [Theory]
    [InlineData("What was the rate in January 2015?", "january", "01")]
    [InlineData("What was the revenue in the second quarter of 2024?", "second", "q2")]
    [InlineData("Who came fourth in the quarter final?", "fourth", null)]
    public void A_date_word_has_its_numeric_form(string question, string word, string? form)
    {
        var forms = DateForms.Of(IndexTokens.Stem(word), IndexTokens.Words(question).ToList());

        if (form is null)
        {
            Assert.Empty(forms);
        }
        else
        {
            Assert.Contains(form, forms);
        }
    }

    [Theory]
    [InlineData("comes", true)]
    [InlineData("won", true)]
    [InlineData("told", true)]
    [InlineData("protects", true)]
    [InlineData("veto", false)]
    [InlineData("slaughtered", false)]
    [InlineData("increased", false)]
    public void Everyday_verbs_are_known_and_rarer_ones_are_not(string word, bool ordinary)
    {
        Assert.Equal(ordinary, OrdinaryVerbs.Contains(IndexTokens.Stem(word)));
    }

    [Theory]
    [InlineData("increased", "decreased")]
    [InlineData("sell", "bought")]
    [InlineData("vetoed", "signed")]
    [InlineData("former", "current")]
    [InlineData("follows", "precedes")]
    public void Opposites_are_known_both_ways_and_in_every_form(string word, string opposite)
    {
        Assert.Contains(IndexTokens.Stem(opposite), Opposites.Of(IndexTokens.Stem(word)));
        Assert.Contains(IndexTokens.Stem(word), Opposites.Of(IndexTokens.Stem(opposite)));
    }
}
