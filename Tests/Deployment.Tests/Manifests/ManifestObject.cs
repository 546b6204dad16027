using YamlDotNet.RepresentationModel;

namespace Switchboard.Deployment.Tests.Manifests;

/// <summary>One object of a rendered manifest: its identity, its YAML text and its parsed tree.</summary>
public sealed class ManifestObject(string yaml, YamlMappingNode root)
{
    public string Yaml { get; } = yaml;

    public YamlMappingNode Root { get; } = root;

    public string ApiVersion => Scalar("apiVersion") ?? "";

    public string Kind => Scalar("kind") ?? "";

    public string Name => Scalar("metadata", "name") ?? "";

    public string Id => $"{Kind}/{Name}";

    public IReadOnlyDictionary<string, string> Labels => Map("metadata", "labels");

    /// <summary>The scalar at a path of mapping keys, or null.</summary>
    public string? Scalar(params string[] path) => Node(path) is YamlScalarNode scalar ? scalar.Value : null;

    public YamlNode? Node(params string[] path) => Navigate(Root, path);

    public IReadOnlyDictionary<string, string> Map(params string[] path) => Node(path) is YamlMappingNode map
        ? map.Children.Where(c => c.Value is YamlScalarNode).ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value ?? "")
        : new Dictionary<string, string>();

    public IEnumerable<YamlNode> Sequence(params string[] path) => Node(path) is YamlSequenceNode sequence ? sequence.Children : [];

    public static YamlNode? Navigate(YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }

        return node;
    }

    public override string ToString() => Id;
}
