using Switchboard.Load.Cli;

namespace Switchboard.Load.Scenarios;

/// <summary>The scenarios of issue 8 item 5, and the tool's helper commands.</summary>
public enum Scenario
{
    OneUser,
    Users,
    Saturation,
    Overload,
    Soak,
    Generators,
    Peer,
    Ingest,
    Generate,
}

public static class Scenarios
{
    public static readonly IReadOnlyDictionary<string, Scenario> Names = new Dictionary<string, Scenario>(StringComparer.OrdinalIgnoreCase)
    {
        ["one-user"] = Scenario.OneUser,
        ["a"] = Scenario.OneUser,
        ["users"] = Scenario.Users,
        ["b"] = Scenario.Users,
        ["saturation"] = Scenario.Saturation,
        ["c"] = Scenario.Saturation,
        ["overload"] = Scenario.Overload,
        ["d"] = Scenario.Overload,
        ["soak"] = Scenario.Soak,
        ["e"] = Scenario.Soak,
        ["generators"] = Scenario.Generators,
        ["peer"] = Scenario.Peer,
        ["ingest"] = Scenario.Ingest,
        ["generate"] = Scenario.Generate,
    };

    public static string NameOf(Scenario scenario) => scenario switch
    {
        Scenario.OneUser => "one-user",
        Scenario.Users => "users",
        Scenario.Saturation => "saturation",
        Scenario.Overload => "overload",
        Scenario.Soak => "soak",
        Scenario.Generators => "generators",
        Scenario.Peer => "peer",
        Scenario.Ingest => "ingest",
        _ => "generate",
    };

    public static Scenario Parse(string name) =>
        Names.TryGetValue(name, out var scenario)
            ? scenario
            : throw new UsageException($"Unknown scenario '{name}'; use one of one-user (a), users (b), saturation (c), overload (d), soak (e), generators, peer, ingest, generate.");
}
