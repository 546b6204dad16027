using System.Text.RegularExpressions;
using Switchboard.Deployment.Tests.Policy;
using Switchboard.Deployment.Tests.Support;
using Switchboard.Deployment.Tests.Validation;

namespace Switchboard.Deployment.Tests;

/// <summary>
/// The checks catch what they are for: each test breaks the rendered prod (or dev) manifest in one way a person might,
/// runs every check, and expects the finding that names the break, on the object that has it.
/// </summary>
public sealed partial class BrokenManifestTests
{
    [RenderFact]
    public async Task An_unknown_field_is_caught_by_the_strict_API_types()
    {
        var findings = await CheckBrokenAsync("overlays/prod", "Deployment/gateway", "revisionHistoryLimit: 5", "revisionHistoryLimt: 5");

        AssertFinding(findings, "Deployment/gateway", "api-types", "revisionHistoryLimt");
    }

    [RenderFact]
    public async Task An_unknown_field_in_a_custom_resource_is_caught_by_its_CRD_schema()
    {
        var findings = await CheckBrokenAsync("overlays/prod", "ScaledObject/retrieval", "cooldownPeriod: 300", "cooldownPeriod: 300\n  pollingIntervalSeconds: 15");

        AssertFinding(findings, "ScaledObject/retrieval", "json-schema", "pollingIntervalSeconds");
    }

    [RenderFact]
    public async Task A_wrong_type_and_a_missing_required_field_are_caught_by_the_JSON_schema()
    {
        var wrongType = await CheckBrokenAsync("overlays/prod", "HorizontalPodAutoscaler/gateway", "averageUtilization: 70", "averageUtilization: \"70\"");
        var missingRequired = await CheckBrokenAsync("overlays/prod", "Service/router", "- name: http\n    port: 80", "- name: http");

        AssertFinding(wrongType, "HorizontalPodAutoscaler/gateway", "json-schema", "averageUtilization: must be integer");
        AssertFinding(missingRequired, "Service/router", "json-schema", "must have required property port");
    }

    [RenderFact]
    public async Task A_missing_probe_is_caught()
    {
        var yaml = Edit(await Rendered.YamlAsync("overlays/prod"), "Deployment/compliance",
            text => ProbeBlock("readinessProbe").Replace(text, "", 1));

        var findings = await Rendered.CheckAsync(yaml, PolicyProfile.Production);

        AssertFinding(findings, "Deployment/compliance", "pod", "no readiness probe");
    }

    [RenderFact]
    public async Task A_probe_on_the_wrong_path_and_a_router_without_startup_probe_are_caught()
    {
        var wrongPath = await CheckBrokenAsync("overlays/prod", "Deployment/reporting", "path: /alive", "path: /health");
        var noStartup = Edit(await Rendered.YamlAsync("overlays/prod"), "Deployment/router", text => ProbeBlock("startupProbe").Replace(text, "", 1));

        AssertFinding(wrongPath, "Deployment/reporting", "pod", "liveness probe must GET /alive");
        AssertFinding(await Rendered.CheckAsync(noStartup, PolicyProfile.Production), "Deployment/router", "pod", "startup probe");
    }

    [RenderFact]
    public async Task A_literal_secret_is_caught_wherever_it_is_written()
    {
        var inConnectionString = await CheckBrokenAsync("overlays/prod", "Deployment/gateway", "password=$(REDIS_PASSWORD)", "password=hunter2");
        var inEnvironment = await CheckBrokenAsync("overlays/prod", "Deployment/fxrates",
            "- name: FxRates__ApiKey\n          valueFrom:\n            secretKeyRef:\n              key: api-key\n              name: switchboard-fxrates",
            "- name: FxRates__ApiKey\n          value: s3cr3t-key");
        var inArguments = await CheckBrokenAsync("overlays/prod", "StatefulSet/redis", "- $(REDIS_PASSWORD)", "- hunter2");
        var asSecretObject = (await Rendered.YamlAsync("overlays/prod")) +
            "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: switchboard-redis\n  labels:\n    app.kubernetes.io/part-of: switchboard\nstringData:\n  password: hunter2\n";

        AssertFinding(inConnectionString, "Deployment/gateway", "secrets", "literal secret (password=...)");
        AssertFinding(inEnvironment, "Deployment/fxrates", "secrets", "FxRates__ApiKey must come from a Secret");
        AssertFinding(inArguments, "StatefulSet/redis", "secrets", "--requirepass is followed by a literal");
        AssertFinding(await Rendered.CheckAsync(asSecretObject, PolicyProfile.Production), "Secret/switchboard-redis", "secrets", "reference Secrets by name");
    }

    [RenderFact]
    public async Task A_connection_string_built_from_a_variable_defined_after_it_is_caught()
    {
        var findings = await CheckBrokenAsync("overlays/prod", "Deployment/retrieval",
            "- name: QDRANT_API_KEY\n          valueFrom:\n            secretKeyRef:\n              key: api-key\n              name: switchboard-qdrant\n        - name: ConnectionStrings__qdrant_http\n          value: Endpoint=http://qdrant:6333;Key=$(QDRANT_API_KEY)",
            "- name: ConnectionStrings__qdrant_http\n          value: Endpoint=http://qdrant:6333;Key=$(QDRANT_API_KEY)\n        - name: QDRANT_API_KEY\n          valueFrom:\n            secretKeyRef:\n              key: api-key\n              name: switchboard-qdrant");

        AssertFinding(findings, "Deployment/retrieval", "secrets", "uses $(QDRANT_API_KEY), which is not defined before it");
    }

