using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// Oversized bodies over a real socket (Kestrel, not the in-memory test server): the client must read a 413
/// ProblemDetails, not see the connection reset under it while it is still sending.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class KestrelBodyLimitTests(GatewayFixture fixture)
{
    [Fact]
    public async Task One_megabyte_question_is_413_problem_over_kestrel()
    {
        await using var gateway = fixture.Factory.WithWebHostBuilder(_ => { });
        var client = StartOnLoopback(gateway);
        var json = JsonSerializer.Serialize(new { question = new string('a', 1024 * 1024) });

        var response = await client.PostAsync("/v1/ask", new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Chunked_one_megabyte_question_is_413_problem_over_kestrel()
    {
        await using var gateway = fixture.Factory.WithWebHostBuilder(_ => { });
        var client = StartOnLoopback(gateway);
        var json = JsonSerializer.Serialize(new { question = new string('a', 1024 * 1024) });
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/ask") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Upload_over_the_limit_is_413_problem_over_kestrel()
    {
        await using var gateway = fixture.WithSetting("Gateway:MaxUploadBytes", "1024");
        var client = StartOnLoopback(gateway);
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(new string('x', 1024 * 1024))), "file", "big.txt");

        var response = await client.PostAsync("/v1/documents", form);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>A real Kestrel on 127.0.0.1 and a free port (UseKestrel(0) would bind the default localhost:5000).</summary>
    private static HttpClient StartOnLoopback(WebApplicationFactory<Program> gateway)
    {
        gateway.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        gateway.StartServer();
        var client = gateway.CreateClient();
        Assert.Equal("127.0.0.1", client.BaseAddress?.Host);
        return client;
    }
}
