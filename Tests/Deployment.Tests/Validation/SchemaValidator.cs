using System.Text.Json;
using Switchboard.Deployment.Tests.Manifests;
using Switchboard.Deployment.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Switchboard.Deployment.Tests.Validation;

/// <summary>
/// Validates every object against a JSON schema with <c>schema/validate.mjs</c> (Node.js): built-in kinds against the
/// Kubernetes OpenAPI schemas of the npm package <c>kubernetes-models</c> (types, required fields, enums), custom
/// resources against their upstream CRD's openAPIV3Schema, closed to unknown fields as the API server's strict field
/// validation would. The packages are installed from <c>schema/package-lock.json</c> (<c>npm ci</c>) on first use.
/// </summary>
public static class SchemaValidator
{
    private static readonly string SchemaDirectory = Repository.PathOf("Tests", "Deployment.Tests", "schema");
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>The apiVersion/kind of every custom resource the CRD folder defines.</summary>
    public static IReadOnlySet<string> CustomResourceKinds()
    {
        var kinds = new HashSet<string>();
        foreach (var file in Directory.EnumerateFiles(Repository.CrdDirectory, "*.yaml"))
        {
            var crd = ManifestSet.Parse(File.ReadAllText(file)).Objects.Single(o => o.Kind == "CustomResourceDefinition");
            var group = crd.Scalar("spec", "group");
            var kind = crd.Scalar("spec", "names", "kind")!;
            foreach (var version in crd.Sequence("spec", "versions"))
            {
                kinds.Add(ApiTypeValidator.Key($"{group}/{((YamlScalarNode)ManifestObject.Navigate(version, "name")!).Value}", kind));
            }
        }

        return kinds;
    }

    public static async Task<IReadOnlyList<Finding>> ValidateAsync(string renderedYaml)
    {
        await EnsureInstalledAsync();
        var node = ProcessRunner.FindOnPath("node") ?? throw new InvalidOperationException("node is not installed (.ci/run installs nodejs)");
        var result = (await ProcessRunner.RunAsync(node, ["validate.mjs", Repository.CrdDirectory], SchemaDirectory, renderedYaml))
            .EnsureSuccess("node validate.mjs");

        using var json = JsonDocument.Parse(result.Output);
        return json.RootElement.EnumerateArray()
            .SelectMany(item => item.GetProperty("errors").EnumerateArray().Select(error => new Finding(
                $"{item.GetProperty("kind").GetString()}/{item.GetProperty("name").GetString()}", "json-schema", error.GetString()!)))
            .ToList();
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(SchemaDirectory, "node_modules", "kubernetes-models")))
            {
                return;
            }

            var npm = ProcessRunner.FindOnPath("npm") ?? throw new InvalidOperationException("npm is not installed (.ci/run installs it)");
            (await ProcessRunner.RunAsync(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], SchemaDirectory, timeout: TimeSpan.FromMinutes(5)))
                .EnsureSuccess("npm ci (Tests/Deployment.Tests/schema)");
        }
        finally
        {
            InstallLock.Release();
        }
    }
}
