namespace Switchboard.RouterAgent.Routing;

/// <summary>
/// The service's one classifier. It starts untrained; <see cref="IntentClassifierTrainingService"/> trains it in
/// the background so start-up (and /alive) is not blocked, and until then /route and /health report not ready.
/// </summary>
public sealed class IntentClassifier
{
    private volatile IntentModel? _model;
    private volatile string? _failure;

    public bool IsReady => _model is not null;

    /// <summary>Why training failed, or null while training or once trained.</summary>
    public string? Failure => _failure;

    public int ExampleCount { get; private set; }

    /// <summary>The version of the model file loaded (Router:ModelsPath), or null when trained from the examples at start.</summary>
    public int? ModelVersion { get; private set; }

    public void Ready(IntentModel model, int exampleCount, int? modelVersion = null)
    {
        ExampleCount = exampleCount;
        ModelVersion = modelVersion;
        _model = model;
    }

    public void Failed(string reason) => _failure = reason;

    public bool TryPredict(string question, out IntentPrediction prediction)
    {
        var model = _model;
        if (model is null)
        {
            prediction = default!;
            return false;
        }

        prediction = model.Predict(question);
        return true;
    }
}
