namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// The precedence of the family claim statuses: "Family status, first that applies: already_claimed (a row in claims
/// for this framework); not_eligible; open (no C); pending (T &lt; due date, or any need pending); not_met (any need
/// not_met); insufficient_data (any need insufficient_data); claimable (every need met)". Unless a case says
/// otherwise: attached (A) 1 March 2023, closed (C) 30 September 2023, claim due C + 6 months = 30 March 2024,
/// evaluated (T) 1 June 2024. The family has an adult A1 with three needs met by evidence (5.1, 9.1, 10.2) and a
/// child C1 (born 2012).
/// </summary>
public sealed class ClaimStatusOrderTests
{
    private const string AsAt = "2024-06-01";

    private static Scenario Family(string attached = "2023-03-01", string? closed = "2023-09-30", string prerequisites = ",,", params string[] needs)
    {
        var s = new Scenario().Family("F1", attached, closed, prerequisites)
            .Person("F1", "A1", "1980-01-01", "parent_carer").Person("F1", "C1", "2012-01-01");
        foreach (var code in needs.Length > 0 ? needs : ["5.1", "9.1", "10.2"])
            s.Need("F1", code, "A1").Evidence("F1", code, "2023-09-15", "A1");
        return s;
    }

    /// <summary>9.2 (evidence only) with no evidence: not_met.</summary>
    private static Scenario NotMet(Scenario s) => s.Need("F1", "9.2", "A1");

    /// <summary>
    /// 3.2 for A1 with no questionnaire (that route lacks data) and no evidence (not_met): insufficient_data. It reads
    /// no closure window, so it lacks data whether the family is open or closed and before the due date too.
    /// </summary>
    private static Scenario Insufficient(Scenario s) => s.Need("F1", "3.2", "A1");

    /// <summary>
    /// 1.1 for C1 with the family attached on 2 September 2023: at T only spring 2024 of the terms starting on or after
    /// A is complete (autumn 2023 started on 1 September; summer 2024 ends on 31 August), 1 of 2: pending.
    /// </summary>
    private static Scenario PendingNeed(Scenario s) => s.Need("F1", "1.1", "C1");

    private const string PendingAttached = "2023-09-02";

    /// <summary>A family that, without a claim, takes each status, and the date it is evaluated at.</summary>
    private static (Scenario Scenario, string AsAt) Case(string name) => name switch
    {
        "claimable" => (Family(), AsAt),
        "not_met" => (NotMet(Family()), AsAt),
        "insufficient_data" => (Insufficient(Family()), AsAt),
        "pending: before the due date" => (Family(), "2024-03-29"),
        "pending: a need pending" => (PendingNeed(Family(attached: PendingAttached)), AsAt),
        "open" => (Family(closed: null), AsAt),
        "not_eligible: two needs" => (Family(needs: ["5.1", "9.1"]), AsAt),
        "not_eligible: a prerequisite false" => (Family(prerequisites: "yes,no,yes"), AsAt),
        _ => throw new ArgumentException(name, nameof(name)),
    };

    [Theory]
    [InlineData("claimable", "claimable")]
    [InlineData("not_met", "not_met")]
    [InlineData("insufficient_data", "insufficient_data")]
    [InlineData("pending: before the due date", "pending")]
    [InlineData("pending: a need pending", "pending")]
    [InlineData("open", "open")]
    [InlineData("not_eligible: two needs", "not_eligible")]
    [InlineData("not_eligible: a prerequisite false", "not_eligible")]
    public void AlreadyClaimed_ComesFirst_WhateverTheFamilyWouldOtherwiseBe(string name, string otherwise)
    {
        var (unclaimed, asAt) = Case(name);
        var before = unclaimed.Evaluate(asAt).Claim("F1");
        Assert.Equal(otherwise, before.Status);
        var (claimed, _) = Case(name);
        var after = claimed.Claim("F1", "2024-03-01").Evaluate(asAt).Claim("F1");
        Assert.Equal(("already_claimed", "A claim has already been made for this family under phase3."), (after.Status, after.Reason));
        // The counts and due date are still reported, the same as without the claim.
        Assert.Equal((before.NeedsIdentified, before.NeedsMet, before.ClaimDueDate), (after.NeedsIdentified, after.NeedsMet, after.ClaimDueDate));
    }

    [Fact]
    public void NotEligible_ComesBeforeOpen()
    {
        var twoNeeds = Family(closed: null, needs: ["5.1", "9.1"]).Evaluate(AsAt).Claim("F1");
        Assert.Equal(("not_eligible", "Only 2 needs identified; at least 3 are needed."), (twoNeeds.Status, twoNeeds.Reason));
        Assert.Null(twoNeeds.ClaimDueDate);
        Assert.Equal("not_eligible", Family(closed: null, prerequisites: "no,yes,yes").Evaluate(AsAt).Claim("F1").Status);
    }

