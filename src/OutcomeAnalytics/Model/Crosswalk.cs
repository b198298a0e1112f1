using System.Globalization;
using OutcomeAnalytics.Internal;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OutcomeAnalytics.Model;

/// <summary>How closely a framework's need matches the phase 3 needs it is mapped to.</summary>
public enum CrosswalkMatch
{
    /// <summary>The phase 3 needs cover what the need covers, and no more.</summary>
    Full,
    /// <summary>The needs overlap: the note says where they differ.</summary>
    Partial,
    /// <summary>Phase 3 has no need for it: the note says why.</summary>
    None,
}

/// <summary>One need (or problem) of a framework and the phase 3 needs it corresponds to.</summary>
/// <param name="Need">The framework's need code, such as <c>C2</c>.</param>
/// <param name="Phase3">The phase 3 need codes, the one a problem is recorded as first; empty when there is no counterpart.</param>
/// <param name="Match">How closely they match.</param>
/// <param name="Note">Where and why the match is partial or missing (required then).</param>
public sealed record CrosswalkEntry(string Need, IReadOnlyList<string> Phase3, CrosswalkMatch Match, string? Note);

/// <summary>
/// How one framework's needs map to phase 3's (<c>models/crosswalks/</c>), so that needs recorded under one can be
/// judged by the other. From the framework to phase 3 a need becomes its first phase 3 code (the one the need would be
/// recorded as); from phase 3 a need becomes every need of the framework listing it.
/// </summary>
public sealed record Crosswalk(string Framework, string File, IReadOnlyList<CrosswalkEntry> Entries)
{
    /// <summary>The framework every crosswalk maps to.</summary>
    public const string Hub = "phase3";

    /// <summary>The framework's need code(s) a phase 3 need becomes; empty when none lists it.</summary>
    public IReadOnlyList<string> FromPhase3(string phase3Code) => [.. Entries.Where(e => e.Phase3.Contains(phase3Code, StringComparer.Ordinal)).Select(e => e.Need)];

    /// <summary>The phase 3 need a need of the framework becomes, or null when it has no counterpart (or is not listed).</summary>
    public string? ToPhase3(string needCode) => Entries.FirstOrDefault(e => e.Need == needCode) is { Phase3: [var first, ..] } ? first : null;

    /// <summary>The entry for a need of the framework, or null.</summary>
    public CrosswalkEntry? Entry(string needCode) => Entries.FirstOrDefault(e => e.Need == needCode);
}

