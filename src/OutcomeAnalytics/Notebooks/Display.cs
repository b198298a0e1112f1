using System.Data;
using System.Text.Json.Nodes;
using System.Data.Common;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Notebooks;

/// <summary>
/// What notebook cells call to show results: HTML, Markdown, text, tables and charts. Under <c>outcomes notebook
/// run</c> each call becomes an output of the cell (a <c>display_data</c> of the executed notebook, shown in place in
/// its HTML). Anywhere else (a plain script, an editor without the runner) the text form goes to standard output.
/// </summary>
public static class Display
{
    private static readonly AsyncLocal<Action<JsonObject>?> Sink = new();

    /// <summary>
    /// Sends every display made in this asynchronous flow to <paramref name="sink"/> (as an nbformat MIME bundle)
    /// until the returned handle is disposed. Used by the notebook runner.
    /// </summary>
    public static IDisposable Capture(Action<JsonObject> sink)
    {
        var previous = Sink.Value;
        Sink.Value = sink;
        return new Restore(() => Sink.Value = previous);
    }

    /// <summary>Shows trusted HTML.</summary>
    public static void Html(string html) => Emit(new JsonObject { ["text/html"] = html, ["text/plain"] = "<HTML output>" });

    /// <summary>Shows Markdown (rendered by Markdig in the HTML report).</summary>
    public static void Markdown(string markdown) => Emit(new JsonObject { ["text/markdown"] = markdown, ["text/plain"] = markdown });

    /// <summary>Shows plain text.</summary>
    public static void Text(string text) => Emit(new JsonObject { ["text/plain"] = text });

    /// <summary>Shows a report table.</summary>
    public static void Table(ReportTable table) => Emit(new JsonObject { ["text/html"] = table.ToHtml(), ["text/plain"] = PlainText(table) });

    /// <summary>
    /// Shows a query result as a table (at most <paramref name="maxRows"/> rows). No disclosure control is applied:
    /// use <see cref="Counts"/> for counts that will leave the data team.
    /// </summary>
    public static void Table(DbDataReader result, string? caption = null, int maxRows = 50) =>
        Table(ReportTable.From(result, caption ?? "Query result", maxRows: maxRows));

    /// <summary>Shows a <see cref="DataTable"/>.</summary>
    public static void Table(DataTable table, string? caption = null, int maxRows = 50) =>
        Table(ReportTable.From(table, caption ?? (table.TableName.Length > 0 ? table.TableName : "Table"), maxRows));

    /// <summary>Shows a count table with totals after disclosure control (the default: <see cref="DisclosureControl.Publication"/>).</summary>
    public static void Counts(CountTable counts, DisclosureControl? control = null) => Table(ReportTable.Counts(counts, control));

    /// <summary>Shows a chart with its summary and data table; viewers without HTML get the drawing as SVG or PNG.</summary>
    public static void Chart(Chart chart) => Emit(new JsonObject
    {
        ["text/html"] = chart.ToHtml(),
        ["image/svg+xml"] = chart.ToSvg(),
        ["image/png"] = Convert.ToBase64String(chart.ToPng()),
        ["text/plain"] = chart.Title + ": " + chart.Summary,
    });

    /// <summary>Shows any value the best way it can: charts, tables and query results as such, anything else as text.</summary>
    public static void Value(object? value)
    {
        switch (value)
        {
            case null: return;
            case Chart chart: Chart(chart); break;
            case ReportTable table: Table(table); break;
            case DbDataReader result: Table(result); break;
            case DataTable table: Table(table); break;
            case CountTable counts: Counts(counts); break;
            default: Text(value.ToString() ?? ""); break;
        }
    }

    /// <summary>The MIME bundle <see cref="Value"/> would show, without showing it (the runner uses it for a cell's result).</summary>
    public static JsonObject? Bundle(object? value)
    {
        JsonObject? bundle = null;
        using (Capture(b => bundle = b)) Value(value);
        return bundle;
    }

    private static void Emit(JsonObject bundle)
    {
        if (Sink.Value is { } sink) sink(bundle);
        else Console.WriteLine(NotebookDocument.MultilineText(bundle["text/plain"]));
    }

    private static string PlainText(ReportTable table)
    {
        var lines = new List<string> { table.Caption, string.Join(" | ", table.Columns.Select(c => c.Header)) };
        lines.AddRange(table.Rows.Select(r => string.Join(" | ", r.Select((v, i) => ReportTable.FormatValue(v, table.Columns[i])))));
        if (table.Note.Length > 0) lines.Add(table.Note);
        return string.Join("\n", lines);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
