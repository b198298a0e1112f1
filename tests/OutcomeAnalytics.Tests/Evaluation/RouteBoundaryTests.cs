using System.Text.Json;
using OutcomeAnalytics.Tests.Model.Measures;

namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// Route and claim boundaries of the phase 3 reference rules, hand-worked: which questionnaire sitting is the
/// baseline and which sittings pair; evidence under <c>require_verified</c>; need 1.3's routes while the exclusions
/// route is pending and which permanent exclusions block it; need 1.1's most recent outcome terms; a person-scoped
/// need over several people in the family's claim; and what counts toward eligibility. The default calendar applies
/// throughout (autumn 1 Sep - 31 Dec, spring 1 Jan - 31 Mar, summer 1 Apr - 31 Aug).
/// </summary>
public sealed class RouteBoundaryTests
{
    private static string[] Terms(JsonElement detail, string window) =>
        [.. detail.GetProperty(window).EnumerateArray().Select(t => t.GetProperty("term").GetString()!)];

    // ---- 1. Instrument route: the baseline sitting, and informants ----
    // "For a person and an allowed set of instruments (same instrument, informant and scale total): baseline = the
    // latest sitting dated ≤ A + 30 days; follow-up = the latest sitting dated ≥ baseline date + 28 days and ≤ T."
    // A = 1 March 2023, so A + 30 days = 31 March 2023; T = 1 June 2024.

    [Theory]
    // WEMWBS (higher is better). Sittings on A - 10 days (19 February 2023) and A + 10 days (11 March 2023), both on
    // or before A + 30 days: the latest, 11 March, is the baseline. Follow-up 45 on 1 June 2023 (>= 11 March + 28 days
    // = 8 April). 50 -> 45 is worse: not_met (from the 40 of 19 February it would be improved). 40 -> 45 is
    // improved: met (from the 50 of 19 February it would be worse).
    [InlineData(40, 50, "not_met")]
    [InlineData(50, 40, "met")]
    public void Instrument_Baseline_IsTheLatestSittingUpToThirtyDaysAfterAttachment(int beforeAttachment, int afterAttachment, string expected)
    {
        var need = RecordRuleTests.Family("3.2")
            .Assessment("A1", "WEMWBS", "2023-02-19", beforeAttachment).Assessment("A1", "WEMWBS", "2023-03-11", afterAttachment)
            .Assessment("A1", "WEMWBS", "2023-06-01", 45)
            .Evaluate("2024-06-01").Need("F1", "3.2", "A1");
        // any_of: the questionnaire route decides; the evidence route (none recorded) is not_met.
        Assert.Equal(expected, need.Status);
        var (status, _, detail) = need.Part(0);
        Assert.Equal(expected, status);
        var pair = Assert.Single(detail.GetProperty("pairs").EnumerateArray());
        Assert.Equal(("2023-03-11", (decimal)afterAttachment), (pair.Field("baseline_date"), pair.GetProperty("baseline").GetDecimal()));
        Assert.Equal(("2023-06-01", 45m), (pair.Field("followup_date"), pair.GetProperty("followup").GetDecimal()));
    }

    [Theory]
    // SDQ (lower is better) for child C1: a parent-reported baseline of 22 on 5 March 2023 and a follow-up of 10 on
    // 1 June 2023. From the same informant the pair is improved: met. From another informant there is no pair: the
    // parent series has no follow-up and the other series has no baseline (1 June 2023 is after A + 30 days), so
    // "No baseline or no follow-up = insufficient_data"; with the evidence route not_met, the need lacks data.
    [InlineData("parent", "met")]
    [InlineData("teacher", "insufficient_data")]
    [InlineData("self", "insufficient_data")]
    public void Instrument_BaselineAndFollowUpFromDifferentInformants_AreNoPair(string followUpInformant, string expected)
    {
        var need = RecordRuleTests.Family("3.1", "C1", "2012-05-01")
            .Assessment("C1", "SDQ", "2023-03-05", 22, "parent").Assessment("C1", "SDQ", "2023-06-01", 10, followUpInformant)
            .Evaluate("2024-06-01").Need("F1", "3.1", "C1");
        Assert.Equal(expected, need.Status);
        Assert.Equal(expected, need.Part(0).Status);
        if (expected == "insufficient_data")
        {
            Assert.Equal("No follow-up questionnaire at least 28 days after the baseline and on or before 2024-06-01.", need.Reason);
            // The only series with a baseline is the parent's, and it has no follow-up.
            var pair = Assert.Single(need.PartDetail(0).GetProperty("pairs").EnumerateArray());
            Assert.Equal(("parent", JsonValueKind.Null), (pair.Field("informant"), pair.GetProperty("followup").ValueKind));
        }
    }

