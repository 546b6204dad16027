using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// The Gateway's OpenAI-compatible API used by the official <c>openai</c> npm client (installed from its lock file into
/// <c>OpenAiClient/</c> on first use) against the real stack: the model list, a completion, a streamed completion, a
/// follow-up in a conversation, and errors raised as the client's APIError with the right status.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OpenAiClientTests(SwitchboardApp stack, ITestOutputHelper output)
{
    private const string Question = "What is the monthly price of Forecast Studio?";
    private const string FollowUp = "and the annual price?";
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    private string ClientDirectory => Path.Combine(stack.RepositoryRoot, "Tests", "EndToEnd.Tests", "OpenAiClient");

    [Fact]
    public async Task The_openai_npm_client_lists_the_model_completes_streams_follows_up_and_raises_api_errors()
    {
        var node = FindOnPath("node");
        var npm = FindOnPath("npm");
        if (node is null || npm is null)
        {
            // .ci/run installs both; a developer machine without Node.js cannot run the client.
            output.WriteLine($"SKIPPED: {(node is null ? "node" : "npm")} is not installed (apt-get install -y nodejs npm), so the openai client cannot run.");
            return;
        }

        AskEndToEndTests.AssertAllReady(await stack.EnsureSamplesIngestedAsync(), stack);
        await InstallAsync(npm);

        var (exitCode, stdout, stderr) = await RunAsync(node, ["chat.mjs", stack.Gateway.BaseAddress.ToString(), Question, FollowUp], TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, $"node chat.mjs exited with {exitCode}:\n{stderr}\n{stdout}\n{stack.Diagnostics()}");
        output.WriteLine(stdout);
        using var document = JsonDocument.Parse(stdout);
        var result = document.RootElement;

        var model = Assert.Single(result.GetProperty("models").EnumerateArray());
        Assert.Equal("switchboard", model.GetProperty("id").GetString());

        // Non-streaming: the answer with its [n] markers, and the citations in the extension the client passed through.
        var completion = result.GetProperty("completion");
        Assert.Equal("chat.completion", completion.GetProperty("object").GetString());
        var message = completion.GetProperty("choices")[0].GetProperty("message");
        var content = message.GetProperty("content").GetString()!;
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.Contains("79", content);
        Assert.Matches(@"\[\d+\]", content);
        Assert.Equal("stop", completion.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var extension = completion.GetProperty("switchboard");
        Assert.Equal("answered", extension.GetProperty("status").GetString());
        var citation = extension.GetProperty("citations")[0];
        Assert.Equal("price-list.csv", citation.GetProperty("documentName").GetString());
        var usage = completion.GetProperty("usage");
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
        Assert.True(extension.GetProperty("cached").GetBoolean() || usage.GetProperty("total_tokens").GetInt32() > 0, usage.ToString());

        // Streaming: the client's chunks add up to the same answer; the finish chunk carries the extension, the last the usage.
        var chunks = result.GetProperty("chunks").EnumerateArray().ToList();
        Assert.True(chunks.Count > 3, $"{chunks.Count} chunks");
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Equal(content, result.GetProperty("streamedText").GetString());
        var finish = chunks.Single(c => c.TryGetProperty("switchboard", out _));
        Assert.Equal("stop", finish.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal("price-list.csv", finish.GetProperty("switchboard").GetProperty("citations")[0].GetProperty("documentName").GetString());
        Assert.Equal(JsonValueKind.Number, chunks[^1].GetProperty("usage").GetProperty("total_tokens").ValueKind);

        // The conversation: "and the annual price?" was rewritten from the earlier question and answered from the price list.
        var followUp = result.GetProperty("followUp");
        Assert.Contains("790", followUp.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("What is the annual price of Forecast Studio?", followUp.GetProperty("switchboard").GetProperty("route").GetProperty("rewrittenQuestion").GetString());

        // Errors: the client raises its APIError subclasses with the status and OpenAI's error fields.
        AssertApiError(result.GetProperty("unknownModel"), 404, "NotFoundError", "model", "model_not_found");
        AssertApiError(result.GetProperty("twoChoices"), 400, "BadRequestError", "n", "unsupported_value");
        AssertApiError(result.GetProperty("noUserMessage"), 400, "BadRequestError", "messages[0].role", "invalid_value");
    }

    private static void AssertApiError(JsonElement failure, int status, string className, string param, string code)
    {
        Assert.True(failure.GetProperty("thrown").GetBoolean(), failure.ToString());
        Assert.True(failure.GetProperty("isApiError").GetBoolean(), failure.ToString());
        Assert.Equal(className, failure.GetProperty("className").GetString());
        Assert.Equal(status, failure.GetProperty("status").GetInt32());
        Assert.Equal("invalid_request_error", failure.GetProperty("type").GetString());
        Assert.Equal(param, failure.GetProperty("param").GetString());
        Assert.Equal(code, failure.GetProperty("code").GetString());
    }

    /// <summary><c>npm ci</c> from the folder's lock file (the exact openai version), once per machine.</summary>
    private async Task InstallAsync(string npm)
    {
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(ClientDirectory, "node_modules", "openai", "package.json")))
            {
                return;
            }

            var (exitCode, stdout, stderr) = await RunAsync(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(5));
            Assert.True(exitCode == 0, $"npm ci in {ClientDirectory} exited with {exitCode}:\n{stderr}\n{stdout}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = ClientDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout}:\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
