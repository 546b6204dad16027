using System.Net;
using System.Net.Http.Json;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Evaluation.Compare;
using Switchboard.Evaluation.Evaluate;
using Xunit.Abstractions;

namespace Switchboard.Evaluation.Tests;

/// <summary>
/// Document-level access across the real stack (processes, real Redis, JWT on the Gateway): a document uploaded with
/// <c>allowedGroups=finance</c> never reaches an engineering caller's answer, citations or search hits, while a finance
/// caller finds it, and a caller without a token gets 401.
/// </summary>
public sealed class RestrictedDocumentTests(ITestOutputHelper output)
{
    private const string Issuer = "https://issuer.switchboard.test";
    private const string Audience = "switchboard-api";
    private const string Question = "What is the approved budget for Project Heron?";
    private const string Secret = "4.7 million euros";

    [Fact]
    public async Task A_finance_only_document_never_leaks_to_an_engineering_caller()
    {
        var key = HsJwt.NewKey();
        var log = new StringWriter();
        var folder = Directory.CreateTempSubdirectory("sb-access-").FullName;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            var restrictedFile = Path.Combine(folder, "heron-budget.md");
            await File.WriteAllTextAsync(restrictedFile,
                "# Project Heron budget\n\nThe approved budget for Project Heron is " + Secret + " for the 2025 financial year. " +
                "The finance department owns the Project Heron budget and reviews it every quarter.\n");

            await using var stack = await LaunchedStack.StartAsync("access", new ServiceBuild(Repository.Root, Repository.Configuration),
                new Dictionary<string, string?>(), Path.Combine(AppContext.BaseDirectory, "access-logs"), log, timeout.Token,
                new Dictionary<string, string?>
                {
                    ["Auth__Jwt__SigningKey"] = key,
                    ["Auth__Jwt__Issuer"] = Issuer,
                    ["Auth__Jwt__Audience"] = Audience,
                });

            using var finance = GatewayClient.Create(stack.Gateway, HsJwt.Create(key, Issuer, Audience, "fiona", ["finance"]));
            using var engineering = GatewayClient.Create(stack.Gateway, HsJwt.Create(key, Issuer, Audience, "erin", ["engineering"]));

            var upload = await finance.UploadAsync(restrictedFile, allowedGroups: ["finance"], tags: ["budget"], timeout.Token);
            Assert.True(upload.Value is not null, $"upload failed: {upload.Error}");
            var restricted = await WaitReadyAsync(finance, upload.Value!.Id, timeout.Token);
            Assert.Equal(["finance"], restricted.AllowedGroups);
            var publicUpload = await finance.UploadAsync(Path.Combine(Repository.Root, "samples", "leave-policy.txt"), null, null, timeout.Token);
            await WaitReadyAsync(finance, publicUpload.Value!.Id, timeout.Token);

            // Finance sees it: in search and in a cited answer.
            var financeHits = await finance.SearchAsync(Question, 10, timeout.Token);
            Assert.Contains(financeHits.Value!.Hits, h => h.DocumentId == restricted.Id);
            var financeAnswer = (await finance.AskAsync(Question, timeout.Token)).Value!;
            output.WriteLine($"finance: {financeAnswer.Status}: {financeAnswer.Answer}");
            Assert.Equal(AnswerStatus.Answered, financeAnswer.Status);
            Assert.Contains(financeAnswer.Citations, c => c.DocumentId == restricted.Id);

            // Engineering never does: not in search (even when asking for it by id), not in the answer, not in citations.
            var engineeringHits = await engineering.SearchAsync(Question, 50, timeout.Token);
            Assert.NotNull(engineeringHits.Value);
            Assert.DoesNotContain(engineeringHits.Value!.Hits, h => h.DocumentId == restricted.Id || h.Text.Contains("Heron"));
            var publicHits = await engineering.SearchAsync("paid annual leave", 10, timeout.Token);
            Assert.NotEmpty(publicHits.Value!.Hits); // the engineering caller can search; it just cannot see finance's document

            var engineeringAnswer = (await engineering.AskAsync(Question, timeout.Token)).Value!;
            output.WriteLine($"engineering: {engineeringAnswer.Status}: {engineeringAnswer.Answer}");
            Assert.DoesNotContain("4.7", engineeringAnswer.Answer);
            Assert.DoesNotContain("Heron budget", engineeringAnswer.Answer);
            Assert.DoesNotContain(engineeringAnswer.Citations, c => c.DocumentId == restricted.Id);
            Assert.NotEqual(AnswerStatus.Answered, engineeringAnswer.Status);

            using var byId = new HttpClient { BaseAddress = stack.Gateway };
            byId.DefaultRequestHeaders.Authorization = new("Bearer", HsJwt.Create(key, Issuer, Audience, "erin", ["engineering"]));
            var filtered = await byId.PostAsJsonAsync("/v1/search", new { query = Question, filters = new { documentIds = new[] { restricted.Id } } }, timeout.Token);
            var filteredHits = await filtered.Content.ReadFromJsonAsync<SearchResponse>(SwitchboardJson.Options, timeout.Token);
            Assert.Empty(filteredHits!.Hits);

            // A stored answer that cites the restricted document is not handed to engineering either.
            var stored = await byId.GetAsync($"/v1/ask/{financeAnswer.AnswerId}", timeout.Token);
            Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);

            // And without a token there is no API at all.
            using var anonymous = new HttpClient { BaseAddress = stack.Gateway };
            var refused = await anonymous.PostAsJsonAsync("/v1/search", new { query = Question }, timeout.Token);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        finally
        {
            output.WriteLine(log.ToString());
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<DocumentInfo> WaitReadyAsync(GatewayClient gateway, string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var document = await gateway.GetDocumentAsync(id, cancellationToken);
            if (document is { Status: DocumentStatus.Ready or DocumentStatus.Failed })
            {
                Assert.True(document.Status == DocumentStatus.Ready, $"{document.Name} failed: {document.Error}");
                return document;
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}
