using Microsoft.Data.Analysis;

namespace OutcomeAnalytics.Reporting;

/// <summary>
/// A two-way table of counts (rows × columns) as it is measured, before disclosure control. Row and column totals
/// and the grand total are derived from the cells.
/// </summary>
public sealed class CountTable
{
    private readonly long[,] _cells;

    /// <summary>Creates a table; <paramref name="cells"/> is indexed [row, column] and must match the labels.</summary>
    /// <exception cref="ArgumentException">The labels do not match the cells, or a count is negative.</exception>
    public CountTable(string title, string rowHeader, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels, long[,] cells)
    {
        if (cells.GetLength(0) != rowLabels.Count || cells.GetLength(1) != columnLabels.Count)
            throw new ArgumentException($"The table '{title}' has {rowLabels.Count} row labels and {columnLabels.Count} column labels but {cells.GetLength(0)}×{cells.GetLength(1)} cells.", nameof(cells));
        if (rowLabels.Count == 0 || columnLabels.Count == 0)
            throw new ArgumentException($"The table '{title}' has no rows or no columns.", nameof(cells));
        foreach (var v in cells)
            if (v < 0) throw new ArgumentException($"The table '{title}' has a negative count ({v}).", nameof(cells));
        Title = title;
        RowHeader = rowHeader;
        RowLabels = rowLabels;
        ColumnLabels = columnLabels;
        _cells = (long[,])cells.Clone();
    }

    /// <summary>A one-way table: one count per category, in a single column named <paramref name="countHeader"/>.</summary>
    public static CountTable OneWay(string title, string categoryHeader, string countHeader, IEnumerable<(string Category, long Count)> counts)
    {
        var list = counts.ToList();
        var cells = new long[list.Count, 1];
        for (var i = 0; i < list.Count; i++) cells[i, 0] = list[i].Count;
        return new CountTable(title, categoryHeader, list.Select(c => c.Category).ToList(), [countHeader], cells);
    }

    /// <summary>
    /// Pivots long-format rows (row label, column label, count) into a table; missing combinations are 0. Rows and
    /// columns keep the order in which they first appear unless orders are given.
    /// </summary>
    public static CountTable Pivot(string title, string rowHeader, IEnumerable<(string Row, string Column, long Count)> counts,
        IReadOnlyList<string>? rowOrder = null, IReadOnlyList<string>? columnOrder = null)
    {
        var list = counts.ToList();
        var rows = rowOrder ?? list.Select(c => c.Row).Distinct().ToList();
        var columns = columnOrder ?? list.Select(c => c.Column).Distinct().ToList();
        var cells = new long[rows.Count, columns.Count];
        foreach (var (row, column, count) in list)
        {
            var r = IndexOf(rows, row, "row");
            var c = IndexOf(columns, column, "column");
            cells[r, c] += count;
        }
        return new CountTable(title, rowHeader, rows, columns, cells);

        int IndexOf(IReadOnlyList<string> labels, string label, string what)
        {
            for (var i = 0; i < labels.Count; i++)
                if (labels[i] == label) return i;
            throw new ArgumentException($"The table '{title}' has a count for the {what} '{label}', which is not in the given order.", nameof(counts));
        }
    }

    /// <summary>
    /// A table from a DataFrame of counts: the first column (text) labels the rows, every other column is a count column.
    /// A long-format frame (label, label, count) goes through <see cref="Pivot"/> instead.
    /// </summary>
    /// <exception cref="ArgumentException">A count column is not whole numbers, a count is missing or negative, or a label is missing.</exception>
    public static CountTable FromFrame(DataFrame frame, string title)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Columns.Count < 2)
            throw new ArgumentException($"The table '{title}' needs a label column and at least one count column; the DataFrame has {frame.Columns.Count} column(s).", nameof(frame));
        var labels = frame.Columns[0];
        var countColumns = frame.Columns.Skip(1).ToList();
        foreach (var column in countColumns)
            if (!Internal.ClrTypes.IsWholeNumber(column.DataType))
                throw new ArgumentException($"The table '{title}': column '{column.Name}' holds {column.DataType.Name} values, not counts (whole numbers).", nameof(frame));
        var rows = (int)frame.Rows.Count;
        var cells = new long[rows, countColumns.Count];
        var rowLabels = new List<string>(rows);
        for (var r = 0; r < rows; r++)
        {
            rowLabels.Add(labels[r]?.ToString() ?? throw new ArgumentException($"The table '{title}': row {r + 1} has no label in column '{labels.Name}'.", nameof(frame)));
            for (var c = 0; c < countColumns.Count; c++)
                cells[r, c] = countColumns[c][r] is { } value
                    ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
                    : throw new ArgumentException($"The table '{title}': row {r + 1} has no count in column '{countColumns[c].Name}'.", nameof(frame));
        }
        return new CountTable(title, labels.Name, rowLabels, countColumns.Select(c => c.Name).ToList(), cells);
    }

    /// <summary>The table's title, used as its caption.</summary>
    public string Title { get; }
    /// <summary>The header of the row-label column, such as "Locality".</summary>
    public string RowHeader { get; }
    /// <summary>The row labels.</summary>
    public IReadOnlyList<string> RowLabels { get; }
    /// <summary>The column labels.</summary>
    public IReadOnlyList<string> ColumnLabels { get; }
    /// <summary>The number of rows (without the total row).</summary>
    public int RowCount => RowLabels.Count;
    /// <summary>The number of columns (without the total column).</summary>
    public int ColumnCount => ColumnLabels.Count;

    /// <summary>The count in a cell.</summary>
    public long this[int row, int column] => _cells[row, column];

    /// <summary>The total of a row.</summary>
    public long RowTotal(int row)
    {
        long sum = 0;
        for (var c = 0; c < ColumnCount; c++) sum += _cells[row, c];
        return sum;
    }

    /// <summary>The total of a column.</summary>
    public long ColumnTotal(int column)
    {
        long sum = 0;
        for (var r = 0; r < RowCount; r++) sum += _cells[r, column];
        return sum;
    }

    /// <summary>The grand total.</summary>
    public long GrandTotal
    {
        get
        {
            long sum = 0;
            foreach (var v in _cells) sum += v;
            return sum;
        }
    }

    /// <summary>
    /// The table with its margins as one (rows + 1) × (columns + 1) grid: the last column holds row totals, the last
    /// row column totals, the corner the grand total.
    /// </summary>
    internal long[,] WithMargins()
    {
        var grid = new long[RowCount + 1, ColumnCount + 1];
        for (var r = 0; r < RowCount; r++)
            for (var c = 0; c < ColumnCount; c++)
                grid[r, c] = _cells[r, c];
        for (var r = 0; r < RowCount; r++) grid[r, ColumnCount] = RowTotal(r);
        for (var c = 0; c < ColumnCount; c++) grid[RowCount, c] = ColumnTotal(c);
        grid[RowCount, ColumnCount] = GrandTotal;
        return grid;
    }
}
