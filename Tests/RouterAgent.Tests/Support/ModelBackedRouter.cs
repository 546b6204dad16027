using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Switchboard.Tests.Agents;
using Switchboard.Tests.Support;

namespace Switchboard.RouterAgent.Tests.Support;

/// <summary>
/// The real RouterAgent configured with a model: a local server speaking OpenAI's chat-completions protocol, the
/// service pointed at it, and a client once the ML.NET fallback classifier has trained (/health is green).
/// </summary>
public sealed class ModelBackedRouter : IAsyncDisposable
{
    private ModelBackedRouter(FakeOpenAIServer model, WebApplicationFactory<Program> factory, HttpClient client) =>
        (Model, Factory, Client) = (model, factory, client);

    public FakeOpenAIServer Model { get; }

    public WebApplicationFactory<Program> Factory { get; }

    public HttpClient Client { get; }

    public static async Task<ModelBackedRouter> StartAsync()
    {
        var model = await FakeOpenAIServer.StartAsync();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in model.Settings)
            {
                b.UseSetting(key, value);
            }
        });
        var client = factory.CreateClient();
        await Eventually.MatchAsync(() => client.GetAsync("/health"), r => r.StatusCode == HttpStatusCode.OK, "the classifier to train", seconds: 60);
        return new ModelBackedRouter(model, factory, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Model.DisposeAsync();
    }
}
