using Microsoft.Data.Analysis;

namespace OutcomeAnalytics.Reporting;

/// <summary>Why a figure is not shown.</summary>
public enum CellProtection
{
    /// <summary>Shown (possibly rounded).</summary>
    Shown,
    /// <summary>A small count (1 to threshold − 1): shown as <c>&lt;5</c>.</summary>
    Primary,
    /// <summary>Not small itself, but hidden so that a small count cannot be worked out from the totals: shown as <c>[c]</c>.</summary>
    Secondary,
}

/// <summary>One figure of a protected table: the value that may be shown (null when hidden) and its text.</summary>
/// <param name="Value">The value to publish (rounded when rounding is on), or null when hidden.</param>
/// <param name="Protection">Whether and why the figure is hidden.</param>
/// <param name="Text">The text to show, such as <c>1,235</c>, <c>&lt;5</c> or <c>[c]</c>.</param>
public readonly record struct DisclosedCount(long? Value, CellProtection Protection, string Text);

/// <summary>
/// Statistical disclosure control for counts of families or people, in one place. Every report that leaves the data
/// team goes through it (<see cref="Publication"/> is the default of every count table and chart):
/// <list type="bullet">
/// <item>counts from 1 to <see cref="Threshold"/> − 1 are shown as <c>&lt;5</c> (primary suppression; 0 is shown);</item>
/// <item>secondary suppression hides further cells, so that no hidden count can be worked out from row and column
/// totals: the hidden cells of every row and column, totals included, form cycles, never a lone cell or a
/// bridge between groups (see <see cref="Protect(CountTable)"/>);</item>
/// <item>optionally every shown figure, totals included, is rounded to the nearest <see cref="RoundTo"/>, as
/// published statistics are.</item>
/// </list>
/// </summary>
public sealed record DisclosureControl
{
    /// <summary>Counts below this (and above 0) are hidden. The default is 5.</summary>
    public int Threshold { get; init; } = 5;

    /// <summary>Round shown figures to the nearest multiple of this; null for no rounding. The default is null.</summary>
    public int? RoundTo { get; init; }

    /// <summary>Hide further cells so that hidden counts cannot be derived from totals. The default is true.</summary>
    public bool SecondarySuppression { get; init; } = true;

    /// <summary>The default for anything that leaves the data team: counts under 5 hidden, secondary suppression, no rounding.</summary>
    public static DisclosureControl Publication { get; } = new();

    /// <summary><see cref="Publication"/> plus rounding to the nearest 5.</summary>
    public static DisclosureControl PublicationRounded { get; } = new() { RoundTo = 5 };

    /// <summary>No disclosure control: every count shown as it is. Only for work that stays in the data team.</summary>
    public static DisclosureControl None { get; } = new() { Threshold = 0, SecondarySuppression = false };

    /// <summary>True when this control hides or rounds anything.</summary>
    public bool IsActive => Threshold > 1 || RoundTo is > 1;

    /// <summary>The text of a primary-suppressed count, such as <c>&lt;5</c>.</summary>
    public string PrimaryText => $"<{Threshold}";

    /// <summary>The text of a secondary-suppressed count.</summary>
    public const string SecondaryText = "[c]";

    /// <summary>A sentence for the reader explaining the symbols and rounding in use (empty when nothing is controlled).</summary>
    public string Note
    {
        get
        {
            if (!IsActive) return "";
            var parts = new List<string>();
            if (Threshold > 1) parts.Add($"{PrimaryText} means fewer than {Threshold} (but more than 0) and is not shown to protect the families concerned");
            if (Threshold > 1 && SecondarySuppression) parts.Add($"{SecondaryText} marks a figure not shown so that a small number cannot be worked out from the totals");
            if (RoundTo is > 1) parts.Add($"figures are rounded to the nearest {RoundTo}, so totals may not equal the sum of their parts");
            return string.Join("; ", parts) + ".";
        }
    }

    /// <summary>Protects one count on its own (no totals to protect it from): hidden when small, else rounded.</summary>
    public DisclosedCount Protect(long count) =>
        IsPrimary(count) ? new(null, CellProtection.Primary, PrimaryText) : Shown(count);

