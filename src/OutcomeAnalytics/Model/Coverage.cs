using OutcomeAnalytics.Formats;

namespace OutcomeAnalytics.Model;

/// <summary>How a framework measure is decided.</summary>
public enum CoverageKind
{
    /// <summary>Computed from records the data contract holds (attendance, incidents, plans, employment...).</summary>
    Records,
    /// <summary>Decided by recorded evidence only (a practitioner's assessment, a confirmation...).</summary>
    Evidence,
    /// <summary>Not encoded: no record could hold what it asks; the reason says why.</summary>
    NotEncodable,
}

/// <summary>One measure of a framework's document and how it is decided.</summary>
/// <param name="Need">The need (or problem) code.</param>
/// <param name="Measure">The document's number for the measure where it has one (its ref), otherwise the rule node's id.</param>
/// <param name="Coverage">Records, evidence or not encodable.</param>
/// <param name="Kinds">The measure kinds deciding it (empty when not encoded).</param>
/// <param name="Detail">The records' kinds, the evidence types counted, or the reason it is not encoded.</param>
public sealed record MeasureCoverage(string Need, string Measure, CoverageKind Coverage, IReadOnlyList<string> Kinds, string Detail)
{
    /// <summary>The coverage as written in tables: <c>records</c>, <c>evidence</c> or <c>not_encodable</c>.</summary>
    public string CoverageName => Coverage switch
    {
        CoverageKind.Records => "records",
        CoverageKind.Evidence => "evidence",
        _ => "not_encodable",
    };
}

/// <summary>
/// Every measure of a framework, as records, evidence or not encodable: nothing the document asks is dropped in
/// silence. A rule node with a <c>ref</c> (the document's number) is one measure, whatever it is made of: records
/// when any measure kind under it reads records, evidence when all are evidence. Nodes under no ref are each a
/// measure (phase 3's routes); a need's <c>unencoded</c> entries are the measures not encoded, with their reasons.
/// </summary>
public static class Coverage
{
    /// <summary>The measures of every need, in the framework's order.</summary>
    public static IReadOnlyList<MeasureCoverage> Of(Framework framework)
    {
        var rows = new List<MeasureCoverage>();
        foreach (var need in framework.Needs)
        {
            foreach (var node in Measures(need.Rule))
            {
                var leaves = node.Nodes().OfType<MeasureNode>().ToList();
                var records = leaves.Where(m => m.Kind != "evidence").ToList();
                var evidence = leaves.Where(m => m.Kind == "evidence").ToList();
                var detail = string.Join("; ", records.Select(m => m.Kind).Distinct()
                    .Concat(evidence.Count > 0 ? ["evidence types: " + string.Join(", ", evidence.SelectMany(EvidenceTypes).Distinct())] : []));
                rows.Add(new MeasureCoverage(need.Code, node.Ref ?? node.Id, records.Count > 0 ? CoverageKind.Records : CoverageKind.Evidence,
                    [.. leaves.Select(m => m.Kind).Distinct()], detail));
            }
            rows.AddRange(need.Unencoded.Select(u => new MeasureCoverage(need.Code, u.Ref, CoverageKind.NotEncodable, [], u.Reason)));
        }
        return rows;
    }

    /// <summary>The counts of each coverage, for a summary line.</summary>
    public static (int Records, int Evidence, int NotEncodable) Counts(IReadOnlyList<MeasureCoverage> rows) =>
        (rows.Count(r => r.Coverage == CoverageKind.Records), rows.Count(r => r.Coverage == CoverageKind.Evidence), rows.Count(r => r.Coverage == CoverageKind.NotEncodable));

    /// <summary>Writes the measures as CSV (<c>need,measure,coverage,kinds,detail</c>), text protected from formulas.</summary>
    public static void WriteCsv(TextWriter writer, IReadOnlyList<MeasureCoverage> rows) =>
        CsvFile.Write(writer, ["need", "measure", "coverage", "kinds", "detail"],
            rows.Select(r => new object?[] { r.Need, r.Measure, r.CoverageName, string.Join(" ", r.Kinds), r.Detail }), raw: false);

    /// <summary>The nodes that are measures: each node with a ref (not looking inside it), else each leaf.</summary>
    private static IEnumerable<RuleNode> Measures(RuleNode node)
    {
        if (node.Ref is not null || node is MeasureNode)
        {
            yield return node;
            yield break;
        }
        IReadOnlyList<RuleNode> children = node switch { AllOf a => a.Parts, AnyOf a => a.Routes, _ => [] };
        foreach (var child in children.SelectMany(Measures)) yield return child;
    }

    /// <summary>The evidence types an evidence node counts: the ones it names, or "any" for every type.</summary>
    private static IEnumerable<string> EvidenceTypes(MeasureNode node) =>
        node.Arguments.TryGetValue("types", out var types) && types.Literal is string[] named
            && named.Length < OutcomeAnalytics.Model.Measures.MeasureKinds.Find("evidence")!.Arguments.Single(a => a.Name == "types").Choices!.Count
            ? named : ["any"];
}
