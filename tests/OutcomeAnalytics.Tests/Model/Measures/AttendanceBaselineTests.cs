using System.Text.Json;
using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Model.Measures;

/// <summary>
/// Need 1.2 on a loaded term_dates calendar: "Baseline terms (BT): the 2 most recent complete terms whose end date ≤ A";
/// "insufficient_data: … a record the rule needs is missing (e.g. … no baseline terms)". The calendar's 2023/24 autumn
/// (4 September – 20 December 2023) and spring (8 January – 28 March 2024) are the outcome terms at T = 1 April 2024,
/// with 60% attendance in each.
/// </summary>
public sealed class AttendanceBaselineTests
{
    private const string AsAt = "2024-04-01";

    private static Scenario Child(string attached) => new Scenario()
        .Term("2023/24", "autumn", "2023-09-04", "2023-12-20").Term("2023/24", "spring", "2024-01-08", "2024-03-28")
        .Family("F1", attached, "2024-03-31").Person("F1", "C1", "2012-05-01").Need("F1", "1.2", "C1")
        // 40% in the two terms before: on the default calendar these would be a baseline (summer ends 31 August 2023).
        .Attendance("C1", "2022/23", "spring", 100, 40).Attendance("C1", "2022/23", "summer", 100, 40)
        .Attendance("C1", "2023/24", "autumn", 100, 60).Attendance("C1", "2023/24", "spring", 100, 60);

    private static string[] Terms(JsonElement detail, string window) =>
        [.. detail.GetProperty(window).EnumerateArray().Select(t => t.Field("term"))];

    [Theory]
    [InlineData("2023-09-01")] // the calendar starts after A
    [InlineData("2023-09-04")] // the calendar starts on A: autumn ends after A, so it is no baseline term
    public void Need12_ACalendarStartingAtOrAfterAttachment_GivesNoBaselineTerms_AndInsufficientData(string attached)
    {
        var need = Child(attached).Evaluate(AsAt).Need("F1", "1.2", "C1");
        Assert.Equal("insufficient_data", need.Status);
        var detail = need.DetailJson();
        Assert.Empty(Terms(detail, "baseline_terms"));
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("baseline_percent").ValueKind);
        // The outcome terms have both finished and have their attendance: only the baseline is missing.
        Assert.Equal(["2023/24 autumn", "2023/24 spring"], Terms(detail, "outcome_terms"));
        Assert.Equal(60m, detail.GetProperty("outcome_percent").GetDecimal());
    }

    [Fact]
    public void Need12_OneBaselineTermOfTwo_IsInsufficientData()
    {
        // The calendar adds 2022/23 summer (17 April – 21 July 2023): one complete term ends by A, and two are needed.
        var need = Child("2023-09-01").Term("2022/23", "summer", "2023-04-17", "2023-07-21").Evaluate(AsAt).Need("F1", "1.2", "C1");
        Assert.Equal("insufficient_data", need.Status);
        Assert.Equal(["2022/23 summer"], Terms(need.DetailJson(), "baseline_terms"));
    }

    [Fact]
    public void Need12_TwoBaselineTermsOnTheCalendar_AreJudged()
    {
        // With 2022/23 spring and summer on the calendar the baseline is 40%: (60 − 40) / 40 = 0.5 ≥ 0.30 and 60 ≥ 50, met.
        var need = Child("2023-09-01").Term("2022/23", "spring", "2023-01-09", "2023-03-31").Term("2022/23", "summer", "2023-04-17", "2023-07-21")
            .Evaluate(AsAt).Need("F1", "1.2", "C1");
        Assert.Equal("met", need.Status);
        var detail = need.DetailJson();
        Assert.Equal(["2022/23 spring", "2022/23 summer"], Terms(detail, "baseline_terms"));
        Assert.Equal((40m, 60m, 0.5m), (detail.GetProperty("baseline_percent").GetDecimal(), detail.GetProperty("outcome_percent").GetDecimal(), detail.GetProperty("improvement").GetDecimal()));
    }
}
