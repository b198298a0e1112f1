using System.Data;
using System.Data.Common;
using Microsoft.Data.Analysis;

namespace OutcomeAnalytics.Engine;

/// <summary>
/// Short forms of ADO.NET calls for any <see cref="DbConnection"/> (the library uses them on DuckDB.NET's
/// <c>DuckDBConnection</c>): run a statement with values bound to its positional parameters (<c>$1</c>, <c>$2</c>, …),
/// read a scalar, a <see cref="DbDataReader"/>, typed rows, a <see cref="DataTable"/> or a Microsoft.Data.Analysis
/// <see cref="DataFrame"/>. Values are always bound, never written into the SQL text.
/// </summary>
public static class DbCommands
{
    /// <summary>A command for <paramref name="sql"/> with <paramref name="parameters"/> bound in order to <c>$1</c>, <c>$2</c>, …</summary>
    public static DbCommand Command(this DbConnection connection, string sql, IEnumerable<object?> parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(parameters);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var value in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>Runs a statement (or several, separated by semicolons); the number of rows it changed.</summary>
    public static long Execute(this DbConnection connection, string sql, params object?[] parameters)
    {
        using var command = connection.Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row, as <typeparamref name="T"/>; default when there is no row or the value is NULL.</summary>
    public static T? Scalar<T>(this DbConnection connection, string sql, params object?[] parameters)
    {
        using var command = connection.Command(sql, parameters);
        using var reader = command.ExecuteReader();
        return reader.Read() ? reader.Field<T>(0) : default;
    }

    /// <summary>A reader over the result of <paramref name="sql"/>; dispose it (it disposes its command too).</summary>
    public static DbDataReader Reader(this DbConnection connection, string sql, params object?[] parameters)
    {
        var command = connection.Command(sql, parameters);
        try
        {
            return new OwningReader(command.ExecuteReader(), command);
        }
        catch
        {
            command.Dispose();
            throw;
        }
    }

    /// <summary>Every row of the result, made by <paramref name="row"/> from the reader positioned on it.</summary>
    public static List<T> Rows<T>(this DbConnection connection, string sql, Func<DbDataReader, T> row, params object?[] parameters)
    {
        ArgumentNullException.ThrowIfNull(row);
        using var reader = connection.Reader(sql, parameters);
        var rows = new List<T>();
        while (reader.Read()) rows.Add(row(reader));
        return rows;
    }

    /// <summary>Every row of the result as its values (NULL as null), for quick use in a notebook.</summary>
    public static List<object?[]> Rows(this DbConnection connection, string sql, params object?[] parameters) =>
        connection.Rows(sql, r =>
        {
            var values = new object?[r.FieldCount];
            for (var i = 0; i < values.Length; i++) values[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            return values;
        }, parameters);

    /// <summary>The result as a <see cref="DataTable"/> (columns typed as the reader reports them).</summary>
    public static DataTable Table(this DbConnection connection, string sql, params object?[] parameters)
    {
        using var reader = connection.Reader(sql, parameters);
        var table = new DataTable { Locale = System.Globalization.CultureInfo.InvariantCulture };
        table.Load(reader);
        return table;
    }

    /// <summary>
    /// The result as a Microsoft.Data.Analysis <see cref="DataFrame"/>, which the notebook kernel shows as a table. Columns
    /// are typed from the result: whole numbers as <c>long</c> (DuckDB's HUGEINT, the type of an integer <c>sum</c>, too,
    /// when every value fits), fractions as <c>double</c>, DECIMAL as <c>decimal</c>, booleans, dates and timestamps as
    /// <c>DateTime</c>, and anything else (text, lists, structs) as text. NULL stays missing.
    /// </summary>
    /// <exception cref="OverflowException">A HUGEINT value does not fit a <c>long</c>; the message names the column.</exception>
    public static DataFrame Frame(this DbConnection connection, string sql, params object?[] parameters)
    {
        using var reader = connection.Reader(sql, parameters);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(i => (Name: reader.GetName(i), Type: reader.GetFieldType(i), Values: new List<object?>())).ToList();
        while (reader.Read())
            for (var i = 0; i < columns.Count; i++) columns[i].Values.Add(reader.IsDBNull(i) ? null : reader.GetValue(i));
        return new DataFrame(columns.Select(c => FrameColumn(c.Name, c.Type, c.Values)));
    }

    private static DataFrameColumn FrameColumn(string name, Type type, List<object?> values)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (Internal.ClrTypes.IsWholeNumber(type) || type == typeof(System.Numerics.BigInteger))
            return new Int64DataFrameColumn(name, values.Select(v => v is null ? (long?)null : ToLong(name, v)));
        if (type == typeof(double) || type == typeof(float))
            return new DoubleDataFrameColumn(name, values.Select(v => v is null ? (double?)null : Convert.ToDouble(v, invariant)));
        if (type == typeof(decimal))
            return new DecimalDataFrameColumn(name, values.Select(v => (decimal?)v));
        if (type == typeof(bool))
            return new BooleanDataFrameColumn(name, values.Select(v => (bool?)v));
        if (type == typeof(DateTime) || type == typeof(DateOnly))
            return new PrimitiveDataFrameColumn<DateTime>(name, values.Select(v => v switch
            {
                null => (DateTime?)null,
                DateOnly d => d.ToDateTime(TimeOnly.MinValue),
                _ => (DateTime)v,
            }));
        return new StringDataFrameColumn(name, values.Select(v => v switch
        {
            null => null,
            System.Collections.IEnumerable items and not string => "[" + string.Join(", ", items.Cast<object?>().Select(i => Convert.ToString(i, invariant))) + "]",
            _ => Convert.ToString(v, invariant),
        }));
    }

    private static long ToLong(string column, object value) => value switch
    {
        System.Numerics.BigInteger big when big < long.MinValue || big > long.MaxValue =>
            throw new OverflowException($"Column '{column}' holds {big}, which does not fit a 64-bit whole number: cast it in the SQL (::DOUBLE or ::VARCHAR)."),
        System.Numerics.BigInteger big => (long)big,
        ulong u when u > long.MaxValue => throw new OverflowException($"Column '{column}' holds {u}, which does not fit a 64-bit whole number: cast it in the SQL (::DOUBLE or ::VARCHAR)."),
        _ => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A column's value as <typeparamref name="T"/>, or default when it is NULL.</summary>
    public static T? Field<T>(this DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.IsDBNull(ordinal) ? default : reader.GetFieldValue<T>(ordinal);
    }

    /// <summary>A reader that disposes the command it came from.</summary>
    private sealed class OwningReader(DbDataReader inner, DbCommand command) : DbDataReader
    {
        public override int FieldCount => inner.FieldCount;
        public override object this[int ordinal] => inner[ordinal];
        public override object this[string name] => inner[name];
        public override int RecordsAffected => inner.RecordsAffected;
        public override bool HasRows => inner.HasRows;
        public override bool IsClosed => inner.IsClosed;
        public override int Depth => inner.Depth;
        public override bool GetBoolean(int ordinal) => inner.GetBoolean(ordinal);
        public override byte GetByte(int ordinal) => inner.GetByte(ordinal);
        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);
        public override char GetChar(int ordinal) => inner.GetChar(ordinal);
        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);
        public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);
        public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal);
        public override decimal GetDecimal(int ordinal) => inner.GetDecimal(ordinal);
        public override double GetDouble(int ordinal) => inner.GetDouble(ordinal);
        public override Type GetFieldType(int ordinal) => inner.GetFieldType(ordinal);
        public override float GetFloat(int ordinal) => inner.GetFloat(ordinal);
        public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);
        public override short GetInt16(int ordinal) => inner.GetInt16(ordinal);
        public override int GetInt32(int ordinal) => inner.GetInt32(ordinal);
        public override long GetInt64(int ordinal) => inner.GetInt64(ordinal);
        public override string GetName(int ordinal) => inner.GetName(ordinal);
        public override int GetOrdinal(string name) => inner.GetOrdinal(name);
        public override string GetString(int ordinal) => inner.GetString(ordinal);
        public override object GetValue(int ordinal) => inner.GetValue(ordinal);
        public override int GetValues(object[] values) => inner.GetValues(values);
        public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);
        public override T GetFieldValue<T>(int ordinal) => inner.GetFieldValue<T>(ordinal);
        public override Stream GetStream(int ordinal) => inner.GetStream(ordinal);
        public override DataTable? GetSchemaTable() => inner.GetSchemaTable();
        public override bool NextResult() => inner.NextResult();
        public override bool Read() => inner.Read();
        public override System.Collections.IEnumerator GetEnumerator() => ((System.Collections.IEnumerable)inner).GetEnumerator();

        public override void Close() => inner.Close();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                command.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
