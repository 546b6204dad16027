namespace Switchboard.RouterAgent.Routing;

// ML.NET binds its columns to these by name, so they are plain mutable classes.

/// <summary>One labelled example (training) or one question to classify (prediction, <see cref="Label"/> unused).</summary>
public sealed class IntentExample
{
    public string Label { get; set; } = "";
    public string Text { get; set; } = "";
}

/// <summary>The classifier's output: the predicted intent and one probability per intent.</summary>
public sealed class IntentScores
{
    public string PredictedLabel { get; set; } = "";
    public float[] Score { get; set; } = [];
}

/// <summary>A classification: the intent and its probability.</summary>
public sealed record IntentPrediction(string Intent, double Confidence);
