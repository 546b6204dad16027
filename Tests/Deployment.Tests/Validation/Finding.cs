namespace Switchboard.Deployment.Tests.Validation;

/// <summary>One thing wrong with one object: which object, which check found it, and what it is.</summary>
public sealed record Finding(string Object, string Check, string Message)
{
    public override string ToString() => $"{Object} [{Check}]: {Message}";
}
