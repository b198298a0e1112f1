using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Model.Measures;

/// <summary>
/// Need 6.2's referral part and need 6.1's plans, hand-worked from the rules' text. Attached (A) 1 March 2023,
/// closed (C) 30 September 2023, evaluated (T) 1 June 2024: post-closure window PC = (30 September 2023,
/// 30 March 2024]. The child C1 has the need and evidence for it; C2 is a sibling in the same family.
/// </summary>
public sealed class SafeguardingRuleTests
{
    private const string Attached = "2023-03-01";
    private const string Closed = "2023-09-30";
    private const string WindowEnd = "2024-03-30"; // C + 6 months
    private const string AsAt = "2024-06-01";

    private static Scenario Child(string code) => new Scenario()
        .Family("F1", Attached, Closed)
        .Person("F1", "C1", "2012-01-01")
        .Person("F1", "C2", "2014-01-01")
        .Need("F1", code, "C1")
        .Evidence("F1", code, "2023-09-01", "C1");

    // ---- 6.2: "no referral (service childrens_social_care ⚙) for the child or family in PC" ----
    // all_of: part 0 no missing episode in PM, part 1 no referral in PC, part 2 evidence (met in every case).

    private static void AssertReferrals(NeedResult need, string expected, params string[] dates)
    {
        Assert.Equal(expected, need.Status);
        var (status, _, detail) = need.Part(1);
        Assert.Equal(expected, status);
        Assert.Equal(dates, detail.GetProperty("referrals").EnumerateArray().Select(r => r.Field("date")));
        var window = detail.GetProperty("window");
        Assert.Equal(("post_closure", Closed, WindowEnd), (window.Field("name"), window.Field("from"), window.Field("to")));
    }

    [Theory]
    [InlineData(Closed, "met")]           // on C: outside (C, C + 6 months]
    [InlineData("2023-10-01", "not_met")] // C + 1 day: inside
    [InlineData(WindowEnd, "not_met")]    // C + 6 months: inside
    [InlineData("2024-03-31", "met")]     // the day after: outside
    public void Need62_TheChildsOwnReferralToChildrensSocialCare_CountsInsideThePostClosureWindow(string date, string expected)
    {
        // The referral names the child only (no family id).
        var need = Child("6.2").Referral("C1", null, date, "childrens_social_care").Evaluate(AsAt).Need("F1", "6.2", "C1");
        AssertReferrals(need, expected, expected == "met" ? [] : [date]);
        Assert.Equal("childrens_social_care", need.PartDetail(1).Field("services"));
    }

    [Fact]
    public void Need62_ASiblingsReferral_DoesNotCount()
    {
        // C2's referral to children's social care, inside PC, names only C2: it is neither the child's nor the family's.
        var need = Child("6.2").Referral("C2", null, "2023-12-01", "childrens_social_care").Evaluate(AsAt).Need("F1", "6.2", "C1");
        AssertReferrals(need, "met");
    }

    [Fact]
    public void Need62_ASiblingsReferralRecordedAgainstTheFamily_CountsAsTheFamilys()
    {
        // "for the child or family": the same referral also naming the family F1 is a referral for the family.
        var need = Child("6.2").Referral("C2", "F1", "2023-12-01", "childrens_social_care").Evaluate(AsAt).Need("F1", "6.2", "C1");
        AssertReferrals(need, "not_met", "2023-12-01");
    }

    [Theory]
    [InlineData("early_help")]
    [InlineData("domestic_abuse")]
    [InlineData("mental_health")]
    [InlineData("substance_misuse")]
    [InlineData("youth_justice")]
    [InlineData("housing")]
    [InlineData("other")]
    public void Need62_TheChildsReferralToAServiceOutsideTheList_DoesNotCount(string service)
    {
        // csc_referral_services defaults to [childrens_social_care]: a referral to any other service, inside PC, is not counted.
        var need = Child("6.2").Referral("C1", "F1", "2023-12-01", service).Evaluate(AsAt).Need("F1", "6.2", "C1");
        AssertReferrals(need, "met");
    }

    [Fact]
    public void Need62_TheServiceListIsAParameter()
    {
        // With csc_referral_services = childrens_social_care,early_help, the child's early-help referral in PC counts.
        var need = Child("6.2").Referral("C1", null, "2023-12-01", "early_help")
            .Evaluate(AsAt, "csc_referral_services=childrens_social_care,early_help").Need("F1", "6.2", "C1");
        AssertReferrals(need, "not_met", "2023-12-01");
        Assert.Equal("childrens_social_care,early_help", need.PartDetail(1).Field("services"));
    }

    // ---- 6.1: "a plan (early_help, child_in_need, child_protection) of the child ended in [A, T] with end_reason
    // closed or stepped_down and no plan of those types still open at T" ----
    // all_of: part 0 the plans, part 1 evidence (met in every case).

