using System.Text.Json;
using Switchboard.Load.Stats;

namespace Switchboard.Load.Generators;

/// <summary>Reads only the top-level <c>status</c> and <c>cached</c> of an <c>/v1/ask</c> response (no full deserialisation).</summary>
public static class AskResponseParser
{
    public static Outcome Classify(int httpStatus, ReadOnlySpan<byte> body, out bool cached)
    {
        cached = false;
        switch (httpStatus)
        {
            case 200:
                return ParseStatus(body, out cached);
            case 503:
                return Outcome.Unavailable503;
            case 429:
                return Outcome.TooMany429;
            default:
                return Outcome.OtherHttp;
        }
    }

    private static Outcome ParseStatus(ReadOnlySpan<byte> body, out bool cached)
    {
        cached = false;
        string? status = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Outcome.OtherHttp;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("status"u8))
                {
                    reader.Read();
                    status = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("cached"u8))
                {
                    reader.Read();
                    cached = reader.TokenType == JsonTokenType.True;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return Outcome.OtherHttp;
        }

        return status switch
        {
            "answered" => Outcome.Answered,
            "not_found" => Outcome.NotFound,
            null => Outcome.OtherHttp,
            _ => Outcome.Refused,
        };
    }
}
