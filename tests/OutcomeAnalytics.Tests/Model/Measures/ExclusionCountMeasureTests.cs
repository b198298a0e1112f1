using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Model.Measures;

/// <summary>
/// exclusion_count as the phase 2 plans use it: 'fewer than three fixed term exclusions' (suspensions, at most 2) and
/// 'no permanent exclusion' (at most 0) over the 3 outcome terms. Attached 1 September 2023: outcome terms
/// 1 September 2023 to 31 August 2024, complete at T = 1 September 2024.
/// </summary>
public sealed class ExclusionCountMeasureTests
{
    private static string Status(string rule, params (string Start, string Category)[] exclusions)
    {
        var s = new Scenario().Family("F1", "2023-09-01").Person("F1", "C1", "2012-01-01").Need("F1", "X", "C1", framework: "one-rule");
        foreach (var (start, category) in exclusions) s.Exclusion("C1", start, category, 1);
        return s.Evaluate(OneRuleFramework.With(rule), "2024-09-01").Status("F1", "X", "C1");
    }

    private const string FewerThanThree = "{ measure: exclusion_count, categories: [suspension], max: 2 }";
    private const string NoPermanent = "{ measure: exclusion_count, categories: [permanent], max: 0 }";

    [Fact]
    public void TwoSuspensions_AreFewerThanThree() =>
        Assert.Equal("met", Status(FewerThanThree, ("2023-09-01", "suspension"), ("2024-08-31", "suspension")));

    [Fact]
    public void ThreeSuspensions_AreNot() =>
        Assert.Equal("not_met", Status(FewerThanThree, ("2023-09-01", "suspension"), ("2024-01-10", "suspension"), ("2024-08-31", "suspension")));

    [Fact]
    public void ASuspensionTheDayBeforeTheFirstOutcomeTerm_IsNotCounted() =>
        Assert.Equal("met", Status(FewerThanThree, ("2023-08-31", "suspension"), ("2023-10-01", "suspension"), ("2024-01-10", "suspension")));

    [Fact]
    public void APermanentExclusion_CountsOnlyWhereItsCategoryIsNamed()
    {
        Assert.Equal("met", Status(FewerThanThree, ("2024-02-01", "permanent")));
        Assert.Equal("not_met", Status(NoPermanent, ("2024-02-01", "permanent")));
        Assert.Equal("met", Status(NoPermanent, ("2024-02-01", "suspension")));
    }

    [Fact]
    public void BeforeTheOutcomeTermsEnd_ItIsPending() =>
        Assert.Equal("pending", new Scenario().Family("F1", "2023-09-01").Person("F1", "C1", "2012-01-01").Need("F1", "X", "C1", framework: "one-rule")
            .Evaluate(OneRuleFramework.With(NoPermanent), "2024-08-30").Status("F1", "X", "C1"));
}
