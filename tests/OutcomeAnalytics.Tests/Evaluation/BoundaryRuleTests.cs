using System.Text.Json;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Tests.Model.Measures;

namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// Window boundaries of the phase 3 rules, each dated exactly on a window's inclusive end and on the day just
/// outside it, and the alternative readings of need 1.2's improvement and need 7.1's reduction baseline.
/// Unless a case says otherwise: attached (A) 1 March 2023, closed (C) 30 September 2023, post-closure window
/// PC = (30 September 2023, 30 March 2024], evaluated (T) 1 June 2024. Attendance and exclusion cases use the
/// default calendar (autumn 1 Sep - 31 Dec, spring 1 Jan - 31 Mar, summer 1 Apr - 31 Aug).
/// </summary>
public sealed class BoundaryRuleTests
{
    private const string Attached = "2023-03-01";
    private const string Closed = "2023-09-30";
    private const string WindowEnd = "2024-03-30"; // C + 6 months
    private const string AsAt = "2024-06-01";
    private const string DayAfterAsAt = "2024-06-02";

    private const string WindowPending = "The post-closure window ends on 2024-03-30, after the evaluation date.";
    private const string StillOpen = "The family is still open, so the post-closure window has not started.";

    private static string[] Terms(JsonElement detail, string window) =>
        [.. detail.GetProperty(window).EnumerateArray().Select(t => t.GetProperty("term").GetString()!)];

    // ---- 1. eet_status (10.3, first route) ----
    // "latest `eet_status` on or before `T` is `eet` and no `neet` status in `PC`"; PC = (C, C + 6 months].

    private static Scenario YoungPerson(string code) => RecordRuleTests.Family(code, "Y1", "2007-01-01");

    [Theory]
    [InlineData(Closed, "met", 0)]           // on C: outside (C, C + 6 months], does not block
    [InlineData("2023-10-01", "not_met", 1)] // the day after C: inside
    [InlineData(WindowEnd, "not_met", 1)]    // on C + 6 months: inside, blocks
    [InlineData("2024-03-31", "met", 0)]     // the day after C + 6 months: outside
    public void Need103_NeetStatus_BlocksOnlyInsideThePostClosureWindow(string neetDate, string expected, int neetAfter)
    {
        // The latest status (15 April 2024) is eet in every case; only the neet status moves.
        var need = YoungPerson("10.3").Eet("Y1", neetDate, "neet").Eet("Y1", "2024-04-15", "eet").Evaluate(AsAt).Need("F1", "10.3", "Y1");
        Assert.Equal(expected, need.Status);
        var (status, reason, detail) = need.Part(0);
        Assert.Equal(expected, status);
        Assert.Equal($"Latest status eet on 2024-04-15; {neetAfter} NEET status(es) after closure.", reason);
        Assert.Equal(neetAfter, detail.GetProperty("neet_after_closure").GetInt32());
    }

    [Theory]
    [InlineData(AsAt, "not_met", "neet", AsAt)]              // a neet status on T is the latest
    [InlineData(DayAfterAsAt, "met", "eet", "2024-05-01")]  // one dated after T is ignored for the latest
    public void Need103_LatestStatus_IsTheLatestOnOrBeforeTheEvaluationDate(string neetDate, string expected, string latest, string latestDate)
    {
        var need = YoungPerson("10.3").Eet("Y1", "2024-05-01", "eet").Eet("Y1", neetDate, "neet").Evaluate(AsAt).Need("F1", "10.3", "Y1");
        Assert.Equal(expected, need.Status);
        var (_, reason, detail) = need.Part(0);
        Assert.Equal($"Latest status {latest} on {latestDate}; 0 NEET status(es) after closure.", reason);
        Assert.Equal(latest, detail.GetProperty("latest").GetString());
    }

    [Fact]
    public void Need103_NoStatusOnOrBeforeTheEvaluationDate_IsInsufficientData()
    {
        // Neither no status at all nor only a status dated after T gives a latest status: the route lacks data, and
        // with no evidence (not_met) so does the need.
        foreach (var s in new[] { YoungPerson("10.3"), YoungPerson("10.3").Eet("Y1", DayAfterAsAt, "eet") })
        {
            var need = s.Evaluate(AsAt).Need("F1", "10.3", "Y1");
            Assert.Equal("insufficient_data", need.Status);
            Assert.Equal("No education, employment or training status recorded by the evaluation date.", need.Reason);
            Assert.Equal("insufficient_data", need.Part(0).Status);
        }
    }

