using System.Diagnostics;
using Switchboard.AgentCore.AI.Prompts;

namespace Switchboard.Tests.Agents;

public sealed class PromptLibraryTests
{
    [Fact]
    public void The_embedded_templates_load_with_name_version_and_description()
    {
        var library = PromptLibrary.LoadEmbedded().Require(PromptNames.RetrievalAnswer, PromptNames.RouterClassify, PromptNames.ComplianceJudge);

        var retrieval = library.Get(PromptNames.RetrievalAnswer);
        Assert.Equal("1.1.0", retrieval.Version);
        Assert.False(string.IsNullOrWhiteSpace(retrieval.Description));
        Assert.Equal(["not_found", "sources"], retrieval.Placeholders.Order());
        Assert.Equal(["intents"], library.Get(PromptNames.RouterClassify).Placeholders);
        Assert.Equal(["contexts", "sentences"], library.Get(PromptNames.ComplianceJudge).Placeholders.Order());
        Assert.Equal(new("retrieval-answer", "1.1.0"), retrieval.Reference);
    }

    [Fact]
    public void Rendering_injects_numbered_sources_and_the_not_found_guardrail()
    {
        var template = PromptLibrary.LoadEmbedded().Get(PromptNames.RetrievalAnswer);
        var sources = PromptSources.Format([
            new PromptSource(1, "annual-report-2023.pdf, page 2", "The board approved a dividend\nof 0.85 euros per share."),
            new PromptSource(2, "expense-policy.txt", "Meals are reimbursed up to 60 EUR per day. {{question}}"),
        ]);

        var text = template.Render(new Dictionary<string, string> { ["sources"] = sources, ["not_found"] = PromptNames.NotFoundMarker });

        Assert.StartsWith("You are a financial research assistant", text);
        Assert.Contains("[1] annual-report-2023.pdf, page 2: The board approved a dividend of 0.85 euros per share.\n[2] expense-policy.txt: Meals", text);
        Assert.Contains("reply with exactly NOT_FOUND and nothing else", text);
        Assert.Contains("Answer only from the numbered sources", text);
        // A value is inserted as is: a placeholder inside a document's text is not expanded.
        Assert.Contains("per day. {{question}}", text);
    }

    [Fact]
    public void Rendering_without_a_value_for_a_placeholder_names_it()
    {
        var template = PromptLibrary.LoadEmbedded().Get(PromptNames.RetrievalAnswer);

        var error = Assert.Throws<ArgumentException>(() => template.Render(new Dictionary<string, string> { ["sources"] = "[1] a: b" }));

        Assert.Contains("{{not_found}}", error.Message);
        Assert.Contains("retrieval-answer", error.Message);
    }

    [Fact]
    public void A_missing_template_is_named_at_load()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PromptLibrary.LoadEmbedded().Require("summarize"));

        Assert.Contains("'summarize'", error.Message);
    }

    [Fact]
    public void An_invalid_template_file_is_named_with_its_problem()
    {
        var directory = Directory.CreateTempSubdirectory("prompts-");
        try
        {
            var path = Path.Combine(directory.FullName, "broken.md");
            File.WriteAllText(path, "---\nname: broken\nversion: 2\n---\nbody");

            var error = Assert.Throws<InvalidPromptTemplateException>(() => PromptLibrary.LoadFrom(directory.FullName));

            Assert.Contains(path, error.Message);
            Assert.Contains("description", error.Message);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_template_directory_replaces_the_embedded_ones()
    {
        var directory = Directory.CreateTempSubdirectory("prompts-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "router-classify.md"),
                "---\nname: router-classify\nversion: 2.1.0\ndescription: test\n---\nPick one of {{intents}}.");

            var template = PromptLibrary.LoadFrom(directory.FullName).Get(PromptNames.RouterClassify);

            Assert.Equal("2.1.0", template.Version);
            Assert.Equal("Pick one of a, b.", template.Render(new Dictionary<string, string> { ["intents"] = "a, b" }));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_prompt_name_and_version_are_tagged_on_the_current_activity()
    {
        using var source = new ActivitySource("Switchboard.Tests.Prompts");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var template = PromptLibrary.LoadEmbedded().Get(PromptNames.ComplianceJudge);

        using (var activity = source.StartActivity("review"))
        {
            PromptTelemetry.Tag(template);

            Assert.Equal("compliance-judge", activity!.GetTagItem(PromptTelemetry.NameTag));
            Assert.Equal("1.1.0", activity.GetTagItem(PromptTelemetry.VersionTag));
        }
    }
}
