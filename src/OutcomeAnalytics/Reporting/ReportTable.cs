using Microsoft.Data.Analysis;
using System.Data;
using System.Globalization;
using System.Text;
using System.Data.Common;

namespace OutcomeAnalytics.Reporting;

/// <summary>How a column's values are written.</summary>
public enum ColumnFormat
{
    /// <summary>Text, left-aligned.</summary>
    Text,
    /// <summary>A whole number with thousands separators (1,234), right-aligned.</summary>
    Count,
    /// <summary>A number with one decimal place (12.3), right-aligned.</summary>
    Decimal,
    /// <summary>A proportion (0 to 1) written as a percentage with one decimal place (45.6%), right-aligned.</summary>
    Percent,
    /// <summary>A date written as 16 Jan 2023.</summary>
    Date,
}

/// <summary>A column of a <see cref="ReportTable"/>.</summary>
/// <param name="Header">The column header.</param>
/// <param name="Format">How values are written.</param>
/// <param name="Decimals">Decimal places for <see cref="ColumnFormat.Decimal"/> and <see cref="ColumnFormat.Percent"/>. The default is 1.</param>
public sealed record ReportColumn(string Header, ColumnFormat Format, int Decimals = 1)
{
    /// <summary>True for right-aligned numeric formats.</summary>
    public bool IsNumeric => Format is ColumnFormat.Count or ColumnFormat.Decimal or ColumnFormat.Percent;
}

/// <summary>
/// A table for a report or notebook, rendered as an accessible HTML table: a caption, column headers with
/// <c>scope="col"</c>, the first column as row headers (<c>scope="row"</c>), numbers right-aligned in tabular figures.
/// Values may be numbers, text, dates or <see cref="DisclosedCount"/>s (written as their protected text).
/// </summary>
public sealed class ReportTable
{
    /// <summary>Creates a table.</summary>
    public ReportTable(string caption, IReadOnlyList<ReportColumn> columns, IReadOnlyList<IReadOnlyList<object?>> rows)
    {
        foreach (var row in rows)
            if (row.Count != columns.Count)
                throw new ArgumentException($"The table '{caption}' has {columns.Count} columns but a row of {row.Count} values.", nameof(rows));
        Caption = caption;
        Columns = columns;
        Rows = rows;
    }

    /// <summary>The caption: what the table shows.</summary>
    public string Caption { get; }
    /// <summary>The columns.</summary>
    public IReadOnlyList<ReportColumn> Columns { get; }
    /// <summary>The rows of values.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> Rows { get; }
    /// <summary>A note printed under the table (such as the disclosure note). The default is none.</summary>
    public string Note { get; init; } = "";
    /// <summary>True when the last row is a total row (it is set in bold). The default is false.</summary>
    public bool HasTotalRow { get; init; }
    /// <summary>True to stretch the table across the page, for columns of sentences (meanings, reasons). The default is false.</summary>
    public bool FullWidth { get; init; }
    /// <summary>True to use the first column as row headers. The default is true.</summary>
    public bool FirstColumnIsRowHeader { get; init; } = true;

    /// <summary>
    /// A table of a query result. Column formats follow the column types (integers as counts, floating point as
    /// decimals, dates as dates); <paramref name="formats"/> overrides them by column name. No disclosure control is
    /// applied: use <see cref="Counts"/> or <see cref="DisclosureControl"/> for counts that leave the data team.
    /// </summary>
    public static ReportTable From(DbDataReader result, string caption, IReadOnlyDictionary<string, ColumnFormat>? formats = null, int maxRows = 1000)
    {
        ArgumentNullException.ThrowIfNull(result);
        var columns = Enumerable.Range(0, result.FieldCount).Select(i => new ReportColumn(result.GetName(i),
            formats is not null && formats.TryGetValue(result.GetName(i), out var f) ? f : FormatOf(result.GetFieldType(i)))).ToList();
        var rows = new List<IReadOnlyList<object?>>();
        var count = 0L;
        while (result.Read())
        {
            if (count++ >= maxRows) continue;
            var values = new object?[result.FieldCount];
            for (var i = 0; i < values.Length; i++) values[i] = result.IsDBNull(i) ? null : result.GetValue(i);
            rows.Add(values);
        }
        var note = count > maxRows ? $"Showing the first {maxRows:N0} of {count:N0} rows." : "";
        return new ReportTable(caption, columns, rows) { Note = note, FirstColumnIsRowHeader = false };
    }

    /// <summary>A table of a <see cref="DataTable"/> (formats follow the column types).</summary>
    public static ReportTable From(DataTable table, string caption, int maxRows = 1000)
    {
        var columns = table.Columns.Cast<DataColumn>().Select(c => new ReportColumn(c.ColumnName, FormatOf(c.DataType))).ToList();
        var rows = table.Rows.Cast<DataRow>().Take(maxRows)
            .Select(r => (IReadOnlyList<object?>)r.ItemArray.Select(v => v is DBNull ? null : v).ToList()).ToList();
        return new ReportTable(caption, columns, rows) { FirstColumnIsRowHeader = false };
    }

