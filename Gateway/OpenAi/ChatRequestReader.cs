using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.Gateway.Asking;

namespace Switchboard.Gateway.OpenAi;

/// <summary>A chat request reduced to what the ask pipeline takes.</summary>
/// <param name="Question">The last message, the user's question (trimmed).</param>
/// <param name="EarlierQuestions">The user messages before it, oldest first, at most the session memory's number of turns.</param>
public sealed record ChatQuestion(string Question, IReadOnlyList<string> EarlierQuestions, bool Stream, bool IncludeUsage);

/// <summary>
/// Reads and checks a <c>POST /v1/chat/completions</c> body. Everything the pipeline cannot honour is refused with a 400
/// naming the parameter, as OpenAI does (an unknown parameter, <c>n</c> &gt; 1, tools, images), instead of being
/// silently dropped; OpenAI's sampling parameters are accepted and have no effect (the answer is extractive or
/// composed by the configured model with its own settings, and reviewed).
/// </summary>
internal static class ChatRequestReader
{
    private static readonly string[] Roles = ["system", "developer", "user", "assistant"];

    /// <summary>OpenAI parameters accepted with no effect on the answer, and the JSON kinds each may have (null always may).</summary>
    private static readonly Dictionary<string, JsonValueKind[]> Ignored = new(StringComparer.Ordinal)
    {
        ["temperature"] = [JsonValueKind.Number],
        ["top_p"] = [JsonValueKind.Number],
        ["presence_penalty"] = [JsonValueKind.Number],
        ["frequency_penalty"] = [JsonValueKind.Number],
        ["seed"] = [JsonValueKind.Number],
        ["max_tokens"] = [JsonValueKind.Number],
        ["max_completion_tokens"] = [JsonValueKind.Number],
        ["top_logprobs"] = [JsonValueKind.Number],
        ["stop"] = [JsonValueKind.String, JsonValueKind.Array],
        ["user"] = [JsonValueKind.String],
        ["safety_identifier"] = [JsonValueKind.String],
        ["prompt_cache_key"] = [JsonValueKind.String],
        ["service_tier"] = [JsonValueKind.String],
        ["reasoning_effort"] = [JsonValueKind.String],
        ["verbosity"] = [JsonValueKind.String],
        ["metadata"] = [JsonValueKind.Object],
        ["logit_bias"] = [JsonValueKind.Object],
        ["store"] = [JsonValueKind.True, JsonValueKind.False],
        ["parallel_tool_calls"] = [JsonValueKind.True, JsonValueKind.False],
    };

    /// <summary>OpenAI features this model does not have: only their "off" value is accepted.</summary>
    private static readonly Dictionary<string, (Func<JsonNode, bool> IsOff, string Why)> Unsupported = new(StringComparer.Ordinal)
    {
        ["tools"] = (node => node is JsonArray { Count: 0 }, "this model calls no client tools"),
        ["functions"] = (node => node is JsonArray { Count: 0 }, "this model calls no client functions"),
        ["tool_choice"] = (node => IsString(node, "none"), "this model calls no client tools"),
        ["function_call"] = (node => IsString(node, "none"), "this model calls no client functions"),
        ["response_format"] = (node => node is JsonObject format && IsString(format["type"], "text") && format.Count == 1, "answers are text with [n] citation markers"),
        ["logprobs"] = (node => node.GetValueKind() == JsonValueKind.False, "answers carry no token log probabilities"),
        ["modalities"] = (node => node is JsonArray { Count: 1 } only && IsString(only[0], "text"), "answers are text only"),
        ["audio"] = (_ => false, "answers are text only"),
        ["prediction"] = (_ => false, "predicted outputs are not supported"),
        ["web_search_options"] = (_ => false, "answers come from the ingested documents and configured APIs, not the web"),
    };

    public static async Task<(ChatQuestion? Chat, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, GatewayOptions options, int maxTurns, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBodyReader.ReadAsync<JsonObject>(
            request, options.MaxChatBodyBytes, "{\"model\": \"switchboard\", \"messages\": [{\"role\": \"user\", \"content\": \"...\"}]}", cancellationToken);
        if (problem is not null)
        {
            return (null, problem.WithError(code: problem.StatusCode == StatusCodes.Status413PayloadTooLarge ? "request_too_large" : "invalid_request"));
        }

        try
        {
            return (Read(body!, options, maxTurns), null);
        }
        catch (ChatRequestException ex)
        {
            return (null, ex.Problem);
        }
    }

