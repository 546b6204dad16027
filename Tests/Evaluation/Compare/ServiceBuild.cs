using System.Reflection;
using Switchboard.Evaluation.Cli;

namespace Switchboard.Evaluation.Compare;

/// <summary>
/// Where the services' build output is: <c>&lt;root&gt;/&lt;Project&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;Project&gt;.dll</c>.
/// The root and configuration this harness was built with are stamped into it (see Evaluation.csproj); command-line
/// options override them.
/// </summary>
public sealed record ServiceBuild(string RepositoryRoot, string Configuration)
{
    public static ServiceBuild FromArguments(Arguments args) =>
        new(args.Optional("repo") is { } repo ? Path.GetFullPath(repo) : Metadata("RepositoryRoot"),
            args.Optional("configuration") ?? Metadata("Configuration"));

    public string DllOf(string project) => Path.Combine(RepositoryRoot, project, "bin", Configuration, "net10.0", project + ".dll");

    private static string Metadata(string key) =>
        typeof(ServiceBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new UsageException($"The harness was built without '{key}' metadata; pass --{(key == "RepositoryRoot" ? "repo" : "configuration")}.");
}
