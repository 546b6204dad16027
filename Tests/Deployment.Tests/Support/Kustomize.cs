using System.Text.RegularExpressions;

namespace Switchboard.Deployment.Tests.Support;

/// <summary>
/// Renders a kustomization with <c>kubectl kustomize</c> (kustomize v5 is built into kubectl). The kubectl used is
/// <c>$KUBECTL</c>, else the one on PATH; .ci/run installs one where a machine has none (k8s/README.md, "Checks").
/// </summary>
public static partial class Kustomize
{
    private static readonly Lazy<(string? Path, string? Problem)> Tool = new(Locate);

    /// <summary>The overlays a platform team applies, relative to k8s/: each is rendered and validated.</summary>
    public static readonly IReadOnlyList<string> Overlays = ["overlays/dev", "overlays/prod", "monitoring"];

    /// <summary>Why rendering cannot run here, or null when it can.</summary>
    public static string? Unavailable() => Tool.Value.Problem;

    public static async Task<string> RenderAsync(string kustomizationDirectory)
    {
        var (path, problem) = Tool.Value;
        if (path is null)
        {
            throw new InvalidOperationException(problem);
        }

        var result = await ProcessRunner.RunAsync(path, ["kustomize", kustomizationDirectory]);
        return result.EnsureSuccess($"kubectl kustomize {kustomizationDirectory}").Output;
    }

    private static (string?, string?) Locate()
    {
        var path = Environment.GetEnvironmentVariable("KUBECTL") is { Length: > 0 } configured ? configured : ProcessRunner.FindOnPath("kubectl");
        if (path is null || !File.Exists(path))
        {
            return (null, "kubectl is not installed (it carries kustomize v5): .ci/run installs it; see k8s/README.md");
        }

        var version = ProcessRunner.RunAsync(path, ["version", "--client"]).GetAwaiter().GetResult();
        var kustomize = KustomizeVersion().Match(version.Output);
        return kustomize.Success && int.Parse(kustomize.Groups[1].Value) >= 5
            ? (path, null)
            : (null, $"{path} does not carry kustomize v5 or later ({version.Output.Trim()})");
    }

    [GeneratedRegex(@"Kustomize Version: v(\d+)\.")]
    private static partial Regex KustomizeVersion();
}
