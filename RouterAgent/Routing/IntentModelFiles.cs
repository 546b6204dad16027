using System.Globalization;
using System.Text.RegularExpressions;

namespace Switchboard.RouterAgent.Routing;

/// <summary>
/// The versioned model files of a models directory: <c>intent-model-v&lt;N&gt;.zip</c> (N = 1, 2, …), each with its
/// training report <c>intent-model-v&lt;N&gt;.json</c> beside it. Versions only grow; the newest is the highest N.
/// </summary>
public static partial class IntentModelFiles
{
    public const string Prefix = "intent-model-v";

    /// <summary>The newest model file and its version, or null when the directory holds none (or does not exist).</summary>
    public static (string Path, int Version)? Newest(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        return Directory.EnumerateFiles(directory, Prefix + "*.zip")
            .Select(path => (Path: path, Version: VersionOf(path)))
            .Where(file => file.Version > 0)
            .OrderByDescending(file => file.Version)
            .Select(file => ((string, int)?)file)
            .FirstOrDefault();
    }

    /// <summary>The path of the next version's model file in <paramref name="directory"/>.</summary>
    public static (string Path, int Version) Next(string directory)
    {
        var version = (Newest(directory)?.Version ?? 0) + 1;
        return (Path.Combine(directory, $"{Prefix}{version.ToString(CultureInfo.InvariantCulture)}.zip"), version);
    }

    /// <summary>The report written beside a model file.</summary>
    public static string ReportPath(string modelPath) => Path.ChangeExtension(modelPath, ".json");

    private static int VersionOf(string path) =>
        FileName().Match(Path.GetFileName(path)) is { Success: true } match
        && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : 0;

    [GeneratedRegex(@"^intent-model-v(\d{1,9})\.zip$")]
    private static partial Regex FileName();
}
