using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Switchboard.Deployment.Tests.Manifests;

/// <summary>The objects of a multi-document YAML manifest, as kubectl kustomize renders it.</summary>
public sealed partial class ManifestSet
{
    private ManifestSet(IReadOnlyList<ManifestObject> objects) => Objects = objects;

    public IReadOnlyList<ManifestObject> Objects { get; }

    public IEnumerable<ManifestObject> OfKind(string kind) => Objects.Where(o => o.Kind == kind);

    public ManifestObject? Find(string kind, string name) => Objects.FirstOrDefault(o => o.Kind == kind && o.Name == name);

    public static ManifestSet Parse(string yaml)
    {
        var objects = new List<ManifestObject>();
        foreach (var text in DocumentSeparator().Split(yaml).Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            foreach (var document in stream.Documents)
            {
                if (document.RootNode is YamlMappingNode root)
                {
                    objects.Add(new ManifestObject(text, root));
                }
            }
        }

        return new ManifestSet(objects);
    }

    [GeneratedRegex(@"^---[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();
}
