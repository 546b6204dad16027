using System.Globalization;

namespace Switchboard.Load.Cli;

/// <summary>Bad input (a wrong option, an unreachable Gateway, a missing corpus): one sentence, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary><c>--name value</c> / <c>--name=value</c> options and <c>--flag</c> switches, checked against what a command accepts.</summary>
public sealed class Arguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public static Arguments Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> options, IReadOnlyCollection<string> flags)
    {
        var parsed = new Arguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"Unexpected argument '{arg}' (options start with --).");
            }

            var name = arg[2..];
            string? inline = null;
            if (name.IndexOf('=') is var eq and > 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }

            if (flags.Contains(name) && inline is null)
            {
                parsed._flags.Add(name);
            }
            else if (options.Contains(name))
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"--{name} needs a value."));
                if (!parsed._values.TryGetValue(name, out var all))
                {
                    parsed._values[name] = all = [];
                }

                all.Add(value);
            }
            else
            {
                throw new UsageException(
                    $"Unknown option --{name}; this command accepts {string.Join(", ", options.Concat(flags).Order(StringComparer.Ordinal).Select(o => "--" + o))}.");
            }
        }

        return parsed;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The last value given for an option (a later one overrides an earlier one).</summary>
    public string? Optional(string name) => _values.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var values) ? values : [];

    public int Int(string name, int fallback, int min, int max)
    {
        if (Optional(name) is not { } text)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name} must be a whole number from {min} to {max}; it is '{text}'.");
        }

        return value;
    }

    public double Double(string name, double fallback, double min, double max)
    {
        if (Optional(name) is not { } text)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max || double.IsNaN(value))
        {
            throw new UsageException($"--{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}; it is '{text}'.");
        }

        return value;
    }

    public TimeSpan Duration(string name, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        if (Optional(name) is not { } text)
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
