using System.Text.Json.Nodes;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Tests.Reporting;

public sealed class ChartTests
{
    internal static CountTable Localities() => CountTable.Pivot("Families by locality and status", "Locality",
        [("North", "Open", 12), ("North", "Closed", 30), ("South", "Open", 3), ("South", "Closed", 25), ("East", "Open", 9), ("East", "Closed", 14)]);

    internal static IReadOnlyList<Chart> OneOfEach() =>
    [
        Charts.Bar(CountTable.OneWay("Families by locality", "Locality", "Families", [("North", 42), ("South", 3), ("East", 23)])),
        Charts.StackedBar(Localities(), "Families", "Status"),
        Charts.LineWithBand("Attendance by term", "Term", "Attendance",
            [new("2023/24 autumn", 0.81, 0.78, 0.84), new("2023/24 spring", 0.84, 0.80, 0.87), new("2023/24 summer", 0.86, 0.83, 0.89)]),
        Charts.Forest("Change in attendance", "Headline", "Change (points)",
            [new("School", 4.2, 1.1, 7.3), new("Crime", -0.5, -2.0, 1.0)]),
        Charts.Funnel("Outcomes achieved by locality", "Locality", "Outcome rate",
            [new("North", 30, 42), new("South", 2, 28), new("East", 9, 23), new("West", 40, 61)]),
    ];

    [Fact]
    public void EveryChart_HasTitleAxisTitlesSummaryAndDataTable()
    {
        foreach (var chart in OneOfEach())
        {
            Assert.False(string.IsNullOrWhiteSpace(chart.Title), chart.Kind);
            Assert.False(string.IsNullOrWhiteSpace(chart.XTitle), chart.Kind);
            Assert.False(string.IsNullOrWhiteSpace(chart.YTitle), chart.Kind);
            Assert.True(chart.Summary.Length > 30, $"{chart.Kind}: '{chart.Summary}'");
            Assert.NotEmpty(chart.Data.Rows);
            var spec = JsonNode.Parse(chart.ToVegaLiteJson())!;
            Assert.Equal("https://vega.github.io/schema/vega-lite/v6.json", spec["$schema"]!.GetValue<string>());
            Assert.Equal(chart.Title, spec["title"]!.GetValue<string>());
            Assert.Equal(chart.Summary, spec["description"]!.GetValue<string>());
            var html = chart.ToHtml();
            Assert.Contains("<figcaption>", html);
            Assert.Contains("role=\"img\"", html);
            Assert.Contains("<caption>", html);
        }
    }

    [Fact]
    public void Bar_SmallCount_IsNotDrawn_AndShowsLessThanFiveInItsTable()
    {
        var chart = OneOfEach()[0];
        var values = chart.Spec["data"]!["values"]!.AsArray();
        var south = values.Single(v => v!["category"]!.GetValue<string>() == "South")!;
        Assert.Null(south["value"]);
        Assert.Equal("<5", south["text"]!.GetValue<string>());
        Assert.DoesNotContain("\"value\":3", chart.ToVegaLiteJson());
        Assert.Contains("hidden to protect small numbers", chart.Summary);
    }

    [Fact]
    public void StackedBar_SmallSegment_IsHiddenWithItsPartner()
    {
        var values = OneOfEach()[1].Spec["data"]!["values"]!.AsArray().Select(v => v!).ToList();
        var southOpen = values.Single(v => v["category"]!.GetValue<string>() == "South" && v["series"]!.GetValue<string>() == "Open");
        Assert.Null(southOpen["value"]);
        Assert.Equal("<5", southOpen["text"]!.GetValue<string>());
        Assert.Contains(values, v => v["text"]!.GetValue<string>() == "[c]" && v["value"] is null);
    }

    [Fact]
    public void Funnel_UnitWithHiddenEvents_IsNotPlotted()
    {
        var chart = OneOfEach()[4];
        var points = chart.Spec["layer"]![2]!["data"]!["values"]!.AsArray();
        Assert.DoesNotContain(points, p => p!["unit"]!.GetValue<string>() == "South");
        Assert.Contains("not plotted", chart.Summary);
    }

    [Fact]
    public void Forest_Summary_CountsIntervalsExcludingTheReference() =>
        Assert.Contains("1 of 2 intervals exclude 0.0", OneOfEach()[3].Summary);

    [Fact]
    public void Palette_EveryColour_HasAtLeastThreeToOneContrastOnWhite()
    {
        foreach (var colour in Charts.Palette)
            Assert.True(Contrast.Ratio(colour, "#ffffff") >= 3.0, $"{colour}: {Contrast.Ratio(colour, "#ffffff"):0.00}");
    }

    [Fact]
    public void Wilson_TenOutOfTwenty_IsSymmetricAroundAHalf()
    {
        var p = Proportion.Wilson(10, 20);
        Assert.Equal(0.5, p.Value);
        Assert.Equal(0.299, p.Lower, 3);
        Assert.Equal(0.701, p.Upper, 3);
    }
}

/// <summary>WCAG 2.2 contrast ratio of two sRGB colours.</summary>
internal static class Contrast
{
    public static double Ratio(string a, string b)
    {
        double la = Luminance(a), lb = Luminance(b);
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static readonly int[] Offsets = [1, 3, 5];

    private static double Luminance(string hex)
    {
        var channels = Offsets.Select(i => Convert.ToInt32(hex.Substring(i, 2), 16) / 255.0)
            .Select(c => c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4)).ToArray();
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
    }
}