    private static ChatQuestion Read(JsonObject body, GatewayOptions options, int maxTurns)
    {
        foreach (var (name, value) in body)
        {
            if (value is null || name is "model" or "messages" or "stream" or "stream_options" or "n")
            {
                continue;
            }

            if (Ignored.TryGetValue(name, out var kinds))
            {
                if (!kinds.Contains(value.GetValueKind()))
                {
                    throw Invalid($"'{name}' has the wrong type: expected {string.Join(" or ", kinds.Select(Describe).Distinct())}.", name, "invalid_type");
                }
            }
            else if (Unsupported.TryGetValue(name, out var unsupported))
            {
                if (!unsupported.IsOff(value))
                {
                    throw Invalid($"'{name}' is not supported: {unsupported.Why}.", name, "unsupported_parameter");
                }
            }
            else
            {
                throw Invalid($"Unrecognized request argument supplied: {name}", name, "unknown_parameter");
            }
        }

        var model = body["model"] switch
        {
            null => throw Invalid($"You must provide a model parameter ('{OpenAiModels.Switchboard}').", "model", "missing_required_parameter"),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            _ => throw Invalid("'model' must be a string.", "model", "invalid_type"),
        };
        if (!string.Equals(model, OpenAiModels.Switchboard, StringComparison.Ordinal))
        {
            throw new ChatRequestException(OpenAiErrors.ModelNotFound(model));
        }

        if (body["n"] is { } n && !(n.GetValueKind() == JsonValueKind.Number && n.GetValue<double>() == 1))
        {
            throw Invalid("Only n=1 is supported: the pipeline produces one reviewed answer per question.", "n", "unsupported_value");
        }

        var stream = body["stream"] switch
        {
            null => false,
            { } value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
            _ => throw Invalid("'stream' must be a boolean.", "stream", "invalid_type"),
        };
        var includeUsage = ReadStreamOptions(body["stream_options"], stream);

        var messages = body["messages"] switch
        {
            null => throw Invalid("You must provide 'messages': the conversation, ending with the user's question.", "messages", "missing_required_parameter"),
            JsonArray { Count: 0 } => throw Invalid("'messages' must not be empty: send at least the user's question.", "messages", "empty_array"),
            JsonArray array => array,
            _ => throw Invalid("'messages' must be an array of messages.", "messages", "invalid_type"),
        };

        var read = messages.Select((message, i) => ReadMessage(message, i)).ToList();
        var last = read[^1];
        if (last.Role != "user")
        {
            throw Invalid(
                read.Any(m => m.Role == "user")
                    ? $"The last message must be the user's question (role 'user'), not a '{last.Role}' message."
                    : "'messages' must contain a user message: the last one is the question.",
                $"messages[{read.Count - 1}].role", "invalid_value");
        }

        var question = last.Text.Trim();
        if (question.Length == 0)
        {
            throw Invalid("The question (the last user message) is empty.", $"messages[{read.Count - 1}].content", "invalid_value");
        }

        if (question.Length > options.MaxQuestionLength)
        {
            throw Invalid($"The question (the last user message) has {question.Length} characters; at most {options.MaxQuestionLength} are allowed.",
                $"messages[{read.Count - 1}].content", "string_above_max_length");
        }

        // The earlier user messages are the conversation, as a session would have kept it: questions that could have been
        // asked (not empty, not too long), the most recent ones. System, developer and assistant texts steer nothing.
        var earlier = read.Take(read.Count - 1)
            .Where(m => m.Role == "user")
            .Select(m => m.Text.Trim())
            .Where(text => text.Length > 0 && text.Length <= options.MaxQuestionLength)
            .TakeLast(Math.Max(0, maxTurns))
            .ToList();
        return new ChatQuestion(question, earlier, stream, includeUsage);
    }

