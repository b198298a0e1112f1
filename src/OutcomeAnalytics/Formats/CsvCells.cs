using System.Text;
using CsvHelper;

namespace OutcomeAnalytics.Formats;

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
