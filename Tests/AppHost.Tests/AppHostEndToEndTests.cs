using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.AppHost.Tests;

/// <summary>The stack started by Aspire.Hosting.Testing from the AppHost: what a developer gets from <c>./run.sh</c>.</summary>
public sealed class AppHostEndToEndTests(AppHostStack stack) : IClassFixture<AppHostStack>
{
    [Fact]
    public async Task The_samples_are_ingested_on_the_first_start_and_a_question_is_answered_from_them()
    {
        var snapshot = stack.App.ResourceNotifications.TryGetCurrentState("samples", out var samples) ? samples.Snapshot : null;
        Assert.True(snapshot?.State?.Text == KnownResourceStates.Finished, $"sample ingestion ended '{snapshot?.State?.Text}'");

        var documents = await stack.Gateway.GetFromJsonAsync<JsonElement>("/v1/documents");
        var sampleCount = Directory.GetFiles(Path.Combine(AppHostCommand.RepositoryRoot, "samples")).Count(f => Path.GetFileName(f) is not ("README.md" or "questions.json"));
        Assert.Equal(sampleCount, documents.EnumerateArray().Count(d => d.GetProperty("status").GetString() == "ready"));

        using var response = await stack.Gateway.PostAsJsonAsync("/v1/ask", new { question = "What is the minimum password length?" });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, answer.ToString());
        Assert.Equal("answered", answer.GetProperty("status").GetString());
        Assert.Contains("14", answer.GetProperty("answer").GetString());
        Assert.Contains(answer.GetProperty("citations").EnumerateArray(), c => c.GetProperty("documentName").GetString() == "information-security-policy.md");
    }

    [Fact]
    public async Task The_retrieval_agent_runs_as_the_replicas_the_parameter_asks_for_and_all_are_healthy()
    {
        var notifications = stack.App.Services.GetRequiredService<ResourceNotificationService>();
        var seen = new HashSet<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var update in notifications.WatchAsync(timeout.Token))
        {
            if (update.Resource.Name == "retrieval" && update.Snapshot.State?.Text == KnownResourceStates.Running && update.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy)
            {
                seen.Add(update.ResourceId);
                if (seen.Count == 2)
                {
                    break;
                }
            }
        }

        Assert.Equal(2, seen.Count);
    }
}
