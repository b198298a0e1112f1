using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OutcomeAnalytics.Model;

/// <summary>Where an element of a model file starts: the file, and its line and column (from 1).</summary>
public sealed record Place(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";

    internal static Place Of(string file, YamlNode node) => new(file, (int)node.Start.Line, (int)node.Start.Column);
}

/// <summary>
/// Reads a model file's YAML into nodes that know where they start, after <see cref="Internal.YamlGuard"/> has refused
/// a text whose aliases would expand it far beyond its size (an "alias bomb") or that nests too deep.
/// </summary>
internal static class LocatedYaml
{
    /// <summary>The document's root node, or null when the file holds no document.</summary>
    /// <exception cref="YamlException">The text is not YAML, or breaks one of the guard's limits (located).</exception>
    public static YamlNode? Load(string yaml)
    {
        Internal.YamlGuard.Check(yaml);
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(reader);
        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    /// <summary>A scalar's text, or null for any other node.</summary>
    public static string? Text(YamlNode? node) => node is YamlScalarNode s ? s.Value : null;

    /// <summary>
    /// A node as the loose values rules and defaults are checked with: a scalar's text, a sequence as a list of
    /// such values, a mapping as a dictionary of them.
    /// </summary>
    public static object? Value(YamlNode? node) => node switch
    {
        YamlScalarNode s => s.Value,
        YamlSequenceNode seq => seq.Children.Select(Value).ToList<object?>(),
        YamlMappingNode map => map.Children.ToDictionary(kv => (object)(Text(kv.Key) ?? ""), kv => Value(kv.Value)),
        _ => null,
    };
}
