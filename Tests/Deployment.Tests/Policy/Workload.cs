using k8s;
using k8s.Models;
using Switchboard.Deployment.Tests.Manifests;

namespace Switchboard.Deployment.Tests.Policy;

/// <summary>A Deployment or StatefulSet seen through what the policies ask of it: its pod template and its environment.</summary>
public sealed record Workload(ManifestObject Source, V1ObjectMeta Metadata, V1PodTemplateSpec Template, int? Replicas, string? Strategy)
{
    public string Name => Metadata.Name;

    public string Id => Source.Id;

    public bool IsDeployment => Source.Kind == "Deployment";

    public IReadOnlyDictionary<string, string> PodLabels => (IReadOnlyDictionary<string, string>?)Template.Metadata?.Labels?.AsReadOnly() ?? new Dictionary<string, string>();

    /// <summary>Every environment variable name of every container, from env and from the ConfigMaps it loads.</summary>
    public IReadOnlySet<string> EnvironmentKeys(ManifestSet manifests)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var container in Template.Spec.Containers)
        {
            foreach (var variable in container.Env ?? [])
            {
                keys.Add(variable.Name);
            }

            foreach (var source in container.EnvFrom ?? [])
            {
                if (source.ConfigMapRef?.Name is { } name && manifests.Find("ConfigMap", name) is { } configMap)
                {
                    keys.UnionWith(configMap.Map("data").Keys);
                }
            }
        }

        return keys;
    }

    public static IReadOnlyList<Workload> All(ManifestSet manifests)
    {
        var workloads = new List<Workload>();
        foreach (var item in manifests.Objects)
        {
            if (item.Kind == "Deployment")
            {
                var deployment = KubernetesYaml.Deserialize<V1Deployment>(item.Yaml);
                workloads.Add(new Workload(item, deployment.Metadata, deployment.Spec.Template, deployment.Spec.Replicas, deployment.Spec.Strategy?.Type));
            }
            else if (item.Kind == "StatefulSet")
            {
                var statefulSet = KubernetesYaml.Deserialize<V1StatefulSet>(item.Yaml);
                workloads.Add(new Workload(item, statefulSet.Metadata, statefulSet.Spec.Template, statefulSet.Spec.Replicas, statefulSet.Spec.UpdateStrategy?.Type));
            }
        }

        return workloads;
    }

    public static bool Selects(IDictionary<string, string>? selector, IReadOnlyDictionary<string, string> labels) =>
        selector is { Count: > 0 } && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
