using OutcomeAnalytics.Cohorts;
using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Cohorts;

/// <summary>
/// <c>child_under</c> reckons ages as the evaluator does (its under-18 rule, and the phase 3 ruling on 29 February
/// birthdays): a child born on 29 February has the birthday on 1 March in a year that is not a leap year, and on
/// 29 February in a leap year.
/// </summary>
public sealed class ChildUnderLeapDayTests
{
    [Theory]
    [InlineData("2020-02-29", "2025-02-28", 5, true)]  // 2025 is not a leap year: still 4 on 28 February
    [InlineData("2020-02-29", "2025-03-01", 5, false)] // 5 on 1 March
    [InlineData("2016-02-29", "2024-02-28", 8, true)]  // 2024 is a leap year: still 7 the day before
    [InlineData("2016-02-29", "2024-02-29", 8, false)] // 8 on 29 February
    [InlineData("2007-02-28", "2025-02-27", 18, true)] // an ordinary birthday: 18 on the day, under 18 the day before
    [InlineData("2007-02-28", "2025-02-28", 18, false)]
    public void ABirthdayOn29February_FallsOn1MarchInOtherYears(string born, string attached, int years, bool selected)
    {
        var s = new Scenario().Family("F1", attached).Person("F1", "A1", "1980-01-01", "parent_carer").Person("F1", "C1", born).Need("F1", "1.4");
        var ids = s.Explore("2025-09-30", (connection, evaluation) =>
        {
            using var x = new CohortExplorer(connection, evaluation);
            return x.FamilyIds(Segment.ChildUnder(years));
        });
        Assert.Equal(selected ? ["F1"] : [], ids);
    }

    [Theory]
    [InlineData("2020-02-29", "2025-02-28", true)]
    [InlineData("2020-02-29", "2025-03-01", false)]
    public void TheCohortModelsChildUnder_ReadsTheSameRule(string born, string attached, bool selected)
    {
        var model = CohortModel.Parse("mine.yaml", "framework: phase3\nsegments:\n  - { name: young, title: Young, child_under: 5 }\n");
        var s = new Scenario().Family("F1", attached).Person("F1", "C1", born).Need("F1", "1.4");
        var ids = s.Explore("2025-09-30", (connection, evaluation) =>
        {
            using var x = new CohortExplorer(connection, evaluation);
            return x.FamilyIds(model["young"]);
        });
        Assert.Equal(selected ? ["F1"] : [], ids);
    }
}
