using System.Net;

namespace Switchboard.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class WebUiTests(GatewayFixture fixture)
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task Root_serves_the_html_page_with_its_hooks()
    {
        var response = await _client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var hook in new[] { "id=\"question\"", "<label for=\"question\">Question</label>", ">Ask</button>",
                     "id=\"answer\"", "id=\"status\"", "id=\"sources\"", "id=\"file\"", ">Upload</button>", "id=\"documents\"" })
        {
            Assert.Contains(hook, html);
        }

        Assert.DoesNotContain("http://", html); // no CDN, fonts or other external assets
        Assert.DoesNotContain("https://", html);
    }

    [Theory]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/documents.js", "text/javascript")]
    [InlineData("/conversation.js", "text/javascript")]
    [InlineData("/app.css", "text/css")]
    public async Task Page_assets_are_served(string path, string mediaType)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/app.js")]
    [InlineData("/documents.js")]
    [InlineData("/conversation.js")]
    public async Task Script_never_builds_markup_from_strings(string path)
    {
        var script = await _client.GetStringAsync(path);

        Assert.DoesNotContain("innerHTML", script);
        Assert.DoesNotContain("insertAdjacentHTML", script);
        Assert.DoesNotContain("document.write", script);
    }
}
