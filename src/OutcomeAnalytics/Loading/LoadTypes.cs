using System.Text;

namespace OutcomeAnalytics.Loading;

/// <summary>A load that cannot go ahead: a missing file or column, an unreadable file, or (strict) rejected rows.</summary>
public sealed class LoadException : Exception
{
    /// <summary>Rows rejected before the load was stopped (strict loads), else empty.</summary>
    public IReadOnlyList<RejectedRow> Rejects { get; }

    /// <summary>Creates the exception.</summary>
    public LoadException(string message, IReadOnlyList<RejectedRow>? rejects = null) : base(message) => Rejects = rejects ?? [];
}

/// <summary>How a folder of extracts is loaded.</summary>
public sealed record LoadOptions
{
    /// <summary>The format of every date in the load, such as <c>DD/MM/YYYY</c>. The default is ISO <c>YYYY-MM-DD</c>.</summary>
    public DateFormat DateFormat { get; init; } = DateFormat.Iso;
    /// <summary>When true, any rejected row fails the whole load and nothing changes. The default is false.</summary>
    public bool Strict { get; init; }
    /// <summary>The clock that dates the load and resolves relative date bounds (<c>today</c>). The default is the system clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    /// <summary>
    /// Told what the load is doing, for progress displays. The default is none. A load works on two connections at
    /// once, so this may be called from another thread, though never by two threads at once; the same holds for
    /// <see cref="OnProgress"/> and <see cref="OnStatement"/>.
    /// </summary>
    public Action<string>? OnStage { get; init; }
    /// <summary>Told each stage as it starts, with how far the query doing it has got, for progress bars. The default is none.</summary>
    public Action<LoadStage>? OnProgress { get; init; }
    /// <summary>Told every SQL statement the load runs and how long it took, for tracing and benchmarks. The default is none.</summary>
    public Action<string, TimeSpan>? OnStatement { get; init; }
    /// <summary>
    /// The largest file a load reads, in bytes; a larger one stops the load before anything is read, naming it, its size
    /// and how to raise the limit. A file this large is more often the wrong file (a whole system's export, a log) than an
    /// extract, and a file with rejected rows is indexed at about 20 bytes of memory a row. 0 means no limit. The default
    /// is <see cref="DefaultMaxFileBytes"/> (2 GiB).
    /// </summary>
    public long MaxFileBytes { get; init; } = DefaultMaxFileBytes;
    /// <summary>The default of <see cref="MaxFileBytes"/>: 2 GiB (2,147,483,648 bytes).</summary>
    public const long DefaultMaxFileBytes = 2L << 30;

    /// <summary>
    /// Reads a file size for <see cref="MaxFileBytes"/>: a number of bytes, or a number with <c>KB</c>, <c>MB</c>, <c>GB</c>
    /// or <c>TB</c> (each 1,024 of the one before, any case), such as <c>4GB</c> or <c>1.5 GB</c>; <c>0</c> for no limit.
    /// </summary>
    /// <exception cref="FormatException">The text is not such a size.</exception>
    public static long ParseFileSize(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text ?? "", @"^\s*([0-9]+(?:\.[0-9]+)?)\s*(B|KB|MB|GB|TB)?\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (!match.Success || !decimal.TryParse(match.Groups[1].Value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var number))
            throw new FormatException($"'{text}' is not a file size: give bytes, or a number with KB, MB, GB or TB (such as 4GB); 0 for no limit.");
        var unit = match.Groups[2].Value.ToUpperInvariant() switch { "KB" => 1L << 10, "MB" => 1L << 20, "GB" => 1L << 30, "TB" => 1L << 40, _ => 1L };
        return number * unit > long.MaxValue ? long.MaxValue : (long)Math.Ceiling(number * unit);
    }
    /// <summary>
    /// Called with the load's result just before it commits, to write what must exist only if the load does (the
    /// rejects and summary files, say); if it throws, the load is rolled back and the database is unchanged. The
    /// default is none.
    /// </summary>
    public Action<LoadResult>? BeforeCommit { get; init; }
}

/// <summary>
/// A stage of a load (such as <c>reading attendance.csv</c>): when it started and how far the query running it
/// has got. A stage still running may be told again, the same object, when the load waits for it.
/// </summary>
public sealed class LoadStage
{
    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();
    private readonly Func<double> _percentage;

    internal LoadStage(string text, Func<double> percentage) => (Text, _percentage) = (text, percentage);

    /// <summary>What the load is doing.</summary>
    public string Text { get; }