    // ---- 2. Baseline terms ----
    // "Baseline terms (BT): the 2 most recent complete terms whose end date ≤ A."

    [Theory]
    [InlineData("2023-08-31", "2022/23 spring", "2022/23 summer", 40, "met")]     // on summer's end date: summer is a baseline term
    [InlineData("2023-08-30", "2022/23 autumn", "2022/23 spring", 50, "not_met")] // the day before: it is not
    public void Need12_ATermEndingOnTheAttachmentDay_IsABaselineTerm(string attached, string first, string second, int baselinePercent, string expected)
    {
        // Baseline candidates: autumn 2022 60%, spring 2023 40%, summer 2023 40%; outcome (autumn 2023, spring 2024) 52%.
        // From 40%: (52 - 40) / 40 = 0.30, met. From 50%: 0.04, not met.
        var need = new Scenario().Family("F1", attached, "2024-03-31").Person("F1", "C1", "2012-05-01").Need("F1", "1.2", "C1")
            .Attendance("C1", "2022/23", "autumn", 100, 60).Attendance("C1", "2022/23", "spring", 100, 40).Attendance("C1", "2022/23", "summer", 100, 40)
            .Attendance("C1", "2023/24", "autumn", 100, 52).Attendance("C1", "2023/24", "spring", 100, 52)
            .Evaluate("2024-03-31").Need("F1", "1.2", "C1");
        Assert.Equal(expected, need.Status);
        var detail = need.DetailJson();
        Assert.Equal([first, second], Terms(detail, "baseline_terms"));
        Assert.Equal(["2023/24 autumn", "2023/24 spring"], Terms(detail, "outcome_terms"));
        Assert.Equal(baselinePercent, detail.GetProperty("baseline_percent").GetDecimal());
    }

    // ---- 3. plan_closed (6.1, first part) ----
    // "a plan (early_help, child_in_need, child_protection) of the child ended in [A, T] with end_reason closed or
    // stepped_down and no plan of those types still open at T".

    private static Scenario Plans() => RecordRuleTests.Family("6.1", "C1", "2012-01-01").Evidence("F1", "6.1", "2023-09-01", "C1");

    [Theory]
    [InlineData("2023-02-28", "not_met", "No plan closed or stepped down between attachment and the evaluation date.")] // A - 1
    [InlineData(Attached, "met", "A plan ended (closed or stepped down) on 2023-03-01 and none is open.")]               // A: inside
    [InlineData(AsAt, "met", "A plan ended (closed or stepped down) on 2024-06-01 and none is open.")]                   // T: inside
    [InlineData(DayAfterAsAt, "not_met", "A plan is still open at the evaluation date.")]                                // T + 1: still open at T
    public void Need61_PlanEnd_CountsFromAttachmentToTheEvaluationDate(string end, string expected, string reason)
    {
        var need = Plans().Plan("C1", "child_in_need", "2022-12-01", end, "closed").Evaluate(AsAt).Need("F1", "6.1", "C1");
        Assert.Equal(expected, need.Status);
        Assert.Equal((expected, reason), (need.Part(0).Status, need.Part(0).Reason));
    }

    [Theory]
    [InlineData(AsAt, "not_met")]       // a plan opened on T is open at T
    [InlineData(DayAfterAsAt, "met")]  // one opened after T is not
    public void Need61_APlanOpenedAfterTheEvaluationDate_IsNotOpenAtIt(string start, string expected)
    {
        var need = Plans().Plan("C1", "child_protection", "2022-12-01", "2023-08-01", "stepped_down").Plan("C1", "early_help", start)
            .Evaluate(AsAt).Need("F1", "6.1", "C1");
        Assert.Equal(expected, need.Status);
        Assert.Equal(expected, need.Part(0).Status);
    }

    // ---- 4. instrument_improvement ----
    // "follow-up = the latest sitting dated ≥ baseline date + 28 days and ≤ T".

