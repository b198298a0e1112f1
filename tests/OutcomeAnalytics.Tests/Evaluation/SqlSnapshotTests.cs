using System.Runtime.CompilerServices;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// The SQL each framework compiles to is kept as snapshot files beside this test, so any change to the generated
/// SQL is seen in review. To accept a change, run the tests with UPDATE_SNAPSHOTS=1 and commit the files.
/// </summary>
public sealed class SqlSnapshotTests
{
    private static readonly DateOnly AsAt = new(2025, 10, 1);

    public static TheoryData<string> Needs() => [.. FrameworkLoader.Get("phase3").Needs.Select(n => n.Code)];

    [Fact]
    public void Phase3_WholeFramework_MatchesItsSnapshot() => Check("phase3.sql", Compile(null));

    [Theory]
    [MemberData(nameof(Needs))]
    public void Phase3_EachNeed_MatchesItsSnapshot(string need) => Check($"phase3-{need}.sql", Compile(need));

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

    private static string Compile(string? need)
    {
        var framework = FrameworkLoader.Get("phase3");
        return string.Join("\n\n", new FrameworkCompiler(framework, framework.Bind(), AsAt).Compile(need).Select(s => s.ToDisplayString())) + "\n";
    }

    private static void Check(string name, string actual, [CallerFilePath] string source = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(source)!, "Snapshots");
        var path = Path.Combine(folder, name);
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
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
