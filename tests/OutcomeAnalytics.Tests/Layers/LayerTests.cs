using System.Text.RegularExpressions;
using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;
using OutcomeAnalytics.Model;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace OutcomeAnalytics.Tests.Layers;

/// <summary>
/// The layer rule of ARCHITECTURE.md, checked on the compiled library: ArchUnitNET reads the IL, so a reference
/// written with a fully qualified name counts as much as one under a <c>using</c>.
/// </summary>
public sealed class LayerTests
{
    /// <summary>The library's namespaces (under <c>OutcomeAnalytics</c>; "" is the root), by layer, bottom to top.</summary>
    public static readonly IReadOnlyList<(string Layer, string[] Namespaces)> Library =
    [
        ("Core", ["", "Internal", "Formats", "Engine", "Dictionary", "Instruments"]),
        ("Loading", ["Loading", "Generation"]),
        ("Model", ["Model"]),
        ("Evaluation", ["Evaluation"]),
        ("Analysis", ["Reporting", "Cohorts", "Impact", "Review", "Reports", "Notebooks", "Pipeline"]),
    ];

    private static readonly Architecture Built = new ArchLoader().LoadAssemblies(typeof(Framework).Assembly).Build();

    /// <summary>Every layer but the top one, which may use them all.</summary>
    public static TheoryData<string> LayersBelowTheTop => [.. Library.SkipLast(1).Select(l => l.Layer)];

    /// <summary>A regular expression for the namespaces (and those below them) of <paramref name="namespaces"/> under <paramref name="root"/>.</summary>
    private static string Pattern(string root, IEnumerable<string> namespaces) =>
        "^" + Regex.Escape(root) + "(" + string.Join("|", namespaces.Select(n => n.Length == 0 ? "" : $@"\.{Regex.Escape(n)}(\..+)?")) + ")$";

    /// <summary>The rule for one layer: its types use no type of a layer above it.</summary>
    private static ArchRule<IType> NothingAbove(string root, IReadOnlyList<(string Layer, string[] Namespaces)> layers, string layer)
    {
        var index = layers.Select(l => l.Layer).ToList().IndexOf(layer);
        var above = layers.Skip(index + 1).SelectMany(l => l.Namespaces).ToList();
        return Types().That().ResideInNamespaceMatching(Pattern(root, layers[index].Namespaces)).As($"the {layer} layer")
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(Pattern(root, above)).As("a layer above it"))
            .WithoutRequiringPositiveResults();
    }

    [Theory]
    [MemberData(nameof(LayersBelowTheTop))]
    public void Layer_UsesNoLayerAboveIt(string layer) => NothingAbove("OutcomeAnalytics", Library, layer).Check(Built);

    [Fact]
    public void EveryNamespaceOfTheLibrary_HasALayer()
    {
        var all = Pattern("OutcomeAnalytics", Library.SelectMany(l => l.Namespaces));
        var placed = Built.Types.Where(t => t.Namespace?.FullName?.StartsWith("OutcomeAnalytics", StringComparison.Ordinal) == true).Select(t => t.Namespace.FullName).Distinct().ToList();
        Assert.Contains("OutcomeAnalytics.Evaluation", placed);
        Assert.All(placed, n => Assert.Matches(all, n));
    }

    [Fact]
    public void Namespaces_UseEachOtherWithoutCycles()
    {
        // Within a layer too: OutcomeAnalytics.X and everything below it count as one namespace (Model with Model.Measures).
        static string? Area(IType type) => type.Namespace?.FullName?.Split('.') is ["OutcomeAnalytics", var area, ..] ? area : null;
        var uses = Built.Types.SelectMany(t => t.Dependencies.Select(d => (From: Area(t), To: Area(d.Target))))
            .Where(u => u.From is not null && u.To is not null && u.From != u.To).Distinct().ToLookup(u => u.From!, u => u.To!);
        Assert.Contains("Evaluation", uses["Cohorts"]);
        var cycles = uses.Select(g => g.Key).Select(a => Path(uses, a)).OfType<string>().ToList();
        Assert.True(cycles.Count == 0, "Namespaces using each other: " + string.Join("; ", cycles));
    }

    [Fact]
    public void Path_NamesACycle_AndNothingForANamespaceOutsideOne()
    {
        var uses = new[] { ("A", "B"), ("B", "C"), ("C", "A"), ("C", "D") }.ToLookup(u => u.Item1, u => u.Item2);
        Assert.Equal("A → B → C → A", Path(uses, "A"));
        Assert.Null(Path(uses, "D"));
    }

    /// <summary>A way from <paramref name="start"/> back to itself, as <c>A → B → A</c>, or null.</summary>
    private static string? Path(ILookup<string, string> uses, string start)
    {
        var from = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var area))
            foreach (var next in uses[area])
            {
                if (next == start)
                {
                    var way = new List<string> { area };
                    while (way[^1] != start) way.Add(from[way[^1]]);
                    way.Reverse();
                    return string.Join(" → ", way.Append(start));
                }
                if (from.TryAdd(next, area)) queue.Enqueue(next);
            }
        return null;
    }

    [Fact]
    public void Rule_FindsAReferenceAgainstTheDirection_WrittenWithAFullyQualifiedName()
    {
        // Probe.Model names Probe.Evaluation by its full name, with no using: the rule must see it.
        const string root = "OutcomeAnalytics.Tests.Layers.Probe";
        var probe = new ArchLoader().LoadNamespacesWithinAssembly(typeof(LayerTests).Assembly, root).Build();
        IReadOnlyList<(string, string[])> layers = [("Model", ["Model"]), ("Evaluation", ["Evaluation"])];
        Assert.True(NothingAbove(root, layers, "Evaluation").HasNoViolations(probe));
        Assert.False(NothingAbove(root, layers, "Model").HasNoViolations(probe));
        Assert.True(NothingAbove(root, [("Evaluation", ["Evaluation"]), ("Model", ["Model"])], "Model").HasNoViolations(probe));
    }
}
