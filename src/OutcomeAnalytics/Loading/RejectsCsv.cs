using OutcomeAnalytics.Formats;

namespace OutcomeAnalytics.Loading;

/// <summary>Writes rejected rows as CSV: table, file, line, column, rule, value, message and the row as it was.</summary>
public static class RejectsCsv
{
    /// <summary>Writes <paramref name="rejects"/> to <paramref name="path"/> (header only when there are none).</summary>
    /// <param name="path">The file.</param>
    /// <param name="rejects">The rejected rows.</param>
    /// <param name="raw">Write text exactly as it is, without <see cref="CsvCells"/>' protection from formulas (for programs, not people).</param>
    public static void Write(string path, IEnumerable<RejectedRow> rejects, bool raw = false) =>
        CsvFile.Write(path, ["table", "file", "line", "column", "rule", "value", "message", "row"],
            rejects.Select(r => new object?[] { r.Table, r.File, r.Line, r.Column, r.Rule, r.Value, r.Message, r.Row }), raw);
}

/// <summary>Writes a load's per-table summary as CSV.</summary>
public static class LoadSummaryCsv
{
    /// <summary>Writes one row per table: load_id, table, file, rows_read, rows_loaded, rows_rejected.</summary>
    /// <param name="path">The file.</param>
    /// <param name="result">The load.</param>
    /// <param name="raw">Write text exactly as it is, without <see cref="CsvCells"/>' protection from formulas.</param>
    public static void Write(string path, LoadResult result, bool raw = false) =>
        CsvFile.Write(path, ["load_id", "table", "file", "rows_read", "rows_loaded", "rows_rejected"],
            result.Tables.Select(t => new object?[] { result.LoadId, t.Table, t.File, t.RowsRead, t.RowsLoaded, t.RowsRejected }), raw);
}
