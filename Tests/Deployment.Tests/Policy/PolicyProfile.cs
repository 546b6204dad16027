namespace Switchboard.Deployment.Tests.Policy;

/// <summary>What an overlay promises: whether every Deployment must have an autoscaler, and the least replicas it keeps.</summary>
public sealed record PolicyProfile(string Name, bool RequiresAutoscaler, int MinReplicas)
{
    public static readonly PolicyProfile Production = new("production", RequiresAutoscaler: true, MinReplicas: 2);
    public static readonly PolicyProfile Development = new("development", RequiresAutoscaler: false, MinReplicas: 1);

    /// <summary>The profile of each kustomization under k8s/ that <c>Kustomize.Overlays</c> renders.</summary>
    public static PolicyProfile For(string overlay) => overlay switch
    {
        "overlays/prod" => Production,
        _ => Development,
    };
}
