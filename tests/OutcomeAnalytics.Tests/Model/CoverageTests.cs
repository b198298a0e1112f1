using OutcomeAnalytics.Model;
using YamlDotNet.RepresentationModel;

namespace OutcomeAnalytics.Tests.Model;

/// <summary>
/// <c>outcomes frameworks coverage ID</c>: every measure of each built-in framework is listed once as computed from
/// records, evidence only or not encodable (with its reason), and the counts add up to the measures the file holds,
/// counted here from the YAML itself (a node with a ref is one measure, else each measure leaf; plus each unencoded entry).
/// </summary>
public sealed class CoverageTests
{
    private static readonly string[] Names = ["records", "evidence", "not_encodable"];

    public static TheoryData<string> Frameworks => ["phase3", "phase3-sfop", "herefordshire-2020", "outcome-plan-c1-c6", "sunderland-2015"];

    [Theory]
    [MemberData(nameof(Frameworks))]
    public void EveryMeasureOfTheFile_IsListedOnce_AsRecordsEvidenceOrNotEncodable(string id)
    {
        var rows = Coverage.Of(FrameworkLoader.Get(id));
        var fromFile = MeasuresInFile(id);
        Assert.Equal(fromFile.Sum(n => n.Count), rows.Count);
        // Need by need, the same number of measures, and every ref the file writes is a row of its need.
        foreach (var (code, count, refs) in fromFile)
        {
            var ofNeed = rows.Where(r => r.Need == code).ToList();
            Assert.True(count == ofNeed.Count, $"{id} need {code}: {count} measures in the file, {ofNeed.Count} listed");
            foreach (var r in refs) Assert.Contains(ofNeed, row => row.Measure == r);
        }
        var (records, evidence, notEncodable) = Coverage.Counts(rows);
        Assert.Equal(rows.Count, records + evidence + notEncodable);
        Assert.All(rows, r => Assert.Contains(r.CoverageName, Names));
        // Not encodable always says why; records name the measure kinds read; evidence names the evidence types.
        Assert.All(rows.Where(r => r.Coverage == CoverageKind.NotEncodable), r => Assert.False(string.IsNullOrWhiteSpace(r.Detail)));
        Assert.All(rows.Where(r => r.Coverage == CoverageKind.Records), r => Assert.Contains(r.Kinds, k => k != "evidence"));
        Assert.All(rows.Where(r => r.Coverage == CoverageKind.Evidence), r => Assert.Equal(["evidence"], r.Kinds));
        Assert.All(rows.Where(r => r.Coverage == CoverageKind.Evidence), r => Assert.StartsWith("evidence types: ", r.Detail, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("phase3", 27, 29, 0)]
    [InlineData("phase3-sfop", 27, 32, 0)]
    [InlineData("herefordshire-2020", 9, 22, 1)]
    [InlineData("outcome-plan-c1-c6", 18, 20, 3)]
    [InlineData("sunderland-2015", 12, 13, 2)]
    public void TheCounts_AreTheOnesTheReadmeGives(string id, int records, int evidence, int notEncodable) =>
        Assert.Equal((records, evidence, notEncodable), Coverage.Counts(Coverage.Of(FrameworkLoader.Get(id))));

    [Fact]
    public void Herefordshire_HandCounted_ThirtyTwoMeasures_NineFromRecords_TwentyTwoEvidence_OneNotEncodable()
    {
        // The plan numbers 31 measures; 4A and 4B are one rule and 13 has a young person's route: 32 rows.
        var rows = Coverage.Of(FrameworkLoader.Get("herefordshire-2020"));
        string[] expected = ["1", "2", "3", "4A/4B", "5", "6", "7", "8", "9", "10", "11", "12", "13", "13 (young person)",
            .. Enumerable.Range(14, 18).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal(expected, rows.Select(r => r.Measure));
        Assert.Equal((9, 22, 1), Coverage.Counts(rows));
        // From records: 1 and 2 (incidents), 4A/4B (attendance), 5 (exclusions), 8 (plans and referrals), 13 and its young
        // person's route (employment, EET status), 17 and 18 (incidents; 18 with evidence too).
        Assert.Equal(["1", "2", "4A/4B", "5", "8", "13", "13 (young person)", "17", "18"], rows.Where(r => r.Coverage == CoverageKind.Records).Select(r => r.Measure));
        var three = rows.Single(r => r.Coverage == CoverageKind.NotEncodable);
        Assert.Equal(("1", "3"), (three.Need, three.Measure));
        Assert.StartsWith("The data contract records neither sibling relations", three.Detail, StringComparison.Ordinal);
        Assert.Equal("evidence types: health_registration, confirmation", rows.Single(r => r.Measure == "20").Detail);
    }

    [Theory]
    [InlineData("outcome-plan-c1-c6", "C2:M2e C2:M2g C3:M3i")]
    [InlineData("sunderland-2015", "4:4.3 5:5.3")]
    [InlineData("phase3", "")]
    [InlineData("phase3-sfop", "")]
    public void TheMeasuresNotEncodable_AreTheFilesUnencodedEntries(string id, string expected)
    {
        var rows = Coverage.Of(FrameworkLoader.Get(id));
        Assert.Equal(expected, string.Join(" ", rows.Where(r => r.Coverage == CoverageKind.NotEncodable).Select(r => $"{r.Need}:{r.Measure}")));
    }

    [Fact]
    public void Sfop_DiffersFromPhase3_OnlyInTheNeedsItOverrides()
    {
        var sfop = Coverage.Of(FrameworkLoader.Get("phase3-sfop"));
        var phase3 = Coverage.Of(FrameworkLoader.Get("phase3"));
        string[] overridden = ["1.3", "2.3", "5.4", "6.5", "6.6", "7.2", "7.3"];
        static string Row(MeasureCoverage r) => $"{r.Need}|{r.Measure}|{r.CoverageName}|{string.Join(" ", r.Kinds)}|{r.Detail}";
        Assert.Equal(phase3.Where(r => !overridden.Contains(r.Need)).Select(Row), sfop.Where(r => !overridden.Contains(r.Need)).Select(Row));
        Assert.DoesNotContain(sfop, r => r.Need == "5.4");
        // 2.3 has 4 routes (ASQ, the entitlement, the FASD referral, any evidence); 6.5 is one all_of of 3 parts, 2 with refs.
        Assert.Equal(["ELIM or ASQ", "2/3-4 year old entitlement taken up, development check attended", "referred for FASD assessment", "2.3/any_of/4"],
            sfop.Where(r => r.Need == "2.3").Select(r => r.Measure));
        Assert.Equal(CoverageKind.Records, sfop.Single(r => r.Measure == "ELIM or ASQ").Coverage);
        Assert.Equal("evidence types: specialist_referral", sfop.Single(r => r.Measure == "referred for FASD assessment").Detail);
    }

    /// <summary>The measures of each need as the YAML file writes them (an extending file applied to its base's needs).</summary>
    private static List<(string Code, int Count, List<string> Refs)> MeasuresInFile(string id)
    {
        var root = Load(id);
        var needs = new List<YamlMappingNode>();
        if (Scalar(root, "extends") is { } parent)
        {
            needs.AddRange(((YamlSequenceNode)Load(parent).Children[new YamlScalarNode("needs")]).Children.Cast<YamlMappingNode>());
            foreach (var child in ((YamlSequenceNode)root.Children[new YamlScalarNode("needs")]).Children.Cast<YamlMappingNode>())
            {
                var i = needs.FindIndex(n => Scalar(n, "code") == Scalar(child, "code"));
                if (Scalar(child, "remove") == "true") needs.RemoveAt(i);
                else if (i < 0) needs.Add(child);
                else
                {
                    var merged = new YamlMappingNode(needs[i].Children);
                    foreach (var kv in child.Children) merged.Children[kv.Key] = kv.Value;
                    needs[i] = merged;
                }
            }
        }
        else needs.AddRange(((YamlSequenceNode)root.Children[new YamlScalarNode("needs")]).Children.Cast<YamlMappingNode>());
        return [.. needs.Select(n =>
        {
            var refs = new List<string>();
            var count = Count(n.Children[new YamlScalarNode("rule")], refs);
            if (n.Children.TryGetValue(new YamlScalarNode("unencoded"), out var unencoded))
                foreach (var u in ((YamlSequenceNode)unencoded).Children.Cast<YamlMappingNode>())
                {
                    count++;
                    refs.Add(Scalar(u, "ref")!);
                }
            return (Scalar(n, "code")!, count, refs);
        })];
    }

    private static int Count(YamlNode node, List<string> refs)
    {
        var map = (YamlMappingNode)node;
        if (Scalar(map, "ref") is { } r)
        {
            refs.Add(r);
            return 1;
        }
        if (map.Children.ContainsKey(new YamlScalarNode("measure"))) return 1;
        var parts = map.Children.TryGetValue(new YamlScalarNode("any_of"), out var any) ? any : map.Children[new YamlScalarNode("all_of")];
        return ((YamlSequenceNode)parts).Children.Sum(c => Count(c, refs));
    }

    private static YamlMappingNode Load(string id)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Repository.Root, "models", "frameworks", id + ".yaml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;
}

/// <summary>The command prints the rows as CSV and the counts on standard error or after them.</summary>
public sealed class CoverageCommandTests
{
    [Fact]
    public void FrameworksCoverage_ListsEveryMeasure_AndTheCounts()
    {
        var (code, stdout, stderr) = OutcomeAnalytics.Tests.Cli.CliTests.Run("frameworks", "coverage", "herefordshire-2020");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("need,measure,coverage,kinds,detail", lines[0]);
        Assert.Contains("1,3,not_encodable,,\"The data contract records neither sibling relations nor first entry to the youth justice system, and the youth offending service is not a source a council's early-help extract holds.\"", lines);
        Assert.Contains("herefordshire-2020: 32 measures: 9 from records, 22 evidence only, 1 not encodable.", stdout + stderr);
        Assert.Equal(32, lines.Count(l => l.Contains(",records,", StringComparison.Ordinal) || l.Contains(",evidence,", StringComparison.Ordinal) || l.Contains(",not_encodable,", StringComparison.Ordinal)));
    }
}
