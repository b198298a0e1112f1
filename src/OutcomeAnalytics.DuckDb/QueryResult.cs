using System.Data;
using OutcomeAnalytics.DuckDb.Internal;

namespace OutcomeAnalytics.DuckDb;

/// <summary>A fully materialised query result, stored column by column.</summary>
public sealed class QueryResult
{
    private readonly ResultColumn[] columns;

    internal QueryResult(ResultColumn[] columns, int rowCount, long rowsChanged)
    {
        this.columns = columns;
        Columns = Array.AsReadOnly(columns);
        RowCount = rowCount;
        RowsChanged = rowsChanged;
    }

    /// <summary>The columns, in result order.</summary>
    public IReadOnlyList<ResultColumn> Columns { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Rows changed by the statement (<c>duckdb_rows_changed</c>); 0 for queries.</summary>
    public long RowsChanged { get; }

    /// <summary>The column at <paramref name="index"/> (0-based).</summary>
    public ResultColumn this[int index] => columns[index];

    /// <summary>The first column named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="KeyNotFoundException">No such column; the message lists the columns.</exception>
    public ResultColumn this[string name]
    {
        get
        {
            foreach (ResultColumn column in columns)
            {
                if (string.Equals(column.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return column;
                }
            }

            throw new KeyNotFoundException($"The result has no column named '{name}'; its columns are: {ColumnList()}.");
        }
    }

    /// <summary>Copies the result into a <see cref="DataTable"/> (column types = <see cref="ResultColumn.ClrType"/>, <see cref="DBNull"/> for NULL).</summary>
    public DataTable ToDataTable()
    {
        var table = new DataTable();
        foreach (ResultColumn column in columns)
        {
            string name = column.Name;
            for (int suffix = 1; table.Columns.Contains(name); suffix++)
            {
                name = $"{column.Name}_{suffix}";
            }

            table.Columns.Add(name, column.ClrType);
        }

        table.BeginLoadData();
        var row = new object[columns.Length];
        for (int r = 0; r < RowCount; r++)
        {
            for (int c = 0; c < columns.Length; c++)
            {
                row[c] = columns[c].GetValue(r) ?? DBNull.Value;
            }

            table.LoadDataRow(row, fAcceptChanges: true);
        }

        table.EndLoadData();
        return table;
    }

    /// <summary>
    /// Maps each row to a <typeparamref name="T"/>: columns go to the parameters of its widest public constructor
    /// (positional records) and then to its public settable properties, matched by name case-insensitively and ignoring
    /// underscores (<c>family_id</c> → <c>FamilyId</c>). Values are converted to the member types; NULL goes to
    /// nullable members.
    /// </summary>
    /// <exception cref="InvalidOperationException">A constructor parameter (without a default) or a <c>required</c>
    /// property has no column, or a value cannot be converted (the message names the column and row).</exception>
    public IReadOnlyList<T> ToRecords<T>() => RecordMapper.Map<T>(this);

    /// <summary>A row-wise view: one array of boxed values per row (null for NULL).</summary>
    public IEnumerable<object?[]> Rows()
    {
        for (int r = 0; r < RowCount; r++)
        {
            var row = new object?[columns.Length];
            for (int c = 0; c < columns.Length; c++)
            {
                row[c] = columns[c].GetValue(r);
            }

            yield return row;
        }
    }

    internal string ColumnList() => string.Join(", ", columns.Select(c => c.Name));
}
