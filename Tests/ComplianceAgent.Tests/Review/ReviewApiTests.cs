using System.Net;
using System.Net.Http.Json;
using System.Text;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;

namespace Switchboard.ComplianceAgent.Tests.Review;

public class ReviewApiTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Review_returns_the_verdict_over_http()
    {
        await using var app = ComplianceApp.Create(redis);
        using var client = app.CreateClient();
        var request = new ReviewRequest(
            "How long do refunds take?",
            "Refunds are paid within 5 business days. [1] They arrive by carrier pigeon. [1]",
            [new AnswerContext(1, "refund-policy.md", "Refunds are paid to the original payment method within 5 business days.")]);

        var response = await client.PostAsJsonAsync("/review", request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<ReviewResult>();
        Assert.NotNull(result);
        Assert.Equal(ReviewVerdicts.Revise, result.Verdict);
        Assert.Equal("Refunds are paid within 5 business days. [1]", result.RevisedAnswer);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"question":"q","answer":null,"contexts":[]}""")]
    public async Task Missing_answer_is_a_400_naming_answer(string body)
    {
        await using var app = ComplianceApp.Create(redis);
        using var client = app.CreateClient();

        var response = await client.PostAsync("/review", new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsValidationProblemForAsync(response, "answer");
    }

    [Fact]
    public async Task Context_without_text_is_a_400_naming_the_context()
    {
        await using var app = ComplianceApp.Create(redis);
        using var client = app.CreateClient();
        const string body = """{"question":"q","answer":"a [1]","contexts":[{"number":1,"source":"s"}]}""";

        var response = await client.PostAsync("/review", new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsValidationProblemForAsync(response, "contexts[0].text");
    }

    [Fact]
    public async Task Omitted_contexts_are_allowed_and_block()
    {
        await using var app = ComplianceApp.Create(redis);
        using var client = app.CreateClient();
        const string body = """{"question":"q","answer":"Refunds take 5 days. [1]"}""";

        var response = await client.PostAsync("/review", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<ReviewResult>();
        Assert.Equal(ReviewVerdicts.Block, result?.Verdict);
    }
}
