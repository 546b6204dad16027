using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Switchboard.AgentCore.Contracts;
using Xunit.Abstractions;

namespace Switchboard.Security.Tests;

/// <summary>
/// OWASP API4 (unrestricted resource consumption) and API8 (security misconfiguration: stack traces, crashes): a seeded
/// JSON fuzzer over every JSON endpoint of every service — the Gateway's with a valid token, the agents' with a valid
/// service token, so the bodies reach the parsers — at least 10,000 cases in all. No case may get a 5xx, and every
/// service must still be healthy afterwards. Counts per endpoint and status are printed.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class JsonFuzzTests(SecurityStack stack, ITestOutputHelper output)
{
    public const int Seed = 15;
    private const int CasesPerEndpoint = 1_050;
    private const int Workers = 4;

    /// <summary>The Gateway's <c>Gateway:MaxAskBodyBytes</c>: a larger body is refused (413) before it is read, and the connection closed.</summary>
    private const int GatewayBodyLimit = 64 * 1024;

    private static readonly JsonObject Filters = new() { ["tags"] = new JsonArray("policy"), ["uploadedFrom"] = "2024-01-01T00:00:00Z" };

    /// <summary>Every JSON endpoint and a valid body for it.</summary>
    private static IEnumerable<(string Service, string Path, JsonObject Template)> Targets() =>
    [
        ("gateway", "/v1/ask", new JsonObject { ["question"] = "What is the refund policy?", ["sessionId"] = "fuzz-1", ["topK"] = 5, ["filters"] = Filters.DeepClone() }),
        ("gateway", "/ask", new JsonObject { ["question"] = "What is the refund policy?", ["topK"] = 3 }),
        ("gateway", "/v1/search", new JsonObject { ["query"] = "refund policy", ["topK"] = 5, ["filters"] = Filters.DeepClone() }),
        (AgentNames.Router, "/route", new JsonObject { ["question"] = "What is the refund policy?", ["history"] = new JsonArray("hello"), ["turns"] = new JsonArray(new JsonObject { ["question"] = "hi", ["answer"] = "hello" }) }),
        (AgentNames.Retrieval, "/search", new JsonObject { ["query"] = "refund", ["topK"] = 5, ["filters"] = Filters.DeepClone(), ["callerGroups"] = new JsonArray("a") }),
        (AgentNames.Retrieval, "/answer", new JsonObject { ["question"] = "What is the refund policy?", ["topK"] = 5, ["filters"] = Filters.DeepClone() }),
        (AgentNames.Retrieval, "/evidence", new JsonObject { ["question"] = "What is the refund policy?", ["topK"] = 5 }),
        (AgentNames.Compliance, "/screen", new JsonObject { ["question"] = "What is the refund policy?" }),
        (AgentNames.Compliance, "/review", new JsonObject
        {
            ["question"] = "What is the refund policy?", ["answer"] = "Refunds take 30 days [1].",
            ["contexts"] = new JsonArray(new JsonObject { ["number"] = 1, ["source"] = "policy.md", ["text"] = "Refunds take 30 days." }),
        }),
        (AgentNames.Reporting, "/answer", new JsonObject { ["question"] = "How much did we spend today?", ["topK"] = 5 }),
    ];

    [Fact]
    public async Task Ten_thousand_malformed_deep_huge_and_mistyped_bodies_get_no_5xx_and_crash_nothing()
    {
        var token = stack.Authority.Token("fuzzer", ["reader", "contributor"], ["fuzz"]);
        var failures = new ConcurrentQueue<string>();
        var counts = new ConcurrentDictionary<string, int>();
        var total = 0;
        var watch = Stopwatch.StartNew();
        var index = 0;
        foreach (var (service, path, template) in Targets())
        {
            using var http = service == "gateway" ? stack.Client(token) : stack.Agents[service].CreateServiceClient(TimeSpan.FromMinutes(1));
            var cases = new JsonFuzzer(Seed * 100 + index++, template).Cases(CasesPerEndpoint).ToList();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < cases.Count)
                {
                    var fuzz = cases[i];
                    using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(fuzz.Body) };
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(fuzz.ContentType);
                    // One connection per case: a server that refuses an oversized body closes its connection (as Kestrel
                    // does after a 413), which must not fail the next case sent on it.
                    request.Headers.ConnectionClose = true;
                    int status;
                    string body;
                    try
                    {
                        using var response = await http.SendAsync(request);
                        status = (int)response.StatusCode;
                        body = status >= 500 ? await response.Content.ReadAsStringAsync() : "";
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        status = 0;
                        body = ex.Message;
                    }

                    Interlocked.Increment(ref total);
                    counts.AddOrUpdate($"{service} {path} {status}", 1, (_, n) => n + 1);
                    // A body over the Gateway's limit may be cut off while still being sent: refused, as it should be.
                    var refusedWhileSending = status == 0 && service == "gateway" && fuzz.Body.Length > GatewayBodyLimit;
                    if (status >= 500 || status == 0 && !refusedWhileSending)
                    {
                        failures.Enqueue($"{service} POST {path} case {i} {fuzz.Describe()} → {status} {body[..Math.Min(body.Length, 400)]}");
                    }
                }
            }));
        }

        foreach (var (key, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{key}: {count}");
        }

        output.WriteLine($"seed {Seed}: {total:N0} fuzz cases over {Targets().Count()} JSON endpoints in {watch.Elapsed.TotalSeconds:F0} s; {failures.Count} with 5xx or no response");
        Assert.True(total >= 10_000, $"only {total} cases");
        Assert.True(failures.IsEmpty, string.Join('\n', failures.Take(25)) + "\n" + stack.Diagnostics());
        await stack.AssertAllHealthyAsync();
    }
}
