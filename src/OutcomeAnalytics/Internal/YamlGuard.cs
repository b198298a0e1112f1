using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OutcomeAnalytics.Internal;

/// <summary>
/// Refuses a YAML text nested deeper than <see cref="MaxDepth"/> lists and mappings before it is read into objects:
/// YamlDotNet builds nested values by recursion, so a few kilobytes of <c>[[[[…]]]]</c> would exhaust the stack and end
/// the process. A model file nests a few levels. (Aliases that expand without end are refused by the model reader,
/// <see cref="Model.LocatedYaml"/>.)
/// </summary>
internal static class YamlGuard
{
    /// <summary>The deepest nesting of lists and mappings a model file may have: 100.</summary>
    public const int MaxDepth = 100;

    /// <summary>Reads the text's events once, keeping only the depth.</summary>
    /// <exception cref="YamlException">
    /// The text nests too deep (located where it does, the sentence saying so as the inner exception's message, which is
    /// what the model readers report after the line), or is not YAML.
    /// </exception>
    public static void Check(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        while (parser.MoveNext())
        {
            var e = parser.Current!;
            if (e is SequenceStart or MappingStart && ++depth > MaxDepth)
            {
                var message = $"the values nest more than {MaxDepth} levels deep, far more than a model needs; write it flatter";
                throw new YamlException(e.Start, e.End, message, new InvalidDataException(message));
            }
            if (e is SequenceEnd or MappingEnd) depth--;
        }
    }
}
