using Switchboard.ComplianceAgent.Review;

namespace Switchboard.ComplianceAgent.Tests.Review;

public class TermExtractorTests
{
    [Theory]
    [InlineData("approve", "approves", "approved", "approving")]
    [InlineData("policy", "policies", "policy's", "Policy")]
    [InlineData("stop", "stops", "stopped", "stopping")]
    public void Inflections_share_one_stem(params string[] forms)
    {
        var stems = forms.Select(f => Assert.Single(TermExtractor.Extract(f).Words)).Distinct();
        Assert.Single(stems);
    }

    [Fact]
    public void Stopwords_are_dropped_and_numbers_kept_exactly()
    {
        var terms = TermExtractor.Extract("The 3 invoices of 1,200 EUR were paid on 2024-03-01, at 10:30.");

        Assert.DoesNotContain("the", terms.Words);
        Assert.DoesNotContain("of", terms.Words);
        Assert.Equal(new HashSet<string> { "3", "1200", "2024", "03", "01", "10:30" }, terms.Numbers);
        Assert.Contains("invoic", terms.Words);
    }
}
