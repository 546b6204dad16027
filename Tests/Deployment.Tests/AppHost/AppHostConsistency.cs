using k8s.Models;
using Switchboard.Deployment.Tests.Manifests;
using Switchboard.Deployment.Tests.Policy;
using Switchboard.Deployment.Tests.Validation;

namespace Switchboard.Deployment.Tests.AppHost;

/// <summary>
/// The AppHost (development, end-to-end tests) and k8s/ (production) describe one topology. This compares an Aspire
/// manifest with a rendered overlay: the same services; for each, the same injected keys (connection strings and
/// service discovery) and so the same references; every secret parameter the AppHost passes arrives in the pod from a
/// Kubernetes Secret; every referenced resource has a Service of its name with the binding's port.
/// </summary>
public static class AppHostConsistency
{
    /// <summary>
    /// Keys the pods may have that the AppHost leaves out: the RetrievalAgent's store is chosen per environment
    /// (Qdrant in prod, the embedded SQLite file where the AppHost runs without it).
    /// </summary>
    public static readonly IReadOnlySet<string> StoreChoiceKeys = new HashSet<string> { "ConnectionStrings__qdrant_http" };

    public static IReadOnlyList<Finding> Compare(AspireManifest manifest, ManifestSet k8s)
    {
        var findings = new List<Finding>();
        var workloads = Workload.All(k8s).ToDictionary(w => w.Name);
        var deployments = workloads.Values.Where(w => w.IsDeployment).Select(w => w.Name).ToHashSet();
        var projects = manifest.Projects.Select(p => p.Name).ToHashSet();

        foreach (var missing in projects.Except(deployments).Order())
        {
            findings.Add(new Finding($"Deployment/{missing}", "apphost", $"the AppHost runs {missing}; no Deployment of that name"));
        }

        foreach (var extra in deployments.Except(projects).Order())
        {
            findings.Add(new Finding($"Deployment/{extra}", "apphost", $"deployed, but the AppHost has no project resource {extra}"));
        }

        var references = new Dictionary<string, (string Id, string Key)>(StringComparer.Ordinal);
        foreach (var project in manifest.Projects.Where(p => workloads.ContainsKey(p.Name)))
        {
            var workload = workloads[project.Name];
            var id = workload.Id;
            var injected = project.Env.Keys.Where(IsInjectedKey).ToHashSet();
            var deployed = workload.EnvironmentKeys(k8s).Where(IsInjectedKey).ToHashSet();
            foreach (var key in injected.Except(deployed).Order())
            {
                findings.Add(new Finding(id, "apphost", $"the AppHost injects {key}; the pod lacks it"));
            }

            foreach (var key in deployed.Except(injected).Except(StoreChoiceKeys).Order())
            {
                findings.Add(new Finding(id, "apphost", $"the pod has {key}; the AppHost never injects it (a reference only one side has)"));
            }

            var variables = workload.Template.Spec.Containers.SelectMany(c => c.Env ?? []).ToDictionary(v => v.Name, StringComparer.Ordinal);
            foreach (var (key, value) in project.Env)
            {
                var secrets = AspireManifest.ReferencedResources(value)
                    .Where(r => manifest.Resources.TryGetValue(r, out var resource) && resource.IsSecretParameter).ToList();
                if (secrets.Count > 0 && (!variables.TryGetValue(key, out var variable) || variable.ValueFrom?.SecretKeyRef is null))
                {
                    findings.Add(new Finding(id, "apphost", $"{key} is the AppHost's secret parameter {secrets[0]}; in the pod it must come from a Secret (secretKeyRef)"));
                }
            }

            foreach (var (key, value) in project.Env.Where(e => IsInjectedKey(e.Key)))
            {
                foreach (var referenced in AspireManifest.ReferencedResources(value).Where(r => r != project.Name))
                {
                    references.TryAdd(referenced, (id, key));
                }
            }
        }

        foreach (var (referenced, (id, key)) in references.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            findings.AddRange(ReferencedService(manifest, k8s, id, key, referenced));
        }

        return findings;
    }

    private static IEnumerable<Finding> ReferencedService(AspireManifest manifest, ManifestSet k8s, string id, string key, string referenced)
    {
        if (!manifest.Resources.TryGetValue(referenced, out var resource) || resource.IsParameter)
        {
            yield break;
        }

        if (k8s.Find("Service", referenced) is not { } service)
        {
            yield return new Finding(id, "apphost", $"{key} refers to {referenced}; no Service of that name");
            yield break;
        }

        var ports = ServicePorts(service);
        foreach (var binding in resource.Bindings.Values)
        {
            if (resource.IsProject && binding.Scheme is "http" && !ports.Any(p => p.Name == binding.Name))
            {
                yield return new Finding(service.Id, "apphost", $"the AppHost's {referenced} binding {binding.Name} has no Service port of that name");
            }

            if (!resource.IsProject && binding.TargetPort is { } targetPort && !ports.Any(p => p.Port == targetPort))
            {
                yield return new Finding(service.Id, "apphost", $"{referenced} listens on {targetPort} in the AppHost; the Service has no such port");
            }
        }
    }

    private static IReadOnlyList<V1ServicePort> ServicePorts(ManifestObject service) =>
        k8s.KubernetesYaml.Deserialize<V1Service>(service.Yaml).Spec.Ports?.ToList() ?? [];

    /// <summary>The keys the AppHost injects for references: connection strings and service discovery.</summary>
    public static bool IsInjectedKey(string key) =>
        key.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || key.StartsWith("services__", StringComparison.Ordinal);
}
