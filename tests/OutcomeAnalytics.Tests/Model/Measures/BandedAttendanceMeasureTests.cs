using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Model.Measures;

/// <summary>
/// attendance_banded as Herefordshire's 4A/4B read it: 90% over the 3 outcome terms excluding authorised absence for a
/// child at or above 40% at the start; below 40%, a rise of at least 40% (relative) reaching at least 50%. Attached (A)
/// 1 September 2023: baseline terms autumn 2022, spring 2023, summer 2023; outcome terms autumn 2023, spring and
/// summer 2024, complete at T = 1 September 2024. Each term has 100 possible sessions.
/// </summary>
public sealed class BandedAttendanceMeasureTests
{
    private const string AsAt = "2024-09-01";

    private static readonly OutcomeAnalytics.Model.Framework Herefordshire4 =
        OneRuleFramework.With("{ measure: attendance_banded, min_percent: 90, band_percent: 40, rise: 0.40, rise_minimum: 50 }");

    /// <summary>The same attendance in each baseline term, then in each outcome term (no authorised absence unless given).</summary>
    private static string Status(int baseline, int outcome, int baselineAuthorised = 0)
    {
        var s = new Scenario().Family("F1", "2023-09-01").Person("F1", "C1", "2012-01-01").Need("F1", "X", "C1", framework: "one-rule");
        foreach (var term in new[] { "autumn", "spring", "summer" })
            s.Attendance("C1", "2022/23", term, 100, baseline, baselineAuthorised).Attendance("C1", "2023/24", term, 100, outcome, 0);
        return s.Evaluate(Herefordshire4, AsAt).Status("F1", "X", "C1");
    }

    [Theory]
    [InlineData(40, 90, "met")]      // exactly 40% at the start is not below it: the 90% route, reached exactly
    [InlineData(40, 89, "not_met")]  // 89% misses 90%, whatever the rise (40% to 89% is a 122% rise)
    [InlineData(39, 55, "met")]      // below 40%: 39% to 55% is a rise of 0.410
    [InlineData(39, 54, "not_met")]  // 39% to 54% is 0.385, short of 0.40
    [InlineData(30, 50, "met")]      // 30% to 50%: a rise of 0.667, and the 50% minimum reached exactly
    [InlineData(30, 45, "not_met")]  // 30% to 45%: a rise of 0.5, but below the 50% minimum
    public void TheBandDecidesTheRoute(int baseline, int outcome, string status) => Assert.Equal(status, Status(baseline, outcome));

    [Fact]
    public void AuthorisedAbsenceIsTakenOutOfThePossibleSessions()
    {
        // 36 attended of 100 with 10 authorised absent: 36 / 90 = 40%, so the 90% route, not the rise route.
        Assert.Equal("not_met", Status(36, 60, baselineAuthorised: 10));
        // Counted against attendance (36%), the same child would take the rise route: 36% to 60% is a rise of 0.667.
        Assert.Equal("met", Status(36, 60, baselineAuthorised: 0));
    }

    [Fact]
    public void TheReasonNamesTheRoute()
    {
        var s = new Scenario().Family("F1", "2023-09-01").Person("F1", "C1", "2012-01-01").Need("F1", "X", "C1", framework: "one-rule");
        foreach (var term in new[] { "autumn", "spring", "summer" })
            s.Attendance("C1", "2022/23", term, 100, 39, 0).Attendance("C1", "2023/24", term, 100, 55, 0);
        var need = s.Evaluate(Herefordshire4, AsAt).Need("F1", "X", "C1");
        Assert.StartsWith("Baseline attendance 39.0% was below 40%: it went to 55.0% (relative rise 0.41", need.Reason, StringComparison.Ordinal);
        Assert.Equal("rise", need.DetailJson().Field("route"));
    }

    [Fact]
    public void BeforeTheThirdOutcomeTermEnds_ItIsPending()
    {
        var s = new Scenario().Family("F1", "2023-09-01").Person("F1", "C1", "2012-01-01").Need("F1", "X", "C1", framework: "one-rule");
        foreach (var term in new[] { "autumn", "spring", "summer" })
            s.Attendance("C1", "2022/23", term, 100, 95, 0).Attendance("C1", "2023/24", term, 100, 95, 0);
        Assert.Equal("pending", s.Evaluate(Herefordshire4, "2024-08-30").Status("F1", "X", "C1"));
    }
}
