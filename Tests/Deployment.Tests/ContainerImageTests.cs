using System.Text.Json;
using System.Text.RegularExpressions;
using Switchboard.Deployment.Tests.Support;

namespace Switchboard.Deployment.Tests;

/// <summary>
/// Every service publishes an OCI image through the SDK's container support, with the settings MSBuild actually
/// evaluates (the project's own and Directory.Build.targets'), and the manifests deploy exactly those images.
/// </summary>
public sealed partial class ContainerImageTests
{
    public static TheoryData<string, string> Services => new()
    {
        { "Gateway/Gateway.csproj", "gateway" },
        { "RouterAgent/RouterAgent.csproj", "router" },
        { "RetrievalAgent/RetrievalAgent.csproj", "retrieval" },
        { "ComplianceAgent/ComplianceAgent.csproj", "compliance" },
        { "ReportingAgent/ReportingAgent.csproj", "reporting" },
        { "RiskAgent/RiskAgent.csproj", "risk" },
        { "Workflows/Workflows.csproj", "workflows" },
        { "SampleApis/FxRates/FxRates.csproj", "fxrates" },
    };

    [Theory]
    [MemberData(nameof(Services))]
    public async Task The_project_publishes_a_pinned_non_root_image_on_port_8080(string project, string deployment)
    {
        var dotnet = ProcessRunner.FindOnPath("dotnet") ?? throw new InvalidOperationException("dotnet is not on PATH");
        var result = (await ProcessRunner.RunAsync(dotnet,
            ["msbuild", Repository.PathOf(project), "-t:ComputeContainerBaseImage", "-getProperty:ContainerRepository",
             "-getProperty:ContainerBaseImage", "-getProperty:ContainerFamily", "-getProperty:ContainerUser",
             "-getProperty:ContainerImageTag", "-getProperty:EnableSdkContainerSupport", "-getItem:ContainerPort"],
            timeout: TimeSpan.FromMinutes(3))).EnsureSuccess($"dotnet msbuild {project}");
        using var json = JsonDocument.Parse(result.Output);
        var properties = json.RootElement.GetProperty("Properties");
        string Property(string name) => properties.GetProperty(name).GetString() ?? "";

        Assert.Equal("true", Property("EnableSdkContainerSupport"));
        Assert.Equal($"switchboard/{deployment}", Property("ContainerRepository"));
        Assert.Equal("noble-chiseled", Property("ContainerFamily"));
        Assert.Matches(PinnedAspNetImage(), Property("ContainerBaseImage"));
        Assert.Equal("app", Property("ContainerUser"));
        var port = Assert.Single(json.RootElement.GetProperty("Items").GetProperty("ContainerPort").EnumerateArray());
        Assert.Equal("8080", port.GetProperty("Identity").GetString());
        Assert.Equal("tcp", port.GetProperty("Type").GetString());

        var tag = Property("ContainerImageTag");
        Assert.NotEqual("latest", tag);
        var manifest = await File.ReadAllTextAsync(Path.Combine(Repository.K8s, "base", deployment, "deployment.yaml"));
        Assert.Contains($"image: {Property("ContainerRepository")}:{tag}", manifest);
        Assert.Contains("containerPort: 8080", manifest);
        Assert.Contains("runAsUser: 1654", manifest);
    }

    /// <summary>Microsoft's ASP.NET runtime image at a full x.y.z version, never the floating "10.0" tag.</summary>
    [GeneratedRegex(@"^mcr\.microsoft\.com/dotnet/aspnet:\d+\.\d+\.\d+-noble-chiseled$")]
    private static partial Regex PinnedAspNetImage();
}
