using OutcomeAnalytics.Evaluation;

namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>Family eligibility and claim status, hand-worked. Closed 30 September 2023: the claim falls due on 30 March 2024.</summary>
public sealed class ClaimRuleTests
{
    private static Scenario Family(string? closed = "2023-09-30", string prerequisites = ",,", params string[] needs)
    {
        var s = new Scenario().Family("F1", "2023-03-01", closed, prerequisites).Person("F1", "A1", "1980-01-01", "parent_carer");
        foreach (var code in needs.Length > 0 ? needs : ["5.1", "9.1", "10.2"])
            s.Need("F1", code, "A1").Evidence("F1", code, "2023-09-01", "A1");
        return s;
    }

    [Fact]
    public void EveryNeedMet_OnTheDueDate_IsClaimable()
    {
        var claim = Family().Evaluate("2024-03-30").Claim("F1");
        Assert.Equal("claimable", claim.Status);
        Assert.Equal(new DateOnly(2024, 3, 30), claim.ClaimDueDate);
        Assert.Equal((3, 3), (claim.NeedsIdentified, claim.NeedsMet));
    }

    [Fact]
    public void TheDayBeforeTheDueDate_IsPending() =>
        Assert.Equal("pending", Family().Evaluate("2024-03-29").Claim("F1").Status);

    [Fact]
    public void AnOpenFamily_IsOpen()
    {
        var claim = Family(closed: null).Evaluate("2024-06-01").Claim("F1");
        Assert.Equal("open", claim.Status);
        Assert.Null(claim.ClaimDueDate);
    }

    [Fact]
    public void NeedRowsNotJudged_AreListed_AndCountForNothing()
    {
        // Two needs of phase 3, a mistyped code (5.l for 5.1, twice) and a need of a local plan: the family has two
        // needs identified, so it is not eligible, and the evaluation says which rows it left out.
        var s = Family(needs: ["5.1", "9.1"])
            .Need("F1", "5.l", "A1").Need("F1", "5.l").Need("F1", "2.1", "A1", framework: "local-plan");
        var evaluation = s.Evaluate("2024-06-01");
        var claim = evaluation.Claim("F1");
        Assert.Equal(("not_eligible", 2), (claim.Status, claim.NeedsIdentified));
        Assert.Equal([new NotJudged("phase3", "5.l", 2), new NotJudged("local-plan", null, 1)], evaluation.NotJudged);
        Assert.Equal([
            "2 need row(s) have code '5.l', which is not a need of phase3: they were not judged and do not count towards eligibility or claims.",
            "1 need row(s) are recorded for framework 'local-plan', so phase3 did not judge them (evaluate them with --framework)."],
            evaluation.Warnings());
        Assert.Empty(Family().Evaluate("2024-06-01").NotJudged);
    }

    [Fact]
    public void TwoNeeds_AreNotEligible_UnlessTheMinimumIsLowered()
    {
        var s = Family(needs: ["5.1", "9.1"]);
        Assert.Equal("not_eligible", s.Evaluate("2024-06-01").Claim("F1").Status);
        Assert.Equal("claimable", s.Evaluate("2024-06-01", "eligibility_min_needs=2").Claim("F1").Status);
    }

    [Fact]
    public void CountingHeadlines_ThreeNeedsInTwoHeadlines_AreNotEligible()
    {
        var s = Family(needs: ["9.1", "9.2", "10.2"]);
        Assert.Equal("claimable", s.Evaluate("2024-06-01").Claim("F1").Status);
        Assert.Equal("not_eligible", s.Evaluate("2024-06-01", "eligibility_count=headlines").Claim("F1").Status);
    }

    [Fact]
    public void APrerequisiteRecordedFalse_MakesTheFamilyNotEligible_SayingWhich()
    {
        var claim = Family(prerequisites: "yes,no,yes").Evaluate("2024-06-01").Claim("F1");
        Assert.Equal("not_eligible", claim.Status);
        Assert.Contains("whole family assessment", claim.Reason);
        // Each one recorded false is named; an empty cell is not recorded as false.
        var two = Family(prerequisites: "no,,no").Evaluate("2024-06-01").Claim("F1");
        Assert.Equal(("not_eligible", "Not eligible: recorded as not in place: lead practitioner, family plan."), (two.Status, two.Reason));
    }

    [Fact]
    public void AClaimAlreadyMade_IsAlreadyClaimed() =>
        Assert.Equal("already_claimed", Family().Claim("F1", "2024-04-01").Evaluate("2024-06-01").Claim("F1").Status);

    [Fact]
    public void ANeedNotMet_IsNotMet()
    {
        var s = Family();
        s.Need("F1", "9.2", "A1");
        var claim = s.Evaluate("2024-06-01").Claim("F1");
        Assert.Equal("not_met", claim.Status);
        Assert.Equal((4, 3), (claim.NeedsIdentified, claim.NeedsMet));
    }
}
