using System.Text;
using ScottPlot;

namespace OutcomeAnalytics.Reporting;

/// <summary>
/// A chart with everything a reader who cannot see it needs — a title, axis titles, a text summary and its data as a
/// table. Made by <see cref="Charts"/>; drawn on the server by ScottPlot as SVG (text stays text), so that a page shows
/// it without any script, in print and in an email preview alike.
/// </summary>
public sealed class Chart
{
    private readonly Action<Plot> _draw;
    private readonly Lazy<string> _svg;

    internal Chart(string kind, string title, string xTitle, string yTitle, string summary, ReportTable data, int height, Action<Plot> draw)
    {
        Kind = kind;
        Title = title;
        XTitle = xTitle;
        YTitle = yTitle;
        Summary = summary;
        Data = data;
        Height = height;
        _draw = draw;
        _svg = new Lazy<string>(() =>
        {
            using var plot = Draw();
            return ChartSvg.Finish(plot.GetSvgXml(Width, Height), Title, Summary);
        });
    }

    /// <summary>The kind of chart, such as "bar" or "funnel".</summary>
    public string Kind { get; }
    /// <summary>The title, drawn above the chart.</summary>
    public string Title { get; }
    /// <summary>The horizontal axis title.</summary>
    public string XTitle { get; }
    /// <summary>The vertical axis title.</summary>
    public string YTitle { get; }
    /// <summary>What the chart shows, in a sentence or two, for readers who cannot see it.</summary>
    public string Summary { get; }
    /// <summary>The chart's data as a table (after disclosure control for counts).</summary>
    public ReportTable Data { get; }
    /// <summary>
    /// False when the page prints the chart's figures in a table of its own nearby, so that print leaves the chart's data
    /// table out (the page still holds it, in its disclosure widget). The default is true.
    /// </summary>
    public bool PrintsData { get; set; } = true;
    /// <summary>The width of the drawing in pixels (CSS pixels in the SVG).</summary>
    public int Width { get; } = ChartStyle.Width;
    /// <summary>The height of the drawing in pixels.</summary>
    public int Height { get; }

    /// <summary>
    /// The chart as an SVG document (UTF-8 text, without an XML declaration so that it can also be placed in HTML):
    /// <c>role="img"</c> with the title and summary as its <c>aria-label</c>, a <c>title</c> and a <c>desc</c> element,
    /// and every label as a <c>text</c> element. Element ids are unique to the chart, so several charts share a page.
    /// </summary>
    public string ToSvg() => _svg.Value;

    /// <summary>The chart as a PNG image, for viewers that cannot show SVG.</summary>
    public byte[] ToPng()
    {
        using var plot = Draw();
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>
    /// The chart as an HTML figure: title and summary as the caption, the SVG drawing, and the data table in a
    /// disclosure widget. It needs no script.
    /// </summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<figure class=\"chart\" data-kind=\"").Append(Html.Encode(Kind)).Append("\">\n");
        html.Append("<figcaption><span class=\"chart-title\">").Append(Html.Encode(Title)).Append("</span> ")
            .Append("<span class=\"chart-summary\">").Append(Html.Encode(Summary)).Append("</span></figcaption>\n");
        html.Append(ToSvg()).Append('\n');
        html.Append(PrintsData ? "<details class=\"chart-data\">" : "<details class=\"chart-data screen-only\">").Append("<summary>Data for this chart</summary>\n").Append(Data.ToHtml()).Append("</details>\n");
        html.Append("</figure>\n");
        return html.ToString();
    }

    /// <summary>A new ScottPlot plot of the chart (the caller disposes of it).</summary>
    internal Plot Draw()
    {
        var plot = ChartStyle.NewPlot(Title, XTitle, YTitle);
        _draw(plot);
        ChartStyle.Finish(plot);
        return plot;
    }
}