    /// <summary>The time since the stage started.</summary>
    public TimeSpan Elapsed => System.Diagnostics.Stopwatch.GetElapsedTime(_started);

    /// <summary>How far DuckDB has got with the query running now on the stage's connection, 0 to 100, or -1 when it cannot tell.</summary>
    public double Percentage => _percentage();
}

/// <summary>
/// A whole-load date format built from <c>DD</c>, <c>MM</c> and <c>YYYY</c> and one separator
/// (<c>-</c>, <c>/</c> or <c>.</c>), such as <c>DD/MM/YYYY</c>.
/// </summary>
public sealed record DateFormat
{
    /// <summary>The format as the user writes it, such as <c>DD/MM/YYYY</c>.</summary>
    public string Display { get; }
    /// <summary>The equivalent DuckDB <c>strptime</c> format.</summary>
    public string Strptime { get; }
    private DateFormat(string display, string strptime) => (Display, Strptime) = (display, strptime);

    /// <summary>ISO 8601: <c>YYYY-MM-DD</c>.</summary>
    public static DateFormat Iso { get; } = Parse("YYYY-MM-DD");

    /// <summary>Parses a format such as <c>DD/MM/YYYY</c> (also accepts the strptime spelling <c>%d/%m/%Y</c>).</summary>
    /// <exception cref="FormatException">The format is not made of DD, MM and YYYY with one separator.</exception>
    public static DateFormat Parse(string text)
    {
        var display = text.Trim().Replace("%d", "DD").Replace("%m", "MM").Replace("%Y", "YYYY");
        var strptime = new StringBuilder();
        var seen = new HashSet<string>();
        var i = 0;
        while (i < display.Length)
        {
            string? token = null;
            foreach (var t in new[] { "YYYY", "DD", "MM" })
                if (string.CompareOrdinal(display, i, t, 0, t.Length) == 0) { token = t; break; }
            if (token is not null)
            {
                if (!seen.Add(token)) throw Bad();
                strptime.Append(token switch { "YYYY" => "%Y", "MM" => "%m", _ => "%d" });
                i += token.Length;
            }
            else if (display[i] is '-' or '/' or '.')
            {
                strptime.Append(display[i]);
                i++;
            }
            else throw Bad();
        }
        if (seen.Count != 3) throw Bad();
        return new DateFormat(display, strptime.ToString());

        FormatException Bad() => new($"'{text}' is not a date format: use DD, MM and YYYY with one separator (- / or .), for example DD/MM/YYYY.");
    }

    /// <inheritdoc />
    public override string ToString() => Display;
}

/// <summary>A row that was not loaded, kept whole, with where it was and why.</summary>
/// <param name="Table">The table the row was for.</param>
/// <param name="File">The file name.</param>
/// <param name="Line">The line the row starts on (the header is line 1), or null when it cannot be known.</param>
/// <param name="Column">The column at fault, or empty for the whole row.</param>
/// <param name="Rule">The rule broken, such as <c>controlled_value</c>.</param>
/// <param name="Value">The offending value as written, or null.</param>
/// <param name="Message">A sentence a person can act on.</param>
/// <param name="Row">The row exactly as it was in the file.</param>
public sealed record RejectedRow(string Table, string File, int? Line, string Column, string Rule, string? Value, string Message, string Row);

/// <summary>What a load did to one table.</summary>
/// <param name="Table">The table.</param>
/// <param name="File">The file read.</param>
/// <param name="RowsRead">Data rows in the file.</param>
/// <param name="RowsLoaded">Rows now in the table.</param>
/// <param name="RowsRejected">Rows not loaded (each is in the rejects).</param>
public sealed record TableLoadSummary(string Table, string File, long RowsRead, long RowsLoaded, long RowsRejected);

/// <summary>The outcome of a load.</summary>
public sealed record LoadResult
{
    /// <summary>The load's number in the database's <c>load_log</c>.</summary>
    public required long LoadId { get; init; }
    /// <summary>One summary per table loaded, in load order.</summary>
    public required IReadOnlyList<TableLoadSummary> Tables { get; init; }
    /// <summary>Every rejected fault, in file and line order (a row with two faults appears twice).</summary>
    public required IReadOnlyList<RejectedRow> Rejects { get; init; }
    /// <summary>Things worth knowing that did not stop the load (unknown columns, ignored files).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
    /// <summary>How long the load took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Rows rejected across all tables.</summary>
    public long RowsRejected => Tables.Sum(t => t.RowsRejected);
    /// <summary>Rows loaded across all tables.</summary>
    public long RowsLoaded => Tables.Sum(t => t.RowsLoaded);
}