    private const string NoPlanEnded = "No plan closed or stepped down between attachment and the evaluation date.";

    private static string[] PlanTypesAndReasons(NeedResult need) =>
        [.. need.PartDetail(0).GetProperty("plans").EnumerateArray().Select(p => p.Field("type") + ":" + p.Field("end_reason"))];

    [Theory]
    [InlineData("closed", "met")]
    [InlineData("stepped_down", "met")]
    [InlineData("stepped_up", "not_met")]
    [InlineData("transferred", "not_met")]
    [InlineData("other", "not_met")]
    public void Need61_OnlyAPlanEndingClosedOrSteppedDown_Counts(string reason, string expected)
    {
        // A child-in-need plan ending on 1 August 2023, inside [A, T]; none is open at T.
        var need = Child("6.1").Plan("C1", "child_in_need", "2022-12-01", "2023-08-01", reason).Evaluate(AsAt).Need("F1", "6.1", "C1");
        Assert.Equal(expected, need.Status);
        Assert.Equal((expected, expected == "met" ? "A plan ended (closed or stepped down) on 2023-08-01 and none is open." : NoPlanEnded),
            (need.Part(0).Status, need.Part(0).Reason));
        Assert.Equal(["child_in_need:" + reason], PlanTypesAndReasons(need));
    }

    [Theory]
    [InlineData("early_help")]
    [InlineData("child_in_need")]
    [InlineData("child_protection")]
    public void Need61_EachCountedPlanType_Counts(string type)
    {
        var need = Child("6.1").Plan("C1", type, "2022-12-01", "2023-08-01", "closed").Evaluate(AsAt).Need("F1", "6.1", "C1");
        Assert.Equal(("met", "met"), (need.Status, need.Part(0).Status));
    }

    [Fact]
    public void Need61_ALookedAfterPlanEndingClosed_DoesNotCount()
    {
        // looked_after is not one of the plan types: its closure is ignored (and it is not listed).
        var need = Child("6.1").Plan("C1", "looked_after", "2022-12-01", "2023-08-01", "closed").Evaluate(AsAt).Need("F1", "6.1", "C1");
        Assert.Equal("not_met", need.Status);
        Assert.Equal(("not_met", NoPlanEnded), (need.Part(0).Status, need.Part(0).Reason));
        Assert.Empty(PlanTypesAndReasons(need));
    }

    [Fact]
    public void Need61_ALookedAfterPlanStillOpen_DoesNotBlock()
    {
        // "no plan of those types still open at T": an open looked_after plan is not of those types.
        var need = Child("6.1").Plan("C1", "child_in_need", "2022-12-01", "2023-08-01", "closed").Plan("C1", "looked_after", "2023-08-01")
            .Evaluate(AsAt).Need("F1", "6.1", "C1");
        Assert.Equal(("met", "met"), (need.Status, need.Part(0).Status));
        Assert.Equal(["child_in_need:closed"], PlanTypesAndReasons(need));
    }

    [Fact]
    public void Need61_AnEarlierPlanEndingSteppedUp_DoesNotBlockALaterClosure()
    {
        // A child-in-need plan stepped up on 1 May 2023, then a child-protection plan closed on 1 August 2023: one plan
        // ended closed in [A, T] and none is open at T, so the part is met; the stepped-up one neither counts nor blocks.
        var need = Child("6.1").Plan("C1", "child_in_need", "2022-12-01", "2023-05-01", "stepped_up")
            .Plan("C1", "child_protection", "2023-05-01", "2023-08-01", "closed")
            .Evaluate(AsAt).Need("F1", "6.1", "C1");
        Assert.Equal(("met", "A plan ended (closed or stepped down) on 2023-08-01 and none is open."), (need.Part(0).Status, need.Part(0).Reason));
        Assert.Equal(["child_in_need:stepped_up", "child_protection:closed"], PlanTypesAndReasons(need));
    }

    [Fact]
    public void Need61_ASiblingsPlan_DoesNotCount()
    {
        // "a plan … of the child": C2's closed plan does not meet C1's need, and C2's open plan does not block it.
        var closedForSibling = Child("6.1").Plan("C2", "child_in_need", "2022-12-01", "2023-08-01", "closed").Evaluate(AsAt).Need("F1", "6.1", "C1");
        Assert.Equal(("not_met", NoPlanEnded), (closedForSibling.Part(0).Status, closedForSibling.Part(0).Reason));
        var openForSibling = Child("6.1").Plan("C1", "child_in_need", "2022-12-01", "2023-08-01", "closed").Plan("C2", "child_in_need", "2023-08-01")
            .Evaluate(AsAt).Need("F1", "6.1", "C1");
        Assert.Equal("met", openForSibling.Part(0).Status);
    }
}
