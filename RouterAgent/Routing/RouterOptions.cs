using System.ComponentModel.DataAnnotations;

namespace Switchboard.RouterAgent.Routing;

/// <summary>Router settings, bound from the <c>Router</c> configuration section.</summary>
public sealed class RouterOptions
{
    public const string SectionName = "Router";

    /// <summary>The labelled examples file; a relative path is resolved against the application's base directory.</summary>
    [Required]
    public string ExamplesPath { get; set; } = "Routing/intents.tsv";

    /// <summary>
    /// Below this confidence a refusing intent (smalltalk, out_of_scope) is not trusted and the question goes to
    /// documents instead; see <see cref="RoutePlanner"/>.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MinConfidence { get; set; } = 0.6;

    /// <summary>
    /// Below this confidence an out_of_scope verdict is checked against the corpus: the question goes to documents, whose
    /// evidence gate refuses it when the corpus does not hold the answer. Questions written about a corpus the examples
    /// never saw are scored out of scope at 0.6–0.9; general-knowledge ones score higher.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MinOutOfScopeConfidence { get; set; } = 0.9;

    /// <summary>
    /// Optional directory of versioned model files (<c>intent-model-v&lt;N&gt;.zip</c>, written by Tools/RouterTraining).
    /// When it holds one, the newest version is loaded at start instead of training from <see cref="ExamplesPath"/>; a
    /// relative path is resolved against the application's base directory. Empty: train from the examples.
    /// </summary>
    public string? ModelsPath { get; set; }

    public string? ResolveModelsPath() =>
        string.IsNullOrWhiteSpace(ModelsPath) ? null
        : Path.IsPathRooted(ModelsPath) ? ModelsPath : Path.Combine(AppContext.BaseDirectory, ModelsPath);

    public string ResolveExamplesPath() =>
        Path.IsPathRooted(ExamplesPath) ? ExamplesPath : Path.Combine(AppContext.BaseDirectory, ExamplesPath);
}
