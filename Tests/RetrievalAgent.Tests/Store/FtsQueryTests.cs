using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Tests.Store;

public sealed class FtsQueryTests
{
    [Fact]
    public void Content_terms_are_quoted_and_ored()
    {
        Assert.Equal("\"hotel\" OR \"costs\" OR \"reimbursed\"", FtsQuery.Build("Are hotel costs reimbursed?"));
    }

    [Fact]
    public void Operators_and_syntax_characters_become_plain_terms()
    {
        var query = FtsQuery.Build("NEAR(cats dogs) AND text:birds* \"fish");

        Assert.Equal("\"near\" OR \"cats\" OR \"dogs\" OR \"text\" OR \"birds\" OR \"fish\"", query);
    }

    [Fact]
    public void Numbers_keep_their_separators_as_one_term()
    {
        Assert.Equal("\"price\" OR \"49.99\" OR \"2018\"", FtsQuery.Build("price 49.99 in 2018"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!\"'()*")]
    [InlineData("What is it?")]
    public void Text_without_content_terms_gives_no_query(string text)
    {
        Assert.Null(FtsQuery.Build(text));
    }

    [Fact]
    public void Repeated_words_appear_once()
    {
        Assert.Equal("\"leave\" OR \"policy\"", FtsQuery.Build("leave policy, LEAVE Policy"));
    }
}
