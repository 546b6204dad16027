using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Switchboard.Tests.Support;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// The web UI served by the Gateway, driven by a real headless Chromium (Debian's <c>/usr/bin/chromium</c>; no
/// browser download) against the same running stack: ask a sample question, open a citation, see its source.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class BrowserTests(SwitchboardApp stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Asking_in_the_web_ui_shows_the_answer_and_the_cited_source()
    {
        AskEndToEndTests.AssertAllReady(await stack.EnsureSamplesIngestedAsync(), stack);
        var question = SampleQuestion.Load(stack.SamplesDirectory)
            .First(q => q.Kind == SampleQuestion.InScope && q.Document == "information-security-policy.md");

        // The page itself first, so a missing UI fails with its own message instead of a locator timeout.
        using (var home = await stack.Http.GetAsync("/"))
        {
            Assert.True(home.IsSuccessStatusCode && home.Content.Headers.ContentType?.MediaType == "text/html",
                $"GET / on the Gateway answered {(int)home.StatusCode} {home.Content.Headers.ContentType}: the web UI is not served from the build output.");
        }

        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        // Script errors and failed requests of the page itself (the browser's own favicon probe is not the page's).
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add($"script error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                pageErrors.Add($"console error: {message.Text}");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
            {
                pageErrors.Add($"HTTP {response.Status} {response.Request.Method} {response.Url}");
            }
        };

        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "ask-and-sources.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        try
        {
            await page.GotoAsync(stack.Gateway.BaseAddress.ToString());

            // The document list (one page at a time) filtered by name shows the sample document as ready.
            await page.GetByLabel("Name contains").FillAsync(question.Document!);
            await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
            var listed = page.Locator("#documents li.document")
                .Filter(new() { Has = page.Locator(".document-name", new() { HasText = question.Document }) });
            await Assertions.Expect(listed).ToHaveCountAsync(1);
            await Assertions.Expect(listed.Locator(".document-status")).ToHaveTextAsync(new Regex("ready", RegexOptions.IgnoreCase));

            await page.GetByLabel("Question", new() { Exact = true }).FillAsync(question.Question);
            await page.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true }).ClickAsync();

            await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync(new Regex("answered", RegexOptions.IgnoreCase));
            await Assertions.Expect(page.Locator("#answer")).ToContainTextAsync(question.Expect!, new() { IgnoreCase = true });

            var citation = page.Locator("#answer button.citation").First;
            await Assertions.Expect(citation).ToBeVisibleAsync();
            var number = await citation.GetAttributeAsync("data-n");
            output.WriteLine($"answer: {await page.Locator("#answer").InnerTextAsync()} (first citation data-n={number})");
            await citation.ClickAsync();

            // The clicked citation's own source is shown (and highlighted): the expected document and a snippet.
            var cited = page.Locator($"#sources .source[data-n=\"{number}\"]");
            await Assertions.Expect(cited).ToBeVisibleAsync();
            await Assertions.Expect(cited).ToHaveClassAsync(new Regex(@"\bhighlighted\b"));
            await Assertions.Expect(cited.Locator(".source-name")).ToHaveTextAsync(question.Document!);
            await Assertions.Expect(cited.Locator(".source-snippet")).ToHaveTextAsync(new Regex(@"\w{3,}"));
            output.WriteLine($"source: {await cited.InnerTextAsync()}");
        }
        finally
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            output.WriteLine($"screenshot: {screenshot}");
        }

        Assert.True(pageErrors.Count == 0, "the page had errors:\n" + string.Join("\n", pageErrors));
    }

    [Fact]
    public async Task Enter_asks_and_the_answer_streams_in_with_its_sources_and_an_event_for_other_features()
    {
        AskEndToEndTests.AssertAllReady(await stack.EnsureSamplesIngestedAsync(), stack);
        var question = SampleQuestion.Load(stack.SamplesDirectory)
            .First(q => q.Kind == SampleQuestion.InScope && q.Document == "support-sla.txt");
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add($"script error: {error}");

        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "streamed-answer.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        try
        {
            await page.GotoAsync(stack.Gateway.BaseAddress.ToString());
            // What another feature (feedback, history) would do: listen for each rendered answer. And a record of what the
            // page showed on the way: every status text and every answer paragraph it rendered (nodes are replaced, not
            // edited, so the added nodes keep the text they had).
            await page.EvaluateAsync("""
                () => {
                  window.renderedAnswers = [];
                  document.addEventListener("switchboard:answer", (e) => window.renderedAnswers.push({ target: e.target.id, ...e.detail }));
                  window.statusHistory = [];
                  window.answerHistory = [];
                  new MutationObserver((records) => {
                    for (const r of records) for (const n of r.addedNodes) window.statusHistory.push(n.textContent);
                  }).observe(document.querySelector("#status"), { childList: true });
                  new MutationObserver((records) => {
                    for (const r of records) for (const n of r.addedNodes) {
                      if (n.nodeName === "P") window.answerHistory.push({ text: n.textContent, buttons: n.querySelectorAll("button.citation").length });
                    }
                  }).observe(document.querySelector("#answer"), { childList: true });
                }
                """);

            var asked = page.WaitForResponseAsync(r => r.Url.EndsWith("/v1/ask", StringComparison.Ordinal) && r.Request.Method == "POST");
            await page.GetByLabel("Question", new() { Exact = true }).FillAsync(question.Question);
            await page.GetByLabel("Question", new() { Exact = true }).PressAsync("Enter");

            // The page asked for the event stream and got one.
            var response = await asked;
            Assert.Equal("text/event-stream", (await response.Request.AllHeadersAsync())["accept"]);
            Assert.StartsWith("text/event-stream", response.Headers["content-type"]);

            await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync(new Regex("answered", RegexOptions.IgnoreCase));
            await Assertions.Expect(page.Locator("#answer")).ToContainTextAsync(question.Expect!, new() { IgnoreCase = true });
            await Assertions.Expect(page.Locator("#answer button.citation").First).ToBeVisibleAsync();
            var source = page.Locator("#sources .source").Filter(new() { Has = page.Locator(".source-name", new() { HasText = question.Document }) });
            await Assertions.Expect(source.First).ToBeVisibleAsync();
            await Assertions.Expect(source.First.Locator(".source-snippet")).ToHaveTextAsync(new Regex(@"\w{3,}"));
            await Assertions.Expect(page.Locator("#result")).Not.ToHaveAttributeAsync("aria-busy", "true");
            Assert.Equal(question.Question, await page.GetByLabel("Question", new() { Exact = true }).InputValueAsync()); // Enter sent, added no new line

            // It showed the text as it arrived (plain text, no citation buttons yet, status "answering"), then the answer.
            var statuses = (await page.EvaluateAsync<string[]>("() => window.statusHistory")).ToList();
            output.WriteLine($"status shown: {string.Join(" → ", statuses)}");
            Assert.Contains("answering", statuses);
            Assert.Equal("answered", statuses[^1]);
            var paragraphs = await page.EvaluateAsync<JsonElement>("() => window.answerHistory");
            output.WriteLine($"answer paragraphs rendered: {paragraphs}");
            Assert.Contains(paragraphs.EnumerateArray(), p => p.GetProperty("buttons").GetInt32() == 0 && p.GetProperty("text").GetString()!.Length > 0);

            var rendered = await page.EvaluateAsync<JsonElement>("() => window.renderedAnswers");
            var answer = Assert.Single(rendered.EnumerateArray());
            Assert.Equal("answer", answer.GetProperty("target").GetString());
            Assert.Equal(question.Question, answer.GetProperty("question").GetString());
            Assert.Equal("answered", answer.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(answer.GetProperty("id").GetString()));
            Assert.Contains(answer.GetProperty("citations").EnumerateArray(), c => c.GetProperty("documentName").GetString() == question.Document);
            output.WriteLine($"streamed answer: {answer.GetProperty("answer").GetString()}");
        }
        finally
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            output.WriteLine($"screenshot: {screenshot}");
        }

        Assert.True(pageErrors.Count == 0, "the page had errors:\n" + string.Join("\n", pageErrors));
    }
}
