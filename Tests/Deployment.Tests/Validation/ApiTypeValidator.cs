using System.Reflection;
using k8s;
using k8s.Models;
using Switchboard.Deployment.Tests.Manifests;
using YamlDotNet.Core;

namespace Switchboard.Deployment.Tests.Validation;

/// <summary>
/// Loads every built-in object into its Kubernetes API type with KubernetesClient's strict YAML loader, which refuses
/// any field the type does not have (a typo such as <c>replicaz</c>, a field at the wrong level). Custom resources
/// are left to <see cref="SchemaValidator"/>, which holds their CRD schemas; a kind neither knows is a finding.
/// </summary>
public static class ApiTypeValidator
{
    private static readonly HashSet<string> BuiltInKinds = typeof(V1Deployment).Assembly.GetTypes()
        .Select(t => t.GetCustomAttribute<KubernetesEntityAttribute>())
        .Where(a => a is { Kind.Length: > 0 })
        .Select(a => Key(string.IsNullOrEmpty(a!.Group) ? a.ApiVersion : $"{a.Group}/{a.ApiVersion}", a.Kind))
        .ToHashSet();

    public static IReadOnlyList<Finding> Validate(ManifestSet manifests, IReadOnlySet<string> customResourceKinds)
    {
        var findings = new List<Finding>();
        foreach (var item in manifests.Objects)
        {
            var key = Key(item.ApiVersion, item.Kind);
            if (!BuiltInKinds.Contains(key))
            {
                if (!customResourceKinds.Contains(key))
                {
                    findings.Add(new Finding(item.Id, "api-types", $"{key} is neither a Kubernetes API kind nor a known custom resource"));
                }

                continue;
            }

            try
            {
                KubernetesYaml.LoadAllFromString(item.Yaml, strict: true);
            }
            catch (YamlException ex)
            {
                findings.Add(new Finding(item.Id, "api-types", ex.Message));
            }
        }

        return findings;
    }

    public static string Key(string apiVersion, string kind) => $"{apiVersion}/{kind}";
}
