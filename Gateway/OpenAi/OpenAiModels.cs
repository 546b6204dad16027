namespace Switchboard.Gateway.OpenAi;

/// <summary><c>GET /v1/models</c>: the one model this server offers, the whole Switchboard pipeline.</summary>
public static class OpenAiModels
{
    /// <summary>The model id clients name in <c>model</c>.</summary>
    public const string Switchboard = "switchboard";

    /// <summary>When the model id was introduced (2026-12-01T00:00:00Z), OpenAI's <c>created</c> of a model.</summary>
    public const long Created = 1796083200;

    public static readonly OpenAiModel Model = new(Switchboard, "model", Created, "switchboard");

    public static readonly OpenAiModelList List = new("list", [Model]);
}

public sealed record OpenAiModel(string Id, string Object, long Created, [property: System.Text.Json.Serialization.JsonPropertyName("owned_by")] string OwnedBy);

public sealed record OpenAiModelList(string Object, IReadOnlyList<OpenAiModel> Data);