/// <summary>Reads and checks crosswalk files: every problem at once, each with its file, line and column.</summary>
public static class CrosswalkLoader
{
    private static readonly Lazy<IReadOnlyList<Crosswalk>> BuiltIn = new(() =>
    {
        var assembly = typeof(CrosswalkLoader).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("models/crosswalks/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => Parse(n, EmbeddedText.Read(assembly, n), FrameworkOrNull))];
    });

    private static Framework? FrameworkOrNull(string id) => FrameworkLoader.BuiltInFrameworks.FirstOrDefault(f => f.Id == id);

    /// <summary>The crosswalks shipped with the toolkit, one per framework other than phase 3.</summary>
    public static IReadOnlyList<Crosswalk> BuiltInCrosswalks => BuiltIn.Value;

    /// <summary>The built-in crosswalk of a framework, or null when it has none.</summary>
    public static Crosswalk? Find(string framework) => BuiltInCrosswalks.FirstOrDefault(c => c.Framework == framework);

    /// <summary>
    /// Parses and checks one crosswalk file. When <paramref name="frameworks"/> knows the framework it maps, every one
    /// of its needs must be listed once and no other; every phase 3 code must be a need of phase 3.
    /// </summary>
    /// <exception cref="ModelValidationException">Every problem found, each naming the file, line and column.</exception>
    public static Crosswalk Parse(string file, string yaml, Func<string, Framework?> frameworks)
    {
        ArgumentNullException.ThrowIfNull(frameworks);
        var problems = new List<ModelProblem>();
        void Problem(YamlNode? node, string what, string message) =>
            problems.Add(new ModelProblem(file, node is null ? what : $"line {node.Start.Line}, column {node.Start.Column} ({what})", message));
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            problems.Add(new ModelProblem(file, $"line {e.Start.Line}, column {e.Start.Column}", e.InnerException?.Message ?? e.Message));
            throw new ModelValidationException("crosswalk", problems);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problems.Add(new ModelProblem(file, "file", "is not a mapping with crosswalk, to and needs"));
            throw new ModelValidationException("crosswalk", problems);
        }

        static string? Scalar(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value) ? s.Value.Trim() : null;
        static YamlNode? Node(YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;
        void Keys(YamlMappingNode map, string what, params string[] known)
        {
            foreach (var key in map.Children.Keys.OfType<YamlScalarNode>().Where(k => !known.Contains(k.Value, StringComparer.Ordinal)))
                Problem(key, what, $"'{key.Value}' is not an element here (expected: {string.Join(", ", known)})");
        }

        Keys(root, "crosswalk", "crosswalk", "to", "title", "needs");
        var id = Scalar(root, "crosswalk");
        if (id is null) Problem(root, "crosswalk", "needs 'crosswalk: <framework id>', the framework whose needs it maps");
        var to = Scalar(root, "to");
        if (to != Crosswalk.Hub) Problem(Node(root, "to") ?? root, "to", $"expected 'to: {Crosswalk.Hub}': every crosswalk maps a framework's needs to phase 3's");
        var framework = id is null ? null : frameworks(id);
        var phase3 = frameworks(Crosswalk.Hub);

        var entries = new List<CrosswalkEntry>();
        if (Node(root, "needs") is not YamlSequenceNode list)
            Problem(Node(root, "needs") ?? root, "needs", "expected a list of needs, each with need, phase3, match and (unless full) a note");
        else
            foreach (var item in list.Children)
            {
                if (item is not YamlMappingNode m)
                {
                    Problem(item, "needs", "expected a mapping: { need, phase3, match, note }");
                    continue;
                }
                var need = Scalar(m, "need");
                var what = need is null ? "needs" : $"need {need}";
                Keys(m, what, "need", "phase3", "match", "note");
                if (need is null) Problem(m, what, "needs 'need: <code>', the framework's need or problem");
                else if (entries.Any(e => e.Need == need)) Problem(m, what, "is listed twice");
                else if (framework is not null && framework.Need(need) is null)
                    Problem(m, what, $"is not a need of {framework.Id} (its needs: {string.Join(", ", framework.Needs.Select(n => n.Code))})");

                var codes = new List<string>();
                if (Node(m, "phase3") is YamlSequenceNode seq)
                    foreach (var c in seq.Children)
                    {
                        var code = (c as YamlScalarNode)?.Value?.Trim() ?? "";
                        if (phase3 is not null && phase3.Need(code) is null) Problem(c, what, $"'{code}' is not a phase 3 need");
                        else if (codes.Contains(code)) Problem(c, what, $"'{code}' is listed twice");
                        else codes.Add(code);
                    }
                else Problem(Node(m, "phase3") ?? m, what, "expected 'phase3: [codes]' (an empty list [] when phase 3 has no counterpart)");

                var matchText = Scalar(m, "match");
                if (!Enum.TryParse<CrosswalkMatch>(matchText, true, out var match) || int.TryParse(matchText, CultureInfo.InvariantCulture, out _))
                {
                    Problem(Node(m, "match") ?? m, what, $"match '{matchText}' is not one of full, partial, none");
                    continue;
                }
                var note = Scalar(m, "note");
                if (match != CrosswalkMatch.Full && note is null) Problem(m, what, $"a {match.ToString().ToLowerInvariant()} match needs a note saying where it differs");
                if ((match == CrosswalkMatch.None) != (codes.Count == 0))
                    Problem(m, what, match == CrosswalkMatch.None ? "match none lists no phase 3 needs" : "a need with no phase 3 needs has match none");
                if (need is not null) entries.Add(new CrosswalkEntry(need, codes, match, note));
            }
        if (framework is not null)
            foreach (var missing in framework.Needs.Where(n => entries.All(e => e.Need != n.Code)))
                Problem(Node(root, "needs") ?? root, "needs", $"need {missing.Code} of {framework.Id} is not mapped: list it (with phase3: [] and match: none when phase 3 has no counterpart)");
        return problems.Count == 0 ? new Crosswalk(id!, file, entries) : throw new ModelValidationException("crosswalk", problems);
    }

    /// <summary>Reads a crosswalk file of the reviewer's own, checked against the built-in frameworks.</summary>
    public static Crosswalk Load(string path) => Parse(path, File.ReadAllText(path), FrameworkOrNull);
}
