using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Switchboard.RouterAgent.Routing;

/// <summary>
/// Right after start-up: loads the newest versioned model of <c>Router:ModelsPath</c> when there is one, else trains
/// <see cref="IntentClassifier"/> from the examples file. A model file that cannot be read fails readiness (never a
/// silent fallback to another model).
/// </summary>
public sealed class IntentClassifierTrainingService(
    IntentClassifier classifier,
    IOptions<RouterOptions> options,
    ILogger<IntentClassifierTrainingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Yield first: ExecuteAsync runs synchronously up to its first await, and training is CPU-bound.
        await Task.Yield();
        var path = options.Value.ResolveExamplesPath();
        try
        {
            var started = Stopwatch.GetTimestamp();
            if (options.Value.ResolveModelsPath() is { } models && IntentModelFiles.Newest(models) is { } newest)
            {
                // A retrained model (Tools/RouterTraining): loaded as trained, so every replica routes alike.
                path = newest.Path;
                var loaded = await Task.Run(() => IntentModel.Load(newest.Path), stoppingToken);
                classifier.Ready(loaded, 0, newest.Version);
                logger.LogInformation("Intent classifier version {Version} loaded from {Path} in {ElapsedMs:F0} ms",
                    newest.Version, newest.Path, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return;
            }

            var examples = await IntentExamplesFile.ReadAsync(path, stoppingToken);
            var model = await Task.Run(() => IntentModel.Train(examples), stoppingToken);
            classifier.Ready(model, examples.Count);
            logger.LogInformation("Intent classifier trained on {ExampleCount} examples from {Path} in {ElapsedMs:F0} ms",
                examples.Count, path, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or InvalidDataException)
        {
            // Keep the process up so /health, /metrics and the logs explain the failure; readiness stays false.
            classifier.Failed(ex.Message);
            logger.LogCritical(ex, "Intent classifier could not be trained from {Path}", path);
        }
    }
}
