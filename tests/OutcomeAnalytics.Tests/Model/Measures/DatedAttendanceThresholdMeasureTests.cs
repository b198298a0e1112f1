using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Model.Measures;

/// <summary>
/// attendance_threshold_dated as Sunderland reads it: attendance 'in excess of 85%' over three consecutive terms,
/// changing to 90% as of September 2015, the threshold in force when the three terms end. Each term has 100 sessions.
/// </summary>
public sealed class DatedAttendanceThresholdMeasureTests
{
    private static readonly OutcomeAnalytics.Model.Framework Sunderland2 = OneRuleFramework.With(
        "{ measure: attendance_threshold_dated, min_percent: 85, later_min_percent: 90, change_year: 2015, above: true }", "pupil");

    /// <summary>
    /// Attached 1 September 2014 and evaluated 15 September 2015 (the most recent three terms are autumn 2014 to summer 2015,
    /// ending 31 August 2015: 85%), or attached 1 January 2015 and evaluated 15 January 2016 (spring 2015 to autumn 2015,
    /// ending 31 December 2015: 90%).
    /// </summary>
    private static string Status(string attached, int attended)
    {
        var s = new Scenario().Family("F1", attached).Person("F1", "C1", "2006-01-01").Need("F1", "X", "C1", framework: "one-rule");
        foreach (var (year, term) in new[] { ("2014/15", "autumn"), ("2014/15", "spring"), ("2014/15", "summer"), ("2015/16", "autumn") })
            s.Attendance("C1", year, term, 100, attended, 0);
        return s.Evaluate(Sunderland2, attached == "2014-09-01" ? "2015-09-15" : "2016-01-15").Status("F1", "X", "C1");
    }

    [Theory]
    [InlineData("2014-09-01", 86, "met")]      // terms ending 31 August 2015, before the change: above 85%
    [InlineData("2014-09-01", 85, "not_met")]  // exactly 85% is not 'in excess of' 85%
    [InlineData("2015-01-01", 89, "not_met")]  // terms ending 31 December 2015: 90% is in force
    [InlineData("2015-01-01", 90, "not_met")]  // and 90% exactly is not above it
    [InlineData("2015-01-01", 91, "met")]
    public void TheThresholdInForceWhenTheTermsEnd_Applies(string attached, int attended, string status) =>
        Assert.Equal(status, Status(attached, attended));
}