    // ---- 2. Evidence route under require_verified ----
    // "evidence(need) is met when an evidence row exists for the family and need code, with result in (met,
    // improved), evidence_date in [A, T] … require_verified = false." With require_verified = true only rows marked
    // verified count; an empty cell is "not recorded" (data contract), so it is not verified. Need 9.1 (evidence
    // only) for A1, evidence on 1 May 2023, A = 1 March 2023, T = 1 June 2024.

    [Theory]
    [InlineData(null, "not_met")]
    [InlineData(false, "not_met")]
    [InlineData(true, "met")]
    public void Evidence_RequireVerified_CountsOnlyRowsMarkedVerified(bool? verified, string expected)
    {
        var s = RecordRuleTests.Family("9.1").Evidence("F1", "9.1", "2023-05-01", "A1", verified: verified);
        var strict = s.Evaluate("2024-06-01", "require_verified=true").Need("F1", "9.1", "A1");
        Assert.Equal(expected, strict.Status);
        Assert.Equal(expected == "met" ? "Evidence recorded: practitioner_assessment (met) on 2023-05-01." : "No qualifying evidence recorded between attachment and the evaluation date.",
            strict.Reason);
        Assert.True(strict.DetailJson().GetProperty("require_verified").GetBoolean());
        // By default (require_verified = false) the row counts however it is marked, and the detail shows the mark.
        var lenient = s.Evaluate("2024-06-01").Need("F1", "9.1", "A1");
        Assert.Equal("met", lenient.Status);
        var item = Assert.Single(lenient.DetailJson().GetProperty("evidence").EnumerateArray());
        Assert.Equal(verified switch { true => JsonValueKind.True, false => JsonValueKind.False, null => JsonValueKind.Null }, item.GetProperty("verified").ValueKind);
    }

    [Fact]
    public void Evidence_RequireVerified_AnUnverifiedEarlierRowDoesNotGiveTheReason()
    {
        // Unverified on 1 April 2023, verified on 1 May 2023: with require_verified = true only the second qualifies,
        // so the reason names it; by default the earlier one gives the reason.
        var s = RecordRuleTests.Family("9.1").Evidence("F1", "9.1", "2023-04-01", "A1", verified: false).Evidence("F1", "9.1", "2023-05-01", "A1", verified: true);
        var strict = s.Evaluate("2024-06-01", "require_verified=true").Need("F1", "9.1", "A1");
        Assert.Equal(("met", "Evidence recorded: practitioner_assessment (met) on 2023-05-01."), (strict.Status, strict.Reason));
        Assert.Equal("2023-05-01", Assert.Single(strict.DetailJson().GetProperty("evidence").EnumerateArray()).Field("date"));
        var lenient = s.Evaluate("2024-06-01").Need("F1", "9.1", "A1");
        Assert.Equal(("met", "Evidence recorded: practitioner_assessment (met) on 2023-04-01."), (lenient.Status, lenient.Reason));
    }

    // ---- 3. Need 1.3 while the exclusions route is pending ----
    // 1.3: "any_of: (days lost to exclusions starting in OT < days lost in BT, and no permanent exclusion in OT);
    // instrument SDQ improved; evidence". "pending: the windows the rule needs have not finished by T (fewer than 2
    // complete terms since A …)". any_of: "met when any route is met; … a route that is pending or lacks data makes the
    // need pending / insufficient_data when no other route is met."
    // A = 1 September 2023. At T = 30 March 2024 only autumn 2023 of the outcome terms is complete (spring 2024 ends
    // on 31 March): the exclusions route is pending. 5 days lost in BT (1 February 2023), none since A: were the route
    // judged on the terms so far it would be met.

    private const string PendingWindow = "The outcome terms have not all finished.";

    private static Scenario Need13Pending() => new Scenario()
        .Family("F1", "2023-09-01", "2024-03-31").Person("F1", "C1", "2012-01-01").Need("F1", "1.3", "C1")
        .Exclusion("C1", "2023-02-01", "suspension", 5);

    [Fact]
    public void Need13_ExclusionsRoutePending_EvidenceMet_IsMet()
    {
        var need = Need13Pending().Evidence("F1", "1.3", "2023-12-01", "C1").Evaluate("2024-03-30").Need("F1", "1.3", "C1");
        Assert.Equal("met", need.Status);
        Assert.Equal(("pending", PendingWindow), (need.Part(0).Status, need.Part(0).Reason));
        Assert.Equal("met", need.Part(2).Status);
    }

