using System.Diagnostics;
using System.Text;

namespace Switchboard.Tests.Support;

/// <summary>
/// A third-party server a test runs (Prometheus, the Aspire dashboard): its process with stdout and stderr captured, an
/// HttpClient on its address, started only once <c>readyPath</c> answers 2xx, and killed (with its children) on dispose.
/// </summary>
public sealed class HttpToolProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HttpToolProcess(Process process, Uri baseAddress)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    /// <summary>What the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="start"/> (output redirected) and waits up to <paramref name="timeout"/> for <paramref name="readyPath"/>.</summary>
    /// <exception cref="InvalidOperationException">It exited or did not answer in time; the message names it and holds its output.</exception>
    public static async Task<HttpToolProcess> StartAsync(string name, ProcessStartInfo start, Uri baseAddress, string readyPath, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var tool = new HttpToolProcess(Process.Start(start)!, baseAddress);
        tool._process.OutputDataReceived += (_, e) => tool.Append(e.Data);
        tool._process.ErrorDataReceived += (_, e) => tool.Append(e.Data);
        tool._process.BeginOutputReadLine();
        tool._process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var response = await tool.Http.GetAsync(readyPath);
                if (response.IsSuccessStatusCode)
                {
                    return tool;
                }
            }
            catch (HttpRequestException) when (!tool._process.HasExited)
            {
            }

            if (tool._process.HasExited || DateTime.UtcNow > deadline)
            {
                var output = tool.Output;
                await tool.DisposeAsync();
                throw new InvalidOperationException($"{name} did not become ready:\n{output}");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