    /// <summary>
    /// A table of a Microsoft.Data.Analysis <see cref="DataFrame"/> (formats follow the column types; at most
    /// <paramref name="maxRows"/> rows, with a note saying how many there are). No disclosure control is applied.
    /// </summary>
    public static ReportTable From(DataFrame frame, string caption, int maxRows = 1000)
    {
        ArgumentNullException.ThrowIfNull(frame);
        // Fractional columns keep three decimals: a DataFrame is often of proportions (0.713), which one decimal would blur.
        var columns = frame.Columns.Select(c => new ReportColumn(c.Name, FormatOf(c.DataType), FormatOf(c.DataType) == ColumnFormat.Decimal ? 3 : 1)).ToList();
        var shown = (int)Math.Min(frame.Rows.Count, maxRows);
        var rows = new List<IReadOnlyList<object?>>(shown);
        for (var r = 0; r < shown; r++) rows.Add(frame.Columns.Select(c => c[r]).ToList());
        var note = frame.Rows.Count > maxRows ? $"Showing the first {maxRows:N0} of {frame.Rows.Count:N0} rows." : "";
        return new ReportTable(caption, columns, rows) { Note = note, FirstColumnIsRowHeader = false };
    }

    /// <summary>A count table with totals after disclosure control (the default: <see cref="DisclosureControl.Publication"/>).</summary>
    public static ReportTable Counts(CountTable table, DisclosureControl? control = null) =>
        (control ?? DisclosureControl.Publication).Protect(table).ToReportTable();

    private static ColumnFormat FormatOf(Type type) =>
        Internal.ClrTypes.IsWholeNumber(type) ? ColumnFormat.Count
        : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? ColumnFormat.Decimal
        : type == typeof(DateOnly) || type == typeof(DateTime) ? ColumnFormat.Date
        : ColumnFormat.Text;

    /// <summary>Writes one value in a column's format.</summary>
    public static string FormatValue(object? value, ReportColumn column) => value switch
    {
        null => "",
        DisclosedCount d => d.Text,
        string s => s,
        bool b => b ? "yes" : "no",
        DateOnly d => d.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("d MMM yyyy", CultureInfo.InvariantCulture) : d.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture),
        IConvertible n when column.IsNumeric && IsNumber(value) => FormatNumber(n.ToDouble(CultureInfo.InvariantCulture), value, column),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static bool IsNumber(object value) => value is byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal;

    private static string FormatNumber(double number, object value, ReportColumn column)
    {
        if (double.IsNaN(number)) return "";
        return column.Format switch
        {
            ColumnFormat.Count when value is float or double or decimal => number.ToString("N" + column.Decimals, CultureInfo.InvariantCulture),
            ColumnFormat.Count => number.ToString("N0", CultureInfo.InvariantCulture),
            ColumnFormat.Percent => (number * 100).ToString("N" + column.Decimals, CultureInfo.InvariantCulture) + "%",
            _ => number.ToString("N" + column.Decimals, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The table as an accessible HTML fragment (a <c>table</c> in a scrollable, keyboard-focusable region).</summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        // A wide table scrolls inside its region; tabindex lets keyboard users scroll it (WCAG 2.1.1).
        html.Append("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"").Append(Html.Encode(Caption)).Append("\">\n");
        html.Append(FullWidth ? "<table class=\"full-width\">\n<caption>" : "<table>\n<caption>").Append(Html.Encode(Caption)).Append("</caption>\n<thead><tr>");
        foreach (var column in Columns)
            html.Append("<th scope=\"col\"").Append(column.IsNumeric ? " class=\"num\"" : "").Append('>').Append(Html.Encode(column.Header)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        for (var r = 0; r < Rows.Count; r++)
        {
            var total = HasTotalRow && r == Rows.Count - 1;
            html.Append(total ? "<tr class=\"total\">" : "<tr>");
            for (var c = 0; c < Columns.Count; c++)
            {
                var column = Columns[c];
                var value = Rows[r][c];
                var header = c == 0 && FirstColumnIsRowHeader;
                html.Append(header ? "<th scope=\"row\"" : "<td");
                var classes = (column.IsNumeric ? "num" : "") + (value is DisclosedCount { Protection: not CellProtection.Shown } ? " suppressed" : "");
                if (classes.Length > 0) html.Append(" class=\"").Append(classes.Trim()).Append('"');
                html.Append('>').Append(Html.Encode(FormatValue(value, column))).Append(header ? "</th>" : "</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
        if (Note.Length > 0) html.Append("<p class=\"table-note\">").Append(Html.Encode(Note)).Append("</p>\n");
        html.Append("</div>\n");
        return html.ToString();
    }
}
