using Switchboard.RetrievalAgent.Answering;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Tests.Answering;

/// <summary>
/// Failure class 2 (sentences cut wrong): a narrow PDF column's line that starts with a capital or a digit, a line that
/// ends on a word no sentence ends on or on a dash, and abbreviations ("a.m.", "Pub. L.", "Cat. No.") do not end a
/// sentence, so the quoted sentence holds its whole statement; headings and real sentence ends still do.
/// </summary>
public sealed class SentenceSplitterTests
{
    private static IReadOnlyList<Sentence> Split(string text) =>
        SentenceSplitter.Split(new StoredChunk("d:0", "d", "notice.pdf", 0, 1, null, text));

    [Fact]
    public void A_narrow_column_line_that_starts_with_a_capital_or_digit_continues_the_sentence()
    {
        // Three-column text: every line about 30 characters, wrapped by the layout wherever the width ran out.
        const string column = """
            Filers must keep the records as
            required by paragraph (c) of the
            2019 rule for at least three
            years after the due date. The
            Service may ask for them at any
            time during that period. Records
            kept abroad must be produced in
            English on request by a U.S.
            Consulate or the Service.
            """;

        var sentences = Split(column).Select(s => s.Text).ToList();

        Assert.Equal(
            [
                "Filers must keep the records as required by paragraph (c) of the 2019 rule for at least three years after the due date.",
                "The Service may ask for them at any time during that period.",
                "Records kept abroad must be produced in English on request by a U.S. Consulate or the Service.",
            ],
            sentences);
    }

    [Theory]
    [InlineData("The counter opens at 9 a.m. Monday to Friday and closes at 5 p.m. on Saturdays.")]
    [InlineData("The act is Pub. L. No. 105-304, signed in 1998.")]
    [InlineData("Order Cat. No. 10231X from the Service.")]
    [InlineData("Form W-9 (Rev. October 2018) is the current revision.")]
    public void Abbreviations_do_not_end_a_sentence(string text)
    {
        Assert.Equal(text, Assert.Single(Split(text)).Text);
    }

    [Fact]
    public void A_caption_is_one_unit_with_its_label()
    {
        var sentences = Split("Figure 7-27. Stainless steel self-locking nut\n\nThe nut is shown in Figure 7-27. It is reusable.").Select(s => s.Text).ToList();

        Assert.Equal(["Figure 7-27. Stainless steel self-locking nut", "The nut is shown in Figure 7-27.", "It is reusable."], sentences);
    }

    [Fact]
    public void A_line_ending_on_a_dash_or_a_function_word_runs_on()
    {
        var sentences = Split("Payments are due by the\nFifteenth of April –\nExtensions are granted on request.").Select(s => s.Text).ToList();

        Assert.Equal(["Payments are due by the Fifteenth of April – Extensions are granted on request."], sentences);
    }

    [Fact]
    public void Headings_and_sentence_ends_still_split()
    {
        var sentences = Split("Where To File\n\nFile the return with the Service. Keep a copy of it for three years.");

        Assert.True(sentences[0].IsHeading);
        Assert.Equal(["File the return with the Service.", "Keep a copy of it for three years."], sentences.Skip(1).Select(s => s.Text));
    }

    // Failure class 3 (facts not in a sentence): a cover page's date or identifier line is quoted with the title lines
    // above it, so it says what it is the date of; later pages keep their lines as they are.
    [Theory]
    [InlineData(1, true)]
    [InlineData(5, false)]
    public void A_cover_page_value_line_is_quoted_with_the_title_lines_above_it(int page, bool withTitle)
    {
        const string cover = "ANNUAL FREIGHT REVIEW OF 2023\n\nNorthern Corridor Office Summary\n\nDecember 2023\n\nIntroduction\n\nThe corridor carried four million tonnes.";

        var sentences = SentenceSplitter.Split(new StoredChunk("d:0", "d", "review.pdf", 0, page, null, cover)).Select(s => s.Text).ToList();

        Assert.Equal(withTitle, sentences.Contains("ANNUAL FREIGHT REVIEW OF 2023 Northern Corridor Office Summary December 2023"));
        Assert.Equal(!withTitle, sentences.Contains("December 2023"));
        Assert.Contains("The corridor carried four million tonnes.", sentences);
    }

    [Theory]
    [InlineData("respond", "respons", true)]
    [InlineData("permit", "permiss", true)]
    [InlineData("form", "formal", false)]
    [InlineData("employ", "employe", false)]
    [InlineData("duck", "goos", false)]
    [InlineData("contract", "contractor", false)]
    public void Word_families_join_derivations_of_longer_stems_but_not_other_parties(string a, string b, bool same)
    {
        Assert.Equal(same, WordFamily.Same(a, b));
    }
}
