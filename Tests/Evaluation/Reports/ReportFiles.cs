using System.Text.Json;
using Switchboard.AgentCore;

namespace Switchboard.Evaluation.Reports;

/// <summary>Writes a report as <c>&lt;name&gt;.json</c> and <c>&lt;name&gt;.md</c> into the output folder.</summary>
public static class ReportFiles
{
    private static readonly JsonSerializerOptions Indented = new(SwitchboardJson.Options) { WriteIndented = true };

    public static (string Json, string Markdown) Write<T>(string folder, string name, T report, string markdown)
    {
        Directory.CreateDirectory(folder);
        var json = Path.Combine(folder, name + ".json");
        var md = Path.Combine(folder, name + ".md");
        File.WriteAllText(json, JsonSerializer.Serialize(report, Indented));
        File.WriteAllText(md, markdown);
        return (json, md);
    }

    public static T Read<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), SwitchboardJson.Options)
        ?? throw new InvalidDataException($"{path} holds no report.");
}