    /// <summary>
    /// Protects a DataFrame of counts (first column the row labels, every other column counts; see
    /// <see cref="CountTable.FromFrame"/>): the same rules as for a <see cref="CountTable"/>. Use
    /// <see cref="ProtectedTable.ToFrame"/> for a DataFrame of what may be published.
    /// </summary>
    public ProtectedTable Protect(DataFrame counts, string title = "Counts") => Protect(CountTable.FromFrame(counts, title));

    /// <summary>
    /// Protects a table with its totals. Returns the (rows + 1) × (columns + 1) grid of figures to publish: the last
    /// column holds row totals, the last row column totals and the corner the grand total.
    /// </summary>
    /// <remarks>
    /// Secondary suppression treats rows and columns (the total row and column included) as the nodes of a graph and
    /// each hidden figure as an edge between its row and its column. Every row and column gives one equation (its
    /// cells add up to its total), and a hidden figure can be worked out from the shown ones exactly when its edge is
    /// a bridge of that graph (removing it disconnects its row from its column); otherwise it lies on a cycle, along
    /// which figures can be moved up and down without changing any total. So while some hidden figure is a bridge,
    /// one more figure is hidden that closes a cycle through it: the smallest non-zero inner cell that qualifies,
    /// else a total.
    /// </remarks>
    public ProtectedTable Protect(CountTable table)
    {
        var grid = table.WithMargins();
        int rows = grid.GetLength(0), columns = grid.GetLength(1);
        var hidden = new bool[rows, columns];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                hidden[r, c] = IsPrimary(grid[r, c]);
        var primary = (bool[,])hidden.Clone();

        if (SecondarySuppression) HideUntilNoBridge(grid, hidden);

        var figures = new DisclosedCount[rows, columns];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                figures[r, c] = !hidden[r, c] ? Shown(grid[r, c])
                    : primary[r, c] ? new(null, CellProtection.Primary, PrimaryText)
                    : new(null, CellProtection.Secondary, SecondaryText);
        return new ProtectedTable(table, this, figures);
    }

    private bool IsPrimary(long count) => count > 0 && count < Threshold;

    private DisclosedCount Shown(long count)
    {
        var value = RoundTo is > 1 and var step ? (long)Math.Round(count / (double)step, MidpointRounding.AwayFromZero) * step : count;
        return new(value, CellProtection.Shown, value.ToString("N0"));
    }

    private static void HideUntilNoBridge(long[,] grid, bool[,] hidden)
    {
        int rows = grid.GetLength(0), columns = grid.GetLength(1);
        while (FindBridge(hidden) is var (r, c))
        {
            // Nodes 0..rows-1 are rows, rows..rows+columns-1 are columns.
            var sideOfRow = Reachable(hidden, r, skip: (r, c));
            var sideOfColumn = Reachable(hidden, rows + c, skip: (r, c));
            (int R, int C)? best = null;
            for (var i = 0; i < rows; i++)
                for (var j = 0; j < columns; j++)
                {
                    if (hidden[i, j]) continue;
                    var closesCycle = (sideOfRow[i] && sideOfColumn[rows + j]) || (sideOfColumn[i] && sideOfRow[rows + j]);
                    if (closesCycle && Better(i, j, best)) best = (i, j);
                }
            // No single cell closes a cycle: extend the bridge's row or column and try again.
            if (best is null)
                for (var k = 0; k < Math.Max(rows, columns); k++)
                {
                    if (k < columns && !hidden[r, k] && Better(r, k, best)) best = (r, k);
                    if (k < rows && !hidden[k, c] && Better(k, c, best)) best = (k, c);
                }
            if (best is not var (br, bc)) return; // everything in reach is hidden already
            hidden[br, bc] = true;
        }

        // Prefer non-zero cells, then inner cells over totals, then the smallest, then the first.
        bool Better(int i, int j, (int R, int C)? than)
        {
            if (than is not var (ti, tj)) return true;
            return Key(i, j).CompareTo(Key(ti, tj)) < 0;
        }

        (int, int, long, int, int) Key(int i, int j) =>
            (grid[i, j] == 0 ? 1 : 0, i == rows - 1 || j == columns - 1 ? 1 : 0, grid[i, j], i, j);
    }

