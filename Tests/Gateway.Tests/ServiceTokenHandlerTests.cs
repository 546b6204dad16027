using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Switchboard.ServiceDefaults.ServiceAuth;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// The handler that signs calls to our own services: one token per request and caller, reused by the request's other
/// agent calls while half its lifetime is left, and always one the agents accept for exactly that caller.
/// </summary>
public sealed class ServiceTokenHandlerTests
{
    private const string Key = "a-test-key-of-at-least-32-bytes-long!!";
    private static readonly ServiceCaller Alice = new("alice", ["finance"], ["reader"]);

    [Fact]
    public async Task The_calls_of_one_request_carry_one_token_that_names_its_caller()
    {
        var (client, seen, accessor, _) = Build();
        accessor.HttpContext = RequestOf(Alice);

        await client.GetAsync("http://retrieval/answer");
        await client.GetAsync("http://compliance/review");
        await client.GetAsync("http://risk/assess");

        Assert.Equal(3, seen.Count);
        Assert.Single(seen.Distinct());
        Assert.True(ServiceToken.TryValidate(seen[0], Encoding.UTF8.GetBytes(Key), DateTimeOffset.UtcNow, TimeSpan.Zero, out var call, out var failure), failure);
        Assert.Equal(Alice.Subject, call!.Caller.Subject);
        Assert.Equal(Alice.Groups, call.Caller.Groups);
    }

    [Fact]
    public async Task A_token_past_half_its_lifetime_is_replaced_and_another_request_gets_its_own()
    {
        var (client, seen, accessor, time) = Build();
        accessor.HttpContext = RequestOf(Alice);
        await client.GetAsync("http://retrieval/answer");
        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await client.GetAsync("http://retrieval/answer");

        accessor.HttpContext = RequestOf(new ServiceCaller("bob", [], ["reader"]));
        await client.GetAsync("http://retrieval/answer");

        Assert.Equal(3, seen.Distinct().Count());
    }

    [Fact]
    public async Task Calls_to_other_hosts_carry_no_token()
    {
        var (client, seen, accessor, _) = Build();
        accessor.HttpContext = RequestOf(Alice);

        await client.GetAsync("http://api.example.com/rates");

        Assert.Equal([null], seen);
    }

    private static DefaultHttpContext RequestOf(ServiceCaller caller)
    {
        var context = new DefaultHttpContext();
        context.Features.Set(new ServiceCallerFeature(caller, null));
        return context;
    }

    private static (HttpClient Client, List<string?> Seen, HttpContextAccessor Accessor, FakeTimeProvider Time) Build()
    {
        var seen = new List<string?>();
        var accessor = new HttpContextAccessor();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = new ServiceTokenHandler(
            Options.Create(new ServiceAuthOptions { Key = Key }), accessor, time, new HostingEnvironment { ApplicationName = "Gateway" })
        {
            InnerHandler = new Recorder(seen),
        };
        return (new HttpClient(handler), seen, accessor, time);
    }

    private sealed class Recorder(List<string?> seen) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(request.Headers.TryGetValues(ServiceToken.HeaderName, out var values) ? values.Single() : null);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }
}
