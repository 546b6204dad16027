using System.Reflection;
using System.Text.RegularExpressions;

namespace Switchboard.EndToEnd.Tests;

/// <summary>docs/architecture.md is the page a newcomer reads first: it must name every project of the solution.</summary>
public sealed partial class ArchitecturePageTests
{
    [GeneratedRegex(@"^Project\(""\{[^}]+\}""\) = ""(?<name>[^""]+)"", ""(?<path>[^""]+)""", RegexOptions.Multiline)]
    private static partial Regex SolutionProject();

    [Fact]
    public void Every_project_of_the_solution_is_named_on_the_architecture_page()
    {
        var root = typeof(ArchitecturePageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var page = File.ReadAllText(Path.Combine(root, "docs", "architecture.md"));
        var projects = SolutionProject().Matches(File.ReadAllText(Path.Combine(root, "Aspire.sln")))
            .Where(m => m.Groups["path"].Value.EndsWith(".csproj", StringComparison.Ordinal))
            .Select(m => m.Groups["name"].Value)
            .ToList();

        Assert.NotEmpty(projects);
        var missing = projects.Where(p => !page.Contains($"`{p}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"docs/architecture.md does not name: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_file_the_page_points_to_exists()
    {
        var root = typeof(ArchitecturePageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var page = File.ReadAllText(Path.Combine(root, "docs", "architecture.md"));
        var paths = Regex.Matches(page, @"`((?:Gateway|RouterAgent|RetrievalAgent|ComplianceAgent|ReportingAgent|ServiceDefaults|AgentCore)/[^`]+\.cs)`")
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .ToList();

        Assert.NotEmpty(paths);
        var missing = paths.Where(p => !File.Exists(Path.Combine(root, p))).ToList();
        Assert.True(missing.Count == 0, $"docs/architecture.md points to files that do not exist: {string.Join(", ", missing)}");
    }
}