    /// <summary>The first hidden cell whose row and column are connected only through it, if any.</summary>
    internal static (int Row, int Column)? FindBridge(bool[,] hidden)
    {
        int rows = hidden.GetLength(0), columns = hidden.GetLength(1);
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                if (hidden[r, c] && !Reachable(hidden, r, skip: (r, c))[rows + c])
                    return (r, c);
        return null;
    }

    private static bool[] Reachable(bool[,] hidden, int start, (int R, int C) skip)
    {
        int rows = hidden.GetLength(0), columns = hidden.GetLength(1);
        var seen = new bool[rows + columns];
        var stack = new Stack<int>();
        seen[start] = true;
        stack.Push(start);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node < rows)
            {
                for (var c = 0; c < columns; c++)
                    if (hidden[node, c] && (node, c) != skip && !seen[rows + c]) { seen[rows + c] = true; stack.Push(rows + c); }
            }
            else
            {
                var c = node - rows;
                for (var r = 0; r < rows; r++)
                    if (hidden[r, c] && (r, c) != skip && !seen[r]) { seen[r] = true; stack.Push(r); }
            }
        }
        return seen;
    }
}

/// <summary>A count table after disclosure control: what may be published.</summary>
public sealed class ProtectedTable
{
    private readonly DisclosedCount[,] _figures;

    internal ProtectedTable(CountTable source, DisclosureControl control, DisclosedCount[,] figures)
    {
        Source = source;
        Control = control;
        _figures = figures;
    }

    /// <summary>The table before protection (labels, title). Never publish its counts.</summary>
    public CountTable Source { get; }
    /// <summary>The control applied.</summary>
    public DisclosureControl Control { get; }

    /// <summary>A figure: rows and columns are 0-based; index <c>RowCount</c> is the total row, <c>ColumnCount</c> the total column.</summary>
    public DisclosedCount this[int row, int column] => _figures[row, column];

    /// <summary>The publishable total of a row.</summary>
    public DisclosedCount RowTotal(int row) => _figures[row, Source.ColumnCount];
    /// <summary>The publishable total of a column.</summary>
    public DisclosedCount ColumnTotal(int column) => _figures[Source.RowCount, column];
    /// <summary>The publishable grand total.</summary>
    public DisclosedCount GrandTotal => _figures[Source.RowCount, Source.ColumnCount];

    /// <summary>True when any figure is hidden.</summary>
    public bool AnyHidden
    {
        get
        {
            foreach (var f in _figures)
                if (f.Protection != CellProtection.Shown) return true;
            return false;
        }
    }

    /// <summary>
    /// The table as a DataFrame an analyst can keep working with: the row labels, then one text column per count column
    /// (and a total column and row, as in <see cref="ToReportTable"/>) holding what may be published — the figure,
    /// <c>&lt;5</c> or <c>[c]</c>.
    /// </summary>
    public DataFrame ToFrame()
    {
        var table = ToReportTable();
        var columns = table.Columns.Select((column, c) => (DataFrameColumn)new StringDataFrameColumn(column.Header,
            table.Rows.Select(row => ReportTable.FormatValue(row[c], column)))).ToList();
        return new DataFrame(columns);
    }

    /// <summary>
    /// The table for a report: one row per row label with its cells, plus a total column (when there is more than
    /// one column) and a total row (when there is more than one row).
    /// </summary>
    public ReportTable ToReportTable(string? caption = null)
    {
        var source = Source;
        var withTotalColumn = source.ColumnCount > 1;
        var headers = new List<ReportColumn> { new(source.RowHeader, ColumnFormat.Text) };
        headers.AddRange(source.ColumnLabels.Select(l => new ReportColumn(l, ColumnFormat.Count)));
        if (withTotalColumn) headers.Add(new ReportColumn("Total", ColumnFormat.Count));
        var rows = new List<IReadOnlyList<object?>>();
        for (var r = 0; r <= source.RowCount; r++)
        {
            if (r == source.RowCount && source.RowCount == 1) break;
            var row = new List<object?> { r == source.RowCount ? "Total" : source.RowLabels[r] };
            for (var c = 0; c < source.ColumnCount; c++) row.Add(_figures[r, c]);
            if (withTotalColumn) row.Add(_figures[r, source.ColumnCount]);
            rows.Add(row);
        }
        return new ReportTable(caption ?? source.Title, headers, rows)
        {
            Note = Control.Note,
            HasTotalRow = source.RowCount > 1,
        };
    }
}
