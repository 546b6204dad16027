using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// The stack with a restricted topic configured on the RiskAgent ("business class", level high by default), so an answer
/// about it scores high and the Gateway's default approval policy (hold <c>high</c>) holds it for a person. Only the travel
/// policy is ingested. No JWT here (the open mode: everyone may decide); approvers are named by the development header.
/// </summary>
public sealed class ApprovalStack : SwitchboardApp
{
    public const string Question = "When is business class permitted?";
    public const string ApproverHeader = "X-Switchboard-Approver";

    private readonly SemaphoreSlim _ingestGate = new(1, 1);
    private bool _ingested;

    protected override IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?>
    {
        ["Risk__RestrictedTopics__travel-class__Terms__0"] = "business class",
        // Read the approvals stream quickly, so a held answer is in the queue at once.
        ["Messaging__Consumers__sb:approvals__PollInterval"] = "00:00:00.050",
    };

    protected override IReadOnlyDictionary<string, string?> GatewaySettings => new Dictionary<string, string?>
    {
        ["Gateway__AnswerCache__Enabled"] = "false",
    };

    public async Task EnsureTravelPolicyAsync()
    {
        await _ingestGate.WaitAsync();
        try
        {
            if (!_ingested)
            {
                var file = Path.Combine(SamplesDirectory, "travel-expense-policy.pdf");
                using var upload = await UploadAsync(Path.GetFileName(file), await File.ReadAllBytesAsync(file));
                var body = await upload.Content.ReadAsStringAsync();
                Assert.True(upload.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, body);
                var document = JsonSerializer.Deserialize<DocumentInfo>(body, SwitchboardJson.Options)!;
                Assert.Equal(DocumentStatus.Ready, (await WaitForIngestionAsync(document.Id)).Status);
                _ingested = true;
            }
        }
        finally
        {
            _ingestGate.Release();
        }
    }

    /// <summary>Asks the held question and returns the 202 response.</summary>
    public async Task<AskResponse> AskHeldAsync()
    {
        await EnsureTravelPolicyAsync();
        using var response = await Http.PostAsJsonAsync("/v1/ask", new { question = Question });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {body}\n{Diagnostics()}");
        Assert.Equal($"/v1/ask/{JsonDocument.Parse(body).RootElement.GetProperty("answerId").GetString()}", response.Headers.Location?.OriginalString);
        return JsonSerializer.Deserialize<AskResponse>(body, SwitchboardJson.Options)!;
    }

    public HttpRequestMessage AsApprover(HttpMethod method, string path, object? body = null, string approver = "dana")
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(ApproverHeader, approver);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    /// <summary>Waits until the approvals queue lists the answer (the Gateway's consumer group has queued it).</summary>
    public async Task<ApprovalItem> WaitListedAsync(string id)
    {
        var items = await Eventually.MatchAsync(
            async () =>
            {
                using var response = await Http.SendAsync(AsApprover(HttpMethod.Get, "/v1/approvals"));
                response.EnsureSuccessStatusCode();
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("items")
                    .Deserialize<List<ApprovalItem>>(SwitchboardJson.Options)!;
            },
            list => list.Any(i => i.Id == id), $"answer {id} in the approvals queue", 60);
        return items.Single(i => i.Id == id);
    }

