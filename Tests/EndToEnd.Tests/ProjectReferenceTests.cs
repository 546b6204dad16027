using System.Xml.Linq;
using Switchboard.Tests.Support;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// The AgentCore split holds: the contracts stay the BCL only, and a service pulls a model runtime only when it runs a
/// model. Read from the project files (project and package references, followed transitively), so a reference added
/// anywhere on the way fails here with the path it came by.
/// </summary>
public sealed class ProjectReferenceTests
{
    private static readonly string[] ModelProviders = ["Anthropic", "OllamaSharp", "Azure.AI.OpenAI", "Microsoft.Extensions.AI.OpenAI"];

    [Fact]
    public void The_contracts_reference_no_package_no_project_and_no_framework_beyond_the_bcl()
    {
        var project = XDocument.Load(RepositoryRoot.Of("AgentCore", "Contracts", "AgentCore.Contracts.csproj"));

        var references = project.Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference" or "FrameworkReference")
            .Select(e => $"{e.Name.LocalName} {e.Attribute("Include")?.Value}")
            .ToList();

        Assert.True(references.Count == 0, $"AgentCore.Contracts references: {string.Join(", ", references)}");
    }

    [Theory]
    [InlineData("Gateway/Gateway.csproj")]
    [InlineData("ReportingAgent/ReportingAgent.csproj")]
    [InlineData("Workflows/Workflows.csproj")]
    public void A_service_that_runs_no_model_pulls_no_model_provider_and_no_onnx_runtime(string path)
    {
        var packages = PackagesOf(path);

        foreach (var forbidden in ModelProviders.Append("Microsoft.ML.OnnxRuntime"))
        {
            Assert.False(packages.TryGetValue(forbidden, out var via), $"{path} pulls {forbidden} via {via}");
        }
    }

    [Theory]
    [InlineData("RouterAgent/RouterAgent.csproj")]
    [InlineData("ComplianceAgent/ComplianceAgent.csproj")]
    [InlineData("RiskAgent/RiskAgent.csproj")]
    public void A_service_that_embeds_nothing_pulls_no_onnx_runtime(string path)
    {
        var packages = PackagesOf(path);

        Assert.False(packages.TryGetValue("Microsoft.ML.OnnxRuntime", out var via), $"{path} pulls Microsoft.ML.OnnxRuntime via {via}");
        Assert.True(packages.ContainsKey("Anthropic"), $"{path} runs a chat model and should reach the providers through AgentCore.AI");
    }

    /// <summary>Every package the project references, directly or through its project references: package → the project that names it.</summary>
    private static Dictionary<string, string> PackagesOf(string path)
    {
        var packages = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(RepositoryRoot.Of(path.Split('/')))]);
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(project))
            {
                continue;
            }

            var xml = XDocument.Load(project);
            var relative = Path.GetRelativePath(RepositoryRoot.Path, project);
            foreach (var reference in xml.Descendants().Where(e => e.Name.LocalName == "PackageReference"))
            {
                packages.TryAdd(reference.Attribute("Include")!.Value, relative);
            }

            foreach (var reference in xml.Descendants().Where(e => e.Name.LocalName == "ProjectReference"))
            {
                if (reference.Attribute("ReferenceOutputAssembly")?.Value == "false")
                {
                    continue;
                }

                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, reference.Attribute("Include")!.Value.Replace('\\', '/'))));
            }
        }

        return packages;
    }
}
