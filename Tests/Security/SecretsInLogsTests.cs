using System.Net.Http.Json;
using Switchboard.Tests.Support;

namespace Switchboard.Security.Tests;

/// <summary>
/// OWASP API8/API3: after good and bad traffic, no secret — the service key, a bearer token, a service token — appears
/// in any service's log output, its Prometheus metrics, or an error body.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SecretsInLogsTests(SecurityStack stack)
{
    [Fact]
    public async Task No_key_or_token_reaches_a_log_line_a_metric_or_an_error_body()
    {
        var good = stack.Authority.Token("sam-secrets", ["reader"]);
        var bad = stack.Authority.WronglySigned("sam-secrets");
        var bodies = new List<string>();
        foreach (var token in new[] { good, bad, stack.Authority.Expired("sam-secrets") })
        {
            using var http = stack.Client(token);
            using var ask = await http.PostAsJsonAsync("/v1/ask", new { question = "What is the refund policy?" });
            bodies.Add(await ask.Content.ReadAsStringAsync());
            using var missing = await http.GetAsync("/v1/documents/does-not-exist");
            bodies.Add(await missing.Content.ReadAsStringAsync());
        }

        foreach (var agent in stack.Agents.Values)
        {
            using var http = new HttpClient { BaseAddress = agent.BaseAddress };
            http.DefaultRequestHeaders.TryAddWithoutValidation("Switchboard-Service-Token", "v1.forged." + ServiceProcess.ServiceKey[..8]);
            using var response = await http.PostAsJsonAsync("/answer", new { question = "x" });
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        await Task.Delay(500); // let the log writers flush
        var places = new Dictionary<string, string>();
        foreach (var file in Directory.GetFiles(stack.LogDirectory, "*.log"))
        {
            places[Path.GetFileName(file)] = await ReadSharedAsync(file);
        }

        foreach (var service in stack.Agents.Values.Append(stack.Gateway))
        {
            using var http = new HttpClient { BaseAddress = service.BaseAddress };
            places[service.Name + " /metrics"] = await http.GetStringAsync("/metrics");
        }

        for (var i = 0; i < bodies.Count; i++)
        {
            places[$"error body {i}"] = bodies[i];
        }

        string[] secrets = [ServiceProcess.ServiceKey, .. stack.Authority.Minted.Select(t => t.Split('.')[^1]).Where(s => s.Length > 20)];
        foreach (var (place, text) in places)
        {
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a secret ({secret[..6]}…) appears in {place}");
            }

            Assert.DoesNotContain("v1.forged", text, StringComparison.Ordinal);
        }

        Assert.True(places.Count >= 10, $"only {places.Count} places checked");
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
