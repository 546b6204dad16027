using Switchboard.Deployment.Tests.Policy;
using Switchboard.Deployment.Tests.Support;
using Switchboard.Deployment.Tests.Validation;

namespace Switchboard.Deployment.Tests;

/// <summary>
/// Every kustomization a platform team applies (k8s/overlays/dev, k8s/overlays/prod, k8s/monitoring) renders with
/// kubectl kustomize, and every rendered object passes three independent checks with zero findings.
/// </summary>
public sealed class RenderedOverlayTests
{
    public static TheoryData<string> Overlays => new(Kustomize.Overlays);

    [RenderTheory]
    [MemberData(nameof(Overlays))]
    public async Task Every_object_loads_strictly_into_its_Kubernetes_API_type(string overlay)
    {
        var manifests = await Rendered.ManifestsAsync(overlay);

        var findings = ApiTypeValidator.Validate(manifests, SchemaValidator.CustomResourceKinds());

        Assert.NotEmpty(manifests.Objects);
        Assert.True(findings.Count == 0, Rendered.Describe(findings));
    }

    [RenderTheory]
    [MemberData(nameof(Overlays))]
    public async Task Every_object_matches_its_JSON_schema(string overlay)
    {
        var findings = await SchemaValidator.ValidateAsync(await Rendered.YamlAsync(overlay));

        Assert.True(findings.Count == 0, Rendered.Describe(findings));
    }

    [RenderTheory]
    [MemberData(nameof(Overlays))]
    public async Task Every_policy_holds(string overlay)
    {
        var findings = ManifestPolicy.Check(await Rendered.ManifestsAsync(overlay), PolicyProfile.For(overlay));

        Assert.True(findings.Count == 0, Rendered.Describe(findings));
    }

    [RenderFact]
    public async Task Prod_has_what_the_platform_team_was_promised()
    {
        var prod = await Rendered.ManifestsAsync("overlays/prod");
        string[] services = ["gateway", "router", "retrieval", "compliance", "reporting", "risk", "workflows", "fxrates"];

        Assert.Equal(services.Order(), prod.OfKind("Deployment").Select(d => d.Name).Order());
        Assert.All(services, s => Assert.NotNull(prod.Find("Service", s)));
        Assert.All(services.Except(["retrieval"]), s => Assert.NotNull(prod.Find("HorizontalPodAutoscaler", s)));
        Assert.NotNull(prod.Find("ScaledObject", "retrieval"));
        Assert.NotNull(prod.Find("TriggerAuthentication", "redis-credentials"));
        Assert.NotNull(prod.Find("StatefulSet", "qdrant"));
        Assert.NotNull(prod.Find("Ingress", "gateway"));

        var redis = prod.Find("StatefulSet", "redis")!;
        Assert.Equal("data", redis.Scalar("spec", "volumeClaimTemplates") ?? ((YamlDotNet.RepresentationModel.YamlScalarNode)Manifests.ManifestObject.Navigate(redis.Sequence("spec", "volumeClaimTemplates").Single(), "metadata", "name")!).Value);
        var redisConfig = prod.OfKind("ConfigMap").Single(c => c.Name.StartsWith("redis-config", StringComparison.Ordinal));
        Assert.Contains("appendonly yes", redisConfig.Map("data")["redis.conf"]);
        Assert.Contains("maxmemory-policy noeviction", redisConfig.Map("data")["redis.conf"]);
    }

    [RenderFact]
    public async Task Every_service_that_uses_redis_connects_as_its_own_acl_user_which_redis_defines()
    {
        var prod = await Rendered.ManifestsAsync("overlays/prod");
        var redisArgs = prod.Find("StatefulSet", "redis")!.Sequence("spec", "template", "spec", "containers").Single() is YamlDotNet.RepresentationModel.YamlMappingNode redis
            ? string.Join(' ', ((YamlDotNet.RepresentationModel.YamlSequenceNode)redis.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("args")]).Children.Select(a => a.ToString()))
            : "";
        var users = new List<string>();
        foreach (var deployment in prod.OfKind("Deployment"))
        {
            var container = (YamlDotNet.RepresentationModel.YamlMappingNode)deployment.Sequence("spec", "template", "spec", "containers").First();
            var env = ((YamlDotNet.RepresentationModel.YamlSequenceNode?)(container.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("env"), out var e) ? e : null))?.Children
                .Cast<YamlDotNet.RepresentationModel.YamlMappingNode>().ToList() ?? [];
            var connection = env.FirstOrDefault(v => v.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("name")].ToString() == "ConnectionStrings__redis");
            if (connection is null)
            {
                continue;
            }

            var user = deployment.Name;
            users.Add(user);
            Assert.StartsWith($"redis:6379,user={user},password=$(REDIS_PASSWORD)", connection.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("value")].ToString());
            var password = env.Single(v => v.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("name")].ToString() == "REDIS_PASSWORD");
            Assert.Equal($"{user}-password", Manifests.ManifestObject.Navigate(password, "valueFrom", "secretKeyRef", "key")?.ToString());
            Assert.Contains($"--user {user} on >$(REDIS_PASSWORD_{user.ToUpperInvariant()}) ~sb:* &* +@all -@admin -@dangerous +info", redisArgs);
        }

        Assert.Equal(["compliance", "gateway", "reporting", "retrieval", "workflows"], users.Order());
    }

    [RenderFact]
    public async Task Every_secret_the_manifests_read_is_documented_for_the_operator()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(Repository.K8s, "README.md"));
        var names = new HashSet<string>();
        foreach (var overlay in Kustomize.Overlays)
        {
            names.UnionWith(ManifestPolicy.SecretNames(await Rendered.ManifestsAsync(overlay)));
        }

        var createLines = readme.Split('\n').Where(line => line.Contains("create secret", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.Contains(createLines, line => line.Contains($" {name} ", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_tools_connector_the_pods_mount_is_the_one_run_sh_uses()
    {
        Assert.Equal(
            File.ReadAllText(Repository.PathOf("SampleApis", "FxRates", "fxrates.tools.json")),
            File.ReadAllText(Path.Combine(Repository.K8s, "base", "retrieval", "fxrates.tools.json")));
    }
}
