using System.Globalization;
using CsvHelper;

namespace OutcomeAnalytics.Loading;

/// <summary>Writes rejected rows as CSV: file, line, column, rule, value, message and the row as it was.</summary>
public static class RejectsCsv
{
    /// <summary>Writes <paramref name="rejects"/> to <paramref name="path"/> (header only when there are none).</summary>
    public static void Write(string path, IEnumerable<RejectedRow> rejects)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false));
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var h in new[] { "table", "file", "line", "column", "rule", "value", "message", "row" }) csv.WriteField(h);
        csv.NextRecord();
        foreach (var r in rejects)
        {
            csv.WriteField(r.Table);
            csv.WriteField(r.File);
            csv.WriteField(r.Line?.ToString(CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(r.Column);
            csv.WriteField(r.Rule);
            csv.WriteField(r.Value ?? "");
            csv.WriteField(r.Message);
            csv.WriteField(r.Row);
            csv.NextRecord();
        }
    }
}

/// <summary>Writes a load's per-table summary as CSV.</summary>
public static class LoadSummaryCsv
{
    /// <summary>Writes one row per table: table, file, rows_read, rows_loaded, rows_rejected.</summary>
    public static void Write(string path, LoadResult result)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false));
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var h in new[] { "load_id", "table", "file", "rows_read", "rows_loaded", "rows_rejected" }) csv.WriteField(h);
        csv.NextRecord();
        foreach (var t in result.Tables)
        {
            csv.WriteField(result.LoadId);
            csv.WriteField(t.Table);
            csv.WriteField(t.File);
            csv.WriteField(t.RowsRead);
            csv.WriteField(t.RowsLoaded);
            csv.WriteField(t.RowsRejected);
            csv.NextRecord();
        }
    }
}
