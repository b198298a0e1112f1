using OutcomeAnalytics.Cohorts;
using OutcomeAnalytics.Reporting;
using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Cohorts;

/// <summary>
/// The nearly-there list and the claim pipeline on hand-made families, evaluated at 2025-09-30 with phase 3's
/// defaults (outcome terms: the two most recent complete terms since attachment; post-closure window and claim due
/// date: closure + 6 months; questionnaire baseline by attachment + 30 days, follow-up 28 days after it).
/// </summary>
public sealed class NearlyThereTests
{
    private const string AsAt = "2025-09-30";

    /// <summary>Two evidence-met needs (1.4, 5.1) and a child, so that the family is eligible with its third need.</summary>
    private static Scenario Family(Scenario s, string id, string attached, string? closed, string child, string born = "2014-05-01", string prerequisites = ",,") =>
        s.Family(id, attached, closed, prerequisites).Person(id, child, born)
            .Need(id, "1.4").Evidence(id, "1.4", attached).Need(id, "5.1").Evidence(id, "5.1", attached);

    internal static Scenario Families()
    {
        var s = new Scenario();
        // F1: attached on the first day of the spring term (its first outcome term), closed 2025-03-31, so the claim
        // falls due on the evaluation date itself: attendance 168 of 190 sessions (88.42%) against 90%.
        Family(s, "F1", "2025-01-01", "2025-03-31", "P1").Need("F1", "1.1", "P1")
            .Attendance("P1", "2024/25", "spring", 100, 88).Attendance("P1", "2024/25", "summer", 90, 80);
        // F2: a police incident on the day after closure (in the window) and one on the closure day (not in it).
        Family(s, "F2", "2024-06-01", "2025-03-01", "P2", "2012-01-01").Need("F2", "6.6", "P2").Evidence("F2", "6.6", "2024-07-01", "P2")
            .Incident("P2", "2025-03-01", "police_report").Incident("P2", "2025-03-02", "police_report");
        // F3: an SDQ baseline on the last day it may be (attachment + 30 days) and a follow-up 27 days later, one short
        // of the 28 needed; no evidence either. Still pending (due 2025-12-30).
        Family(s, "F3", "2025-01-10", "2025-06-30", "P3").Need("F3", "3.1", "P3")
            .Assessment("P3", "SDQ", "2025-02-09", 20, "parent").Assessment("P3", "SDQ", "2025-03-08", 14, "parent");
        // F4: every need met, but the family plan recorded as not in place.
        Family(s, "F4", "2024-09-01", "2025-01-15", "P4", prerequisites: "true,true,false").Need("F4", "2.1").Evidence("F4", "2.1", "2024-10-01");
        // F5: two needs fall short (1.1 and 2.1): not nearly there.
        Family(s, "F5", "2025-01-01", "2025-03-31", "P5").Need("F5", "1.1", "P5").Need("F5", "2.1")
            .Attendance("P5", "2024/25", "spring", 100, 70).Attendance("P5", "2024/25", "summer", 90, 60);
        // F6: claimable; F7: one need short but already claimed; F8: one need short but only two needs (not eligible).
        Family(s, "F6", "2024-09-01", "2025-02-01", "P6").Need("F6", "2.1").Evidence("F6", "2.1", "2024-10-01");
        Family(s, "F7", "2024-09-01", "2025-02-01", "P7").Need("F7", "2.1").Claim("F7", "2025-08-15");
        s.Family("F8", "2024-09-01", "2025-02-01").Person("F8", "P8", "2014-01-01").Need("F8", "1.4").Evidence("F8", "1.4", "2024-10-01").Need("F8", "2.1");
        // F9: pending, due 2025-10-30 with 6.6's post-closure window still running; F10: open (no due date).
        Family(s, "F9", "2024-09-01", "2025-04-30", "P9").Need("F9", "6.6", "P9").Evidence("F9", "6.6", "2024-10-01", "P9");
        Family(s, "F10", "2025-05-01", null, "P10").Need("F10", "2.1");
        return s;
    }

    [Fact]
    public void Lists_the_families_held_back_by_one_need_or_prerequisite_with_the_shortfall_in_words()
    {
        var list = Families().Explore(AsAt, (connection, evaluation) =>
        {
            using var explorer = new CohortExplorer(connection, evaluation);
            return explorer.NearlyThere();
        });
        Assert.Equal(["F4", "F2", "F1", "F3", "F10"], list.Select(f => f.FamilyId));
        var f1 = list.Single(f => f.FamilyId == "F1");
        Assert.Equal(("not_met", new DateOnly(2025, 9, 30), "1.1", "attendance 88.4% over spring and summer 2025, needs 90%"),
            (f1.ClaimStatus, f1.ClaimDueDate!.Value, f1.NeedCode, f1.Shortfall));
        Assert.Equal(["P1"], f1.People);
        Assert.Equal("1 police incident after closure (2025-03-02)", list.Single(f => f.FamilyId == "F2").Shortfall);
        var f3 = list.Single(f => f.FamilyId == "F3");
        Assert.Equal(("pending", "no follow-up SDQ 28+ days after the baseline (2025-02-09); or no evidence recorded since attachment (2025-01-10)"), (f3.ClaimStatus, f3.Shortfall));
        var f4 = list.Single(f => f.FamilyId == "F4");
        Assert.Equal(("not_eligible", null, "family plan", "family plan recorded as not in place"), (f4.ClaimStatus, f4.NeedCode, f4.Prerequisite, f4.Shortfall));
        Assert.Equal(("open", "no evidence recorded since attachment (2025-05-01)"), (list.Single(f => f.FamilyId == "F10").ClaimStatus, list.Single(f => f.FamilyId == "F10").Shortfall));
    }

    [Fact]
    public void The_claim_pipeline_counts_claims_due_by_month_and_lists_claimable_and_claimed_families()
    {
        var (controlled, open) = Families().Explore(AsAt, (connection, evaluation) =>
        {
            using var explorer = new CohortExplorer(connection, evaluation);
            using var inside = new CohortExplorer(connection, evaluation) { Control = DisclosureControl.None };
            return (explorer.ClaimPipeline(), inside.ClaimPipeline());
        });
        Assert.Equal(["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"], open.DueByMonth.Select(m => m.Month));
        Assert.Equal(new DateOnly(2025, 10, 1), open.DueByMonth[0].From);
        Assert.Equal([1L, 0, 1, 0, 0, 0], open.DueByMonth.Select(m => m.Families.Value!.Value));
        Assert.Equal(["F9", "F3"], open.Due.Select(f => f.FamilyId));
        Assert.Equal(["6.6 (pending)"], open.Due[0].NeedsNotYetMet);
        Assert.Equal(["3.1 (insufficient data)"], open.Due[1].NeedsNotYetMet);
        Assert.Equal(["F6"], open.Claimable.Select(f => f.FamilyId));
        Assert.Equal(("F7", new DateOnly(2025, 8, 15)), (open.Claimed.Single().FamilyId, open.Claimed.Single().ClaimDate!.Value));
        // Published: every count here is 1, so none is shown.
        Assert.Equal(["<5", "0", "<5", "0", "0", "0"], controlled.DueByMonth.Select(m => m.Families.Text));
        Assert.Equal("<5", controlled.ClaimableFamilies.Text);
        Assert.Equal("1", open.ClaimableFamilies.Text);
    }
}