    [RenderFact]
    public async Task A_floating_image_tag_is_caught()
    {
        var findings = await CheckBrokenAsync("overlays/prod", "Deployment/router", "registry.example.com/switchboard/router:1.0.0", "registry.example.com/switchboard/router:latest");

        AssertFinding(findings, "Deployment/router", "images", "uses latest");
    }

    [RenderFact]
    public async Task Two_autoscalers_on_one_Deployment_are_caught()
    {
        var yaml = (await Rendered.YamlAsync("overlays/prod")) + "---\n" + HpaFor("retrieval", "switchboard");

        var findings = await Rendered.CheckAsync(yaml, PolicyProfile.Production);

        AssertFinding(findings, "Deployment/retrieval", "autoscaling", "two controllers fight");
    }

    [RenderFact]
    public async Task A_prod_Deployment_without_autoscaler_is_caught()
    {
        var yaml = Drop(await Rendered.YamlAsync("overlays/prod"), "HorizontalPodAutoscaler/compliance");

        var findings = await Rendered.CheckAsync(yaml, PolicyProfile.Production);

        AssertFinding(findings, "Deployment/compliance", "autoscaling", "no HorizontalPodAutoscaler or ScaledObject");
    }

    [RenderFact]
    public async Task A_per_pod_SQLite_store_behind_an_autoscaler_is_caught()
    {
        var yaml = (await Rendered.YamlAsync("overlays/dev")) + "---\n" + HpaFor("retrieval", "switchboard-dev");

        var findings = await Rendered.CheckAsync(yaml, PolicyProfile.Development);

        AssertFinding(findings, "Deployment/retrieval", "store", "may scale to more than one pod");
    }

    [RenderFact]
    public async Task An_embedded_store_on_ephemeral_storage_is_caught()
    {
        var findings = await CheckBrokenAsync("overlays/dev", "Deployment/retrieval", "value: /var/lib/switchboard/retrieval.db", "value: /tmp/retrieval.db");

        AssertFinding(findings, "Deployment/retrieval", "store", "Retrieval__DatabasePath on a persistent volume claim");
    }

    [RenderFact]
    public async Task A_network_path_that_nobody_uses_and_a_blocked_one_are_caught()
    {
        var tooOpen = await CheckBrokenAsync("overlays/prod", "NetworkPolicy/redis-from-services",
            "app.kubernetes.io/name: gateway", "app.kubernetes.io/name: router");
        var agentsFromAnywhere = await CheckBrokenAsync("overlays/prod", "NetworkPolicy/compliance-from-gateway",
            "- from:\n    - podSelector:\n        matchLabels:\n          app.kubernetes.io/name: gateway\n    ports:", "- ports:");

        AssertFinding(tooOpen, "StatefulSet/redis", "network", "router may connect but never calls it");
        AssertFinding(tooOpen, "StatefulSet/redis", "network", "gateway calls it");
        AssertFinding(agentsFromAnywhere, "Deployment/compliance", "network", "admits every pod in the cluster");
    }

    private static async Task<IReadOnlyList<Finding>> CheckBrokenAsync(string overlay, string objectId, string find, string replaceWith)
    {
        var yaml = Edit(await Rendered.YamlAsync(overlay), objectId, text =>
        {
            Assert.Contains(find, text);
            return text.Replace(find, replaceWith);
        });
        return await Rendered.CheckAsync(yaml, PolicyProfile.For(overlay));
    }

    /// <summary>Changes the text of one object of a rendered manifest, leaving the others as they were.</summary>
    private static string Edit(string yaml, string objectId, Func<string, string> change)
    {
        var documents = Separator().Split(yaml);
        var index = Array.FindIndex(documents, d => Manifests.ManifestSet.Parse(d).Objects.FirstOrDefault()?.Id == objectId);
        Assert.True(index >= 0, $"{objectId} is not in the rendered manifest");
        var changed = change(documents[index]);
        Assert.NotEqual(documents[index], changed);
        documents[index] = changed;
        return string.Join("---\n", documents);
    }

    private static string Drop(string yaml, string objectId) => Edit(yaml, objectId, _ => "");

    private static void AssertFinding(IReadOnlyList<Finding> findings, string objectId, string check, string text) =>
        Assert.True(findings.Any(f => f.Object == objectId && f.Check == check && f.Message.Contains(text, StringComparison.Ordinal)),
            $"expected a {check} finding on {objectId} containing '{text}'; found:\n{Rendered.Describe(findings)}");

    private static string HpaFor(string deployment, string ns) => $"""
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: {deployment}-cpu
          namespace: {ns}
          labels:
            app.kubernetes.io/part-of: switchboard
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: {deployment}
          minReplicas: 2
          maxReplicas: 6
          metrics:
            - type: Resource
              resource:
                name: cpu
                target:
                  type: Utilization
                  averageUtilization: 70
            - type: Pods
              pods:
                metric:
                  name: http_server_active_requests
                target:
                  type: AverageValue
                  averageValue: "8"
          behavior:
            scaleUp:
              stabilizationWindowSeconds: 0
            scaleDown:
              stabilizationWindowSeconds: 300

        """;

    /// <summary>A probe and its indented body in kustomize's rendering (containers at 8 spaces, fields at 10).</summary>
    private static Regex ProbeBlock(string probe) => new($"        {probe}:\\n(          .*\\n)+");

    [GeneratedRegex(@"^---[ \t]*\n", RegexOptions.Multiline)]
    private static partial Regex Separator();
}
