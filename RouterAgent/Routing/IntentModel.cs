using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace Switchboard.RouterAgent.Routing;

/// <summary>
/// A trained intent classifier: bag of word and character n-grams (FeaturizeText) into a maximum-entropy
/// multiclass model, so the scores are calibrated probabilities that sum to 1.
/// </summary>
public sealed class IntentModel
{
    private readonly ObjectPool<PredictionEngine<IntentExample, IntentScores>> _engines;
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly DataViewSchema _inputSchema;

    private IntentModel(MLContext ml, ITransformer model, DataViewSchema inputSchema)
    {
        _ml = ml;
        _model = model;
        _inputSchema = inputSchema;
        // A PredictionEngine is not thread-safe; a pool gives each concurrent request its own.
        _engines = new DefaultObjectPool<PredictionEngine<IntentExample, IntentScores>>(
            new EnginePolicy(ml, model), maximumRetained: Environment.ProcessorCount * 2);
    }

    public static IntentModel Train(IReadOnlyList<IntentExample> examples)
    {
        // A fixed seed makes training reproducible: the same file gives the same model on every replica.
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(examples);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.FeaturizeText("Features", nameof(IntentExample.Text)))
            // L-BFGS with light L2 only: its default L1=1/L2=1 underfits a few hundred sentences (feasibility.md, item 4).
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(l1Regularization: 0f, l2Regularization: 0.01f))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        return new IntentModel(ml, pipeline.Fit(data), data.Schema);
    }

    /// <summary>Writes the trained pipeline as an ML.NET model file (a zip), loadable by <see cref="Load"/>.</summary>
    public void Save(string path)
    {
        using var file = File.Create(path);
        _ml.Model.Save(_model, _inputSchema, file);
    }

    /// <summary>A model written by <see cref="Save"/> (Tools/RouterTraining writes versioned ones).</summary>
    public static IntentModel Load(string path)
    {
        var ml = new MLContext(seed: 1);
        using var file = File.OpenRead(path);
        var model = ml.Model.Load(file, out var schema);
        return new IntentModel(ml, model, schema);
    }

    public IntentPrediction Predict(string question)
    {
        var engine = _engines.Get();
        try
        {
            var scores = engine.Predict(new IntentExample { Text = question });
            return new IntentPrediction(scores.PredictedLabel, scores.Score.Length == 0 ? 0 : scores.Score.Max());
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    private sealed class EnginePolicy(MLContext ml, ITransformer model) : IPooledObjectPolicy<PredictionEngine<IntentExample, IntentScores>>
    {
        public PredictionEngine<IntentExample, IntentScores> Create() =>
            ml.Model.CreatePredictionEngine<IntentExample, IntentScores>(model);

        public bool Return(PredictionEngine<IntentExample, IntentScores> obj) => true;
    }
}
