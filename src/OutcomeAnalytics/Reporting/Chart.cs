using System.Text;
using System.Text.Json.Nodes;

namespace OutcomeAnalytics.Reporting;

/// <summary>
/// A chart: a Vega-Lite specification with everything a reader who cannot see it needs — a title, axis titles, a
/// text summary and its data as a table. Made by <see cref="Charts"/>; drawn in the browser by vega-embed
/// (see <see cref="ReportPage"/>).
/// </summary>
public sealed class Chart
{
    internal Chart(string kind, string title, string xTitle, string yTitle, string summary, ReportTable data, JsonObject spec)
    {
        Kind = kind;
        Title = title;
        XTitle = xTitle;
        YTitle = yTitle;
        Summary = summary;
        Data = data;
        spec["$schema"] = "https://vega.github.io/schema/vega-lite/v6.json";
        spec["title"] = title;
        // Vega writes the description into the SVG's aria-label.
        spec["description"] = summary;
        spec["config"] = Charts.Config();
        Spec = spec;
    }

    /// <summary>The kind of chart, such as "bar" or "funnel".</summary>
    public string Kind { get; }
    /// <summary>The title, shown above the chart.</summary>
    public string Title { get; }
    /// <summary>The horizontal axis title.</summary>
    public string XTitle { get; }
    /// <summary>The vertical axis title.</summary>
    public string YTitle { get; }
    /// <summary>What the chart shows, in a sentence or two, for readers who cannot see it.</summary>
    public string Summary { get; }
    /// <summary>The chart's data as a table (after disclosure control for counts).</summary>
    public ReportTable Data { get; }
    /// <summary>The Vega-Lite specification (data inline).</summary>
    public JsonObject Spec { get; }

    /// <summary>The Vega-Lite specification as JSON text.</summary>
    public string ToVegaLiteJson() => Spec.ToJsonString();

    /// <summary>
    /// The chart as an HTML figure: title and summary as the caption, the specification in a JSON script element that
    /// <see cref="ReportPage"/>'s script draws, and the data table in a disclosure widget. Without script the reader
    /// still has the caption and the table.
    /// </summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<figure class=\"chart\" data-kind=\"").Append(Kind).Append("\">\n");
        html.Append("<figcaption><span class=\"chart-title\">").Append(Html.Encode(Title)).Append("</span> ")
            .Append("<span class=\"chart-summary\">").Append(Html.Encode(Summary)).Append("</span></figcaption>\n");
        html.Append("<div class=\"vega\" role=\"img\" aria-label=\"").Append(Html.Encode(Title + ". " + Summary)).Append("\">")
            .Append("<script type=\"application/json\">").Append(Html.ScriptJson(Spec)).Append("</script>")
            .Append("<div class=\"vega-target\"></div></div>\n");
        html.Append("<details class=\"chart-data\"><summary>Data for this chart</summary>\n").Append(Data.ToHtml()).Append("</details>\n");
        html.Append("</figure>\n");
        return html.ToString();
    }
}
