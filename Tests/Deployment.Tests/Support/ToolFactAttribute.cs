namespace Switchboard.Deployment.Tests.Support;

/// <summary>
/// A fact that needs kubectl (with kustomize v5) and the shared CRDs. Where either is missing it is skipped with the
/// reason printed, except on CI (<c>CI=true</c>), where .ci/run installs kubectl and the test must run: there the
/// test itself fails, naming what is missing.
/// </summary>
public sealed class RenderFactAttribute : FactAttribute
{
    public RenderFactAttribute()
    {
        if (Repository.InCi)
        {
            return;
        }

        if (Kustomize.Unavailable() is { } reason)
        {
            Skip = reason;
        }
        else if (!Directory.Exists(Repository.CrdDirectory))
        {
            Skip = $"{Repository.CrdDirectory} is absent: the custom resources are validated against ../shared/contracts/k8s-crds";
        }
    }
}

/// <summary>A theory with the same conditions as <see cref="RenderFactAttribute"/>.</summary>
public sealed class RenderTheoryAttribute : TheoryAttribute
{
    public RenderTheoryAttribute()
    {
        if (!Repository.InCi && (Kustomize.Unavailable() ?? (Directory.Exists(Repository.CrdDirectory) ? null : $"{Repository.CrdDirectory} is absent")) is { } reason)
        {
            Skip = reason;
        }
    }
}