    [Theory]
    [InlineData(AsAt, "met")]                          // a follow-up on T counts
    [InlineData(DayAfterAsAt, "insufficient_data")]   // one on T + 1 is ignored: no follow-up
    public void Instrument_FollowUpOnTheEvaluationDate_Counts_AndTheDayAfterIsIgnored(string followUp, string expected)
    {
        var need = RecordRuleTests.Family("3.2").Assessment("A1", "WEMWBS", "2023-03-05", 40).Assessment("A1", "WEMWBS", followUp, 45)
            .Evaluate(AsAt).Need("F1", "3.2", "A1");
        Assert.Equal(expected, need.Status);
        if (expected == "insufficient_data")
            Assert.Equal("No follow-up questionnaire at least 28 days after the baseline and on or before 2024-06-01.", need.Reason); // the sitting on T + 1 is too late, not too early
    }

    [Theory]
    [InlineData(AsAt, "met", AsAt)]                       // the improved sitting on T is the latest follow-up
    [InlineData(DayAfterAsAt, "not_met", "2023-06-01")]  // on T + 1 it is ignored: the worse one of June 2023 is the follow-up
    public void Instrument_LatestFollowUp_IsTheLatestOnOrBeforeTheEvaluationDate(string improvedDate, string expected, string followUpDate)
    {
        var need = RecordRuleTests.Family("3.2").Assessment("A1", "WEMWBS", "2023-03-05", 40)
            .Assessment("A1", "WEMWBS", "2023-06-01", 38).Assessment("A1", "WEMWBS", improvedDate, 45)
            .Evaluate(AsAt).Need("F1", "3.2", "A1");
        Assert.Equal(expected, need.Status);
        var pair = Assert.Single(need.Part(0).Detail.GetProperty("pairs").EnumerateArray());
        Assert.Equal(followUpDate, pair.GetProperty("followup_date").GetString());
    }

    // ---- 5. sustained_employment (10.1, first route) ----
    // "an `employed` spell starting in [A, T] and not ending before C + 6 months".

    [Theory]
    [InlineData(Attached, null, "met")]             // starts on A
    [InlineData("2023-02-28", null, "not_met")]     // A - 1
    [InlineData(AsAt, null, "met")]                 // starts on T
    [InlineData(DayAfterAsAt, null, "not_met")]     // T + 1
    [InlineData(Closed, "2024-03-29", "not_met")]   // ends the day before C + 6 months: not sustained
    [InlineData(Closed, WindowEnd, "met")]          // ends on C + 6 months: sustained
    public void Need101_SpellStartingInAttachmentToEvaluationDate_AndNotEndingBeforeTheWindowEnd(string start, string? end, string expected)
    {
        var need = ClosureWindowRuleTests.Adult("10.1").Employment("A1", "employed", start, end).Evaluate(AsAt).Need("F1", "10.1", "A1");
        Assert.Equal(expected, need.Status);
        var (status, reason, detail) = need.Part(0);
        Assert.Equal(expected, status);
        Assert.Equal(expected == "met"
            ? $"In work from {start} (a spell starting between attachment and the evaluation date), not ending before {WindowEnd}."
            : "No employment spell that started after attachment lasted to the end of the post-closure window.", reason);
        // The detail gives the window a spell must start in, [A, T], and the day it must last to, C + 6 months.
        var window = detail.GetProperty("window");
        Assert.Equal((Attached, AsAt, WindowEnd), (window.Field("from"), window.Field("to"), detail.Field("sustain_until")));
    }

    // ---- 6. exclusion_reduction (1.3, first route) ----
    // "days lost to exclusions starting in OT < days lost in BT, and no permanent exclusion in OT; min_reduction".
    // Attached 1 September 2023: BT = spring and summer 2023 (1 January - 31 August 2023); at 1 April 2024 OT =
    // autumn 2023 and spring 2024 (1 September 2023 - 31 March 2024). The SDQ did not improve, so that route is
    // not met and the exclusions route decides.

    private static Scenario Excluded() => new Scenario()
        .Family("F1", "2023-09-01", "2024-03-31").Person("F1", "C1", "2012-01-01").Need("F1", "1.3", "C1")
        .Assessment("C1", "SDQ", "2023-09-05", 18, "parent").Assessment("C1", "SDQ", "2024-01-10", 18, "parent");

