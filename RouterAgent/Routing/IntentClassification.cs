using System.ComponentModel;

namespace Switchboard.RouterAgent.Routing;

/// <summary>The structured output the router-classify prompt asks the model for.</summary>
public sealed record IntentClassification(
    [property: Description("One of the intent names listed in the instructions, exactly as written.")] string Intent,
    [property: Description("How sure you are, between 0 and 1.")] double Confidence);
