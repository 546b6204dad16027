using System.Globalization;

namespace Switchboard.Tests.Cli;

// One command-line parser for the test tools (Tests/Evaluation, Tests/Load), compiled into each (a linked file: the
// two tools share no project, and the load tool references none).

/// <summary>A wrong command line or bad input (an unreachable Gateway, a missing corpus): one sentence; the tool prints it and exits 2.</summary>
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

    /// <summary>Every value of an option that may be given more than once, in command-line order (empty when absent).</summary>
    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var values) ? values : [];

    public string Required(string name) =>
        Optional(name) is { Length: > 0 } value ? value : throw new UsageException($"--{name} is required.");

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

    public double Double(string name, double fallback) => Double(name, fallback, double.MinValue, double.MaxValue);

    public double Double(string name, double fallback, double min, double max)
    {
        if (Optional(name) is not { } text)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max || double.IsNaN(value))
        {
            throw new UsageException(min == double.MinValue && max == double.MaxValue
                ? $"--{name} must be a number; it is '{text}'."
                : $"--{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}; it is '{text}'.");
        }

        return value;
    }

    public Uri Url(string name) =>
        Uri.TryCreate(Required(name), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new UsageException($"--{name} must be an absolute http(s) URL.");

    public string ExistingFile(string name) =>
        Path.GetFullPath(Required(name)) is var path && File.Exists(path) ? path : throw new UsageException($"--{name}: file '{Required(name)}' does not exist.");

    public string ExistingDirectory(string name) =>
        Path.GetFullPath(Required(name)) is var path && Directory.Exists(path) ? path : throw new UsageException($"--{name}: folder '{Required(name)}' does not exist.");

    /// <summary>A file or a folder.</summary>
    public string ExistingFileOrDirectory(string name) =>
        Path.GetFullPath(Required(name)) is var path && (File.Exists(path) || Directory.Exists(path))
            ? path
            : throw new UsageException($"--{name}: '{Required(name)}' is neither a file nor a folder.");

    /// <summary>Every value of a repeatable option naming folders or single files, each checked to exist.</summary>
    public IReadOnlyList<string> ExistingFilesOrDirectories(string name)
    {
        var paths = All(name);
        if (paths.Count == 0)
        {
            throw new UsageException($"--{name} is required.");
        }

        return paths.Select(given => Path.GetFullPath(given) is var path && (Directory.Exists(path) || File.Exists(path))
            ? path
            : throw new UsageException($"--{name}: '{given}' is neither a file nor a folder.")).ToList();
    }
}
