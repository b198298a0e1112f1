using System.Runtime.CompilerServices;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Model.Measures;

namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// The SQL phase 3 compiles to is kept as snapshot files beside this test, so any change to the generated SQL is seen
/// in review: one file for the statements every evaluation shares (calendar, windows, subjects, combinations,
/// results) and one per measure kind (its statements in phase 3, or in a framework of that kind alone when phase 3
/// does not use it), so that an edit to one kind or to the shared statements changes one file. To accept a change,
/// run the tests with UPDATE_SNAPSHOTS=1 and commit the files.
/// </summary>
public sealed class SqlSnapshotTests
{
    private static readonly DateOnly AsAt = new(2025, 10, 1);

    public static TheoryData<string> Kinds() => [.. MeasureKinds.All.Select(k => k.Name)];

    [Fact]
    public void Phase3_SharedStatements_MatchTheirSnapshot() =>
        Check("phase3-shared.sql", Display(Phase3().Where(s => KindOf(s) is null)));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EachMeasureKind_MatchesItsSnapshot(string kind)
    {
        var statements = Phase3().Where(s => KindOf(s) == kind).ToList();
        if (statements.Count == 0)
        {
            var measure = MeasureKinds.Find(kind)!;
            var framework = FrameworkLoader.Parse($"{kind}.yaml", Tests.Model.FrameworkModelTests.OneKindFramework(measure, Tests.Model.FrameworkModelTests.ParametersItReads(measure)));
            statements = [.. new FrameworkCompiler(framework, framework.Bind(), AsAt).Compile().Where(s => KindOf(s) == kind)];
        }
        Assert.NotEmpty(statements);
        Check($"measure-{kind}.sql", Display(statements));
    }

    [Fact]
    public void CompiledSql_NamesFrameworkNeedAndMeasure_AndCarriesNoValues()
    {
        var statements = new FrameworkCompiler(FrameworkLoader.Get("phase3"), FrameworkLoader.Get("phase3").Bind(), AsAt).Compile("7.1");
        var measure = Assert.Single(statements, s => s.Comment.Contains("measure incident_reduction", StringComparison.Ordinal));
        Assert.StartsWith("phase3: measure incident_reduction", measure.Comment);
        Assert.Contains("need 7.1", measure.Comment);
        Assert.DoesNotContain("offence", measure.Sql);   // the counted types are parameters
        Assert.DoesNotContain("2025-10-01", string.Concat(statements.Select(s => s.Sql)));
        Assert.Contains("offence", measure.Parameters);
    }

    [Fact]
    public void InstrumentReferenceData_IsATableOfRows_NotParameters()
    {
        var statements = new FrameworkCompiler(FrameworkLoader.Get("phase3"), FrameworkLoader.Get("phase3").Bind(), AsAt).Compile("4.1");
        var totals = Assert.Single(statements, s => s.Table == "ev_instrument_totals");
        Assert.Empty(totals.Parameters);
        Assert.DoesNotContain("SWEMWBS", totals.Sql);
        // One row per instrument with a total scale and informant: the SDQ's parent reports have a reliable change of
        // 1.96 x 5.8 x sqrt(2 x (1 - 0.80)) = 7.19, to two places.
        var sdqParent = Assert.Single(totals.Rows, r => (string?)r[0] == "SDQ" && (string?)r[1] == "parent");
        Assert.Equal(7.19m, Math.Round((decimal)sdqParent[3]!, 2));
        Assert.Contains("-- then", totals.ToDisplayString());
    }

    private static IReadOnlyList<CompiledStatement> Phase3()
    {
        var framework = FrameworkLoader.Get("phase3");
        return new FrameworkCompiler(framework, framework.Bind(), AsAt).Compile();
    }

    /// <summary>The measure kind a statement decides, or null for a shared statement.</summary>
    private static string? KindOf(CompiledStatement statement) =>
        MeasureKinds.All.Select(k => k.Name).FirstOrDefault(k => statement.Comment.Contains($": measure {k}(", StringComparison.Ordinal));

    private static string Display(IEnumerable<CompiledStatement> statements) => string.Join("\n\n", statements.Select(s => s.ToDisplayString())) + "\n";

    private static void Check(string name, string actual, [CallerFilePath] string source = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(source)!, "Snapshots");
        var path = Path.Combine(folder, name);
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(path, actual);
            return;
        }
        var expected = File.Exists(path) ? File.ReadAllText(path) : "(no snapshot yet)";
        Assert.True(expected == actual,
            $"The SQL for {name} changed. Review it, then run the tests with UPDATE_SNAPSHOTS=1 to accept it.\n--- first difference near:\n{FirstDifference(expected, actual)}");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var i = 0;
        while (i < expected.Length && i < actual.Length && expected[i] == actual[i]) i++;
        var from = Math.Max(0, i - 80);
        return $"expected: ...{expected[from..Math.Min(expected.Length, i + 80)]}\nactual:   ...{actual[from..Math.Min(actual.Length, i + 80)]}";
    }
}
