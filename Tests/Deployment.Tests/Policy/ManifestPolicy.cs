using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Switchboard.AgentCore.Contracts;
using Switchboard.Deployment.Tests.Manifests;
using Switchboard.Deployment.Tests.Validation;
using HealthPaths = Microsoft.Extensions.Hosting.Extensions;

namespace Switchboard.Deployment.Tests.Policy;

/// <summary>
/// The rules every rendered overlay must keep: probes on the paths the services map, resources, a locked-down pod,
/// pinned images, no secret values, consistent labels and selectors, one autoscaler per Deployment (never two), a
/// PodDisruptionBudget each, a store every replica shares, and network policies that admit exactly the callers each
/// service has (worked out from the environment keys that make one service call another).
/// </summary>
public static partial class ManifestPolicy
{
    public const string PartOf = "switchboard";
    public const string MonitoringNamespace = "monitoring";
    public const string IngressNamespace = "ingress-nginx";
    public const string KedaNamespace = "keda";

    public static IReadOnlyList<Finding> Check(ManifestSet manifests, PolicyProfile profile)
    {
        var workloads = Workload.All(manifests);
        var findings = new List<Finding>();
        findings.AddRange(Pods(workloads));
        findings.AddRange(Images(workloads));
        findings.AddRange(Secrets(manifests, workloads));
        findings.AddRange(Labels(manifests, workloads));
        findings.AddRange(Autoscaling(manifests, workloads, profile));
        findings.AddRange(DisruptionBudgets(manifests, workloads));
        findings.AddRange(Stores(manifests, workloads));
        findings.AddRange(NetworkPolicies(manifests, workloads));
        findings.AddRange(References(manifests, workloads));
        return findings;
    }

