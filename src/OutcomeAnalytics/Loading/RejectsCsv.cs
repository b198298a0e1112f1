using System.Globalization;
using System.Text;
using CsvHelper;

namespace OutcomeAnalytics.Loading;

/// <summary>Writes rejected rows as CSV: table, file, line, column, rule, value, message and the row as it was.</summary>
public static class RejectsCsv
{
    /// <summary>Writes <paramref name="rejects"/> to <paramref name="path"/> (header only when there are none).</summary>
    public static void Write(string path, IEnumerable<RejectedRow> rejects) =>
        CsvFile.Write(path, ["table", "file", "line", "column", "rule", "value", "message", "row"],
            rejects.Select(r => new[] { r.Table, r.File, r.Line?.ToString(CultureInfo.InvariantCulture) ?? "", r.Column, r.Rule, r.Value ?? "", r.Message, r.Row }));
}

/// <summary>Writes a load's per-table summary as CSV.</summary>
public static class LoadSummaryCsv
{
    /// <summary>Writes one row per table: load_id, table, file, rows_read, rows_loaded, rows_rejected.</summary>
    public static void Write(string path, LoadResult result) =>
        CsvFile.Write(path, ["load_id", "table", "file", "rows_read", "rows_loaded", "rows_rejected"],
            result.Tables.Select(t => new[] { N(result.LoadId), t.Table, t.File, N(t.RowsRead), N(t.RowsLoaded), N(t.RowsRejected) }));

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Writes UTF-8 CSV files (no byte-order mark) through CsvHelper.</summary>
internal static class CsvFile
{
    public static void Write(string path, string[] header, IEnumerable<string[]> rows)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        Write(writer, header, rows);
    }

    public static void Write(TextWriter writer, string[] header, IEnumerable<string[]> rows)
    {
        using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, leaveOpen: true);
        csv.WriteHeader(header);
        foreach (var row in rows) csv.WriteRecord(row);
    }
}