    [Fact]
    public void Need13_ExclusionsRoutePending_SdqNotImproved_NoEvidence_IsPending()
    {
        // SDQ parent 18 -> 18: not improved (not_met); evidence not_met. The only route without an answer is pending.
        var s = Need13Pending().Assessment("C1", "SDQ", "2023-09-05", 18, "parent").Assessment("C1", "SDQ", "2024-01-10", 18, "parent");
        var need = s.Evaluate("2024-03-30").Need("F1", "1.3", "C1");
        Assert.Equal(("pending", PendingWindow), (need.Status, need.Reason));
        Assert.Equal(("pending", "not_met", "not_met"), (need.Part(0).Status, need.Part(1).Status, need.Part(2).Status));
        // On 31 March 2024 spring has ended: 0 days lost in OT < 5 in BT, no permanent exclusion: met.
        var done = s.Evaluate("2024-03-31").Need("F1", "1.3", "C1");
        Assert.Equal(("met", "met"), (done.Status, done.Part(0).Status));
    }

    [Fact]
    public void Need13_ExclusionsRoutePending_NothingElseRecorded_IsPending()
    {
        // No questionnaire (that route lacks data) and no evidence (not_met): one route pending, one lacking data, none
        // met. The windows have not finished, so the need is pending, as all_of puts pending before insufficient_data.
        var need = Need13Pending().Evaluate("2024-03-30").Need("F1", "1.3", "C1");
        Assert.Equal("pending", need.Status);
        Assert.Equal(("pending", "insufficient_data", "not_met"), (need.Part(0).Status, need.Part(1).Status, need.Part(2).Status));
    }

    // ---- 4. Need 1.3: which permanent exclusions block the exclusions route ----
    // "no permanent exclusion in OT": one outside OT does not block. A = 15 October 2023 (mid-autumn), T = 1 September
    // 2024. BT (the 2 most recent complete terms ending ≤ A) = spring and summer 2023; OT (complete terms starting ≥ A)
    // = spring 2024 (1 January - 31 March) and summer 2024 (1 April - 31 August); autumn 2023 is in neither. Days lost:
    // 3 in BT (suspension 1 February 2023), 2 in OT (suspension 1 February 2024): 2 < 3. The permanent exclusion loses
    // 0 days, so it changes no count. SDQ parent 18 -> 18 is not improved and there is no evidence, so the exclusions
    // route decides the need.

    [Theory]
    [InlineData("2023-06-01", "met")]     // in a baseline term (summer 2023)
    [InlineData("2023-09-10", "met")]     // after BT, before A
    [InlineData("2023-10-15", "met")]     // on A: between A and the first outcome term's start
    [InlineData("2023-12-31", "met")]     // the day before the first outcome term starts
    [InlineData("2024-01-01", "not_met")] // the first outcome term's first day: in OT
    [InlineData("2024-08-31", "not_met")] // the last outcome term's last day: in OT
    public void Need13_PermanentExclusionOutsideTheOutcomeTerms_DoesNotBlockTheExclusionsRoute(string permanent, string expected)
    {
        var need = new Scenario()
            .Family("F1", "2023-10-15", "2024-08-31").Person("F1", "C1", "2012-01-01").Need("F1", "1.3", "C1")
            .Assessment("C1", "SDQ", "2023-10-20", 18, "parent").Assessment("C1", "SDQ", "2024-02-01", 18, "parent")
            .Exclusion("C1", "2023-02-01", "suspension", 3).Exclusion("C1", "2024-02-01", "suspension", 2)
            .Exclusion("C1", permanent, "permanent", 0)
            .Evaluate("2024-09-01").Need("F1", "1.3", "C1");
        Assert.Equal(expected, need.Status);
        var (status, reason, detail) = need.Part(0);
        Assert.Equal(expected, status);
        Assert.Equal(["2022/23 spring", "2022/23 summer"], Terms(detail, "baseline_terms"));
        Assert.Equal(["2023/24 spring", "2023/24 summer"], Terms(detail, "outcome_terms"));
        Assert.Equal((3m, 2m), (detail.GetProperty("baseline_days_lost").GetDecimal(), detail.GetProperty("outcome_days_lost").GetDecimal()));
        Assert.Equal(expected == "met" ? 0 : 1, detail.GetProperty("permanent_in_outcome_terms").GetInt32());
        if (expected == "not_met")
            Assert.Equal("A permanent exclusion started in the outcome terms.", reason);
    }