    [Fact]
    public void Open_ComesBeforePendingNotMetAndInsufficientData()
    {
        // Still open: a need pending (1.1), one not met (9.2) and one lacking data (3.2) do not change the status.
        var e = Insufficient(NotMet(PendingNeed(Family(attached: PendingAttached, closed: null)))).Evaluate(AsAt);
        Assert.Equal(("pending", "not_met", "insufficient_data"), (e.Status("F1", "1.1", "C1"), e.Status("F1", "9.2", "A1"), e.Status("F1", "3.2", "A1")));
        var claim = e.Claim("F1");
        Assert.Equal(("open", "Support is still open."), (claim.Status, claim.Reason));
        Assert.Equal((6, 3), (claim.NeedsIdentified, claim.NeedsMet));
    }

    [Fact]
    public void PendingBeforeTheDueDate_ComesBeforeNotMetAndInsufficientData()
    {
        // 29 March 2024, the day before the due date: 9.2 is not met and 3.2 lacks data, but the claim is not yet due.
        var e = Insufficient(NotMet(Family())).Evaluate("2024-03-29");
        Assert.Equal(("not_met", "insufficient_data"), (e.Status("F1", "9.2", "A1"), e.Status("F1", "3.2", "A1")));
        var claim = e.Claim("F1");
        Assert.Equal(("pending", "The claim falls due on 2024-03-30, after the evaluation date."), (claim.Status, claim.Reason));
        Assert.Equal(new DateOnly(2024, 3, 30), claim.ClaimDueDate);
    }

    [Fact]
    public void APendingNeedAfterTheDueDate_ComesBeforeNotMetAndInsufficientData()
    {
        var e = Insufficient(NotMet(PendingNeed(Family(attached: PendingAttached)))).Evaluate(AsAt);
        Assert.Equal(("pending", "not_met", "insufficient_data"), (e.Status("F1", "1.1", "C1"), e.Status("F1", "9.2", "A1"), e.Status("F1", "3.2", "A1")));
        var claim = e.Claim("F1");
        Assert.Equal(("pending", "1 need(s) are still pending."), (claim.Status, claim.Reason));
        Assert.Equal((6, 3), (claim.NeedsIdentified, claim.NeedsMet));
    }

    [Fact]
    public void NotMet_ComesBeforeInsufficientData()
    {
        var claim = Insufficient(NotMet(Family())).Evaluate(AsAt).Claim("F1");
        Assert.Equal(("not_met", "1 of 5 needs were not met."), (claim.Status, claim.Reason));
        Assert.Equal((5, 3), (claim.NeedsIdentified, claim.NeedsMet));
    }

    [Fact]
    public void ANeedLackingData_WithEveryOtherMet_IsInsufficientData()
    {
        var e = Insufficient(Family()).Evaluate(AsAt);
        Assert.Equal("insufficient_data", e.Status("F1", "3.2", "A1"));
        var claim = e.Claim("F1");
        Assert.Equal(("insufficient_data", "1 need(s) lack the data to decide."), (claim.Status, claim.Reason));
        Assert.Equal((4, 3, new DateOnly(2024, 3, 30)), (claim.NeedsIdentified, claim.NeedsMet, claim.ClaimDueDate));
        // With the records added (WEMWBS 40 on 5 March 2023, 45 on 1 June 2023: improved), every need is met.
        var complete = Insufficient(Family()).Assessment("A1", "WEMWBS", "2023-03-05", 40).Assessment("A1", "WEMWBS", "2023-06-01", 45);
        Assert.Equal("claimable", complete.Evaluate(AsAt).Claim("F1").Status);
    }

    // ---- "already_claimed (a row in claims for this framework)" ----

    [Theory]
    [InlineData("herefordshire", "claimable")]     // a claim under another framework is not a phase 3 claim
    [InlineData("phase3", "already_claimed")]
    [InlineData("", "already_claimed")]            // the contract's default: an empty framework means phase3
    [InlineData("herefordshire|phase3", "already_claimed")]
    public void OnlyAClaimUnderThisFramework_MakesTheFamilyAlreadyClaimed(string frameworks, string expected)
    {
        var s = Family();
        foreach (var framework in frameworks.Split('|')) s.Claim("F1", "2024-04-01", framework);
        var claim = s.Evaluate(AsAt).Claim("F1");
        Assert.Equal(expected, claim.Status);
        Assert.Equal((3, 3), (claim.NeedsIdentified, claim.NeedsMet));
    }

    [Fact]
    public void AnotherFamilysClaim_DoesNotClaimThisOne()
    {
        var e = Family().Family("F2", "2023-03-01", "2023-09-30").Claim("F2", "2024-04-01").Evaluate(AsAt);
        Assert.Equal(("claimable", "already_claimed"), (e.Claim("F1").Status, e.Claim("F2").Status));
    }
}
