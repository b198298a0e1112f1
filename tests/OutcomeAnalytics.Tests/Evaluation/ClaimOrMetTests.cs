using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// The phase 2 claim rule's second limb, <c>claim.or_met</c>: "every identified problem shows significant and sustained
/// progress, or an adult enters continuous employment". Herefordshire's family F1: attached 1 December 2023, closed
/// 31 January 2024 (the claim falls due 6 months later, 31 July 2024), judged 1 September 2024; identified with problem 4
/// (worklessness, the parent P1) and problem 5 (domestic abuse, the family). P1 claimed JSA through 2023 and started a
/// job on 1 January 2024: measure 13's 26 weeks are 182 days, 1 January to 30 June 2024. A domestic abuse incident on
/// 1 March 2024 (inside the 6 months after closure) fails measures 17 and 18, and there is no evidence for 19, so
/// problem 5 is not met whatever happens to problem 4.
/// </summary>
public sealed class ClaimOrMetTests
{
    private static readonly Framework Herefordshire = FrameworkLoader.Get("herefordshire-2020");

    private static OutcomeAnalytics.Evaluation.EvaluationRun Evaluate(string jobEnd, bool incident = true)
    {
        var s = new Scenario().Family("F1", "2023-12-01", "2024-01-31").Person("F1", "P1", "1990-01-01", "parent_carer")
            .Need("F1", "4", "P1", framework: "herefordshire-2020").Need("F1", "5", framework: "herefordshire-2020")
            .Employment("P1", "out_of_work_benefit", "2023-01-01", "2023-12-31", "jsa").Employment("P1", "employed", "2024-01-01", jobEnd);
        if (incident) s.Incident("P1", "2024-03-01", "domestic_abuse");
        return s.Evaluate(Herefordshire, "2024-09-01");
    }

    [Fact]
    public void AnAdultInContinuousEmployment_MakesTheClaim_ThoughAnotherProblemIsNotMet()
    {
        var run = Evaluate("2024-06-30"); // day 182: 26 weeks
        Assert.Equal(("met", "not_met"), (run.Status("F1", "4", "P1"), run.Status("F1", "5")));
        var claim = run.Claim("F1");
        Assert.Equal(("claimable", 2, 1, new DateOnly(2024, 7, 31)), (claim.Status, claim.NeedsIdentified, claim.NeedsMet, claim.ClaimDueDate));
        Assert.StartsWith("A family member met an outcome that makes the claim on its own", claim.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AJobOneDayShort_IsNotContinuousEmployment_AndTheUnmetProblemDecides()
    {
        var run = Evaluate("2024-06-29"); // day 181
        // Measure 13 is not met; the young person's EET route is not for P1, an adult; nor is there evidence for 14-16.
        Assert.Equal(("not_met", "not_met"), (run.Need("F1", "4", "P1").Part(0).Status, run.Need("F1", "4", "P1").Part(1).Status));
        Assert.Equal(("not_met", "not_met"), (run.Status("F1", "4", "P1"), run.Status("F1", "5")));
        var claim = run.Claim("F1");
        Assert.Equal(("not_met", 0), (claim.Status, claim.NeedsMet));
        Assert.Equal("2 of 2 needs were not met.", claim.Reason);
    }

    [Fact]
    public void WithoutTheOrMetRoute_TheSameFamilyIsNotMet()
    {
        // The same plan with claim.or_met taken out: problem 5 not met decides, as the phase 3 rule would.
        var text = File.ReadAllText(Path.Combine(Repository.Root, "models", "frameworks", "herefordshire-2020.yaml"));
        var plain = FrameworkLoader.Parse("herefordshire-2020.yaml", text.Replace("  or_met: [\"4:13\"]\n", "", StringComparison.Ordinal));
        Assert.Empty(plain.ClaimOrMet);
        var s = new Scenario().Family("F1", "2023-12-01", "2024-01-31").Person("F1", "P1", "1990-01-01", "parent_carer")
            .Need("F1", "4", "P1", framework: "herefordshire-2020").Need("F1", "5", framework: "herefordshire-2020")
            .Employment("P1", "out_of_work_benefit", "2023-01-01", "2023-12-31", "jsa").Employment("P1", "employed", "2024-01-01", "2024-06-30")
            .Incident("P1", "2024-03-01", "domestic_abuse");
        var claim = s.Evaluate(plain, "2024-09-01").Claim("F1");
        Assert.Equal(("not_met", 1), (claim.Status, claim.NeedsMet));
    }

    [Fact]
    public void TheOrMetRoute_WaitsForTheClaimToFallDue()
    {
        var s = new Scenario().Family("F1", "2023-12-01", "2024-01-31").Person("F1", "P1", "1990-01-01", "parent_carer")
            .Need("F1", "4", "P1", framework: "herefordshire-2020").Need("F1", "5", framework: "herefordshire-2020")
            .Employment("P1", "out_of_work_benefit", "2023-01-01", "2023-12-31", "jsa").Employment("P1", "employed", "2024-01-01", "2024-06-30")
            .Incident("P1", "2024-03-01", "domestic_abuse");
        Assert.Equal("pending", s.Evaluate(Herefordshire, "2024-07-30").Claim("F1").Status);   // the day before 31 July
        Assert.Equal("claimable", s.Evaluate(Herefordshire, "2024-07-31").Claim("F1").Status); // due that day
    }
}
