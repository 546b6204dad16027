using System.Globalization;

namespace Switchboard.Evaluation.Cli;

/// <summary>A wrong command line: the message says what to fix; the program prints it with the usage and exits 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary><c>--name value</c> / <c>--name=value</c> options and <c>--flag</c> switches of one command, checked against what it accepts.</summary>
public sealed class Arguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _repeated = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public static Arguments Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> options, IReadOnlyCollection<string> flags)
    {
        var parsed = new Arguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"Unexpected argument '{arg}'.");
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
                parsed._values[name] = value;
                if (!parsed._repeated.TryGetValue(name, out var all))
                {
                    parsed._repeated[name] = all = [];
                }

                all.Add(value);
            }
            else
            {
                throw new UsageException($"Unknown option --{name}. Allowed: {string.Join(", ", options.Concat(flags).Select(o => "--" + o))}.");
            }
        }

        return parsed;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    /// <summary>Every value of an option that may be given more than once, in command-line order (empty when absent).</summary>
    public IReadOnlyList<string> All(string name) => _repeated.TryGetValue(name, out var values) ? values : [];

    public string Required(string name) =>
        Optional(name) is { Length: > 0 } value ? value : throw new UsageException($"--{name} is required.");

    public double Double(string name, double fallback) =>
        Optional(name) is not { } text ? fallback
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
        : throw new UsageException($"--{name} must be a number; it is '{text}'.");

    public Uri Url(string name) =>
        Uri.TryCreate(Required(name), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new UsageException($"--{name} must be an absolute http(s) URL.");

    public string ExistingFile(string name) =>
        Path.GetFullPath(Required(name)) is var path && File.Exists(path) ? path : throw new UsageException($"--{name}: file '{Required(name)}' does not exist.");

    public string ExistingDirectory(string name) =>
        Path.GetFullPath(Required(name)) is var path && Directory.Exists(path) ? path : throw new UsageException($"--{name}: folder '{Required(name)}' does not exist.");

    /// <summary>A question file or a folder of them.</summary>
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
