namespace Switchboard.AgentCore.AI.Usage;

/// <summary>The price of one model in US dollars per million tokens.</summary>
public sealed class ModelPrice
{
    public decimal InputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }
}

/// <summary>
/// Bound from <c>AI:Pricing</c>: <c>AI:Pricing:&lt;model&gt;:InputPerMillion</c> and <c>...:OutputPerMillion</c>.
/// Model names compare case-insensitively.
/// </summary>
/// <remarks>
/// Lookup: the exact model id first; then the id with <c>:</c> written as <c>_</c> (configuration keys cannot contain a
/// colon, so Ollama's <c>llama3.2:3b</c> is priced as <c>llama3.2_3b</c>); then the longest configured name the id starts
/// with followed by <c>-</c>, because providers answer with dated ids (<c>gpt-4o-mini-2024-07-18</c> is priced as
/// <c>gpt-4o-mini</c>).
/// </remarks>
public sealed class ModelPricing : Dictionary<string, ModelPrice>
{
    public const string SectionName = "AI:Pricing";

    public ModelPricing()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    public bool TryGetPrice(string? model, out ModelPrice price)
    {
        price = null!;
        if (string.IsNullOrWhiteSpace(model))
        {
            return false;
        }

        if (TryGetValue(model, out var found) || TryGetValue(model.Replace(':', '_'), out found))
        {
            price = found;
            return true;
        }

        var prefix = Keys
            .Where(k => model.Length > k.Length && model.StartsWith(k, StringComparison.OrdinalIgnoreCase) && model[k.Length] == '-')
            .OrderByDescending(k => k.Length)
            .FirstOrDefault();
        if (prefix is null)
        {
            return false;
        }

        price = this[prefix];
        return true;
    }

    /// <summary>Configuration errors naming the key, for start-up validation.</summary>
    public IEnumerable<string> Validate()
    {
        foreach (var (model, price) in this)
        {
            if (price.InputPerMillion < 0)
            {
                yield return $"AI:Pricing:{model}:InputPerMillion must not be negative.";
            }

            if (price.OutputPerMillion < 0)
            {
                yield return $"AI:Pricing:{model}:OutputPerMillion must not be negative.";
            }
        }
    }
}
