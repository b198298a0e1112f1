using System.Data;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using OutcomeAnalytics.Reporting;
using ScottPlot;

namespace OutcomeAnalytics.Notebooks;

/// <summary>
/// Tells the .NET Interactive kernel (VS Code's Polyglot Notebooks, Jupyter's <c>.net-csharp</c> kernel, and
/// <c>outcomes notebook run</c>) how to show the library's values: a value returned from a cell or passed to
/// <c>display(...)</c> renders as an HTML table or an SVG chart with a plain-text alternative. Registered when the library
/// is first used inside a kernel (a notebook that references the library by path or as a package), so a notebook needs
/// no set-up of its own.
/// </summary>
public static class KernelFormatters
{
    /// <summary>The most rows of a DataFrame or query result shown in a notebook output.</summary>
    public const int MaxRows = 50;

    private const string HtmlMime = "text/html";
    private const string PlainMime = "text/plain";
    private const string SvgMime = "image/svg+xml";
    private const string PngMime = "image/png";
    private const int PlotWidth = 640;
    private const int PlotHeight = 400;

    /// <summary>
    /// Registers the formatters with <see cref="Formatter"/>: <see cref="ReportTable"/>, <see cref="ReportFragment"/>, <see cref="CountTable"/> (after
    /// <see cref="DisclosureControl.Publication"/>), <see cref="ProtectedTable"/>, <see cref="Chart"/> (HTML figure, SVG and
    /// PNG), ScottPlot <see cref="Plot"/>s (SVG and PNG, 640 × 400), Microsoft.Data.Analysis <see cref="DataFrame"/>s and <see cref="DataTable"/>s. A later registration wins, as in the kernel: calling it again (the package's kernel
    /// extension does) puts these formatters back above any a package registered since, such as Microsoft.Data.Analysis's
    /// own DataFrame table.
    /// </summary>
    public static void Register()
    {
        Both<ReportTable>(t => t.ToHtml(), PlainText);
        Both<ReportFragment>(f => f.ToHtml(), f => f.Text);
        Both<ProtectedTable>(t => t.ToReportTable().ToHtml(), t => PlainText(t.ToReportTable()));
        Both<CountTable>(t => ReportTable.Counts(t).ToHtml(), t => PlainText(ReportTable.Counts(t)));
        Both<DataFrame>(f => ReportTable.From(f, Caption(f), MaxRows).ToHtml(), f => PlainText(ReportTable.From(f, Caption(f), MaxRows)));
        Both<DataTable>(t => ReportTable.From(t, Caption(t), MaxRows).ToHtml(), t => PlainText(ReportTable.From(t, Caption(t), MaxRows)));
        Formatter.Register<Chart>((chart, writer) => writer.Write(chart.ToHtml()), HtmlMime);
        Formatter.Register<Chart>((chart, writer) => writer.Write(chart.ToSvg()), SvgMime);
        Formatter.Register<Chart>((chart, writer) => writer.Write(Convert.ToBase64String(chart.ToPng())), PngMime);
        Formatter.Register<Chart>((chart, writer) => writer.Write(chart.Title + ": " + chart.Summary), PlainMime);
        Formatter.SetPreferredMimeTypesFor(typeof(Chart), HtmlMime, SvgMime, PngMime, PlainMime);
        // An analyst's own ScottPlot chart shows as SVG (text kept as text) with a PNG alternative.
        // Finished like the library's charts: role="img", a label, title and description, stable ids, a sans-serif fallback.
        Formatter.Register<Plot>((plot, writer) => writer.Write(ChartSvg.Finish(plot.GetSvgXml(PlotWidth, PlotHeight), PlotTitle(plot), PlotText(plot))), SvgMime);
        Formatter.Register<Plot>((plot, writer) => writer.Write(Convert.ToBase64String(plot.GetImageBytes(PlotWidth, PlotHeight, ImageFormat.Png))), PngMime);
        Formatter.Register<Plot>((plot, writer) => writer.Write(PlotText(plot)), PlainMime);
        Formatter.SetPreferredMimeTypesFor(typeof(Plot), SvgMime, PngMime, PlainMime);
    }

    /// <summary>
    /// Registers the formatters when the process hosts a .NET Interactive kernel; otherwise (the command-line tool, a
    /// service) does nothing, so that the formatting library is not loaded where nothing will be shown.
    /// </summary>
    internal static void RegisterInKernel()
    {
        if (AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Microsoft.DotNet.Interactive")) Register();
    }

    /// <summary>A table as plain text: caption, header and rows separated by <c>|</c>, then its note.</summary>
    public static string PlainText(ReportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var lines = new List<string> { table.Caption, string.Join(" | ", table.Columns.Select(c => c.Header)) };
        lines.AddRange(table.Rows.Select(r => string.Join(" | ", r.Select((v, i) => ReportTable.FormatValue(v, table.Columns[i])))));
        if (table.Note.Length > 0) lines.Add(table.Note);
        return string.Join("\n", lines);
    }

    private static void Both<T>(Func<T, string> html, Func<T, string> plain)
    {
        Formatter.Register<T>((value, writer) => writer.Write(html(value)), HtmlMime);
        Formatter.Register<T>((value, writer) => writer.Write(plain(value)), PlainMime);
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlMime, PlainMime);
    }

    private static string PlotTitle(Plot plot) => plot.Axes.Title.Label.Text is { Length: > 0 } title ? title : "Chart";

    private static string PlotText(Plot plot)
    {
        var title = plot.Axes.Title.Label.Text;
        var axes = string.Join(", ", new[] { plot.Axes.Bottom.Label.Text, plot.Axes.Left.Label.Text }.Where(t => t.Length > 0));
        return "ScottPlot chart" + (title.Length > 0 ? ": " + title : "") + (axes.Length > 0 ? " (" + axes + ")" : "");
    }

    private static string Caption(DataFrame frame) => $"{Plural(frame.Rows.Count, "row")} × {Plural(frame.Columns.Count, "column")}";

    private static string Plural(long count, string noun) => $"{count:N0} {noun}{(count == 1 ? "" : "s")}";

    private static string Caption(DataTable table) =>
        (table.TableName.Length > 0 ? table.TableName + ": " : "") + $"{Plural(table.Rows.Count, "row")} × {Plural(table.Columns.Count, "column")}";
}
