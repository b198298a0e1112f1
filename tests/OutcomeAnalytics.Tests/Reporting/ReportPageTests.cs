using System.Text.RegularExpressions;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Tests.Reporting;

public sealed partial class ReportPageTests
{
    internal static ReportPage Sample()
    {
        var page = new ReportPage("Supporting Families outcomes", new DateOnly(2025, 1, 16))
            .AddMarkdown("Families supported and outcomes achieved, **by locality**.")
            .AddHeading("Families")
            .AddTable(ReportTable.Counts(ChartTests.Localities()));
        foreach (var chart in ChartTests.OneOfEach()) page.AddHeading(chart.Title, 3).AddChart(chart);
        return page;
    }

    [Fact]
    public void Page_Charts_AreInlineSvg_AndThePageHasNoScript()
    {
        var page = Sample();
        var html = page.ToHtml();
        Assert.Equal(7, page.ChartCount);
        Assert.Equal(7, Regex.Count(html, "<figure class=\"chart\""));
        Assert.Equal(7, Regex.Count(html, "<svg [^>]*role=\"img\""));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("vega", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<?xml", html);
        // Seven charts with their tables weigh far less than the chart scripts alone did (about 840 KB).
        Assert.True(html.Length < 250_000, $"{html.Length} bytes");
    }

    [Fact]
    public void Page_WithoutCharts_IsSmall_AndHasNoScript()
    {
        var page = new ReportPage("Plain", new DateOnly(2025, 1, 16)).AddParagraph("Text only.");
        var html = page.ToHtml();
        Assert.Equal(0, page.ChartCount);
        Assert.True(html.Length < 20_000, $"{html.Length} bytes");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Page_PrintStyles_OpenTheDataUnderEachChart() =>
        Assert.Matches(@"@media print \{[^@]*details::details-content \{ content-visibility: visible; display: block; \}", ReportPage.Styles);

    [Fact]
    public void Page_Accessibility_LanguageHeadingsCaptionsAndLabels()
    {
        var html = Sample().ToHtml();
        var body = html[html.IndexOf("<body>", StringComparison.Ordinal)..];
        Assert.Contains("<html lang=\"en-GB\">", html);
        Assert.Contains("<title>Supporting Families outcomes</title>", html);
        Assert.Single(Regex.Matches(body, "<h1[ >]"));
        // Heading levels never skip on the way down (h1 → h2 → h3).
        var levels = Regex.Matches(body, "<h([1-6])[ >]").Select(m => int.Parse(m.Groups[1].Value)).ToList();
        for (var i = 1; i < levels.Count; i++) Assert.True(levels[i] <= levels[i - 1] + 1, $"h{levels[i - 1]} is followed by h{levels[i]}");
        Assert.Equal(Regex.Count(body, "<table>"), Regex.Count(body, "<caption>"));
        Assert.DoesNotContain("<th>", body); // every header cell has a scope
        Assert.Equal(Regex.Count(body, "<figure"), Regex.Count(body, "role=\"img\" aria-label=\"[^\"]{20,}\""));
        Assert.DoesNotMatch("tabindex=\"[1-9]", body); // no tab-order traps
        Assert.Equal(Regex.Count(body, "class=\"table-wrap\""), Regex.Count(body, "class=\"table-wrap\" role=\"region\" tabindex=\"0\""));
        Assert.Contains(":focus-visible", html);
    }

    [Fact]
    public void Page_TextColours_MeetAaContrastOnWhite()
    {
        foreach (Match m in CssColour().Matches(ReportPage.Styles))
        {
            var colour = m.Groups[2].Value;
            if (m.Groups[1].Value == "color") Assert.True(Contrast.Ratio(colour, "#ffffff") >= 4.5, $"{colour}: {Contrast.Ratio(colour, "#ffffff"):0.00}");
        }
        // Code blocks sit on a light grey background.
        Assert.True(Contrast.Ratio("#0b0c0c", "#f3f2f1") >= 4.5);
    }

    [Fact]
    public void Table_Numbers_AreFormattedAndRightAligned()
    {
        var table = new ReportTable("Rates", [new("Locality", ColumnFormat.Text), new("Families", ColumnFormat.Count), new("Rate", ColumnFormat.Percent), new("Mean", ColumnFormat.Decimal)],
            [["North", 12345L, 0.4567, 2.345], ["South", null, 1.0, 10.0]]);
        var html = table.ToHtml();
        Assert.Contains("<th scope=\"row\">North</th><td class=\"num\">12,345</td><td class=\"num\">45.7%</td><td class=\"num\">2.3</td>", html);
        Assert.Contains("<td class=\"num\"></td><td class=\"num\">100.0%</td>", html);
    }

    [GeneratedRegex(@"(?<![-\w])(color|background):\s*(#[0-9a-fA-F]{6})")]
    private static partial Regex CssColour();
}