    private static bool ReadStreamOptions(JsonNode? node, bool stream)
    {
        if (node is null)
        {
            return false;
        }

        if (!stream)
        {
            throw Invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options", "invalid_value");
        }

        if (node is not JsonObject streamOptions)
        {
            throw Invalid("'stream_options' must be an object.", "stream_options", "invalid_type");
        }

        var includeUsage = false;
        foreach (var (name, value) in streamOptions)
        {
            switch (name)
            {
                case "include_usage" or "include_obfuscation" when value is null || value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                    includeUsage |= name == "include_usage" && value?.GetValue<bool>() == true;
                    break;
                case "include_usage" or "include_obfuscation":
                    throw Invalid($"'stream_options.{name}' must be a boolean.", $"stream_options.{name}", "invalid_type");
                default:
                    throw Invalid($"Unrecognized request argument supplied: stream_options.{name}", $"stream_options.{name}", "unknown_parameter");
            }
        }

        return includeUsage;
    }

    private static (string Role, string Text) ReadMessage(JsonNode? node, int index)
    {
        var at = $"messages[{index}]";
        if (node is not JsonObject message)
        {
            throw Invalid($"{at} must be an object with 'role' and 'content'.", at, "invalid_type");
        }

        var role = message["role"] switch
        {
            null => throw Invalid($"{at} has no 'role'.", $"{at}.role", "missing_required_parameter"),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            _ => throw Invalid($"{at}.role must be a string.", $"{at}.role", "invalid_type"),
        };
        if (role is "tool" or "function")
        {
            throw Invalid($"{at} has role '{role}': this model calls no client tools, so there are no tool results to send.", $"{at}.role", "unsupported_value");
        }

        if (!Roles.Contains(role))
        {
            throw Invalid($"{at}.role '{role}' is not one of {string.Join(", ", Roles.Select(r => $"'{r}'"))}.", $"{at}.role", "invalid_value");
        }

        foreach (var (name, value) in message)
        {
            switch (name)
            {
                case "role" or "content" or "name":
                    break;
                case "refusal" when role == "assistant":
                    break;
                case "tool_calls" or "function_call" or "audio" when role == "assistant":
                    if (value is not null && value is not JsonArray { Count: 0 })
                    {
                        throw Invalid($"{at}.{name} is not supported: this model calls no client tools and answers in text.", $"{at}.{name}", "unsupported_parameter");
                    }

                    break;
                default:
                    throw Invalid($"Unrecognized message field supplied: {at}.{name}", $"{at}.{name}", "unknown_parameter");
            }
        }

        return (role, ReadContent(message["content"], $"{at}.content"));
    }

    /// <summary>A string, or an array of <c>{"type": "text", "text": "..."}</c> parts joined by newlines.</summary>
    private static string ReadContent(JsonNode? content, string at)
    {
        switch (content)
        {
            case null:
                throw Invalid($"{at} is required.", at, "missing_required_parameter");
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return value.GetValue<string>();
            case JsonArray parts:
                var texts = new List<string>();
                for (var i = 0; i < parts.Count; i++)
                {
                    var part = $"{at}[{i}]";
                    if (parts[i] is not JsonObject item || item["type"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String)
                    {
                        throw Invalid($"{part} must be an object with a 'type'.", part, "invalid_type");
                    }

                    if (type.GetValue<string>() != "text")
                    {
                        throw Invalid($"{part} is of type '{type.GetValue<string>()}': only text content is supported.", $"{part}.type", "unsupported_value");
                    }

                    if (item["text"] is not JsonValue text || text.GetValueKind() != JsonValueKind.String || item.Count != 2)
                    {
                        throw Invalid($"{part} must be {{\"type\": \"text\", \"text\": \"...\"}}.", part, "invalid_value");
                    }

                    texts.Add(text.GetValue<string>());
                }

                return string.Join('\n', texts);
            default:
                throw Invalid($"{at} must be a string or an array of text parts.", at, "invalid_type");
        }
    }

    private static bool IsString(JsonNode? node, string expected) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() == expected;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => kind.ToString(),
    };

    private static ChatRequestException Invalid(string message, string? param, string code) => new(OpenAiErrors.Invalid(message, param, code));

    private sealed class ChatRequestException(ProblemHttpResult problem) : Exception(problem.ProblemDetails.Detail)
    {
        public ProblemHttpResult Problem { get; } = problem;
    }
}