    [Fact]
    public void Need13_ExclusionsOutsideTheTerms_AreNotCounted()
    {
        // Counted: 3 days on 1 January 2023 (BT's first day) and 2 on 31 March 2024 (OT's last day). Not counted:
        // 10 days on 31 December 2022 (the day before BT) and 10 on 1 April 2024 (the day after OT).
        var need = Excluded()
            .Exclusion("C1", "2022-12-31", "suspension", 10).Exclusion("C1", "2023-01-01", "suspension", 3)
            .Exclusion("C1", "2024-03-31", "suspension", 2).Exclusion("C1", "2024-04-01", "suspension", 10)
            .Evaluate("2024-04-01").Need("F1", "1.3", "C1");
        Assert.Equal("met", need.Status);
        var (status, _, detail) = need.Part(0);
        Assert.Equal("met", status);
        Assert.Equal((3m, 2m), (detail.GetProperty("baseline_days_lost").GetDecimal(), detail.GetProperty("outcome_days_lost").GetDecimal()));
    }

    [Fact]
    public void Need13_NoBaselineTerms_IsInsufficientData()
    {
        // "insufficient_data: … a record the rule needs is missing (e.g. … no baseline terms)". The loaded calendar
        // starts with autumn 2023, so no term ends on or before A; the outcome terms have both finished.
        var need = Excluded()
            .Term("2023/24", "autumn", "2023-09-04", "2023-12-20").Term("2023/24", "spring", "2024-01-08", "2024-03-28")
            .Exclusion("C1", "2023-10-02", "suspension", 1)
            .Evaluate("2024-04-01").Need("F1", "1.3", "C1");
        Assert.Equal("insufficient_data", need.Status);
        Assert.Equal(("insufficient_data", "There are no complete baseline terms before attachment."), (need.Part(0).Status, need.Part(0).Reason));
    }

    [Fact]
    public void Need13_OneBaselineTermOfTwo_IsInsufficientData_SayingHowManyThereAre()
    {
        // The loaded calendar starts with summer 2022/23: one complete term ends on or before A, and two are needed.
        var need = Excluded()
            .Term("2022/23", "summer", "2023-04-17", "2023-07-21")
            .Term("2023/24", "autumn", "2023-09-04", "2023-12-20").Term("2023/24", "spring", "2024-01-08", "2024-03-28")
            .Exclusion("C1", "2023-10-02", "suspension", 1)
            .Evaluate("2024-04-01").Need("F1", "1.3", "C1");
        Assert.Equal(("insufficient_data", "Only 1 of the 2 baseline terms are complete before attachment."), (need.Part(0).Status, need.Part(0).Reason));
    }

    [Theory]
    [InlineData(5.0, "", "not_met")]                   // default 0: no reduction is not a reduction
    [InlineData(4.5, "", "met")]                     // any reduction
    [InlineData(3.0, "min_reduction=2", "not_met")]    // a fall of exactly 2 is not more than 2
    [InlineData(2.5, "min_reduction=2", "met")]      // 2.5 is
    [InlineData(3.0, "min_reduction=1.5", "met")]
    public void Need13_MinReduction_DaysLostMustFallByMoreThanIt(double outcomeDays, string parameter, string expected)
    {
        // "Days lost to exclusions must fall by more than this many days" (phase3.yaml): 5 days lost in BT.
        var s = Excluded().Exclusion("C1", "2023-02-01", "suspension", 5).Exclusion("C1", "2023-11-01", "suspension", (decimal)outcomeDays);
        var need = (parameter.Length == 0 ? s.Evaluate("2024-04-01") : s.Evaluate("2024-04-01", parameter)).Need("F1", "1.3", "C1");
        Assert.Equal(expected, need.Status);
        Assert.Equal(expected, need.Part(0).Status);
        // A fall that is not enough says what was needed; one that is enough does not.
        Assert.Equal(expected == "not_met", need.Part(0).Reason.EndsWith($": they must fall by more than {(parameter.Length == 0 ? "0" : parameter.Split('=')[1])}.", StringComparison.Ordinal));
    }

    // ---- 7. pending ----
    // "pending: the windows the rule needs have not finished by T (fewer than 2 complete terms since A; or C empty
    // or T < C + 6 months for a rule that reads PC or PM)". C + 6 months = 30 March 2024: the day before it the
    // window is running, on it the window has finished.

    private static Scenario Open(string code, string person, string born, string role = "child") =>
        new Scenario().Family("F1", Attached).Person("F1", person, born, role).Need("F1", code, person);

