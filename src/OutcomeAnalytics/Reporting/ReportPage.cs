using System.Globalization;
using System.Text;
using Markdig;

namespace OutcomeAnalytics.Reporting;

/// <summary>
/// Builds one self-contained HTML page: headings, Markdown, tables and charts (inline SVG drawn on the server), with no
/// script at all, so that the page needs no network to be viewed, shows its charts wherever HTML is shown (scripts off,
/// an email preview) and prints to A4 (see <see cref="PdfPrinter"/>).
/// The page is in British English (<c>lang="en-GB"</c>), has one <c>h1</c>, labelled charts with their data as tables,
/// text and focus indicators well above WCAG 2.2 AA contrast, and no content that a keyboard cannot reach.
/// </summary>
public sealed class ReportPage
{
    private readonly StringBuilder _body = new();
    private bool _hasHeading1;

    /// <summary>Starts a page.</summary>
    /// <param name="title">The page title (the <c>title</c> element, and the <c>h1</c> unless the content brings its own).</param>
    /// <param name="date">The date the report is about or was produced on, shown under the title and on every printed page.</param>
    public ReportPage(string title, DateOnly date)
    {
        Title = title;
        Date = date;
    }

    /// <summary>The page title.</summary>
    public string Title { get; }
    /// <summary>The report's date.</summary>
    public DateOnly Date { get; }
    /// <summary>The report's date as written on the page, such as 16 January 2025.</summary>
    public string DateText => Date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
    /// <summary>The number of charts added.</summary>
    public int ChartCount { get; private set; }

