using Switchboard.ComplianceAgent.Review;

namespace Switchboard.ComplianceAgent.Tests.Review;

public class SentenceSplitterTests
{
    [Fact]
    public void Markers_after_the_full_stop_belong_to_the_sentence_before_them()
    {
        var sentences = SentenceSplitter.Split("Refunds take 5 days. [1] Annual plans are refundable within 30 days. [2][3]");

        Assert.Equal(2, sentences.Count);
        Assert.Equal("Refunds take 5 days. [1]", sentences[0].Original);
        Assert.Equal("Refunds take 5 days.", sentences[0].Text);
        Assert.Equal([1], sentences[0].Cites);
        Assert.Equal([2, 3], sentences[1].Cites);
    }

    [Fact]
    public void Markers_before_the_full_stop_and_lists_of_numbers_are_read()
    {
        var sentence = Assert.Single(SentenceSplitter.Split("The fee is waived for students [1, 4]."));

        Assert.Equal("The fee is waived for students.", sentence.Text);
        Assert.Equal([1, 4], sentence.Cites);
    }

    [Fact]
    public void Csv_row_answers_split_at_each_marker()
    {
        var sentences = SentenceSplitter.Split("Name: Acme; City: Paris; Revenue: 1.5 [1] Name: Globex; City: Lyon; Revenue: 2.25 [2]");

        Assert.Equal(["Name: Acme; City: Paris; Revenue: 1.5", "Name: Globex; City: Lyon; Revenue: 2.25"], sentences.Select(s => s.Text));
        Assert.Equal([[1], [2]], sentences.Select(s => s.Cites.ToArray()));
    }

    [Fact]
    public void Abbreviations_decimals_and_mid_sentence_markers_do_not_split()
    {
        var sentences = SentenceSplitter.Split("Costs rose 3.5% e.g. for Dr. Smith's team [1] and others [2]. Next sentence here. [3]");

        Assert.Equal(2, sentences.Count);
        Assert.Equal([1, 2], sentences[0].Cites);
        Assert.Equal([3], sentences[1].Cites);
    }

    [Fact]
    public void Line_breaks_end_sentences_and_empty_text_has_none()
    {
        Assert.Equal(2, SentenceSplitter.Split("- first point [1]\n- second point [2]").Count);
        Assert.Empty(SentenceSplitter.Split("  \n "));
    }
}