    [Fact]
    public void Need72_NoIncidents_IsPendingUntilThePostClosureWindowEnds()
    {
        var s = YoungPerson("7.2");
        Assert.Equal(("pending", WindowPending), Decision(s.Evaluate("2024-03-29").Need("F1", "7.2", "Y1")));
        Assert.Equal(("met", "No offence or arrest or named_suspect or asb incident in the post-closure window."), Decision(s.Evaluate(WindowEnd).Need("F1", "7.2", "Y1")));
        Assert.Equal(("pending", StillOpen), Decision(Open("7.2", "Y1", "2007-01-01").Evaluate("2025-06-01").Need("F1", "7.2", "Y1")));
    }

    [Fact]
    public void Need62_NoReferrals_IsPendingUntilThePostClosureWindowEnds()
    {
        // all_of: no missing episode (PM), no referral (PC), evidence (met). The referral part is the second.
        var running = ClosureWindowRuleTests.Missing().Evaluate("2024-03-29").Need("F1", "6.2", "C1");
        Assert.Equal(("pending", WindowPending), Decision(running));
        Assert.Equal(("pending", WindowPending), (running.Part(1).Status, running.Part(1).Reason));
        var done = ClosureWindowRuleTests.Missing().Evaluate(WindowEnd).Need("F1", "6.2", "C1");
        Assert.Equal("met", done.Status);
        Assert.Equal(("met", "No referral to childrens_social_care in the post-closure window."), (done.Part(1).Status, done.Part(1).Reason));
        var open = Open("6.2", "C1", "2012-01-01").Evidence("F1", "6.2", "2023-09-01", "C1").Evaluate("2025-06-01").Need("F1", "6.2", "C1");
        Assert.Equal(("pending", StillOpen), Decision(open));
        Assert.Equal(("pending", StillOpen), (open.Part(1).Status, open.Part(1).Reason));
    }

    [Fact]
    public void Need101_SustainedEmployment_IsPendingUntilThePostClosureWindowEnds()
    {
        // any_of: the employment route is pending and evidence is not met, so the need is pending with that reason.
        var s = ClosureWindowRuleTests.Adult("10.1").Employment("A1", "employed", "2023-06-01");
        Assert.Equal(("pending", WindowPending), Decision(s.Evaluate("2024-03-29").Need("F1", "10.1", "A1")));
        Assert.Equal("met", s.Evaluate(WindowEnd).Status("F1", "10.1", "A1"));
        var open = Open("10.1", "A1", "1980-01-01", "parent_carer").Employment("A1", "employed", "2023-06-01").Evaluate("2025-06-01").Need("F1", "10.1", "A1");
        Assert.Equal(("pending", StillOpen), Decision(open));
    }

    [Fact]
    public void Need103_EetStatus_IsPendingUntilThePostClosureWindowEnds()
    {
        var s = YoungPerson("10.3").Eet("Y1", "2023-10-01", "eet");
        Assert.Equal(("pending", WindowPending), Decision(s.Evaluate("2024-03-29").Need("F1", "10.3", "Y1")));
        Assert.Equal("met", s.Evaluate(WindowEnd).Status("F1", "10.3", "Y1"));
        var open = Open("10.3", "Y1", "2007-01-01").Eet("Y1", "2023-10-01", "eet").Evaluate("2025-06-01").Need("F1", "10.3", "Y1");
        Assert.Equal(("pending", StillOpen), Decision(open));
    }

    [Fact]
    public void Need12_IsPendingUntilTheOutcomeTermsHaveFinished()
    {
        // Attached 1 September 2023: spring 2024, the second outcome term, ends on 31 March 2024.
        var s = AttendanceRuleTests.Severe(40, 60);
        Assert.Equal(("pending", "Only 1 of the 2 outcome terms have finished since attachment."), Decision(s.Evaluate("2024-03-30").Need("F1", "1.2", "C1")));
        Assert.Equal("met", s.Evaluate("2024-03-31").Status("F1", "1.2", "C1"));
    }

    [Fact]
    public void Need12_DoesNotReadTheClosureWindows_SoAnOpenFamilyIsDecided()
    {
        // 1.2 reads only terms: with no closure date it is decided once the outcome terms have finished.
        var e = new Scenario().Family("F1", "2023-09-01").Person("F1", "C1", "2012-05-01").Need("F1", "1.2", "C1")
            .Attendance("C1", "2022/23", "spring", 100, 40).Attendance("C1", "2022/23", "summer", 100, 40)
            .Attendance("C1", "2023/24", "autumn", 100, 60).Attendance("C1", "2023/24", "spring", 100, 60)
            .Evaluate("2024-03-31");
        Assert.Equal("met", e.Status("F1", "1.2", "C1"));
    }

