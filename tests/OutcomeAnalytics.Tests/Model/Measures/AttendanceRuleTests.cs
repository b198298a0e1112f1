using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Model.Measures;

/// <summary>Needs 1.1 and 1.2, hand-worked on the default calendar (autumn 1 Sep - 31 Dec, spring 1 Jan - 31 Mar, summer 1 Apr - 31 Aug).</summary>
public sealed class AttendanceRuleTests
{
    // Attached on the first day of autumn 2023: autumn 2023 and spring 2024 are the outcome terms once spring ends (31 March 2024).
    private static Scenario Child(string attached = "2023-09-01") => new Scenario()
        .Family("F1", attached, "2024-03-31")
        .Person("F1", "C1", "2012-05-01")
        .Need("F1", "1.1", "C1");

    [Fact]
    public void Need11_NinetyPercentOverTwoTerms_IsMet_OnTheDaySpringEnds()
    {
        var e = Child().Attendance("C1", "2023/24", "autumn", 100, 90).Attendance("C1", "2023/24", "spring", 100, 90).Evaluate("2024-03-31");
        var need = e.Need("F1", "1.1", "C1");
        Assert.Equal("met", need.Status);
        Assert.Contains("90", need.Reason);
        Assert.Contains("\"attendance_percent\":90", need.Detail.Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Windows_FollowTheTermIndex_OnALoadedCalendarWhoseDatesDoNotRiseWithIt()
    {
        // Attached 2024-09-01; 2024/25 spring was entered as starting 2024-08-20 (before A), so it is not an outcome
        // term although it is complete: the outcome terms at T are summer and autumn 2024/25. For the baseline,
        // 2023/24 summer ends after A (2024-09-10), so the two most recent terms ending by A are 2023/24 spring and autumn.
        var e = new Scenario()
            .Term("2023/24", "autumn", "2023-09-04", "2023-12-20").Term("2023/24", "spring", "2024-01-08", "2024-03-28")
            .Term("2023/24", "summer", "2024-04-15", "2024-09-10")
            .Term("2024/25", "autumn", "2024-09-02", "2024-12-20").Term("2024/25", "spring", "2024-08-20", "2025-03-28")
            .Term("2024/25", "summer", "2025-04-28", "2025-07-18")
            .Family("F1", "2024-09-01", "2025-07-31").Person("F1", "C1", "2012-05-01").Need("F1", "1.1", "C1").Need("F1", "1.2", "C1")
            .Attendance("C1", "2023/24", "autumn", 100, 70).Attendance("C1", "2023/24", "spring", 100, 70).Attendance("C1", "2023/24", "summer", 100, 70)
            .Attendance("C1", "2024/25", "autumn", 100, 95).Attendance("C1", "2024/25", "spring", 100, 50).Attendance("C1", "2024/25", "summer", 100, 95)
            .Evaluate("2025-07-31");
        var outcome = e.Need("F1", "1.1", "C1");
        Assert.Equal("met", outcome.Status);
        Assert.Contains("\"term\":\"2024/25 autumn\"", outcome.Detail);
        Assert.Contains("\"term\":\"2024/25 summer\"", outcome.Detail);
        Assert.DoesNotContain("\"term\":\"2024/25 spring\"", outcome.Detail);
        var baseline = e.Need("F1", "1.2", "C1").Detail;
        var terms = baseline[baseline.IndexOf("\"baseline_terms\"", StringComparison.Ordinal)..];
        terms = terms[..terms.IndexOf(']', StringComparison.Ordinal)];
        Assert.Contains("2023/24 autumn", terms);
        Assert.Contains("2023/24 spring", terms);
        Assert.DoesNotContain("2023/24 summer", terms);
    }

    [Fact]
    public void Need11_TheDayBeforeSpringEnds_IsPending()
    {
        var e = Child().Attendance("C1", "2023/24", "autumn", 100, 90).Attendance("C1", "2023/24", "spring", 100, 90).Evaluate("2024-03-30");
        Assert.Equal("pending", e.Status("F1", "1.1", "C1"));
    }

    [Fact]
    public void Need11_AttachedTheDayAfterAutumnStarts_AutumnIsNotAnOutcomeTerm()
    {
        var e = Child("2023-09-02").Attendance("C1", "2023/24", "autumn", 100, 90).Attendance("C1", "2023/24", "spring", 100, 90).Evaluate("2024-03-31");
        Assert.Equal("pending", e.Status("F1", "1.1", "C1"));
    }

    [Fact]
    public void Need11_JustBelowNinety_IsNotMet()
    {
        var e = Child().Attendance("C1", "2023/24", "autumn", 100, 90).Attendance("C1", "2023/24", "spring", 100, 89).Evaluate("2024-03-31");
        Assert.Equal("not_met", e.Status("F1", "1.1", "C1"));
    }

    [Fact]
    public void Need11_SessionsWeighted_DiffersFromTheMeanOfTermPercentages()
    {
        // 95/100 and 16/20: sessions-weighted 111/120 = 92.5% (met); mean of terms (95% + 80%) / 2 = 87.5% (not met).
        var s = Child().Attendance("C1", "2023/24", "autumn", 100, 95).Attendance("C1", "2023/24", "spring", 20, 16);
        Assert.Equal("met", s.Evaluate("2024-03-31").Status("F1", "1.1", "C1"));
        Assert.Equal("not_met", s.Evaluate("2024-03-31", "attendance_weighting=mean_of_terms").Status("F1", "1.1", "C1"));
    }

    [Fact]
    public void Need11_AuthorisedAbsenceNotCounting_TakesItOutOfPossibleSessions()
    {
        // 85 attended, 10 authorised, 5 unauthorised per term: 85% counting authorised absence, 85/90 = 94.4% without.
        var s = Child().Attendance("C1", "2023/24", "autumn", 100, 85, 10).Attendance("C1", "2023/24", "spring", 100, 85, 10);
        Assert.Equal("not_met", s.Evaluate("2024-03-31").Status("F1", "1.1", "C1"));
        Assert.Equal("met", s.Evaluate("2024-03-31", "authorised_absence_counts=false").Status("F1", "1.1", "C1"));
    }

    [Fact]
    public void Need11_MissingAnOutcomeTermRow_IsInsufficientData()
    {
        var e = Child().Attendance("C1", "2023/24", "autumn", 100, 95).Evaluate("2024-03-31");
        Assert.Equal("insufficient_data", e.Status("F1", "1.1", "C1"));
    }

    [Fact]
    public void Need11_WithoutANamedChild_JudgesEveryMemberWithAttendanceInTheOutcomeTerms()
    {
        var e = new Scenario().Family("F1", "2023-09-01", "2024-03-31")
            .Person("F1", "C1", "2012-05-01").Person("F1", "C2", "2014-05-01").Person("F1", "P1", "1985-01-01", "parent_carer")
            .Need("F1", "1.1")
            .Attendance("C1", "2023/24", "autumn", 100, 95).Attendance("C1", "2023/24", "spring", 100, 95)
            .Attendance("C2", "2023/24", "autumn", 100, 80).Attendance("C2", "2023/24", "spring", 100, 80)
            .Evaluate("2024-04-01");
        Assert.Equal("met", e.Status("F1", "1.1", "C1"));
        Assert.Equal("not_met", e.Status("F1", "1.1", "C2"));
        Assert.DoesNotContain(e.Needs, n => n.PersonId == "P1");
    }

    /// <summary>Need 1.2 for one child with 100 possible sessions a term, the same attendance in both baseline and both outcome terms.</summary>
    internal static Scenario Severe(int baselineAttended, int outcomeAttended) =>
        Terms([(100, baselineAttended), (100, baselineAttended)], [(100, outcomeAttended), (100, outcomeAttended)]);

    [Theory]
    [InlineData(40, 52, "met")]      // (52 - 40) / 40 = 0.30 exactly, and 52 >= 50
    [InlineData(40, 51, "not_met")]  // 0.275
    [InlineData(30, 49, "not_met")]  // improved by 0.63 but below the 50% minimum
    [InlineData(0, 50, "met")]       // from zero: met once the outcome reaches 50%
    public void Need12_ThirtyPercentRelativeImprovementToAtLeastFifty(int baseline, int outcome, string expected) =>
        Assert.Equal(expected, Severe(baseline, outcome).Evaluate("2024-03-31").Status("F1", "1.2", "C1"));

    /// <summary>
    /// Need 1.2 for one child, with each baseline and outcome term's possible and attended sessions given. Baseline
    /// terms: spring and summer 2023 (the two complete terms ending on or before attachment, 1 September 2023).
    /// </summary>
    private static Scenario Terms((int Possible, int Attended)[] baseline, (int Possible, int Attended)[] outcome) => new Scenario()
        .Family("F1", "2023-09-01", "2024-03-31")
        .Person("F1", "C1", "2012-05-01")
        .Need("F1", "1.2", "C1")
        .Attendance("C1", "2022/23", "spring", baseline[0].Possible, baseline[0].Attended).Attendance("C1", "2022/23", "summer", baseline[1].Possible, baseline[1].Attended)
        .Attendance("C1", "2023/24", "autumn", outcome[0].Possible, outcome[0].Attended).Attendance("C1", "2023/24", "spring", outcome[1].Possible, outcome[1].Attended);

    [Theory]
    // Each exactly at the 0.30 it needs, with percentages binary floating point cannot hold (the quotients come out
    // as 0.2999…), and each one session short of it.
    // relative: 52/100 = 52% to 169/250 = 67.6%: 15.6 / 52 = 0.30; 168/250 = 67.2%: 0.292
    [InlineData(26, 50, 85, 84, 125, "relative", "met", "(relative improvement 0.3, needed 0.30; minimum 50%).")]
    [InlineData(26, 50, 84, 84, 125, "relative", "not_met", "(relative improvement 0.292, needed 0.30; minimum 50%).")]
    // points: 42/102 = 41.18% to 121/170 = 71.18%: 30 points; 120/170 = 70.59%: 29.4 points
    [InlineData(21, 51, 60, 61, 85, "points", "met", "(points improvement 0.3, needed 0.30; minimum 50%).")]
    [InlineData(21, 51, 60, 60, 85, "points", "not_met", "(points improvement 0.294, needed 0.30; minimum 50%).")]
    // absence_relative: 44/100 = 44% (56% absent) to 152/250 = 60.8% (39.2% absent): 16.8 / 56 = 0.30 of it removed
    [InlineData(22, 50, 76, 76, 125, "absence_relative", "met", "(absence_relative improvement 0.3, needed 0.30; minimum 50%).")]
    [InlineData(22, 50, 76, 75, 125, "absence_relative", "not_met", "(absence_relative improvement 0.292, needed 0.30; minimum 50%).")]
    public void Need12_ExactlyTheImprovementNeeded_IsMet_EvenWhereFloatingPointFallsShort(
        int baselineAttended, int baselinePossible, int autumnAttended, int springAttended, int outcomePossible, string mode, string expected, string reasonEnd)
    {
        var need = Terms([(baselinePossible, baselineAttended), (baselinePossible, baselineAttended)], [(outcomePossible, autumnAttended), (outcomePossible, springAttended)])
            .Evaluate("2024-03-31", "improvement_mode=" + mode).Need("F1", "1.2", "C1");
        Assert.Equal(expected, need.Status);
        Assert.EndsWith(reasonEnd, need.Reason);
    }

    [Fact]
    public void Need12_PointsMode_NeedsThirtyPercentagePoints()
    {
        var s = Severe(40, 60);
        Assert.Equal("met", s.Evaluate("2024-03-31").Status("F1", "1.2", "C1"));
        Assert.Equal("not_met", s.Evaluate("2024-03-31", "improvement_mode=points").Status("F1", "1.2", "C1"));
        Assert.Equal("met", Severe(40, 70).Evaluate("2024-03-31", "improvement_mode=points").Status("F1", "1.2", "C1"));
    }

    [Fact]
    public void Need12_FromZero_IsMetWithoutAnImprovementFigure_OnlyInTheRelativeMode()
    {
        // "baseline 0 → met when outcome ≥ 50" belongs to the relative formula, which cannot divide by a zero
        // baseline. In the points mode the rise is 55 points (0.55), which meets 0.3 but not 0.6.
        var s = Severe(0, 55);
        Assert.Equal("met", s.Evaluate("2024-03-31").Status("F1", "1.2", "C1"));
        Assert.Equal("met", s.Evaluate("2024-03-31", "improvement_mode=points", "attendance_improvement=0.3").Status("F1", "1.2", "C1"));
        var points = s.Evaluate("2024-03-31", "improvement_mode=points", "attendance_improvement=0.6").Need("F1", "1.2", "C1");
        Assert.Equal(("not_met", "Attendance went from 0.0% to 55.0% (points improvement 0.55, needed 0.6; minimum 50%)."), (points.Status, points.Reason));
        // absence_relative: from 100% absence to 45%, 0.55 of it removed; 0.9 is needed.
        Assert.Equal("not_met", s.Evaluate("2024-03-31", "improvement_mode=absence_relative", "attendance_improvement=0.9").Status("F1", "1.2", "C1"));
        // absence_relative from a full baseline: there is no absence to remove, so no improvement.
        var full = Severe(100, 100).Evaluate("2024-03-31", "improvement_mode=absence_relative").Need("F1", "1.2", "C1");
        Assert.Equal(("not_met", "Attendance went from 100.0% to 100.0% (absence_relative improvement none: there was no baseline absence to remove, needed 0.30; minimum 50%)."),
            (full.Status, full.Reason));
    }

    [Fact]
    public void Need11_TheReason_NeverShowsABelowThresholdFigureAsReachingIt()
    {
        // 94 of 105 and 94 of 104: 188 / 209 = 89.95%, below 90%. Rounded it would read "90.0%, below 90%".
        var need = Child().Attendance("C1", "2023/24", "autumn", 105, 94).Attendance("C1", "2023/24", "spring", 104, 94).Evaluate("2024-03-31").Need("F1", "1.1", "C1");
        Assert.Equal(("not_met", "Attendance over the outcome terms was 89.9%, below the threshold of 90%."), (need.Status, need.Reason));
    }

    [Fact]
    public void Need11_RowsWithNoPossibleSessions_AreInsufficientData_AndSaySo()
    {
        var need = Child().Attendance("C1", "2023/24", "autumn", 0, 0).Attendance("C1", "2023/24", "spring", 0, 0).Evaluate("2024-03-31").Need("F1", "1.1", "C1");
        Assert.Equal(("insufficient_data", "The attendance rows of the outcome terms leave no possible sessions (after any authorised absence), so no percentage can be worked out."),
            (need.Status, need.Reason));
        var missing = Child().Attendance("C1", "2023/24", "autumn", 100, 95).Evaluate("2024-03-31").Need("F1", "1.1", "C1");
        Assert.Equal(("insufficient_data", "No attendance recorded for 1 of the outcome terms."), (missing.Status, missing.Reason));
    }

    [Fact]
    public void Need12_WithoutBaselineTerms_IsInsufficientData()
    {
        var e = new Scenario().Family("F1", "2023-09-01", "2024-03-31").Person("F1", "C1", "2012-05-01").Need("F1", "1.2", "C1")
            .Attendance("C1", "2023/24", "autumn", 100, 60).Attendance("C1", "2023/24", "spring", 100, 60).Evaluate("2024-03-31");
        Assert.Equal("insufficient_data", e.Status("F1", "1.2", "C1"));
    }
}
