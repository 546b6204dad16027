using System.Globalization;
using Switchboard.Tests.Cli;

namespace Switchboard.Load.Cli;

/// <summary>The load tool's duration options, on the shared parser (<c>Tests/Shared/Cli/Arguments.cs</c>).</summary>
public static class DurationArguments
{
    public static TimeSpan Duration(this Arguments arguments, string name, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        if (arguments.Optional(name) is not { } text)
        {
            return fallback;
        }

        if (!Durations.TryParse(text, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name} must be a duration from {Durations.Format(min)} to {Durations.Format(max)} such as 500ms, 60s, 5m or 1h; it is '{text}'.");
        }

        return value;
    }
}

/// <summary>Durations on the command line: <c>250ms</c>, <c>60s</c>, <c>5m</c>, <c>1h</c>, or a bare number of seconds.</summary>
public static class Durations
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        var (number, unit) = text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (text[..^2], 0.001)
            : text.EndsWith('s') || text.EndsWith('S') ? (text[..^1], 1.0)
            : text.EndsWith('m') || text.EndsWith('M') ? (text[..^1], 60.0)
            : text.EndsWith('h') || text.EndsWith('H') ? (text[..^1], 3600.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount < 0 || double.IsNaN(amount) || double.IsInfinity(amount))
        {
            return false;
        }

        var seconds = amount * unit;
        if (seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }

    public static string Format(TimeSpan value) =>
        value.TotalMilliseconds < 1000 ? $"{value.TotalMilliseconds:0}ms"
        : value.TotalSeconds < 120 && value.TotalSeconds % 60 != 0 ? $"{value.TotalSeconds:0.#}s"
        : value.TotalMinutes < 120 ? $"{value.TotalMinutes:0.#}m"
        : $"{value.TotalHours:0.#}h";
}
