using Switchboard.AgentCore.Contracts;
using Switchboard.Evaluation.Metrics;

namespace Switchboard.Evaluation.Tests;

public sealed class MetricsTests
{
    [Theory]
    [InlineData("Revenue (USD thousands): 3,380; Gross Margin", "3380")]
    [InlineData("The limit is $1,000,000 per trip.", "1000000 per trip")]
    [InlineData("The  daily meal\nallowance is 90 US dollars", "meal allowance is 90 us dollars")]
    [InlineData("It costs €1 200 a year", "1200 a year")]
    [InlineData("A free 45\u2011minute setup call", "45-minute")]
    public void Expected_strings_match_after_normalisation(string answer, string expected)
    {
        Assert.True(AnswerText.ContainsAny(answer, [expected]), $"'{expected}' not found in '{AnswerText.Normalize(answer)}'");
    }

    [Theory]
    [InlineData("The limit is 275 US dollars", "180 US dollars")]
    [InlineData("PDF, PNG or CSV", "PDF, PNG and CSV")]
    [InlineData("", "anything")]
    public void Different_facts_do_not_match(string answer, string expected)
    {
        Assert.False(AnswerText.ContainsAny(answer, [expected]));
    }

    [Fact]
    public void Any_one_expected_string_is_enough_and_commas_in_lists_survive()
    {
        Assert.True(AnswerText.ContainsAny("Exports: PDF, PNG or CSV files.", ["XLSX", "pdf, png or csv"]));
        Assert.Equal("pdf, png or csv", AnswerText.Normalize("PDF,  PNG or CSV"));
        Assert.Equal("12345", AnswerText.Normalize("12345")); // five digits are not a thousands group
    }

    private static SearchHit Hit(string document, int? page = null, int? row = null, string text = "x") =>
        new($"{document}:{page}{row}", document, document, page, row, text, 1);

    [Fact]
    public void Gold_document_rank_is_the_position_of_its_first_chunk()
    {
        IReadOnlyList<SearchHit> hits = [Hit("a.md"), Hit("b.pdf", page: 1), Hit("b.pdf", page: 2), Hit("c.csv", row: 3)];

        Assert.Equal(2, Ranking.DocumentRank(hits, "B.PDF"));
        Assert.Equal(3, Ranking.LocationRank(hits, "b.pdf", page: 2, row: null));
        Assert.Null(Ranking.DocumentRank(hits, "missing.txt"));
        Assert.Null(Ranking.LocationRank(hits, "b.pdf", page: 5, row: null));
    }

    [Fact]
    public void A_csv_chunk_covers_the_consecutive_rows_of_its_lines()
    {
        var chunk = Hit("prices.csv", row: 5, text: "SKU: A\nSKU: B\nSKU: C"); // rows 5, 6, 7

        Assert.True(Ranking.CoversRow(chunk, 5));
        Assert.True(Ranking.CoversRow(chunk, 7));
        Assert.False(Ranking.CoversRow(chunk, 4));
        Assert.False(Ranking.CoversRow(chunk, 8));
        Assert.Equal(2, Ranking.LocationRank([Hit("prices.csv", row: 1, text: "r1\nr2"), chunk], "prices.csv", null, 6));
    }

    [Fact]
    public void Hit_at_k_and_mrr_count_misses_as_zero()
    {
        int?[] ranks = [1, 2, 4, null];

        Assert.Equal(0.25, Ranking.HitAt(ranks, 1));
        Assert.Equal(0.5, Ranking.HitAt(ranks, 3));
        Assert.Equal((1 + 0.5 + 0.25 + 0) / 4, Ranking.MeanReciprocalRank(ranks));
        Assert.Null(Ranking.HitAt([], 3));
        Assert.Null(Ranking.MeanReciprocalRank([]));
    }

    [Fact]
    public void Percentiles_interpolate_between_closest_ranks()
    {
        double[] values = [400, 100, 300, 200, 500];

        Assert.Equal(300, Percentiles.Of(values, 50));
        Assert.Equal(480, Percentiles.Of(values, 95)!.Value, precision: 6);
        Assert.Equal(100, Percentiles.Of(values, 0));
        Assert.Equal(500, Percentiles.Of(values, 100));
        Assert.Equal(250, Percentiles.Of([200, 300], 50));
        Assert.Null(Percentiles.Of([], 50));
    }

    [Fact]
    public void Exit_criteria_pass_and_fail_at_their_bars_and_are_not_judged_without_data()
    {
        var criteria = ExitCriteria.Judge(answeredCorrectly: 0.8, refused: 0.85, hitAt3: 0.75, hallucination: 0.15, p50TotalMs: null);

        Assert.Equal([true, false, true, false, null], criteria.Select(c => c.Passed));
        Assert.Equal("85.0%", criteria[1].Display);
        Assert.Equal("n/a", criteria[4].Display);
    }
}
