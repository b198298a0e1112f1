using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Model.Measures;

/// <summary>
/// no_plan_started, Sunderland's 'no child in the home becomes looked after for a 6 month period': closed (C)
/// 31 January 2024, so the window is (31 January, 31 July 2024], finished at T = 1 August 2024.
/// </summary>
public sealed class NoPlanStartedMeasureTests
{
    private static string Status(string? start, string asAt = "2024-08-01") =>
        (start is null ? Family() : Family().Plan("C1", "looked_after", start))
            .Evaluate(OneRuleFramework.With("{ measure: no_plan_started, plan_types: [looked_after], whole_family: true }", "family"), asAt).Status("F1", "X");

    private static Scenario Family() => new Scenario().Family("F1", "2023-06-01", "2024-01-31").Person("F1", "C1", "2012-01-01").Need("F1", "X", framework: "one-rule");

    [Theory]
    [InlineData(null, "met")]
    [InlineData("2024-01-31", "met")]      // on C: before the window
    [InlineData("2024-02-01", "not_met")]  // the window's first day
    [InlineData("2024-07-31", "not_met")]  // its last day
    public void ALookedAfterPlanStartingInTheWindow_BreaksIt(string? start, string status) => Assert.Equal(status, Status(start));

    [Fact]
    public void BeforeTheWindowEnds_ItIsPending() => Assert.Equal("pending", Status(null, "2024-07-30"));
}
