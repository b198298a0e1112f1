using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Tests.Reporting;

public sealed class ChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    internal static CountTable Localities() => CountTable.Pivot("Families by locality and status", "Locality",
        [("North", "Open", 12), ("North", "Closed", 30), ("South", "Open", 3), ("South", "Closed", 25), ("East", "Open", 9), ("East", "Closed", 14)]);

    /// <summary>Counts with no small number: every segment is drawn.</summary>
    internal static CountTable Teams() => CountTable.Pivot("Families by team and status", "Team",
        [("Team A", "Open", 12), ("Team A", "Closed", 30), ("Team B", "Open", 8), ("Team B", "Closed", 25), ("Team C", "Open", 9), ("Team C", "Closed", 14)]);

    internal static IReadOnlyList<Chart> OneOfEach() =>
    [
        Charts.Bar(CountTable.OneWay("Families by locality", "Locality", "Families", [("North", 42), ("South", 3), ("East", 23)])),
        Charts.StackedBar(Teams(), "Families", "Status"),
        Charts.LineWithBand("Attendance by term", "Term", "Attendance",
            [new("2023/24 autumn", 0.81, 0.78, 0.84), new("2023/24 spring", 0.84, 0.80, 0.87), new("2023/24 summer", 0.86, 0.83, 0.89)]),
        Charts.Forest("Change in attendance", "Headline", "Change (points)",
            [new("School", 4.2, 1.1, 7.3), new("Crime", -0.5, -2.0, 1.0)]),
        Charts.Funnel("Outcomes achieved by locality", "Locality", "Outcome rate",
            [new("North", 30, 42), new("South", 2, 28), new("East", 9, 23), new("West", 40, 61)]),
        Charts.Tornado("Sensitivity of the net saving", "Parameter", "Net saving per family (£)",
            [new("Discount rate", 1200, 900), new("Attendance effect", 600, 1800), new("Time horizon", 1000, 1250)], baseValue: 1100),
        Charts.LovePlot("Balance after matching", "Covariate",
            [new("Age of eldest child", 0.32, 0.04), new("Number of children", -0.21, 0.02), new("Prior school absence", 0.45, 0.12)]),
    ];

    [Fact]
    public void OneOfEach_CoversEveryKind() =>
        Assert.Equal(["bar", "stacked-bar", "line", "forest", "funnel", "tornado", "love"], OneOfEach().Select(c => c.Kind));

    [Fact]
    public void EveryChart_IsAnAccessibleSvg_WithItsTitleAndAxisTitlesAsText()
    {
        foreach (var chart in OneOfEach())
        {
            Assert.True(chart.Summary.Length > 30, $"{chart.Kind}: '{chart.Summary}'");
            Assert.NotEmpty(chart.Data.Rows);
            var svg = XElement.Parse(chart.ToSvg());
            Assert.Equal(Svg + "svg", svg.Name);
            Assert.Equal("img", (string?)svg.Attribute("role"));
            Assert.Equal($"{chart.Title}. {chart.Summary}", (string?)svg.Attribute("aria-label"));
            Assert.Equal(chart.Title, svg.Elements().First().Value);
            Assert.Equal(Svg + "title", svg.Elements().First().Name);
            Assert.Equal(chart.Summary, svg.Element(Svg + "desc")?.Value);
            Assert.Equal($"0 0 {chart.Width} {chart.Height}", (string?)svg.Attribute("viewBox"));
            var texts = Texts(svg);
            Assert.Contains(chart.Title, texts);
            Assert.Contains(chart.XTitle, texts);
            Assert.Contains(chart.YTitle, texts);
            Assert.All(svg.Descendants(Svg + "text"), t => Assert.EndsWith("sans-serif", (string?)t.Attribute("font-family")));
        }
    }

    [Fact]
    public void EveryChart_DrawsInThePalette_AndAMultiSeriesChartHasALegendOfDistinctShapes()
    {
        foreach (var chart in OneOfEach())
        {
            var colours = Colours(XElement.Parse(chart.ToSvg()));
            Assert.Contains(Charts.Palette[0], colours);
        }
        var stacked = XElement.Parse(OneOfEach()[1].ToSvg());
        Assert.Contains(Charts.Palette[1], Colours(stacked));
        Assert.Contains("Open", Texts(stacked));
        Assert.Contains("Closed", Texts(stacked));
        using var plot = OneOfEach()[1].Draw();
        var shapes = plot.Legend.ManualItems.Select(i => i.MarkerShape).ToList();
        Assert.Equal(2, shapes.Count);
        Assert.Equal(shapes.Count, shapes.Distinct().Count());
    }

    [Fact]
    public void EveryText_HasAtLeastFourAndAHalfToOneContrast()
    {
        foreach (var chart in OneOfEach())
            foreach (var text in XElement.Parse(chart.ToSvg()).Descendants(Svg + "text"))
            {
                var fill = (string?)text.Attribute("fill") ?? "#000000";
                if (fill == "white") continue; // on a bar segment: see below
                Assert.True(Contrast.Ratio(fill, "#ffffff") >= 4.5, $"{chart.Kind}: '{text.Value}' in {fill}");
            }
        // Labels on a bar segment are in near-black or white, whichever reads better: at least 4.5:1 on every colour.
        foreach (var colour in Charts.Palette)
            Assert.True(Math.Max(Contrast.Ratio(colour, "#ffffff"), Contrast.Ratio(colour, "#0b0c0c")) >= 4.5, colour);
    }

    [Fact]
    public void Svg_IdsAreUniqueAcrossCharts_AndEveryReferenceResolvesInItsOwnDrawing()
    {
        var all = new List<string>();
        foreach (var chart in OneOfEach())
        {
            var svg = XElement.Parse(chart.ToSvg());
            var ids = svg.DescendantsAndSelf().Select(e => (string?)e.Attribute("id")).OfType<string>().ToList();
            all.AddRange(ids);
            foreach (Match reference in Regex.Matches(chart.ToSvg(), @"url\(#([^)]+)\)"))
                Assert.Contains(reference.Groups[1].Value, ids);
        }
        Assert.NotEmpty(all);
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public void Svg_TheSameChartDrawnAgain_IsByteForByteTheSame()
    {
        // ScottPlot numbers its clip paths with a counter shared by the process; reports must not depend on what was drawn before.
        var first = OneOfEach().Select(c => c.ToSvg()).ToList();
        var again = OneOfEach().Select(c => c.ToSvg()).ToList();
        Assert.Equal(first, again);
    }

    [Fact]
    public void Bar_SmallCount_IsNotDrawn_AndShowsLessThanFiveInItsTable()
    {
        var counts = CountTable.OneWay("Families by locality", "Locality", "Families", [("North", 42), ("South", 3), ("East", 23)]);
        var chart = Charts.Bar(counts);
        var svg = XElement.Parse(chart.ToSvg());
        Assert.DoesNotContain("3", Texts(svg));
        Assert.DoesNotContain("23", Texts(svg)); // hidden too, or South would follow from the total
        Assert.Contains("42", Texts(svg));
        Assert.Equal(1, Bars(svg, Charts.Palette[0]));
        Assert.Contains("<th scope=\"row\">South</th><td class=\"num suppressed\">&lt;5</td>", chart.ToHtml());
        Assert.Contains("hidden to protect small numbers", chart.Summary);

        // The same counts without disclosure control are all drawn: the checks above can fail.
        var open = XElement.Parse(Charts.Bar(counts, DisclosureControl.None).ToSvg());
        Assert.Contains("3", Texts(open));
        Assert.Equal(3, Bars(open, Charts.Palette[0]));
    }

    [Fact]
    public void StackedBar_SmallSegment_IsHiddenWithItsPartners_AndNotDrawn()
    {
        var chart = Charts.StackedBar(Localities(), "Families", "Status");
        var svg = XElement.Parse(chart.ToSvg());
        var protectedTable = DisclosureControl.Publication.Protect(Localities());
        Assert.Equal("<5", protectedTable[1, 0].Text);
        Assert.Contains("&lt;5", chart.Data.ToHtml());
        Assert.Contains("[c]", chart.Data.ToHtml());
        // Rectangles in the two series' colours: the segments drawn, and one legend swatch each.
        var drawn = Bars(svg, Charts.Palette[0]) + Bars(svg, Charts.Palette[1]) - 2;
        var shown = Enumerable.Range(0, 3).SelectMany(r => Enumerable.Range(0, 2).Select(c => protectedTable[r, c])).Count(f => f.Value is not null);
        Assert.Equal(shown, drawn);
        Assert.DoesNotContain("3", Texts(svg));

        var open = XElement.Parse(Charts.StackedBar(Localities(), "Families", "Status", DisclosureControl.None).ToSvg());
        Assert.Equal(6, Bars(open, Charts.Palette[0]) + Bars(open, Charts.Palette[1]) - 2);
        Assert.Contains("3", Texts(open));
    }

    [Fact]
    public void Funnel_UnitWithHiddenEvents_IsNotPlotted()
    {
        UnitRate[] units = [new("North", 30, 42), new("South", 2, 28), new("East", 9, 23), new("West", 40, 61)];
        var chart = Charts.Funnel("Outcomes achieved by locality", "Locality", "Outcome rate", units);
        Assert.DoesNotContain("South", Texts(XElement.Parse(chart.ToSvg())));
        Assert.Contains("North", Texts(XElement.Parse(chart.ToSvg())));
        Assert.Contains("not plotted", chart.Summary);
        Assert.Contains(chart.Data.Rows, r => (string?)r[0] == "South");
        Assert.Contains("South", Texts(XElement.Parse(Charts.Funnel("Outcomes", "Locality", "Outcome rate", units, DisclosureControl.None).ToSvg())));
    }

    [Fact]
    public void Forest_Summary_CountsIntervalsExcludingTheReference() =>
        Assert.Contains("1 of 2 intervals exclude 0.0", OneOfEach()[3].Summary);

    [Fact]
    public void Tornado_SortsByWidth_WidestAtTheTop()
    {
        var chart = Charts.Tornado("Sensitivity", "Parameter", "Net saving (£)",
            [new("Narrow", 1000, 1100), new("Widest", 400, 2000), new("Middle", 1400, 700)], baseValue: 1050);
        Assert.Equal(["Widest", "Middle", "Narrow"], chart.Data.Rows.Select(r => (string?)r[0]));
        Assert.Equal([1600.0, 700.0, 100.0], chart.Data.Rows.Select(r => (double)r[3]!));
        // In the drawing the labels run down the left axis in the same order (SVG y grows downwards).
        var labels = XElement.Parse(chart.ToSvg()).Descendants(Svg + "text")
            .Where(t => t.Value is "Widest" or "Middle" or "Narrow").ToDictionary(t => t.Value, TranslateY);
        Assert.True(labels["Widest"] < labels["Middle"] && labels["Middle"] < labels["Narrow"], string.Join(", ", labels));
        Assert.Contains("Widest moves it most (400.0 to 2,000.0), Narrow least (1,000.0 to 1,100.0)", chart.Summary);
        var texts = Texts(XElement.Parse(chart.ToSvg()));
        Assert.Contains("low 400.0", texts);
        Assert.Contains("high 2,000.0", texts);
        Assert.Contains("Base case (1,050.0)", texts);
    }

    [Fact]
    public void LovePlot_HasALineAtZero_AndDashedLinesAtPlusAndMinusTheThreshold()
    {
        var chart = OneOfEach()[6];
        using var plot = chart.Draw();
        var lines = plot.GetPlottables<ScottPlot.Plottables.VerticalLine>().OrderBy(l => l.X).ToList();
        Assert.Equal([-0.1, 0, 0.1], lines.Select(l => l.X));
        Assert.Equal([ScottPlot.LinePattern.Dashed, ScottPlot.LinePattern.Solid, ScottPlot.LinePattern.Dashed], lines.Select(l => l.LinePattern));
        var markers = plot.GetPlottables<ScottPlot.Plottables.Markers>().Select(m => m.MarkerShape).ToList();
        Assert.Equal(2, markers.Distinct().Count());
        var texts = Texts(XElement.Parse(chart.ToSvg()));
        Assert.Contains("±0.1", texts);
        Assert.Contains("Before matching", texts);
        Assert.Contains("After matching", texts);
        Assert.Contains("3 of 3 beyond ±0.1 before matching and 1 after", chart.Summary);
        Assert.Equal("0.120", ReportTable.FormatValue(chart.Data.Rows[2][2], chart.Data.Columns[2]));
    }

    [Fact]
    public void HostileLabels_StayText_InTheSvgAndTheHtml()
    {
        const string script = "<script>alert(1)</script>";
        var chart = Charts.Bar(script + " & co", "Area <b>", "Score \"quoted\"", [(script, 1.0), ("A & B", 2.0), ("bell\u0007", 3.0)]);
        var svgText = chart.ToSvg();
        var html = chart.ToHtml();
        Assert.DoesNotContain("<script", svgText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html);
        var texts = Texts(XElement.Parse(svgText));
        Assert.Contains(script, texts);
        Assert.Contains("A & B", texts);
        Assert.Contains("bell", texts); // a character XML cannot hold is left out
        Assert.Contains(script + " & co", texts);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co", html);
        Assert.Contains("A &amp; B", svgText);
    }

    [Fact]
    public void Png_IsAnImageOfTheChartsSize()
    {
        var chart = OneOfEach()[0];
        var png = chart.ToPng();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(chart.Width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(chart.Height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
        Assert.True(png.Length > 5_000, $"{png.Length} bytes");
    }

    [Fact]
    public void Html_IsAFigureWithCaptionDrawingAndDataTable()
    {
        foreach (var chart in OneOfEach())
        {
            var html = chart.ToHtml();
            Assert.StartsWith($"<figure class=\"chart\" data-kind=\"{chart.Kind}\">", html);
            Assert.Contains("<figcaption>", html);
            Assert.Contains("<svg ", html);
            Assert.Contains("<details class=\"chart-data\">", html);
            Assert.Contains("<caption>", html);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        }
    }

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

    private static List<string> Texts(XElement svg) => svg.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();

    private static HashSet<string> Colours(XElement svg) =>
        svg.Descendants().SelectMany(e => new[] { (string?)e.Attribute("fill"), (string?)e.Attribute("stroke") })
            .OfType<string>().Where(c => c.StartsWith('#')).Select(c => c.ToUpperInvariant()).ToHashSet();

    /// <summary>The rectangles filled with a colour (bars and bar segments).</summary>
    private static int Bars(XElement svg, string colour) =>
        svg.Descendants(Svg + "rect").Count(r => string.Equals((string?)r.Attribute("fill"), colour, StringComparison.OrdinalIgnoreCase));

    private static double TranslateY(XElement text)
    {
        var match = Regex.Match((string?)text.Attribute("transform") ?? "", @"translate\(([-\d.]+)[ ,]+([-\d.]+)\)");
        Assert.True(match.Success, text.ToString());
        return double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
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
