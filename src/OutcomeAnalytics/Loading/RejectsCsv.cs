using System.Text;
using CsvHelper;

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

/// <summary>
/// How the CSV files the toolkit writes for people (rejects, load summaries, needs, claims) protect their text cells from
/// running as formulas when a spreadsheet opens them (CSV injection): a text cell that starts with <c>=</c>, <c>+</c>,
/// <c>-</c>, <c>@</c>, a tab or a carriage return gets a single quote <c>'</c> in front (and is quoted), which Excel reads
/// as "this cell is text" and does not show. Numbers (counts, line numbers) are written as numbers and never changed, so
/// a negative number stays a number. Programs that want every value exactly as it is ask for raw files (<c>--raw-csv</c>).
/// </summary>
public static class CsvCells
{
    /// <summary>The characters that make a text cell a possible formula (OWASP's list).</summary>
    public const string FormulaStarts = "=+-@\t\r";

    /// <summary>The character put in front of a text cell that starts with one of <see cref="FormulaStarts"/>.</summary>
    public const char Escape = '\'';

    /// <summary>A text cell as a protected file writes it: <paramref name="text"/> with <see cref="Escape"/> in front when it could be a formula.</summary>
    public static string Protect(string text) =>
        text.Length > 0 && FormulaStarts.Contains(text[0], StringComparison.Ordinal) ? Escape + text : text;

    /// <summary>The writer options: RFC 4180, with text protected unless <paramref name="raw"/>.</summary>
    internal static CsvWriterOptions Options(bool raw) =>
        raw ? CsvWriterOptions.Default : CsvWriterOptions.Default with { Injection = CsvInjection.Escape, InjectionCharacters = FormulaStarts, InjectionEscape = Escape };
}

/// <summary>Writes UTF-8 CSV files (no byte-order mark) through CsvHelper: text cells protected (<see cref="CsvCells"/>) unless raw.</summary>
internal static class CsvFile
{
    public static void Write(string path, string[] header, IEnumerable<object?[]> rows, bool raw)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        Write(writer, header, rows, raw);
    }

    /// <summary>Writes each row: text as text, numbers as numbers (never protected; decimals to 10 significant digits), null as an empty cell.</summary>
    public static void Write(TextWriter writer, string[] header, IEnumerable<object?[]> rows, bool raw)
    {
        using var csv = CsvWriter.Create(writer, CsvCells.Options(raw), leaveOpen: true);
        csv.WriteHeader(header);
        foreach (var row in rows)
        {
            foreach (var value in row)
                switch (value)
                {
                    case null: csv.WriteField(""); break;
                    case string text: csv.WriteField(text); break;
                    case int n: csv.WriteField(n, ""); break;
                    case long n: csv.WriteField(n, ""); break;
                    case double x: csv.WriteField(x, "G10"); break;
                    default: throw new ArgumentException($"A CSV cell of type {value.GetType().Name} is not written.", nameof(rows));
                }
            csv.EndRecord();
        }
    }
}
