namespace Switchboard.Load.Stats;

/// <summary>How one request ended, as the load tool counts it.</summary>
public enum Outcome : byte
{
    /// <summary>HTTP 200 with <c>status: answered</c>.</summary>
    Answered,

    /// <summary>HTTP 200 with <c>status: not_found</c>.</summary>
    NotFound,

    /// <summary>HTTP 200 with <c>status: refused</c> (or any other status value).</summary>
    Refused,

    /// <summary>HTTP 503 (a downstream agent unavailable, or load shedding).</summary>
    Unavailable503,

    /// <summary>HTTP 429 (rate limited).</summary>
    TooMany429,

    /// <summary>Any other HTTP status.</summary>
    OtherHttp,

    /// <summary>No response within the request timeout.</summary>
    Timeout,

    /// <summary>Connection refused or reset, or another transport error.</summary>
    TransportError,

    /// <summary>Open-loop only: not sent because the generator's in-flight cap was reached.</summary>
    Dropped,
}

/// <summary>Which class of question a request asked.</summary>
public enum QuestionClass : byte
{
    /// <summary>The labelled evaluation questions (samples/eval).</summary>
    Eval,

    /// <summary>Questions whose words match thousands of CSV rows (a year, a common number).</summary>
    Broad,
}

/// <summary>One request: when it started (ms since the run began), how long it took, how it ended.</summary>
/// <param name="RetryAfterS">The response's <c>Retry-After</c> in whole seconds; -1 when it had none.</param>
public readonly record struct RequestRecord(double StartMs, double LatencyMs, Outcome Outcome, QuestionClass Class, int HttpStatus, bool Cached, byte Phase, short RetryAfterS = -1)
{
    /// <summary>A 503 or 429 that said when to come back.</summary>
    public bool AsksToRetryLater => Outcome is Outcome.Unavailable503 or Outcome.TooMany429 && RetryAfterS >= 0;
}

public static class OutcomeNames
{
    public static string Of(Outcome outcome) => outcome switch
    {
        Outcome.Answered => "answered",
        Outcome.NotFound => "not_found",
        Outcome.Refused => "refused",
        Outcome.Unavailable503 => "503",
        Outcome.TooMany429 => "429",
        Outcome.OtherHttp => "other_http",
        Outcome.Timeout => "timeout",
        Outcome.TransportError => "transport_error",
        Outcome.Dropped => "dropped",
        _ => outcome.ToString(),
    };
}
