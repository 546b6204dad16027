using System.Collections.Concurrent;
using Switchboard.Deployment.Tests.Manifests;
using Switchboard.Deployment.Tests.Policy;
using Switchboard.Deployment.Tests.Validation;

namespace Switchboard.Deployment.Tests.Support;

/// <summary>Each overlay rendered once per test run, and every check over a rendered manifest in one place.</summary>
public static class Rendered
{
    private static readonly ConcurrentDictionary<string, Task<string>> Renders = new();
    private static readonly Lazy<IReadOnlySet<string>> CustomResourceKinds = new(SchemaValidator.CustomResourceKinds);

    public static Task<string> YamlAsync(string overlay) =>
        Renders.GetOrAdd(overlay, o => Kustomize.RenderAsync(Path.Combine(Repository.K8s, o)));

    public static async Task<ManifestSet> ManifestsAsync(string overlay) => ManifestSet.Parse(await YamlAsync(overlay));

    /// <summary>Strict API types, JSON schemas and policies: everything wrong with a rendered manifest.</summary>
    public static async Task<IReadOnlyList<Finding>> CheckAsync(string yaml, PolicyProfile profile)
    {
        var manifests = ManifestSet.Parse(yaml);
        var findings = new List<Finding>();
        findings.AddRange(ApiTypeValidator.Validate(manifests, CustomResourceKinds.Value));
        findings.AddRange(await SchemaValidator.ValidateAsync(yaml));
        findings.AddRange(ManifestPolicy.Check(manifests, profile));
        return findings;
    }

    public static string Describe(IEnumerable<Finding> findings) => string.Join(Environment.NewLine, findings);
}