    /// <summary>Adds a heading (level 1 to 6).</summary>
    public ReportPage AddHeading(string text, int level = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 6);
        _hasHeading1 |= level == 1;
        _body.Append("<h").Append(level).Append('>').Append(Html.Encode(text)).Append("</h").Append(level).Append(">\n");
        return this;
    }

    /// <summary>Adds a paragraph of plain text.</summary>
    public ReportPage AddParagraph(string text)
    {
        _body.Append("<p>").Append(Html.Encode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Adds Markdown (CommonMark with pipe tables), rendered by Markdig.</summary>
    public ReportPage AddMarkdown(string markdown) => AddHtml(MarkdownText.ToHtml(markdown));

    /// <summary>Adds trusted HTML as it is. Charts in it (from <see cref="Chart.ToHtml"/>) are drawn too.</summary>
    public ReportPage AddHtml(string html)
    {
        _hasHeading1 |= html.Contains("<h1", StringComparison.OrdinalIgnoreCase);
        ChartCount += CountOccurrences(html, "<figure class=\"chart\"");
        _body.Append(html);
        if (html.Length > 0 && html[^1] != '\n') _body.Append('\n');
        return this;
    }

    /// <summary>Adds a table.</summary>
    public ReportPage AddTable(ReportTable table) => AddHtml(table.ToHtml());

    /// <summary>Adds a chart with its summary and data table.</summary>
    public ReportPage AddChart(Chart chart) => AddHtml(chart.ToHtml());

    /// <summary>The whole page.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder(_body.Length + 8_000);
        html.Append("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"OutcomeAnalytics\">\n")
            .Append("<meta name=\"date\" content=\"").Append(Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("\">\n")
            .Append("<title>").Append(Html.Encode(Title)).Append("</title>\n<style>\n").Append(Styles).Append("</style>\n</head>\n<body>\n");
        html.Append("<main id=\"main\">\n");
        var date = $"<p class=\"report-date\">{Html.Encode(DateText)}</p>\n";
        // The date follows the page's heading: the page's own, or the first level-1 heading the content brings.
        var body = _body.ToString();
        var endOfHeading = _hasHeading1 ? body.IndexOf("</h1>", StringComparison.OrdinalIgnoreCase) : -1;
        if (!_hasHeading1) html.Append("<h1>").Append(Html.Encode(Title)).Append("</h1>\n").Append(date).Append(body);
        else if (endOfHeading < 0) html.Append(date).Append(body);
        else
        {
            var cut = endOfHeading + "</h1>".Length;
            if (cut < body.Length && body[cut] == '\n') cut++;
            html.Append(body, 0, cut).Append(date).Append(body, cut, body.Length - cut);
        }
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Writes the page to a file (UTF-8, no byte-order mark) and returns its size in bytes.</summary>
    public long Save(string path)
    {
        var bytes = new UTF8Encoding(false).GetBytes(ToHtml());
        File.WriteAllBytes(path, bytes);
        return bytes.Length;
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>The page's style sheet: readable type, accessible colours, visible focus, A4 print rules.</summary>
    internal const string Styles = """
        :root { color-scheme: light; }
        body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; font-family: "DejaVu Sans", Helvetica, Arial, sans-serif;
               font-size: 1rem; line-height: 1.5; color: #0b0c0c; background: #ffffff; }
        h1, h2, h3, h4 { line-height: 1.25; margin: 1.6em 0 0.5em; }
        h1 { font-size: 2rem; margin-top: 0.5em; }
        h2 { font-size: 1.5rem; border-bottom: 1px solid #b1b4b6; padding-bottom: 0.2em; }
        h3 { font-size: 1.2rem; }
        a { color: #1d70b8; }
        a:visited { color: #4c2c92; }
        :focus-visible { outline: 3px solid #0b0c0c; outline-offset: 2px; box-shadow: 0 0 0 6px #ffdd00; }
        .report-date, .table-note, .chart-summary, .cell-label { color: #505a5f; }
        .table-wrap { overflow-x: auto; margin: 1em 0; }
        table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
        table.full-width { width: 100%; }
        caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
        th, td { border-bottom: 1px solid #b1b4b6; padding: 0.35em 0.8em 0.35em 0; text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid #0b0c0c; }
        .num { text-align: right; }
        tr.total th, tr.total td { font-weight: bold; border-top: 2px solid #0b0c0c; }
        figure.chart { margin: 1.5em 0; }
        figcaption .chart-title { font-weight: bold; display: block; }
        figure.chart svg { display: block; max-width: 100%; height: auto; margin: 0.5em 0; }
        details { margin: 0.5em 0; }
        summary { cursor: pointer; color: #1d70b8; }
        pre { background: #f3f2f1; padding: 0.8em; overflow-x: auto; font-size: 0.875rem; white-space: pre; }
        pre, code { font-family: "DejaVu Sans Mono", Consolas, monospace; }
        .output pre { background: #ffffff; border-left: 4px solid #b1b4b6; }
        .output-error pre { border-left-color: #d4351c; }
        .cell { margin: 1em 0; }
        .title-page { margin: 2em 0 3em; }
        .title-lead { font-size: 1.5rem; font-weight: bold; margin: 0 0 1.5em; }
        .title-facts dt, dl.definitions dt { font-weight: bold; }
        .title-facts dd { margin: 0 0 1em; }
        dl.definitions dd { margin: 0 0 0.6em 1.5em; }
        .compact { font-size: 0.85rem; }
        .compact dl.definitions dd { margin-bottom: 0.3em; }
        @page { size: A4; margin: 20mm 15mm 18mm 15mm; }
        @media print {
          body { max-width: none; padding: 0; font-size: 10pt; }
          h1, h2, h3, h4 { break-after: avoid; }
          figure, tr, .output > pre { break-inside: avoid; }
          .title-page { break-after: page; }
          table { font-size: 9pt; }
          figure.chart svg { width: 62%; }
          h2 { margin-top: 1.2em; }
          .compact { font-size: 8.5pt; }
          .screen-only { display: none; }
          /* Tables break between rows, never inside one; the caption and the header row stay with the first rows. */
          caption, thead { break-after: avoid; }
          .compact dl.definitions { columns: 2; column-gap: 8mm; }
          .compact dd { break-before: avoid; }
          dt { break-after: avoid; }
          .page-break { break-before: page; }
          pre { white-space: pre-wrap; overflow-wrap: anywhere; }
          thead { display: table-header-group; }
          .table-wrap { overflow: visible; }
          summary { color: #0b0c0c; }
          /* Closed disclosure widgets (the data under each chart) print open, without a script. */
          details::details-content { content-visibility: visible; display: block; }
          a { color: #0b0c0c; }
        }
        """;
}

/// <summary>Markdown to HTML with Markdig (CommonMark plus pipe tables, emphasis extras and automatic heading ids).</summary>
public static class MarkdownText
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseEmphasisExtras().UseAutoIdentifiers().UseListExtras().Build();

    /// <summary>Renders Markdown as an HTML fragment.</summary>
    public static string ToHtml(string markdown) => Markdown.ToHtml(markdown, Pipeline);
}
