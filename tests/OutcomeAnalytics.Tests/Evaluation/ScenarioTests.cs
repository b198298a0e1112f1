using OutcomeAnalytics.Dictionary;
using OutcomeAnalytics.Engine;

namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// The scenario harness is faithful: rows inserted into the dictionary's tables are the rows the loader stores from
/// the same extract, and an evaluation of only the needs a scenario identifies decides as a whole run over the
/// loaded extract does.
/// </summary>
public sealed class ScenarioTests
{
    /// <summary>
    /// Two families with a row in every contract table, empty cells where the dictionary has defaults (framework,
    /// severe) and none (closure, end dates), a need of another framework and a code phase 3 does not define.
    /// </summary>
    private static Scenario EveryTable() => new Scenario()
        .Term("2023/24", "autumn", "2023-09-04", "2023-12-20").Term("2023/24", "spring", "2024-01-08", "2024-03-28")
        .Term("2023/24", "summer", "2024-04-15", "2024-07-19").Term("2024/25", "autumn", "2024-09-02", "2024-12-20")
        .Term("2024/25", "spring", "2025-01-06", "2025-04-04").Term("2024/25", "summer", "2025-04-22", "2025-07-18")
        .Family("F1", "2023-09-01", "2024-03-31", "true,true,true", "North")
        .Person("F1", "A1", "1980-01-01", "parent_carer").Person("F1", "C1", "2012-05-01").Person("F1", "Y1", "2007-02-01")
        .Family("F2", "2024-01-15", prerequisites: "true,,false")
        .Person("F2", "A2", "1975-06-30", "parent_carer").Person("F2", "C2", "2015-11-11")
        .Need("F1", "1.1", "C1").Need("F1", "1.2", "C1").Need("F1", "3.2", "A1").Need("F1", "7.1", "A1", "offence").Need("F1", "8.1")
        .Need("F1", "10.1", "A1").Need("F1", "10.3", "Y1").Need("F1", "6.1", "C1").Need("F1", "1.3", "C1").Need("F1", "5.l")
        .Need("F2", "1.4").Need("F2", "2.1", "A2", framework: "local-plan").Need("F2", "7.2", "C2")
        .Attendance("C1", "2022/23", "summer", 120, 80).Attendance("C1", "2023/24", "autumn", 140, 133, 7)
        .Attendance("C1", "2023/24", "spring", 110, 100).Attendance("C2", "2024/25", "autumn", 130, 120)
        .Exclusion("C1", "2023-05-10", "suspension", 2.5m).Exclusion("C1", "2023-11-10", "suspension", 1)
        .Incident("A1", "2023-02-01", "offence").Incident("A1", "2024-05-01", "asb", severe: true).Incident("C2", "2024-03-01", "named_suspect")
        .Referral("A1", null, "2024-06-01", "domestic_abuse").Referral(null, "F1", "2024-07-01", "childrens_social_care")
        .Plan("C1", "child_protection", "2023-06-01", "2024-01-10", "stepped_down").Plan("C2", "child_in_need", "2024-02-01")
        .Assessment("A1", "PHQ9", "2023-09-10", 15).Assessment("A1", "PHQ9", "2024-02-10", 8)
        .Assessment("C1", "SDQ", "2023-09-10", 20, "parent").Assessment("C1", "SDQ", "2024-02-10", 12, "parent")
        .Evidence("F1", "8.1", "2024-03-01").Evidence("F1", "6.1", "2024-03-02", "C1", verified: true).Evidence("F2", "1.4", "2024-05-01", result: "improved", verified: false)
        .Employment("A1", "employed", "2023-12-01").Employment("A2", "training", "2024-02-01", "2024-04-30")
        .Eet("Y1", "2023-10-01", "eet").Eet("Y1", "2024-06-01", "neet")
        .Claim("F2", "2024-12-01", "local-plan");

    /// <summary>Every contract table's rows as text, each table's rows in order.</summary>
    private static Dictionary<string, List<string>> Tables(Scenario scenario)
    {
        using var connection = scenario.Open();
        return DataDictionary.Default.Tables.ToDictionary(t => t.Name, t => connection.Rows(
                $"SELECT {string.Join(" || '|' || ", t.Columns.Select(c => $"coalesce(CAST({c.Name} AS VARCHAR), '∅')"))} FROM {t.Name}", r => r.GetString(0))
            .Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void InsertedRows_AreTheRowsTheLoaderStores_InEveryTable()
    {
        var inserted = Tables(EveryTable());
        var loaded = Tables(EveryTable().ThroughTheLoader());

        Assert.Equal(loaded.Keys, inserted.Keys);
        foreach (var (table, rows) in loaded)
            Assert.True(rows.SequenceEqual(inserted[table]), $"{table}: loaded\n{string.Join("\n", rows)}\ninserted\n{string.Join("\n", inserted[table])}");
        // Every table was exercised (a table left empty would compare equal whatever the harness did to it).
        Assert.All(loaded, t => Assert.NotEmpty(t.Value));
        // Defaults of empty cells: the needs' framework and an incident's severe flag.
        Assert.Contains("F1|8.1|∅|∅|∅|phase3", inserted["needs"]);
        Assert.Contains(inserted["incidents"], r => r.StartsWith('I') && r.EndsWith("|A1|2023-02-01|offence|∅|false|∅", StringComparison.Ordinal));
    }

    [Fact]
    public void AValueTheColumnsTypeCannotHold_FailsTheScenario()
    {
        var misspelt = new Scenario().Family("F1", "2023-09-01").Person("F1", "C1", "2012-05-01").Need("F1", "1.1", "C1")
            .Attendance("C1", "2023/24", "autum", 100, 90);
        Assert.ThrowsAny<Exception>(() => misspelt.Open().Dispose());
    }

    [Fact]
    public void OnlyTheIdentifiedNeeds_DecideAsAWholeRunOverTheLoadedExtract()
    {
        // One load, evaluated whole at each date.
        using var connection = EveryTable().ThroughTheLoader().Open();
        var phase3 = OutcomeAnalytics.Model.FrameworkLoader.Get("phase3");
        foreach (var asAt in new[] { "2024-03-30", "2024-10-01", "2025-09-30" })
        {
            var focused = EveryTable().Evaluate(asAt);
            using var whole = OutcomeAnalytics.Evaluation.Evaluator.Run(connection, phase3, phase3.Bind(), DateOnly.Parse(asAt, System.Globalization.CultureInfo.InvariantCulture));

            Assert.Equal(whole.Needs, focused.Needs);
            Assert.Equal(whole.Claims, focused.Claims);
            Assert.Equal(whole.NotJudged, focused.NotJudged);
            Assert.Equal(11, focused.Needs.Count);
        }
    }
}
