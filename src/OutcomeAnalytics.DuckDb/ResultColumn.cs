using OutcomeAnalytics.DuckDb.Internal;

namespace OutcomeAnalytics.DuckDb;

/// <summary>One materialised result column: a typed array plus a null mask.</summary>
public sealed class ResultColumn
{
    private readonly Array values;
    private readonly ulong[]? nulls;

    internal ResultColumn(string name, DuckDbType type, Array values, int count, ulong[]? nulls, int nullCount)
    {
        Name = name;
        Type = type;
        ClrType = ClrTypeOf(type);
        this.values = values;
        Count = count;
        this.nulls = nulls;
        NullCount = nullCount;
    }

    /// <summary>The column name as DuckDB reports it.</summary>
    public string Name { get; }

    /// <summary>The DuckDB type.</summary>
    public DuckDbType Type { get; }

    /// <summary>
    /// The .NET element type of <see cref="Values{T}"/>: <see cref="bool"/>, <see cref="int"/> (TINYINT, SMALLINT, INTEGER),
    /// <see cref="long"/>, <see cref="double"/> (FLOAT, DOUBLE), <see cref="decimal"/>, <see cref="string"/>,
    /// <see cref="DateOnly"/> or <see cref="DateTime"/>.
    /// </summary>
    public Type ClrType { get; }

    /// <summary>The number of rows.</summary>
    public int Count { get; }

    /// <summary>The number of NULL rows.</summary>
    public int NullCount { get; }

    /// <summary>Whether row <paramref name="row"/> is NULL.</summary>
    public bool IsNull(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Column '{Name}' has {Count} rows.");
        }

        return nulls is not null && (nulls[row >> 6] & (1UL << (row & 63))) != 0;
    }

    /// <summary>The value of row <paramref name="row"/>, boxed as <see cref="ClrType"/>; null for NULL.</summary>
    public object? GetValue(int row) => IsNull(row) ? null : values.GetValue(row);

    /// <summary>
    /// The typed backing array (not a copy), e.g. <c>int[]</c> for INTEGER or <c>string?[]</c> for VARCHAR (null entries for NULL).
    /// For value types NULL rows hold default(T): check <see cref="IsNull"/> or <see cref="NullCount"/>.
    /// </summary>
    /// <typeparam name="T">Must be exactly <see cref="ClrType"/>.</typeparam>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not <see cref="ClrType"/>.</exception>
    public T[] Values<T>()
    {
        if (typeof(T) != ClrType)
        {
            throw new InvalidOperationException(
                $"Column '{Name}' has DuckDB type {Type} stored as {ClrType.Name}[]; Values<{typeof(T).Name}>() does not match (use Values<{ClrType.Name}>() or Get<T>(row) to convert).");
        }

        return (T[])values;
    }

    /// <summary>
    /// Row <paramref name="row"/> converted to <typeparamref name="T"/> (e.g. <c>Get&lt;long&gt;</c> on an INTEGER column,
    /// <c>Get&lt;int?&gt;</c> for a nullable value); default(T) for NULL.
    /// </summary>
    /// <exception cref="InvalidCastException">The value cannot be converted to <typeparamref name="T"/>.</exception>
    public T? Get<T>(int row)
    {
        if (IsNull(row))
        {
            return default;
        }

        if (values is T[] typed)
        {
            return typed[row];
        }

        try
        {
            return (T?)ValueConverter.ChangeType(values.GetValue(row), typeof(T));
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            throw new InvalidCastException(
                $"Column '{Name}' ({Type}) row {row}: cannot convert {values.GetValue(row)} to {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Type} ({Count} rows, {NullCount} NULL)";

    internal static Type ClrTypeOf(DuckDbType type) => type switch
    {
        DuckDbType.Boolean => typeof(bool),
        DuckDbType.TinyInt or DuckDbType.SmallInt or DuckDbType.Integer => typeof(int),
        DuckDbType.BigInt => typeof(long),
        DuckDbType.Float or DuckDbType.Double => typeof(double),
        DuckDbType.Decimal => typeof(decimal),
        DuckDbType.Varchar => typeof(string),
        DuckDbType.Date => typeof(DateOnly),
        DuckDbType.Timestamp => typeof(DateTime),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
