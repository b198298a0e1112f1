using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using OutcomeAnalytics.Cli;
using OutcomeAnalytics.Cohorts;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Tests.Cli;

namespace OutcomeAnalytics.Tests.Faults;

/// <summary>
/// Hostile or broken model files a user may give (a framework file for <c>--framework</c>, a cohort file): each is refused
/// at once with a located message, never expanded, recursed into without end or run.
/// </summary>
public sealed class HostileModelTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("oa-hostile-model-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// The "billion laughs": ten levels of aliases, each a list of ten aliases of the one before, 10^10 values once
    /// expanded, used as a rule's parts (a rule is read, checked and compiled recursively).
    /// </summary>
    private static string AliasBomb(string before, string use)
    {
        var text = new StringBuilder(before);
        text.Append("lol0: &a0 [").AppendJoin(", ", Enumerable.Repeat("{ measure: attendance }", 10)).Append("]\n");
        for (var i = 1; i < 10; i++)
            text.Append($"lol{i}: &a{i} [").AppendJoin(", ", Enumerable.Repeat($"*a{i - 1}", 10)).Append("]\n");
        return text.Append(use).ToString();
    }

    private const string FrameworkHead = "framework: bomb\ntitle: Bomb\nversion: \"1\"\nsource: a test\n";

    private const string AliasBombMessage = "the text holds more than 1,000,000 values once its aliases (*name) are expanded, far more than a model needs "
        + "(a YAML alias bomb); write the values out, or use fewer aliases";

    [Fact]
    public void Framework_AliasBomb_IsRefusedAtOnce_NamingTheFileAndLine()
    {
        var file = Path.Combine(_folder, "bomb.yaml");
        File.WriteAllText(file, AliasBomb(FrameworkHead, "needs:\n  - { code: \"1.1\", headline: 1, title: Bomb, scope: family, rule: { all_of: *a9 } }\n"));
        var clock = Stopwatch.StartNew();
        var (code, output, error) = CliTests.Run("params", "--framework", file);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(ExitCodes.Rejected, code);
        Assert.Equal("", output);
        Assert.Matches($"^error: The framework model has 1 problem:\n  {Regex.Escape(file)} line 10, column [0-9]+: file: {Regex.Escape(AliasBombMessage)}\n$", error.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Framework_NestedTenThousandLevelsDeep_IsRefusedBeforeItIsRead()
    {
        var yaml = FrameworkHead + "needs: " + new string('[', 10_000) + new string(']', 10_000) + "\n";
        var e = Assert.Throws<ModelValidationException>(() => FrameworkLoader.Parse("deep.yaml", yaml));
        Assert.Equal("deep.yaml line 5, column 107: file: the values nest more than 100 levels deep, far more than a model needs; write it flatter", Assert.Single(e.Problems).ToString());
    }

    [Fact]
    public void Framework_SharingOneRuleByAlias_AsPhase3Does_IsStillRead()
    {
        // Phase 3 gives needs 8.2 and 8.3 one rule through an alias: the guard leaves such a file alone.
        var phase3 = File.ReadAllText(Path.Combine(Repository.Root, "models", "frameworks", "phase3.yaml"));
        Assert.Contains("*domestic_abuse", phase3, StringComparison.Ordinal);
        var framework = FrameworkLoader.Parse("phase3.yaml", phase3);
        Assert.Equal(FrameworkLoader.Get("phase3").Needs.Count, framework.Needs.Count);
    }

    [Fact]
    public void Framework_ThatIsNotText_IsRefusedNamingTheFile()
    {
        var file = Path.Combine(_folder, "binary.yaml");
        File.WriteAllBytes(file, [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF, 0xFE, 0x00, 0x01]);
        var (code, _, error) = CliTests.Run("params", "--framework", file);
        Assert.Equal(ExitCodes.Rejected, code);
        Assert.StartsWith($"error: The framework model has 1 problem:\n  {file} line 1, column ", error.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Cohorts_AliasBomb_IsRefusedAtOnce_NamingTheFileAndLine()
    {
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ModelValidationException>(() => CohortModel.Parse("cohorts.yaml",
            AliasBomb("framework: phase3\n", "segments:\n  - { name: bomb, all_of: *a9 }\n").Replace("{ measure: attendance }", "{ locality: North }", StringComparison.Ordinal)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal($"cohorts.yaml: line 7: {AliasBombMessage}", Assert.Single(e.Problems).ToString());
    }

    [Fact]
    public void Cohorts_NestedTooDeep_IsRefused()
    {
        var inline = string.Concat(Enumerable.Repeat("{ not: ", 150)) + "open" + new string('}', 150);
        var e = Assert.Throws<ModelValidationException>(() => CohortModel.Parse("cohorts.yaml", $"segments:\n  - {{ name: deep, all_of: [{inline}] }}\n"));
        Assert.Equal("cohorts.yaml: line 2: the values nest more than 100 levels deep, far more than a model needs; write it flatter", Assert.Single(e.Problems).ToString());
    }

    [Fact]
    public void Cohorts_HostileNamesAndValues_AreRefusedOrKeptAsData()
    {
        // SQL and HTML as a locality are values (bound as parameters, never run); as a segment's name they are not names.
        var model = CohortModel.Parse("cohorts.yaml", """
            segments:
              - { name: sql, title: "<script>alert(1)</script>", locality: "North'; DROP TABLE families;--" }
            """);
        Assert.Equal("locality North'; DROP TABLE families;--", model["sql"].Describe());
        var e = Assert.Throws<ModelValidationException>(() => CohortModel.Parse("cohorts.yaml", """
            segments:
              - { name: "x'; DROP TABLE families;--", locality: North }
            """));
        Assert.Contains(e.Problems, p => p.File == "cohorts.yaml");
    }
}