    // ---- 5. Need 1.1: the most recent complete terms ----
    // "Outcome terms (OT): the 2 most recent complete terms at T whose start date ≥ A." A = 1 April 2024, T = 31 March
    // 2025: summer 2024, autumn 2024 and spring 2025 have all started on or after A and are complete (spring ends on
    // T), so OT = autumn 2024 and spring 2025; summer 2024 is left out. "attendance % over OT ≥ 90".

    [Theory]
    // Summer 50, autumn 90, spring 92 (of 100 each): OT 182/200 = 91%, met. With summer, 232/300 = 77.3%; summer and
    // autumn (the earliest two), 140/200 = 70%: either would be not_met.
    [InlineData(50, 90, 92, "met", 91)]
    // Summer 100, autumn 88, spring 88: OT 176/200 = 88%, not_met. With summer, 276/300 = 92%; summer and autumn,
    // 188/200 = 94%: either would be met.
    [InlineData(100, 88, 88, "not_met", 88)]
    public void Need11_OutcomeTerms_AreTheTwoMostRecentCompleteTerms_WhenThreeHaveStartedSinceAttachment(int summer, int autumn, int spring, string expected, int percent)
    {
        var need = new Scenario().Family("F1", "2024-04-01", "2025-03-31").Person("F1", "C1", "2012-05-01").Need("F1", "1.1", "C1")
            .Attendance("C1", "2023/24", "summer", 100, summer).Attendance("C1", "2024/25", "autumn", 100, autumn).Attendance("C1", "2024/25", "spring", 100, spring)
            .Evaluate("2025-03-31").Need("F1", "1.1", "C1");
        Assert.Equal(expected, need.Status);
        var detail = need.DetailJson();
        Assert.Equal(["2024/25 autumn", "2024/25 spring"], Terms(detail, "outcome_terms"));
        Assert.Equal(percent, detail.GetProperty("attendance_percent").GetDecimal());
    }

    [Fact]
    public void Need11_NamingNoOne_APupilWithAttendanceOnlyInTheLeftOutTerm_IsNotInScope()
    {
        // "each child of the need (person_id), or, if empty, every family member with attendance rows in OT". C1 has
        // rows for autumn 2024 and spring 2025 (95%: met); C2 only for summer 2024, which is not an outcome term, so C2
        // is not judged (were summer in OT, C2 would be, and would lack data).
        var e = new Scenario().Family("F1", "2024-04-01", "2025-03-31").Person("F1", "C1", "2012-05-01").Person("F1", "C2", "2013-05-01").Need("F1", "1.1")
            .Attendance("C1", "2024/25", "autumn", 100, 95).Attendance("C1", "2024/25", "spring", 100, 95)
            .Attendance("C2", "2023/24", "summer", 100, 95)
            .Evaluate("2025-03-31");
        Assert.Equal([("C1", "met")], e.Needs.Where(n => n.NeedCode == "1.1").Select(n => (n.PersonId, n.Status)));
    }

    // ---- 6. A person-scoped need over several people, in the family's claim ----
    // "A person-scoped need over several people combines the same way as all_of": "not_met when any part is not_met;
    // met when every part is met; otherwise pending when any part is pending, else insufficient_data." Family status
    // (after the due date, nothing pending): "not_met (any need not_met); insufficient_data (any need
    // insufficient_data); claimable (every need met)". needs_identified counts distinct needs and needs_met the needs
    // met, so need 3.1 counts once, and as met only when every child met it.
    // A = 1 March 2023, C = 30 September 2023 (due 30 March 2024), T = 1 June 2024. Adult A1: 5.1, 9.1 and 10.2, each
    // met by evidence. Need 3.1 for each child, C1 and C2; a child's 3.1 is met by evidence for them, not_met by an
    // SDQ that got worse (parent 15 -> 20; lower is better) with no evidence, insufficient_data with neither.

    private static Scenario MixedPeople(bool named, string c1, string c2)
    {
        var s = new Scenario().Family("F1", "2023-03-01", "2023-09-30")
            .Person("F1", "A1", "1980-01-01", "parent_carer").Person("F1", "C1", "2012-01-01").Person("F1", "C2", "2014-01-01");
        foreach (var code in new[] { "5.1", "9.1", "10.2" })
            s.Need("F1", code, "A1").Evidence("F1", code, "2023-09-01", "A1");
        if (named) s.Need("F1", "3.1", "C1").Need("F1", "3.1", "C2");
        else s.Need("F1", "3.1");
        foreach (var (person, state) in new[] { ("C1", c1), ("C2", c2) })
        {
            if (state == "met") s.Evidence("F1", "3.1", "2023-09-01", person);
            else if (state == "not_met") s.Assessment(person, "SDQ", "2023-03-05", 15, "parent").Assessment(person, "SDQ", "2023-06-01", 20, "parent");
        }
        return s;
    }

