namespace Switchboard.RouterAgent.Routing;

/// <summary>
/// The classification <c>/route</c> acts on: the LLM's when a model is configured and it gives a usable answer,
/// otherwise the ML.NET classifier's. Null when neither can answer (the ML.NET model is still training or failed).
/// </summary>
public sealed class IntentPredictor(IntentClassifier classifier, LlmIntentClassifier? llm = null)
{
    public async Task<IntentPrediction?> PredictAsync(string question, CancellationToken cancellationToken)
    {
        if (llm is not null && await llm.ClassifyAsync(question, cancellationToken) is { } fromModel)
        {
            return fromModel;
        }

        return classifier.TryPredict(question, out var prediction) ? prediction : null;
    }
}
