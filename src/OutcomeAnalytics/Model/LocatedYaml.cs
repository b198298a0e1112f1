using YamlDotNet.Core;
using YamlDotNet.Core.Events;
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
/// Reads a model file's YAML into nodes that know where they start, after refusing a document whose aliases
/// would expand it beyond <see cref="MaxExpandedNodes"/> nodes (an "alias bomb": ten anchors each repeating the one
/// before ten times stand for ten billion nodes in a few hundred bytes). The check reads the events once, in time
/// proportional to the text, before anything is built or walked.
/// </summary>
internal static class LocatedYaml
{
    /// <summary>The most nodes a model file may stand for once every alias is expanded: far above any real framework.</summary>
    public const long MaxExpandedNodes = 100_000;

    /// <summary>The document's root node, or null when the file holds no document.</summary>
    /// <exception cref="YamlException">The text is not YAML.</exception>
    /// <exception cref="AliasExpansionException">The aliases expand the document beyond the limit.</exception>
    public static YamlNode? Load(string yaml)
    {
        CheckExpansion(yaml);
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(reader);
        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    /// <summary>Counts the nodes each anchor stands for and what each alias adds, failing at the first alias past the limit.</summary>
    private static void CheckExpansion(string yaml)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(long Size, string? Anchor)>();
        long total = 0;
        var parser = new Parser(new StringReader(yaml));
        void Add(long n, Mark at)
        {
            if (open.Count > 0)
            {
                var (size, anchor) = open.Pop();
                open.Push((Math.Min(size + n, MaxExpandedNodes + 1), anchor));
            }
            total = Math.Min(total + n, MaxExpandedNodes + 1);
            if (total > MaxExpandedNodes) throw new AliasExpansionException(at);
        }
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case Scalar s:
                    if (!s.Anchor.IsEmpty) sizes[s.Anchor.Value] = 1;
                    Add(1, s.Start);
                    break;
                case NodeEvent { } start and (SequenceStart or MappingStart):
                    open.Push((1, start.Anchor.IsEmpty ? null : start.Anchor.Value));
                    break;
                case SequenceEnd or MappingEnd:
                    var (size, anchor) = open.Pop();
                    if (anchor is not null) sizes[anchor] = size;
                    if (open.Count > 0)
                    {
                        var (parent, parentAnchor) = open.Pop();
                        open.Push((Math.Min(parent + size, MaxExpandedNodes + 1), parentAnchor));
                    }
                    break;
                case AnchorAlias alias:
                    Add(sizes.GetValueOrDefault(alias.Value.Value), alias.Start);
                    break;
            }
        }
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

/// <summary>A model file whose aliases would expand it beyond <see cref="LocatedYaml.MaxExpandedNodes"/> nodes.</summary>
internal sealed class AliasExpansionException(Mark at)
    : Exception($"its aliases (*name) would expand the file to more than {LocatedYaml.MaxExpandedNodes:N0} elements; a framework is far smaller, so this file is refused (repeat an element with fewer aliases)")
{
    public Mark At { get; } = at;
}