    [Theory]
    [InlineData("met", "met", "claimable", 4, "All 4 needs were met.")]
    [InlineData("met", "insufficient_data", "insufficient_data", 3, "1 need(s) lack the data to decide.")]
    [InlineData("insufficient_data", "met", "insufficient_data", 3, "1 need(s) lack the data to decide.")]
    [InlineData("met", "not_met", "not_met", 3, "1 of 4 needs were not met.")]
    [InlineData("not_met", "insufficient_data", "not_met", 3, "1 of 4 needs were not met.")]
    public void Claim_APersonScopedNeedOverSeveralPeople_CombinesAsAllOf_AndCountsOnce(string c1, string c2, string expected, int needsMet, string reason)
    {
        foreach (var named in new[] { false, true })
        {
            var e = MixedPeople(named, c1, c2).Evaluate("2024-06-01");
            Assert.Equal((c1, c2), (e.Status("F1", "3.1", "C1"), e.Status("F1", "3.1", "C2")));
            var claim = e.Claim("F1");
            Assert.Equal((expected, reason), (claim.Status, claim.Reason));
            Assert.Equal((4, needsMet), (claim.NeedsIdentified, claim.NeedsMet));
        }
    }

    // ---- 7. Eligibility ----
    // "Eligible when the family has at least 3 distinct identified needs (eligibility_count = needs)."
    // A = 1 March 2023, C = 30 September 2023, T = 1 June 2024; every need recorded for an adult is met by evidence.

    [Fact]
    public void Eligibility_ANeedRecordedForTwoPeople_CountsOnce()
    {
        // 5.1 for A1 and for A2, and 9.1 for A1: two distinct needs, not three.
        var s = new Scenario().Family("F1", "2023-03-01", "2023-09-30")
            .Person("F1", "A1", "1980-01-01", "parent_carer").Person("F1", "A2", "1982-01-01", "parent_carer")
            .Need("F1", "5.1", "A1").Evidence("F1", "5.1", "2023-09-01", "A1")
            .Need("F1", "5.1", "A2").Evidence("F1", "5.1", "2023-09-01", "A2")
            .Need("F1", "9.1", "A1").Evidence("F1", "9.1", "2023-09-01", "A1");
        var e = s.Evaluate("2024-06-01");
        Assert.Equal(("met", "met", "met"), (e.Status("F1", "5.1", "A1"), e.Status("F1", "5.1", "A2"), e.Status("F1", "9.1", "A1")));
        var claim = e.Claim("F1");
        Assert.Equal(("not_eligible", "Only 2 needs identified; at least 3 are needed."), (claim.Status, claim.Reason));
        Assert.Equal(2, claim.NeedsIdentified);
        // A third distinct need makes three.
        var third = s.Need("F1", "10.2", "A1").Evidence("F1", "10.2", "2023-09-01", "A1").Evaluate("2024-06-01").Claim("F1");
        Assert.Equal(("claimable", 3, 3), (third.Status, third.NeedsIdentified, third.NeedsMet));
    }

    [Fact]
    public void Eligibility_ANeedWhoseScopeSelectsNobody_StillCounts()
    {
        // 5.1 and 9.1 for adult A1 (met), and 2.3 (each child) naming no one in a family with no child: "A scope that
        // selects nobody = insufficient_data", but it is an identified need: 3 needs, eligible. Nothing is pending or
        // not_met, so the family is insufficient_data (without 2.3 it would be not_eligible with 2).
        var e = new Scenario().Family("F1", "2023-03-01", "2023-09-30").Person("F1", "A1", "1980-01-01", "parent_carer")
            .Need("F1", "5.1", "A1").Evidence("F1", "5.1", "2023-09-01", "A1")
            .Need("F1", "9.1", "A1").Evidence("F1", "9.1", "2023-09-01", "A1")
            .Need("F1", "2.3")
            .Evaluate("2024-06-01");
        var nobody = e.Need("F1", "2.3");
        Assert.Equal("insufficient_data", nobody.Status);
        Assert.StartsWith("No family member is in the need's scope", nobody.Reason, StringComparison.Ordinal);
        var claim = e.Claim("F1");
        Assert.Equal(("insufficient_data", "1 need(s) lack the data to decide."), (claim.Status, claim.Reason));
        Assert.Equal((3, 2), (claim.NeedsIdentified, claim.NeedsMet));
    }
}
