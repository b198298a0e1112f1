using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OutcomeAnalytics.Internal;

/// <summary>
/// Refuses a YAML text that would cost far more to read than its size suggests, before it is deserialized: aliases
/// (<c>*name</c>) that expand to more than <see cref="MaxValues"/> values (an alias bomb, the "billion laughs": each
/// level of aliases multiplies the last), and nesting deeper than <see cref="MaxDepth"/>. A model file uses a few
/// aliases (phase 3 shares one rule between two needs) and a few levels; neither limit comes near it.
/// </summary>
internal static class YamlGuard
{
    /// <summary>The most values (scalars, lists and mappings) a text may hold with every alias expanded: 1,000,000.</summary>
    public const long MaxValues = 1_000_000;

    /// <summary>The deepest nesting of lists and mappings a text may have: 100.</summary>
    public const int MaxDepth = 100;

    /// <summary>Reads the text's events and throws when it breaks a limit.</summary>
    /// <exception cref="YamlException">
    /// The text breaks a limit (located at the value where it does, the sentence saying so as the inner exception's
    /// message), or is not YAML.
    /// </exception>
    public static void Check(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        // Each open list or mapping, with its anchor and its values so far (itself included); each anchored value's size.
        var open = new Stack<(string? Anchor, long Values)>();
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        long document = 0;
        while (parser.MoveNext())
        {
            var e = parser.Current!;
            long size;
            switch (e)
            {
                case AnchorAlias alias:
                    // An alias of a value still open (a value holding itself) is left to the reader, which refuses it.
                    size = sizes.GetValueOrDefault(alias.Value.Value, 1);
                    break;
                case Scalar scalar:
                    size = 1;
                    if (!scalar.Anchor.IsEmpty) sizes[scalar.Anchor.Value] = 1;
                    break;
                case NodeEvent node when e is SequenceStart or MappingStart:
                    if (open.Count >= MaxDepth)
                        throw Refused(e, $"the values nest more than {MaxDepth} levels deep, far more than a model needs; write it flatter");
                    open.Push((node.Anchor.IsEmpty ? null : node.Anchor.Value, 1));
                    continue;
                case SequenceEnd or MappingEnd:
                    var (anchor, values) = open.Pop();
                    if (anchor is not null) sizes[anchor] = values;
                    size = values;
                    break;
                default:
                    continue;
            }
            // The value counts towards the list or mapping holding it, or the document (sizes are capped, so never overflow).
            long now;
            if (open.TryPop(out var parent))
            {
                now = Math.Min(parent.Values + size, MaxValues + 1);
                open.Push((parent.Anchor, now));
            }
            else now = document = Math.Min(document + size, MaxValues + 1);
            if (now > MaxValues)
                throw Refused(e, $"the text holds more than {MaxValues.ToString("N0", CultureInfo.InvariantCulture)} values once its aliases (*name) are expanded, "
                    + "far more than a model needs (a YAML alias bomb); write the values out, or use fewer aliases");
        }
    }

    /// <summary>
    /// The refusal, located at the event: its message is the sentence alone (YamlDotNet's own puts the marks before it),
    /// kept as the inner exception's, which is what the model readers report after the line.
    /// </summary>
    private static YamlException Refused(ParsingEvent e, string message) => new(e.Start, e.End, message, new InvalidDataException(message));
}