    private static IEnumerable<Finding> Pods(IReadOnlyList<Workload> workloads)
    {
        foreach (var workload in workloads)
        {
            Finding F(string message) => new(workload.Id, "pod", message);
            var pod = workload.Template.Spec;
            if (pod.AutomountServiceAccountToken != false)
            {
                yield return F("automountServiceAccountToken must be false (no service-account token in the pod)");
            }

            if (pod.SecurityContext?.RunAsNonRoot != true || pod.SecurityContext.RunAsUser is not > 0)
            {
                yield return F("the pod must run as a numeric non-root user (securityContext.runAsNonRoot and runAsUser)");
            }

            if (pod.SecurityContext?.SeccompProfile?.Type != "RuntimeDefault")
            {
                yield return F("securityContext.seccompProfile.type must be RuntimeDefault");
            }

            foreach (var container in pod.Containers)
            {
                Finding C(string message) => F($"container {container.Name}: {message}");
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    if (container.Resources?.Requests?.ContainsKey(resource) != true)
                    {
                        yield return C($"no {resource} request");
                    }

                    if (container.Resources?.Limits?.ContainsKey(resource) != true)
                    {
                        yield return C($"no {resource} limit");
                    }
                }

                if (container.ReadinessProbe is null)
                {
                    yield return C("no readiness probe");
                }

                if (container.LivenessProbe is null)
                {
                    yield return C("no liveness probe");
                }

                var security = container.SecurityContext;
                if (security?.AllowPrivilegeEscalation != false)
                {
                    yield return C("securityContext.allowPrivilegeEscalation must be false");
                }

                if (security?.ReadOnlyRootFilesystem != true)
                {
                    yield return C("securityContext.readOnlyRootFilesystem must be true");
                }
                else if (container.VolumeMounts?.Any(m => m.MountPath == "/tmp") != true)
                {
                    yield return C("a read-only root filesystem needs a writable volume at /tmp");
                }

                if (security?.Capabilities?.Drop?.Contains("ALL") != true)
                {
                    yield return C("securityContext.capabilities.drop must hold ALL");
                }

                if (workload.IsDeployment)
                {
                    foreach (var finding in ServiceProbes(workload, container))
                    {
                        yield return C(finding);
                    }
                }
            }
        }
    }

    /// <summary>The services' own probes: readiness on /health, liveness on /alive (ServiceDefaults), on the http port.</summary>
    private static IEnumerable<string> ServiceProbes(Workload workload, V1Container container)
    {
        if (container.Ports?.Any(p => p.Name == "http") != true)
        {
            yield return "no container port named http";
        }

        if (container.ReadinessProbe is { } readiness && readiness.HttpGet?.Path != HealthPaths.HealthEndpointPath)
        {
            yield return $"the readiness probe must GET {HealthPaths.HealthEndpointPath} (dependencies included), not {readiness.HttpGet?.Path ?? "another kind of check"}";
        }

        if (container.LivenessProbe is { } liveness && liveness.HttpGet?.Path != HealthPaths.AlivenessEndpointPath)
        {
            yield return $"the liveness probe must GET {HealthPaths.AlivenessEndpointPath} (the process only), not {liveness.HttpGet?.Path ?? "another kind of check"}";
        }

        foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe, container.StartupProbe })
        {
            if (probe?.HttpGet?.Port is { } port && port.Value != "http" && port.Value != "8080")
            {
                yield return $"a probe targets port {port.Value}, not the http port";
            }
        }

        if (workload.Name == AgentNames.Router && container.StartupProbe?.HttpGet?.Path != HealthPaths.HealthEndpointPath)
        {
            yield return $"the RouterAgent trains its classifier at start: it needs a startup probe on {HealthPaths.HealthEndpointPath}";
        }
    }

    private static IEnumerable<Finding> Images(IReadOnlyList<Workload> workloads)
    {
        foreach (var workload in workloads)
        {
            foreach (var container in workload.Template.Spec.Containers.Concat(workload.Template.Spec.InitContainers ?? []))
            {
                var image = container.Image ?? "";
                var lastSegment = image[(image.LastIndexOf('/') + 1)..];
                if (image.Contains("@sha256:", StringComparison.Ordinal))
                {
                    continue;
                }

                if (!lastSegment.Contains(':'))
                {
                    yield return new Finding(workload.Id, "images", $"image {image} has no tag: pin a version");
                }
                else if (lastSegment.EndsWith(":latest", StringComparison.Ordinal))
                {
                    yield return new Finding(workload.Id, "images", $"image {image} uses latest: pin a version");
                }
            }
        }
    }

    private static IEnumerable<Finding> Secrets(ManifestSet manifests, IReadOnlyList<Workload> workloads)
    {
        foreach (var secret in manifests.OfKind("Secret"))
        {
            yield return new Finding(secret.Id, "secrets", "a Secret with its values is in the manifests: reference Secrets by name, create them outside the repository");
        }

        foreach (var workload in workloads)
        {
            foreach (var container in workload.Template.Spec.Containers)
            {
                foreach (var variable in container.Env ?? [])
                {
                    if (SecretName().IsMatch(variable.Name) && variable.ValueFrom?.SecretKeyRef is null)
                    {
                        yield return new Finding(workload.Id, "secrets", $"{variable.Name} must come from a Secret (valueFrom.secretKeyRef), not a literal");
                    }

                    if (variable.Value is { } value && LiteralSecret().Match(value) is { Success: true } match)
                    {
                        yield return new Finding(workload.Id, "secrets", $"{variable.Name} holds a literal secret ({match.Groups[1].Value}=...): build it from a Secret with $(VAR)");
                    }
                }

                // Kubernetes expands $(VAR) only from variables defined before it (envFrom or earlier env entries);
                // otherwise the text stays as it is, and a service would connect with the password "$(REDIS_PASSWORD)".
                var defined = (container.EnvFrom ?? []).Select(e => e.ConfigMapRef?.Name).OfType<string>()
                    .SelectMany(name => manifests.Find("ConfigMap", name)?.Map("data").Keys ?? []).ToHashSet(StringComparer.Ordinal);
                foreach (var variable in container.Env ?? [])
                {
                    foreach (Match reference in VariableReference().Matches(variable.Value ?? ""))
                    {
                        if (!defined.Contains(reference.Groups[1].Value))
                        {
                            yield return new Finding(workload.Id, "secrets", $"{variable.Name} uses $({reference.Groups[1].Value}), which is not defined before it: Kubernetes would pass the text unexpanded");
                        }
                    }

                    defined.Add(variable.Name);
                }

                var arguments = (container.Command ?? []).Concat(container.Args ?? []).ToList();
                foreach (Match reference in arguments.SelectMany(a => VariableReference().Matches(a)))
                {
                    if (!defined.Contains(reference.Groups[1].Value))
                    {
                        yield return new Finding(workload.Id, "secrets", $"an argument uses $({reference.Groups[1].Value}), which the container's env does not define");
                    }
                }

                for (var i = 0; i < arguments.Count; i++)
                {
                    if (SecretFlag().IsMatch(arguments[i]) && i + 1 < arguments.Count && !arguments[i + 1].StartsWith("$(", StringComparison.Ordinal))
                    {
                        yield return new Finding(workload.Id, "secrets", $"argument {arguments[i]} is followed by a literal: pass $(VAR) from a Secret");
                    }
                }
            }
        }

        foreach (var configMap in manifests.OfKind("ConfigMap"))
        {
            foreach (var (key, value) in configMap.Map("data"))
            {
                if (SecretName().IsMatch(key))
                {
                    yield return new Finding(configMap.Id, "secrets", $"{key} looks like a secret: it belongs in a Secret, not a ConfigMap");
                }

                if (LiteralSecret().Match(value) is { Success: true } match)
                {
                    yield return new Finding(configMap.Id, "secrets", $"{key} holds a literal secret ({match.Groups[1].Value}=...)");
                }

                if (ConfigFileSecret().Match(value) is { Success: true } directive)
                {
                    yield return new Finding(configMap.Id, "secrets", $"{key} sets {directive.Groups[1].Value} in the file: pass it from a Secret");
                }
            }
        }
    }

    private static IEnumerable<Finding> Labels(ManifestSet manifests, IReadOnlyList<Workload> workloads)
    {
        foreach (var item in manifests.Objects.Where(o => o.Kind != "Namespace"))
        {
            if (!item.Labels.TryGetValue("app.kubernetes.io/part-of", out var partOf) || partOf != PartOf)
            {
                yield return new Finding(item.Id, "labels", $"label app.kubernetes.io/part-of={PartOf} is missing");
            }
        }

        foreach (var workload in workloads)
        {
            if (!workload.Source.Labels.TryGetValue("app.kubernetes.io/name", out var name) || name != workload.Name)
            {
                yield return new Finding(workload.Id, "labels", $"label app.kubernetes.io/name must be {workload.Name}");
            }

            if (!workload.PodLabels.TryGetValue("app.kubernetes.io/name", out var podName) || podName != workload.Name)
            {
                yield return new Finding(workload.Id, "labels", $"the pod template's app.kubernetes.io/name must be {workload.Name}");
            }

            var selector = workload.Source.Map("spec", "selector", "matchLabels");
            if (!Workload.Selects(selector.ToDictionary(), workload.PodLabels))
            {
                yield return new Finding(workload.Id, "labels", "spec.selector does not select the pod template's labels");
            }
        }

        foreach (var service in manifests.OfKind("Service"))
        {
            var selected = workloads.Where(w => Workload.Selects(service.Map("spec", "selector").ToDictionary(), w.PodLabels)).ToList();
            if (selected.Count != 1)
            {
                yield return new Finding(service.Id, "labels", $"the selector must select exactly one workload; it selects {selected.Count}");
            }
        }
    }

    private static IEnumerable<Finding> Autoscaling(ManifestSet manifests, IReadOnlyList<Workload> workloads, PolicyProfile profile)
    {
        var hpas = manifests.OfKind("HorizontalPodAutoscaler").Select(h => (Source: h, Hpa: KubernetesYaml.Deserialize<V2HorizontalPodAutoscaler>(h.Yaml))).ToList();
        var scaledObjects = manifests.OfKind("ScaledObject").ToList();

        foreach (var (source, hpa) in hpas)
        {
            Finding F(string message) => new(source.Id, "autoscaling", message);
            if (source.ApiVersion != "autoscaling/v2")
            {
                yield return F("use autoscaling/v2");
            }

            if (hpa.Spec.ScaleTargetRef.Kind != "Deployment" || workloads.All(w => !w.IsDeployment || w.Name != hpa.Spec.ScaleTargetRef.Name))
            {
                yield return F($"targets {hpa.Spec.ScaleTargetRef.Kind}/{hpa.Spec.ScaleTargetRef.Name}, which is not a Deployment here");
            }

            if (hpa.Spec.Metrics?.Any(m => m.Type == "Resource" && m.Resource?.Name == "cpu") != true)
            {
                yield return F("no CPU metric");
            }

            if (hpa.Spec.Metrics?.Any(m => m.Type is "Pods" or "Object" or "External") != true)
            {
                yield return F("no custom metric (requests in flight, queue length) beside CPU");
            }

            if (hpa.Spec.Behavior?.ScaleUp?.StabilizationWindowSeconds is null || hpa.Spec.Behavior?.ScaleDown?.StabilizationWindowSeconds is not >= 60)
            {
                yield return F("behavior needs a scale-up stabilisation window and a scale-down one of at least 60 s");
            }

            if ((hpa.Spec.MinReplicas ?? 1) < profile.MinReplicas || hpa.Spec.MaxReplicas <= (hpa.Spec.MinReplicas ?? 1))
            {
                yield return F($"minReplicas must be at least {profile.MinReplicas} and below maxReplicas");
            }
        }

        foreach (var scaledObject in scaledObjects)
        {
            Finding F(string message) => new(scaledObject.Id, "autoscaling", message);
            var target = scaledObject.Scalar("spec", "scaleTargetRef", "name");
            var triggers = scaledObject.Sequence("spec", "triggers").ToList();
            string? Trigger(YamlDotNet.RepresentationModel.YamlNode t, params string[] path) =>
                (ManifestObject.Navigate(t, path) as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value;

            if (workloads.All(w => !w.IsDeployment || w.Name != target))
            {
                yield return F($"targets {target}, which is not a Deployment here");
            }

            if (!triggers.Any(t => Trigger(t, "type") == "cpu"))
            {
                yield return F("no CPU trigger: KEDA's HPA is this Deployment's only autoscaler, so it must hold the CPU metric too");
            }

            if (target == AgentNames.Retrieval && !triggers.Any(t => Trigger(t, "type") == "redis-streams"
                    && Trigger(t, "metadata", "stream") == Streams.Ingest && Trigger(t, "metadata", "consumerGroup") == ConsumerGroups.Retrieval))
            {
                yield return F($"the RetrievalAgent scales on the lag of group {ConsumerGroups.Retrieval} on {Streams.Ingest}: no such redis-streams trigger");
            }

            if (scaledObject.Scalar("spec", "advanced", "horizontalPodAutoscalerConfig", "behavior", "scaleDown", "stabilizationWindowSeconds") is not { } window
                || int.Parse(window) < 60)
            {
                yield return F("advanced.horizontalPodAutoscalerConfig.behavior needs a scale-down stabilisation window of at least 60 s");
            }

            if (int.Parse(scaledObject.Scalar("spec", "minReplicaCount") ?? "0") < profile.MinReplicas)
            {
                yield return F($"minReplicaCount must be at least {profile.MinReplicas}");
            }
        }

        foreach (var deployment in workloads.Where(w => w.IsDeployment))
        {
            var owners = hpas.Where(h => h.Hpa.Spec.ScaleTargetRef.Kind == "Deployment" && h.Hpa.Spec.ScaleTargetRef.Name == deployment.Name).Select(h => h.Source.Id)
                .Concat(scaledObjects.Where(s => s.Scalar("spec", "scaleTargetRef", "name") == deployment.Name).Select(s => s.Id))
                .ToList();
            if (owners.Count > 1)
            {
                yield return new Finding(deployment.Id, "autoscaling", $"{string.Join(" and ", owners)} both scale it: two controllers fight over its replicas");
            }
            else if (owners.Count == 0 && profile.RequiresAutoscaler)
            {
                yield return new Finding(deployment.Id, "autoscaling", $"no HorizontalPodAutoscaler or ScaledObject ({profile.Name} scales every Deployment)");
            }
            else if (owners.Count == 1 && deployment.Replicas is not null)
            {
                yield return new Finding(deployment.Id, "autoscaling", $"sets replicas while {owners[0]} owns the count: every apply would reset it");
            }
        }
    }

    private static IEnumerable<Finding> DisruptionBudgets(ManifestSet manifests, IReadOnlyList<Workload> workloads)
    {
        var budgets = manifests.OfKind("PodDisruptionBudget").ToList();
        foreach (var deployment in workloads.Where(w => w.IsDeployment))
        {
            if (!budgets.Any(b => Workload.Selects(b.Map("spec", "selector", "matchLabels").ToDictionary(), deployment.PodLabels)))
            {
                yield return new Finding(deployment.Id, "disruption", "no PodDisruptionBudget selects its pods");
            }
        }

        foreach (var budget in budgets.Where(b => !workloads.Any(w => Workload.Selects(b.Map("spec", "selector", "matchLabels").ToDictionary(), w.PodLabels))))
        {
            yield return new Finding(budget.Id, "disruption", "selects no workload");
        }
    }

    /// <summary>
    /// A Deployment that keeps state on a volume claim (the RetrievalAgent's SQLite file) cannot have more than one pod:
    /// one replica, replaced by stopping the old pod first, and no autoscaler. The RetrievalAgent's corpus is either such
    /// a volume or Qdrant, never a file in the pod that dies with it.
    /// </summary>
    private static IEnumerable<Finding> Stores(ManifestSet manifests, IReadOnlyList<Workload> workloads)
    {
        var scaled = manifests.OfKind("HorizontalPodAutoscaler").Select(h => h.Scalar("spec", "scaleTargetRef", "name"))
            .Concat(manifests.OfKind("ScaledObject").Select(s => s.Scalar("spec", "scaleTargetRef", "name")))
            .ToHashSet();
        foreach (var deployment in workloads.Where(w => w.IsDeployment))
        {
            var claims = deployment.Template.Spec.Volumes?.Where(v => v.PersistentVolumeClaim is not null).Select(v => v.PersistentVolumeClaim.ClaimName).ToList() ?? [];
            if (claims.Count > 0)
            {
                if ((deployment.Replicas ?? 1) > 1 || scaled.Contains(deployment.Name))
                {
                    yield return new Finding(deployment.Id, "store", $"keeps its state on {string.Join(", ", claims)} yet runs or may scale to more than one pod: each replica would need the one volume (or keep a corpus of its own)");
                }

                if (deployment.Strategy != "Recreate")
                {
                    yield return new Finding(deployment.Id, "store", "a Deployment on a ReadWriteOnce claim must use the Recreate strategy (a rolling update's new pod cannot mount it)");
                }
            }
        }

        if (workloads.FirstOrDefault(w => w.Name == AgentNames.Retrieval) is not { } retrieval)
        {
            yield break;
        }

        var variables = retrieval.Template.Spec.Containers.SelectMany(c => c.Env ?? []).ToList();
        if (retrieval.EnvironmentKeys(manifests).Contains("ConnectionStrings__qdrant_http"))
        {
            if (manifests.Find("Service", "qdrant") is null || workloads.All(w => w.Name != "qdrant"))
            {
                yield return new Finding(retrieval.Id, "store", "points at Qdrant, but no qdrant StatefulSet and Service are deployed");
            }
        }
        else
        {
            var path = variables.FirstOrDefault(v => v.Name == "Retrieval__DatabasePath")?.Value;
            var mounts = retrieval.Template.Spec.Containers.SelectMany(c => c.VolumeMounts ?? [])
                .Where(m => retrieval.Template.Spec.Volumes?.Any(v => v.Name == m.Name && v.PersistentVolumeClaim is not null) == true);
            if (path is null || !mounts.Any(m => path.StartsWith(m.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal)))
            {
                yield return new Finding(retrieval.Id, "store", "the embedded store (no ConnectionStrings__qdrant_http) must keep Retrieval__DatabasePath on a persistent volume claim");
            }
        }
    }

    private static IEnumerable<Finding> NetworkPolicies(ManifestSet manifests, IReadOnlyList<Workload> workloads)
    {
        var policies = manifests.OfKind("NetworkPolicy").Select(p => KubernetesYaml.Deserialize<V1NetworkPolicy>(p.Yaml)).ToList();
        if (workloads.Count > 0 && !policies.Any(p => p.Spec.PodSelector.MatchLabels is not { Count: > 0 } && p.Spec.PodSelector.MatchExpressions is not { Count: > 0 }
                && p.Spec.PolicyTypes?.Contains("Ingress") == true && p.Spec.Ingress is not { Count: > 0 }))
        {
            yield return new Finding("NetworkPolicy/*", "network", "no default-deny ingress policy: anything not listed would be reachable");
        }

        var ingressBackends = manifests.OfKind("Ingress").SelectMany(i => KubernetesYaml.Deserialize<V1Ingress>(i.Yaml).Spec.Rules ?? [])
            .SelectMany(r => r.Http?.Paths ?? []).Select(p => p.Backend.Service?.Name).ToHashSet();
        if (ingressBackends.Any(name => name != "gateway"))
        {
            yield return new Finding("Ingress/*", "network", $"the ingress reaches {string.Join(", ", ingressBackends)}: only the Gateway may be public");
        }

        var kedaReadsRedis = manifests.OfKind("ScaledObject").Any(s => s.Sequence("spec", "triggers")
            .Any(t => (ManifestObject.Navigate(t, "type") as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value?.StartsWith("redis", StringComparison.Ordinal) == true));

        foreach (var target in workloads)
        {
            var rules = policies.Where(p => Workload.Selects(p.Spec.PodSelector.MatchLabels, target.PodLabels))
                .SelectMany(p => p.Spec.Ingress ?? []).ToList();
            var allowedPods = new HashSet<string>();
            var allowedNamespaces = new HashSet<string>();
            foreach (var rule in rules)
            {
                if (rule.FromProperty is not { Count: > 0 })
                {
                    yield return new Finding(target.Id, "network", "an ingress rule without 'from' admits every pod in the cluster");
                    continue;
                }

                foreach (var peer in rule.FromProperty)
                {
                    if (peer.IpBlock is not null || (peer.PodSelector is not null && peer.NamespaceSelector is not null))
                    {
                        yield return new Finding(target.Id, "network", "admits an ipBlock or pods of other namespaces: name the clients");
                    }
                    else if (peer.PodSelector is not null)
                    {
                        allowedPods.UnionWith(workloads.Where(w => Workload.Selects(peer.PodSelector.MatchLabels, w.PodLabels)).Select(w => w.Name));
                    }
                    else if (peer.NamespaceSelector?.MatchLabels?.TryGetValue("kubernetes.io/metadata.name", out var ns) == true)
                    {
                        allowedNamespaces.Add(ns);
                    }
                    else
                    {
                        yield return new Finding(target.Id, "network", "admits namespaces by a selector other than their name");
                    }
                }
            }

            var clients = workloads.Where(w => w.Name != target.Name && Calls(w.EnvironmentKeys(manifests), target.Name)).Select(w => w.Name).ToHashSet();
            foreach (var extra in allowedPods.Except(clients))
            {
                yield return new Finding(target.Id, "network", $"{extra} may connect but never calls it (no services__{target.Name}__* or ConnectionStrings__{target.Name} in its environment)");
            }

            foreach (var missing in clients.Except(allowedPods))
            {
                yield return new Finding(target.Id, "network", $"{missing} calls it (its environment says so) but no policy admits it");
            }

            var expectedNamespaces = new HashSet<string>();
            if (target.IsDeployment)
            {
                expectedNamespaces.Add(MonitoringNamespace);
            }

            if (ingressBackends.Contains(target.Name))
            {
                expectedNamespaces.Add(IngressNamespace);
            }

            if (target.Name == "redis" && kedaReadsRedis)
            {
                expectedNamespaces.Add(KedaNamespace);
            }

            foreach (var extra in allowedNamespaces.Except(expectedNamespaces))
            {
                yield return new Finding(target.Id, "network", $"admits namespace {extra}, which has no reason to reach it");
            }

            foreach (var missing in expectedNamespaces.Except(allowedNamespaces))
            {
                yield return new Finding(target.Id, "network", $"namespace {missing} must reach it ({(missing == MonitoringNamespace ? "Prometheus scrapes /metrics" : missing == IngressNamespace ? "it is the ingress backend" : "KEDA reads the ingest lag")}) but no policy admits it");
            }
        }
    }

    /// <summary>Whether an environment makes its service call <paramref name="target"/>: service discovery or a connection string.</summary>
    public static bool Calls(IReadOnlySet<string> environmentKeys, string target) => environmentKeys.Any(key =>
        key.StartsWith($"services__{target}__", StringComparison.Ordinal)
        || key == $"ConnectionStrings__{target}"
        || key.StartsWith($"ConnectionStrings__{target}_", StringComparison.Ordinal));

    private static IEnumerable<Finding> References(ManifestSet manifests, IReadOnlyList<Workload> workloads)
    {
        foreach (var workload in workloads)
        {
            var pod = workload.Template.Spec;
            var configMaps = pod.Containers.SelectMany(c => c.EnvFrom ?? []).Select(e => e.ConfigMapRef?.Name)
                .Concat(pod.Volumes?.Select(v => v.ConfigMap?.Name) ?? []).OfType<string>();
            foreach (var name in configMaps.Where(n => manifests.Find("ConfigMap", n) is null))
            {
                yield return new Finding(workload.Id, "references", $"ConfigMap {name} is not in the manifests");
            }

            var claims = pod.Volumes?.Select(v => v.PersistentVolumeClaim?.ClaimName).OfType<string>() ?? [];
            foreach (var name in claims.Where(n => manifests.Find("PersistentVolumeClaim", n) is null))
            {
                yield return new Finding(workload.Id, "references", $"PersistentVolumeClaim {name} is not in the manifests");
            }
        }
    }

    /// <summary>The Secrets the manifests read (by name): they are created outside the repository (k8s/README.md).</summary>
    public static IReadOnlySet<string> SecretNames(ManifestSet manifests) => Workload.All(manifests)
        .SelectMany(w => w.Template.Spec.Containers).SelectMany(c => c.Env ?? [])
        .Select(v => v.ValueFrom?.SecretKeyRef?.Name).OfType<string>()
        .Concat(manifests.OfKind("Ingress").SelectMany(i => KubernetesYaml.Deserialize<V1Ingress>(i.Yaml).Spec.Tls ?? []).Select(t => t.SecretName))
        .Concat(manifests.OfKind("TriggerAuthentication").SelectMany(t => t.Sequence("spec", "secretTargetRef"))
            .Select(r => (ManifestObject.Navigate(r, "name") as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value).OfType<string>())
        .ToHashSet();

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"(?i)(password|passwd|secret|token|api_?key|apikey|(^|__)key$|auth$)")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(?i)\b(password|pwd|key|secret|token)\s*=\s*(?!\$\()[^;,\s]+")]
    private static partial Regex LiteralSecret();

    [GeneratedRegex(@"(?im)^\s*(requirepass|masterauth|api_key)\s+\S+")]
    private static partial Regex ConfigFileSecret();

    [GeneratedRegex(@"(?i)^--?(requirepass|password|masterauth|api-?key|token)$")]
    private static partial Regex SecretFlag();
}
