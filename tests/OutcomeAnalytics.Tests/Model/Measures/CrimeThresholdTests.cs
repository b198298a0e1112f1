using System.Globalization;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Model.Measures;

/// <summary>
/// The crime needs' thresholds at their defaults (phase3.yaml): 7.1 takes the zero route for N ≤ 7
/// (<c>adult_zero_route_max</c> = 7) and the reduction route for N ≥ 8; 7.3 the zero route for N ≤ 4
/// (<c>young_zero_route_max</c> = 4) and the reduction route for N ≥ 5, which also needs no severe incident in PC.
/// The reduction route allows P ≤ (1 − <c>reduction_fraction</c>) × N × 6/12 = 0.5 × N × 0.5 = N / 4.
/// Attached (A) 1 March 2023, closed (C) 30 September 2023, evaluated (T) 1 June 2024: baseline
/// [A − 12 months, A) = [1 March 2022, 1 March 2023), post-closure window PC = (30 September 2023, 30 March 2024].
/// </summary>
public sealed class CrimeThresholdTests
{
    private const string Attached = "2023-03-01";
    private const string Closed = "2023-09-30";
    private const string WindowEnd = "2024-03-30"; // C + 6 months
    private const string AsAt = "2024-06-01";

    private static readonly string[] CountedTypes = ["offence", "arrest", "named_suspect", "asb"];

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The family with one subject of the need, <paramref name="n"/> (≥ 2) counted incidents in the baseline and
    /// <paramref name="p"/> in PC, each set sitting on its window's ends, with one incident just outside every end.
    /// </summary>
    private static Scenario Crime(string code, string person, string born, int n, int p, bool lastSevere = false)
    {
        var s = new Scenario().Family("F1", Attached, Closed).Person("F1", person, born, born.CompareTo("2005") < 0 ? "parent_carer" : "child")
            .Need("F1", code, person);
        var type = 0;
        string Next() => CountedTypes[type++ % CountedTypes.Length];
        // Baseline: its first day (A − 12 months) and last day (A − 1) are inside; the day before it and A are not.
        s.Incident(person, "2022-02-28", Next()).Incident(person, Attached, Next());
        s.Incident(person, "2022-03-01", Next()).Incident(person, "2023-02-28", Next());
        for (var i = 0; i < n - 2; i++) s.Incident(person, Day(new DateOnly(2022, 6, 1).AddDays(i)), Next());
        // PC: C and C + 6 months + 1 day are outside; its first day (C + 1) and last day (C + 6 months) inside.
        s.Incident(person, Closed, Next()).Incident(person, "2024-03-31", Next());
        string[] after = [WindowEnd, "2023-10-01", "2023-12-01", "2023-12-02"];
        for (var i = 0; i < p; i++) s.Incident(person, after[i], Next(), severe: lastSevere && i == p - 1);
        return s;
    }

    private static void AssertCounts(NeedResult need, string status, string route, int n, int p)
    {
        Assert.Equal(status, need.Status);
        var detail = need.DetailJson();
        Assert.Equal((route, n, p), (detail.Field("route"), detail.GetProperty("baseline_count").GetInt32(), detail.GetProperty("post_closure_count").GetInt32()));
        Assert.Equal(("2022-03-01", Closed, WindowEnd), (detail.Field("baseline_from"), detail.Field("post_closure_from"), detail.Field("post_closure_to")));
    }

    // ---- 7.1: "If N ≤ 7: met when P = 0. If N ≥ 8: met when P ≤ 0.5 × N × 6/12" ----

    [Theory]
    [InlineData("7.1", "A1", "1980-01-01", 7, 0, "met")]     // N = 7 ≤ 7: zero route, P = 0
    [InlineData("7.1", "A1", "1980-01-01", 7, 1, "not_met")] // zero route needs P = 0 (the reduction route would have allowed 7 / 4 = 1.75)
    [InlineData("7.3", "Y1", "2008-01-01", 4, 0, "met")]     // 7.3: N = 4 ≤ 4: zero route, P = 0
    [InlineData("7.3", "Y1", "2008-01-01", 4, 1, "not_met")] // (the reduction route would have allowed 4 / 4 = 1)
    public void AtTheZeroRouteMaximum_NoIncidentIsAllowedAfterClosure(string code, string person, string born, int n, int p, string expected)
    {
        var need = Crime(code, person, born, n, p).Evaluate(AsAt).Need("F1", code, person);
        AssertCounts(need, expected, "zero", n, p);
        Assert.Equal(0m, need.DetailJson().GetProperty("allowed").GetDecimal());
        Assert.Equal(p == 0
            ? $"{n} counted incident(s) in the 12 months before attachment (at most {n}): none after closure."
            : $"{n} counted incident(s) in the 12 months before attachment (at most {n}): 1 after closure, where none are allowed.", need.Reason);
    }

    [Theory]
    [InlineData(1, "met")]     // N = 8 ≥ 8: reduction route, at most 0.5 × 8 × 6/12 = 2
    [InlineData(2, "met")]     // P = 2 = the allowed count
    [InlineData(3, "not_met")] // P = 3 > 2
    public void Need71_EightBaselineIncidents_TakeTheReductionRoute_AllowingTwo(int p, string expected)
    {
        var need = Crime("7.1", "A1", "1980-01-01", 8, p).Evaluate(AsAt).Need("F1", "7.1", "A1");
        AssertCounts(need, expected, "reduction", 8, p);
        Assert.Equal(2m, need.DetailJson().GetProperty("allowed").GetDecimal());
        Assert.Equal($"8 counted incidents before attachment: {p} after closure against at most 2 allowed.", need.Reason);
    }