    private static (string Status, string Reason) Decision(NeedResult need) => (need.Status, need.Reason);

    // ---- 8. Alternative parameter readings ----
    // 1.2: "(outcome − baseline) ÷ baseline ≥ 0.30 (improvement_mode = relative; alternatives points, absence_relative)";
    // phase3.yaml: points = percentage points ÷ 100, absence_relative = the fraction of baseline absence removed.

    [Theory]
    [InlineData(40, 52, "relative", 0.3, "met")]            // 12 / 40
    [InlineData(40, 52, "points", 0.12, "not_met")]         // 12 points
    [InlineData(40, 52, "absence_relative", 0.2, "not_met")] // absence 60% -> 48%: 12 / 60
    [InlineData(80, 86, "relative", 0.075, "not_met")]      // 6 / 80
    [InlineData(80, 86, "points", 0.06, "not_met")]
    [InlineData(80, 86, "absence_relative", 0.3, "met")]    // absence 20% -> 14%: 6 / 20
    [InlineData(80, 85, "absence_relative", 0.25, "not_met")] // 5 / 20
    public void Need12_ImprovementModes_DifferOnTheSameAttendance(int baseline, int outcome, string mode, double improvement, string expected)
    {
        var need = AttendanceRuleTests.Severe(baseline, outcome).Evaluate("2024-03-31", "improvement_mode=" + mode).Need("F1", "1.2", "C1");
        Assert.Equal(expected, need.Status);
        var detail = need.DetailJson();
        Assert.Equal(mode, detail.GetProperty("mode").GetString());
        Assert.Equal((decimal)improvement, detail.GetProperty("improvement").GetDecimal());
    }

    // 7.1: "If N ≥ 8: met when P ≤ 0.5 × N × 6/12 (reduction_baseline = rate over 12 months; alternative
    // count_6_months_before)": the latter allows 0.5 × the count in [A − 6 months, A) = [1 September 2022, 1 March 2023).

    [Theory]
    [InlineData("2022-06-01", 2, "rate_12_months", "met")]            // N = 8: 0.5 x 8 x 6/12 = 2 allowed
    [InlineData("2022-06-01", 2, "count_6_months_before", "not_met")] // none in the 6 months before A: 0 allowed
    [InlineData("2022-10-01", 3, "rate_12_months", "not_met")]        // 2 allowed
    [InlineData("2022-10-01", 3, "count_6_months_before", "met")]     // all 8 in the 6 months before A: 4 allowed
    public void Need71_ReductionBaseline_CountSixMonthsBefore_DiffersFromTheTwelveMonthRate(string firstBaseline, int after, string reading, string expected)
    {
        var s = ClosureWindowRuleTests.Incidents(ClosureWindowRuleTests.Adult(), "A1", 8, firstBaseline);
        ClosureWindowRuleTests.Incidents(s, "A1", after, "2023-11-01");
        var need = s.Evaluate(WindowEnd, "reduction_baseline=" + reading).Need("F1", "7.1", "A1");
        Assert.Equal(expected, need.Status);
        Assert.Equal("reduction", need.DetailJson().GetProperty("route").GetString());
    }

    [Theory]
    [InlineData(2, "met")]     // 4 in [1 September 2022, 1 March 2023): 0.5 x 4 = 2 allowed
    [InlineData(3, "not_met")]
    public void Need71_CountSixMonthsBefore_StartsOnASixMonthsBefore(int after, string expected)
    {
        // 28 - 31 August 2022 (before A - 6 months, not counted) and 1 - 4 September 2022 (from A - 6 months, counted).
        var s = ClosureWindowRuleTests.Incidents(ClosureWindowRuleTests.Adult(), "A1", 4, "2022-08-28");
        ClosureWindowRuleTests.Incidents(s, "A1", 4, "2022-09-01");
        ClosureWindowRuleTests.Incidents(s, "A1", after, "2023-11-01");
        var need = s.Evaluate(WindowEnd, "reduction_baseline=count_6_months_before").Need("F1", "7.1", "A1");
        Assert.Equal(expected, need.Status);
        var detail = need.DetailJson();
        Assert.Equal((8, 4, 2m), (detail.GetProperty("baseline_count").GetInt32(), detail.GetProperty("baseline_6_months").GetInt32(), detail.GetProperty("allowed").GetDecimal()));
    }
}