    public async Task<AskResponse> GetAnswerAsync(string id) =>
        (await Http.GetFromJsonAsync<AskResponse>($"/v1/ask/{id}", SwitchboardJson.Options))!;
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ApprovalStackCollection : ICollectionFixture<ApprovalStack>
{
    public const string Name = "approval-stack";
}

/// <summary>
/// Human in the loop through real processes: the RiskAgent scores, the Gateway holds (202), the approvals stream and its
/// consumer group queue the answer, an approver decides, the asker sees the decision, the ComplianceAgent audits it.
/// </summary>
[Collection(ApprovalStackCollection.Name)]
public sealed class ApprovalEndToEndTests(ApprovalStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task A_held_answer_is_released_when_approved_and_the_decision_is_audited()
    {
        var held = await stack.AskHeldAsync();

        // The asker sees that it waits, not the answer or its sources.
        Assert.Equal(AnswerStatus.PendingApproval, held.Status);
        Assert.Empty(held.Citations);
        Assert.DoesNotContain("eight hours", held.Answer, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(RiskLevels.High, held.Risk?.Level);
        Assert.Contains(held.Risk!.Reasons, r => r.Code == RiskCodes.RestrictedTopic);
        Assert.Equal(ApprovalStatus.Pending, held.Approval?.Status);
        Assert.Equal(AnswerStatus.PendingApproval, (await stack.GetAnswerAsync(held.AnswerId)).Status);

        // The approver sees the question, the answer, its sources and the risk reasons.
        var item = await stack.WaitListedAsync(held.AnswerId);
        Assert.Equal(ApprovalStack.Question, item.Question);
        Assert.Contains("eight hours", item.Answer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(item.Citations, c => c.DocumentName == "travel-expense-policy.pdf");
        Assert.Contains("risk high", item.Triggers);
        output.WriteLine($"held: {item.Answer} ({string.Join("; ", item.Risk!.Reasons.Select(r => r.Detail))})");

        using var approve = await stack.Http.SendAsync(stack.AsApprover(HttpMethod.Post, $"/v1/approvals/{held.AnswerId}/approve", approver: "dana"));
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);

        var released = await stack.GetAnswerAsync(held.AnswerId);
        Assert.Equal(AnswerStatus.Answered, released.Status);
        Assert.Equal(item.Answer, released.Answer);
        Assert.NotEmpty(released.Citations);
        Assert.Equal(ApprovalStatus.Approved, released.Approval?.Status);
        Assert.Equal("dana", released.Approval?.DecidedBy);
        Assert.NotNull(released.Approval?.DecidedAt);

        // Gone from the queue, and in the audit log with who and when.
        using (var list = await stack.Http.SendAsync(stack.AsApprover(HttpMethod.Get, "/v1/approvals")))
        {
            Assert.DoesNotContain(held.AnswerId, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var audit = stack.Compliance.CreateServiceClient();
        var entry = await Eventually.MatchAsync(
            async () => JsonDocument.Parse(await audit.GetStringAsync("/audit?count=500")).RootElement.GetProperty("entries").EnumerateArray()
                .FirstOrDefault(e => e.GetProperty("answerId").GetString() == held.AnswerId && e.GetProperty("status").GetString() == "approval_approved"),
            e => e.ValueKind == JsonValueKind.Object, "the approval in the audit log", 60);
        Assert.Equal("dana", entry.GetProperty("actor").GetString());
        Assert.True(entry.GetProperty("occurredAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-10));
        Assert.Equal(RiskLevels.High, entry.GetProperty("riskLevel").GetString());
    }

    [Fact]
    public async Task A_rejected_answer_tells_the_asker_why_and_an_edited_one_releases_the_edit()
    {
        var rejected = await stack.AskHeldAsync();
        var edited = await stack.AskHeldAsync();
        var item = await stack.WaitListedAsync(edited.AnswerId);
        await stack.WaitListedAsync(rejected.AnswerId);

        using (var reject = await stack.Http.SendAsync(stack.AsApprover(HttpMethod.Post, $"/v1/approvals/{rejected.AnswerId}/reject",
                   new { reason = "Travel class questions go to the travel desk" })))
        {
            Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        }

        var marker = item.Citations.First().Number;
        var text = $"Business class is permitted on flights longer than eight hours [{marker}].";
        using (var edit = await stack.Http.SendAsync(stack.AsApprover(HttpMethod.Post, $"/v1/approvals/{edited.AnswerId}/edit",
                   new { answer = text, reason = "shortened" }, approver: "lee")))
        {
            Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        }

        var seenRejected = await stack.GetAnswerAsync(rejected.AnswerId);
        Assert.Equal(AnswerStatus.Rejected, seenRejected.Status);
        Assert.Contains("travel desk", seenRejected.Answer, StringComparison.Ordinal);
        Assert.Empty(seenRejected.Citations);

        var seenEdited = await stack.GetAnswerAsync(edited.AnswerId);
        Assert.Equal(AnswerStatus.Answered, seenEdited.Status);
        Assert.Equal(text, seenEdited.Answer);
        Assert.Equal([marker], seenEdited.Citations.Select(c => c.Number));
        Assert.Equal(ApprovalStatus.Edited, seenEdited.Approval?.Status);
        Assert.Equal("lee", seenEdited.Approval?.DecidedBy);
    }

    [Fact]
    public async Task Bad_decisions_get_clear_4xx_problems()
    {
        var held = await stack.AskHeldAsync();
        await stack.WaitListedAsync(held.AnswerId);

        // The open mode (no JWT here) gives everyone the approver role; a name header that cannot be recorded is a 400.
        // A caller without the approver role gets 403: Gateway.Tests' ApprovalTests and the Security suite, with tokens.
        using (var badName = await stack.Http.SendAsync(stack.AsApprover(HttpMethod.Post, $"/v1/approvals/{held.AnswerId}/approve", approver: new string('x', 200))))
        {
            await ProblemAsync(badName, HttpStatusCode.BadRequest);
        }

        using (var unknown = await stack.Http.SendAsync(stack.AsApprover(HttpMethod.Post, "/v1/approvals/0123456789abcdef0123456789abcdef/approve")))
        {
            await ProblemAsync(unknown, HttpStatusCode.NotFound);
        }

        using (var noReason = await stack.Http.SendAsync(stack.AsApprover(HttpMethod.Post, $"/v1/approvals/{held.AnswerId}/reject", new { })))
        {
            var problem = await ProblemAsync(noReason, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        }

        using (var first = await stack.Http.SendAsync(stack.AsApprover(HttpMethod.Post, $"/v1/approvals/{held.AnswerId}/approve")))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var twice = await stack.Http.SendAsync(stack.AsApprover(HttpMethod.Post, $"/v1/approvals/{held.AnswerId}/reject", new { reason = "too late" }));
        var conflict = await ProblemAsync(twice, HttpStatusCode.Conflict);
        Assert.Equal(ApprovalStatus.Approved, conflict.GetProperty("approvalStatus").GetString());
        Assert.Equal(AnswerStatus.Answered, (await stack.GetAnswerAsync(held.AnswerId)).Status);
    }

    [Fact]
    public async Task A_gateway_killed_while_an_answer_waits_loses_nothing()
    {
        var held = await stack.AskHeldAsync();

        // SIGKILL right after the 202: the requested entry may not be queued yet (unread, or pending at the dead consumer).
        await stack.Gateway.KillAsync();
        await stack.RestartAsync(stack.Gateway);
        output.WriteLine($"gateway restarted at {stack.Gateway.BaseAddress}");

        var item = await stack.WaitListedAsync(held.AnswerId);
        Assert.Equal(ApprovalStatus.Pending, item.Status);
        Assert.Equal(AnswerStatus.PendingApproval, (await stack.GetAnswerAsync(held.AnswerId)).Status);

        using var approve = await stack.Http.SendAsync(stack.AsApprover(HttpMethod.Post, $"/v1/approvals/{held.AnswerId}/approve"));
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        Assert.Equal(AnswerStatus.Answered, (await stack.GetAnswerAsync(held.AnswerId)).Status);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }
}