    [Theory]
    [InlineData("reduction_fraction=0.75", 1, "met")]     // at most 0.25 × 8 × 6/12 = 1
    [InlineData("reduction_fraction=0.75", 2, "not_met")]
    [InlineData("reduction_fraction=0.25", 3, "met")]     // at most 0.75 × 8 × 6/12 = 3
    [InlineData("reduction_fraction=0.25", 4, "not_met")]
    public void Need71_TheReductionFraction_SetsTheAllowedCount(string parameter, int p, string expected)
    {
        var need = Crime("7.1", "A1", "1980-01-01", 8, p).Evaluate(AsAt, parameter).Need("F1", "7.1", "A1");
        AssertCounts(need, expected, "reduction", 8, p);
        Assert.Equal(parameter.EndsWith("0.75", StringComparison.Ordinal) ? 1m : 3m, need.DetailJson().GetProperty("allowed").GetDecimal());
    }

    [Fact]
    public void Need71_RaisingTheZeroRouteMaximumToEight_PutsEightOnTheZeroRoute()
    {
        // N = 8, P = 1: met by default (reduction, 2 allowed); with adult_zero_route_max = 8, N ≤ 8 takes the zero route.
        var need = Crime("7.1", "A1", "1980-01-01", 8, 1).Evaluate(AsAt, "adult_zero_route_max=8").Need("F1", "7.1", "A1");
        AssertCounts(need, "not_met", "zero", 8, 1);
    }

    [Fact]
    public void Need71_TheDetailListsTheIncidentsTheCountsRead_EachWithItsWindow()
    {
        // N = 8 in [A − 12 months, A) and P = 2 in (C, C + 6 months]: the detail lists those ten, each with its window.
        // The four just outside (the day before the baseline starts, A itself, C, and the day after C + 6 months) are
        // of counted types too but are read by neither count, so they are not listed.
        var need = Crime("7.1", "A1", "1980-01-01", 8, 2).Evaluate(AsAt).Need("F1", "7.1", "A1");
        var listed = need.DetailJson().GetProperty("incidents").EnumerateArray().Select(i => (i.Field("date"), i.Field("window"))).ToArray();
        (string, string)[] want =
        [
            ("2022-03-01", "baseline"), ("2022-06-01", "baseline"), ("2022-06-02", "baseline"), ("2022-06-03", "baseline"),
            ("2022-06-04", "baseline"), ("2022-06-05", "baseline"), ("2022-06-06", "baseline"), ("2023-02-28", "baseline"),
            ("2023-10-01", "post_closure"), (WindowEnd, "post_closure"),
        ];
        Assert.Equal(want, listed);
    }

    // ---- 7.3: "as 7.1 with thresholds N ≤ 4 / N ≥ 5, and the reduction route also needs no severe incident in PC" ----

    [Theory]
    [InlineData(1, false, "met")]     // N = 5 ≥ 5: reduction route, at most 0.5 × 5 × 6/12 = 1.25
    [InlineData(2, false, "not_met")] // 2 > 1.25
    [InlineData(1, true, "not_met")]  // within the allowed count, but the one incident is severe
    public void Need73_FiveBaselineIncidents_TakeTheReductionRoute_AllowingOnePointTwoFive(int p, bool severe, string expected)
    {
        var need = Crime("7.3", "Y1", "2008-01-01", 5, p, lastSevere: severe).Evaluate(AsAt).Need("F1", "7.3", "Y1");
        AssertCounts(need, expected, "reduction", 5, p);
        var detail = need.DetailJson();
        Assert.Equal(1.25m, detail.GetProperty("allowed").GetDecimal());
        Assert.Equal(severe ? 1 : 0, detail.GetProperty("severe_post_closure").GetInt32());
        Assert.Equal($"5 counted incidents before attachment: {p} after closure against at most 1.25 allowed{(severe ? ", and 1 severe" : "")}.", need.Reason);
    }

    [Fact]
    public void Need73_RaisingTheZeroRouteMaximumToFive_PutsFiveOnTheZeroRoute()
    {
        // N = 5, P = 1: met by default (reduction, 1.25 allowed); with young_zero_route_max = 5 it takes the zero route.
        var need = Crime("7.3", "Y1", "2008-01-01", 5, 1).Evaluate(AsAt, "young_zero_route_max=5").Need("F1", "7.3", "Y1");
        AssertCounts(need, "not_met", "zero", 5, 1);
    }

    [Fact]
    public void Need73_TheAdultMaximumDoesNotMoveTheYoungPersonsThreshold()
    {
        // adult_zero_route_max is 7.1's: 7.3 with N = 5 stays on the reduction route.
        var need = Crime("7.3", "Y1", "2008-01-01", 5, 1).Evaluate(AsAt, "adult_zero_route_max=9").Need("F1", "7.3", "Y1");
        AssertCounts(need, "met", "reduction", 5, 1);
    }
}
