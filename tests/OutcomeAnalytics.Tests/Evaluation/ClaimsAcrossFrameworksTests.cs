using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Review;
using OutcomeAnalytics.Tests.Review;

namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// A family is claimed for once. A claim row counts for the framework judging the family when it names that framework,
/// one it extends or one extending the same framework (phase3 and phase3-sfop, its restatement), or the framework the
/// family's needs are recorded under (a phase 3 family judged by a phase 2 plan through the crosswalk). The families are
/// <see cref="ReviewTests.Families"/>' F2: attached 1 September 2023, closed 31 March 2024, judged 1 October 2024; 97%
/// attendance over 2023/24 (1.1 met), 5.1 and 9.2 met by evidence: claimable under phase3 and phase3-sfop (3 needs, 3
/// headlines) when no claim is recorded.
/// </summary>
public sealed class ClaimsAcrossFrameworksTests
{
    private const string AsAt = "2024-10-01";

    /// <summary>F2 with its needs recorded under <paramref name="framework"/>, judged by it, with a claim under <paramref name="claimUnder"/>.</summary>
    private static FamilyClaim Judge(string framework, string? claimUnder, string claimDate = "2024-04-01")
    {
        var s = new Scenario().Family("F2", "2023-09-01", "2024-03-31").Person("F2", "CF2", "2012-05-01").Need("F2", "1.1", "CF2", framework: framework);
        foreach (var term in new[] { "autumn", "spring", "summer" }) s.Attendance("CF2", "2023/24", term, 100, 97);
        s.Need("F2", "5.1", framework: framework).Evidence("F2", "5.1", "2024-01-10").Need("F2", "9.2", framework: framework).Evidence("F2", "9.2", "2024-01-10");
        if (claimUnder is not null) s.Claim("F2", claimDate, claimUnder);
        return s.Evaluate(FrameworkLoader.Get(framework), AsAt).Claim("F2");
    }

    [Theory]
    [InlineData("phase3-sfop", null, "claimable")]
    [InlineData("phase3-sfop", "phase3", "already_claimed")]      // the framework it extends
    [InlineData("phase3", "phase3-sfop", "already_claimed")]      // a restatement of phase 3 claims for phase 3
    [InlineData("phase3-sfop", "phase3-sfop", "already_claimed")]
    [InlineData("phase3", "herefordshire-2020", "claimable")]     // a phase 2 plan's claim, needs recorded under phase 3
    public void AClaimUnderTheSameFrameworkLine_IsAlreadyClaimed(string framework, string? claimUnder, string expected)
    {
        var claim = Judge(framework, claimUnder);
        Assert.True(expected == claim.Status, claim.Reason);
        Assert.Equal(expected, claim.Status);
        if (expected == "already_claimed") Assert.Equal($"A claim has already been made for this family under {claimUnder}.", claim.Reason);
    }

    [Theory]
    [InlineData("2024-10-01", "already_claimed")] // claimed on T
    [InlineData("2024-10-02", "claimable")]       // the day after T: not made yet
    public void AClaimUnderTheBaseFramework_CountsFromItsDate(string date, string expected) =>
        Assert.Equal(expected, Judge("phase3-sfop", "phase3", date).Status);

    [Fact]
    public void TheLineage_OfEachBuiltInFramework()
    {
        Assert.Equal(["phase3-sfop", "phase3"], FrameworkLoader.Get("phase3-sfop").Lineage);
        Assert.Equal(["phase3"], FrameworkLoader.Get("phase3").Lineage);
        Assert.Equal(["phase3", "phase3-sfop"], Evaluator.ClaimsCountedFrom(FrameworkLoader.Get("phase3")));
        Assert.Equal(["phase3-sfop", "phase3"], Evaluator.ClaimsCountedFrom(FrameworkLoader.Get("phase3-sfop")));
        Assert.Equal(["sunderland-2015"], Evaluator.ClaimsCountedFrom(FrameworkLoader.Get("sunderland-2015")));
    }

    [Theory]
    [InlineData("phase3", true)]             // the framework its needs are recorded under
    [InlineData("sunderland-2015", false)]   // neither the plan judging it nor the needs' framework line
    public void AFamilyRecordedUnderPhase3_JudgedByAPhaseTwoPlan_SeesTheClaimOfItsRecords(string claimUnder, bool claimed)
    {
        // --needs-framework phase3: F2's needs (1.1, 5.1, 9.2) translated to Herefordshire's problems.
        var s = ReviewTests.Families().Claim("F2", "2024-04-01", claimUnder);
        var claim = s.Explore(AsAt, (connection, _) =>
        {
            var herefordshire = FrameworkLoader.Get("herefordshire-2020");
            using var needs = NeedTranslation.Create(connection, herefordshire, FrameworkLoader.Get("phase3"));
            using var run = Evaluator.Run(connection, herefordshire, herefordshire.Bind(), DateOnly.Parse(AsAt, System.Globalization.CultureInfo.InvariantCulture), needs.Table);
            return run.Claims.Single(c => c.FamilyId == "F2");
        });
        Assert.Equal(claimed, claim.Status == "already_claimed");
        if (claimed) Assert.Equal($"A claim has already been made for this family under {claimUnder}.", claim.Reason);
    }
}
