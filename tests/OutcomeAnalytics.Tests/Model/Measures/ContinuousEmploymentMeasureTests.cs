using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Model.Measures;

/// <summary>
/// continuous_employment, the phase 2 plans' 'JSA = 26 weeks, other benefits = 13 weeks'. Attached 1 December 2023;
/// on a benefit from 1 January 2023 to 31 December 2023, then a job from 1 January 2024. 26 weeks are 182 days:
/// 1 January to 30 June 2024. 13 weeks are 91 days: 1 January to 31 March 2024 (2024 is a leap year).
/// </summary>
public sealed class ContinuousEmploymentMeasureTests
{
    private static readonly OutcomeAnalytics.Model.Framework Plan = OneRuleFramework.With("{ measure: continuous_employment }", "adult");

    private static string Status(string? benefit, string? jobEnd, string asAt = "2024-09-01", string status = "out_of_work_benefit") =>
        new Scenario().Family("F1", "2023-12-01").Person("F1", "P1", "1990-01-01", "parent_carer").Need("F1", "X", "P1", framework: "one-rule")
            .Employment("P1", status, "2023-01-01", "2023-12-31", benefit).Employment("P1", "employed", "2024-01-01", jobEnd)
            .Evaluate(Plan, asAt).Status("F1", "X", "P1");

    [Theory]
    [InlineData("jsa", "2024-06-30", "met")]      // day 182: 26 weeks
    [InlineData("jsa", "2024-06-29", "not_met")]  // day 181
    [InlineData("esa", "2024-03-31", "met")]      // day 91: 13 weeks
    [InlineData("esa", "2024-03-30", "not_met")]  // day 90
    [InlineData(null, "2024-03-31", "not_met")]   // benefit not recorded: 26 weeks apply
    [InlineData(null, "2024-06-30", "met")]
    public void TheWeeksDependOnTheBenefitBefore(string? benefit, string end, string status) => Assert.Equal(status, Status(benefit, end));

    [Fact]
    public void AJobStillRunning_IsPendingUntilItsWeeksAreDone()
    {
        Assert.Equal("pending", Status("jsa", null, asAt: "2024-06-29"));
        Assert.Equal("met", Status("jsa", null, asAt: "2024-06-30"));
    }

    [Fact]
    public void SearchingForWorkOnUniversalCredit_IsAnOtherBenefit() =>
        Assert.Equal("met", Status("universal_credit", "2024-03-31", status: "uc_searching_for_work"));

    [Fact]
    public void AJobWithNoBenefitBeforeIt_IsNotAMoveOffBenefits() =>
        Assert.Equal("not_met", Status(null, null, status: "training"));
}
