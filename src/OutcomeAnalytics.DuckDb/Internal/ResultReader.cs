using System.Numerics;
using System.Text;

namespace OutcomeAnalytics.DuckDb.Internal;

/// <summary>Materialises a <c>duckdb_result</c> into typed arrays with the data-chunk API.</summary>
internal static unsafe class ResultReader
{
    internal static QueryResult Read(NativeResult* result, string? sql)
    {
        long rowsChanged = (long)Native.duckdb_rows_changed(result);
        int columnCount = checked((int)Native.duckdb_column_count(result));
        var builders = new ColumnBuilder[columnCount];
        for (int c = 0; c < columnCount; c++)
        {
            string name = Native.ReadString(Native.duckdb_column_name(result, (ulong)c)) ?? $"column{c}";
            NativeType nativeType = Native.duckdb_column_type(result, (ulong)c);
            NativeType storage = nativeType;
            byte scale = 0;
            string[]? labels = null;
            if (nativeType is NativeType.Decimal or NativeType.Enum)
            {
                IntPtr logicalType = Native.duckdb_column_logical_type(result, (ulong)c);
                try
                {
                    if (nativeType == NativeType.Decimal)
                    {
                        storage = Native.duckdb_decimal_internal_type(logicalType);
                        scale = Native.duckdb_decimal_scale(logicalType);
                    }
                    else
                    {
                        storage = Native.duckdb_enum_internal_type(logicalType);
                        labels = EnumLabels(logicalType);
                    }
                }
                finally
                {
                    Native.duckdb_destroy_logical_type(ref logicalType);
                }
            }

            DuckDbType type = Map(nativeType) ?? throw Unsupported(name, TypeName(nativeType), sql);
            if (type == DuckDbType.Decimal && storage is not (NativeType.SmallInt or NativeType.Integer or NativeType.BigInt or NativeType.HugeInt))
            {
                throw Unsupported(name, $"DECIMAL stored as {storage}", sql);
            }

            builders[c] = new ColumnBuilder(name, type, storage, scale, sql, labels);
        }

        while (true)
        {
            IntPtr chunk = Native.duckdb_fetch_chunk(*result);
            if (chunk == IntPtr.Zero)
            {
                break;
            }

            try
            {
                int size = checked((int)Native.duckdb_data_chunk_get_size(chunk));
                if (size == 0)
                {
                    continue;
                }

                for (int c = 0; c < columnCount; c++)
                {
                    IntPtr vector = Native.duckdb_data_chunk_get_vector(chunk, (ulong)c);
                    builders[c].Append(Native.duckdb_vector_get_data(vector), Native.duckdb_vector_get_validity(vector), size);
                }
            }
            finally
            {
                Native.duckdb_destroy_data_chunk(ref chunk);
            }
        }

        // A result that fails part-way (an error raised while later chunks were computed, as a streamed result can)
        // returns no further chunk; the error is then on the result.
        if (Native.duckdb_result_error(result) != IntPtr.Zero)
        {
            throw Errors.FromResult(result, sql);
        }

        var columns = new ResultColumn[columnCount];
        for (int c = 0; c < columnCount; c++)
        {
            columns[c] = builders[c].Build();
        }

        return new QueryResult(columns, columnCount == 0 ? 0 : columns[0].Count, rowsChanged);
    }

    /// <summary>An ENUM type's values, by index.</summary>
    private static string[] EnumLabels(IntPtr logicalType)
    {
        var labels = new string[Native.duckdb_enum_dictionary_size(logicalType)];
        for (int i = 0; i < labels.Length; i++)
        {
            IntPtr text = Native.duckdb_enum_dictionary_value(logicalType, (ulong)i);
            try
            {
                labels[i] = Native.ReadString(text) ?? string.Empty;
            }
            finally
            {
                Native.duckdb_free(text);
            }
        }

        return labels;
    }

    private static DuckDbException Unsupported(string column, string typeName, string? sql)
    {
        bool simple = column.Length > 0 && (char.IsLetter(column[0]) || column[0] == '_') && column.All(ch => char.IsLetterOrDigit(ch) || ch == '_');
        string reference = simple ? column : "\"" + column.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        return new DuckDbException(
            $"column '{column}' has DuckDB type {typeName}, which this binding does not read; cast it in the query (for example {reference}::VARCHAR)",
            "NotImplemented",
            sql);
    }

    private static DuckDbType? Map(NativeType type) => type switch
    {
        NativeType.Boolean => DuckDbType.Boolean,
        NativeType.TinyInt => DuckDbType.TinyInt,
        NativeType.SmallInt => DuckDbType.SmallInt,
        NativeType.Integer => DuckDbType.Integer,
        NativeType.BigInt => DuckDbType.BigInt,
        NativeType.Float => DuckDbType.Float,
        NativeType.Double => DuckDbType.Double,
        NativeType.Decimal => DuckDbType.Decimal,
        NativeType.Varchar or NativeType.Enum => DuckDbType.Varchar,
        NativeType.Date => DuckDbType.Date,
        NativeType.Timestamp => DuckDbType.Timestamp,
        _ => null,
    };

    private static string TypeName(NativeType type) => type switch
    {
        NativeType.UTinyInt => "UTINYINT",
        NativeType.USmallInt => "USMALLINT",
        NativeType.UInteger => "UINTEGER",
        NativeType.UBigInt => "UBIGINT",
        NativeType.HugeInt => "HUGEINT",
        NativeType.UHugeInt => "UHUGEINT",
        NativeType.Time => "TIME",
        NativeType.TimeNs => "TIME_NS",
        NativeType.TimeTz => "TIME WITH TIME ZONE",
        NativeType.Interval => "INTERVAL",
        NativeType.Blob => "BLOB",
        NativeType.TimestampS => "TIMESTAMP_S",
        NativeType.TimestampMs => "TIMESTAMP_MS",
        NativeType.TimestampNs => "TIMESTAMP_NS",
        NativeType.TimestampTz => "TIMESTAMP WITH TIME ZONE",
        NativeType.Enum => "ENUM",
        NativeType.List => "LIST",
        NativeType.Struct => "STRUCT",
        NativeType.Map => "MAP",
        NativeType.Array => "ARRAY",
        NativeType.Uuid => "UUID",
        NativeType.Union => "UNION",
        NativeType.Bit => "BIT",
        NativeType.BigNum => "BIGNUM",
        NativeType.SqlNull => "NULL",
        _ => type.ToString().ToUpperInvariant(),
    };
}

/// <summary>Accumulates one column's values across chunks, reading native vectors directly.</summary>
internal sealed unsafe class ColumnBuilder
{
    private static readonly long MinMicros = (DateTime.MinValue.Ticks - ParameterBinder.UnixEpochTicks) / TimeSpan.TicksPerMicrosecond;
    private static readonly long MaxMicros = (DateTime.MaxValue.Ticks - ParameterBinder.UnixEpochTicks) / TimeSpan.TicksPerMicrosecond;
    private static readonly UInt128 Max96 = UInt128.One << 96;

    private readonly string name;
    private readonly DuckDbType type;
    private readonly NativeType storage;
    private readonly byte scale;
    private readonly string? sql;
    private readonly string[]? labels;
    private Array values;
    private int count;
    private ulong[]? nulls;
    private int nullCount;

    /// <summary>A column read as <paramref name="type"/>; an ENUM column is read as text, given its <paramref name="labels"/> (values by index) and its index type as <paramref name="storage"/>.</summary>
    internal ColumnBuilder(string name, DuckDbType type, NativeType storage, byte scale, string? sql, string[]? labels = null)
    {
        this.labels = labels;
        this.name = name;
        this.type = type;
        this.storage = storage;
        this.scale = scale;
        this.sql = sql;
        values = Array.CreateInstance(ResultColumn.ClrTypeOf(type), 0);
    }

    internal void Append(void* data, ulong* validity, int n)
    {
        EnsureCapacity(count + n);
        if (validity != null)
        {
            RecordNulls(validity, n);
        }

        int start = count;
        switch (type)
        {
            case DuckDbType.Boolean:
                {
                    Span<bool> dst = ((bool[])values).AsSpan(start, n);
                    byte* src = (byte*)data;
                    for (int i = 0; i < n; i++)
                    {
                        dst[i] = src[i] != 0;
                    }

                    ClearNulls<bool>(validity, n);
                    break;
                }

            case DuckDbType.TinyInt:
                Widen(new ReadOnlySpan<sbyte>(data, n), ((int[])values).AsSpan(start, n));
                ClearNulls<int>(validity, n);
                break;
            case DuckDbType.SmallInt:
                Widen(new ReadOnlySpan<short>(data, n), ((int[])values).AsSpan(start, n));
                ClearNulls<int>(validity, n);
                break;
            case DuckDbType.Integer:
                new ReadOnlySpan<int>(data, n).CopyTo(((int[])values).AsSpan(start, n));
                ClearNulls<int>(validity, n);
                break;
            case DuckDbType.BigInt:
                new ReadOnlySpan<long>(data, n).CopyTo(((long[])values).AsSpan(start, n));
                ClearNulls<long>(validity, n);
                break;
            case DuckDbType.Float:
                {
                    Span<double> dst = ((double[])values).AsSpan(start, n);
                    float* src = (float*)data;
                    for (int i = 0; i < n; i++)
                    {
                        dst[i] = src[i];
                    }

                    ClearNulls<double>(validity, n);
                    break;
                }

            case DuckDbType.Double:
                new ReadOnlySpan<double>(data, n).CopyTo(((double[])values).AsSpan(start, n));
                ClearNulls<double>(validity, n);
                break;
            case DuckDbType.Decimal:
                AppendDecimal(data, validity, ((decimal[])values).AsSpan(start, n));
                break;
            case DuckDbType.Varchar when labels is not null:
                AppendEnum(data, validity, ((string?[])values).AsSpan(start, n));
                break;
            case DuckDbType.Varchar:
                AppendVarchar((byte*)data, validity, ((string?[])values).AsSpan(start, n));
                break;
            case DuckDbType.Date:
                AppendDate((int*)data, validity, ((DateOnly[])values).AsSpan(start, n));
                break;
            case DuckDbType.Timestamp:
                AppendTimestamp((long*)data, validity, ((DateTime[])values).AsSpan(start, n));
                break;
            default:
                throw new InvalidOperationException($"Unexpected column type {type}.");
        }

        count += n;
    }

    internal ResultColumn Build()
    {
        if (values.Length != count)
        {
            Array trimmed = Array.CreateInstance(values.GetType().GetElementType()!, count);
            Array.Copy(values, trimmed, count);
            values = trimmed;
        }

        return new ResultColumn(name, type, values, count, nulls, nullCount);
    }

    /// <summary>The UTF-8 bytes of row <paramref name="row"/> of a VARCHAR vector's data.</summary>
    internal static ReadOnlySpan<byte> StringAt(byte* data, int row)
    {
        // duckdb_string_t: uint32 length; up to 12 bytes inline at offset 4, else a pointer at offset 8.
        byte* entry = data + (row * 16);
        int length = (int)*(uint*)entry;
        return new ReadOnlySpan<byte>(length <= 12 ? entry + 4 : *(byte**)(entry + 8), length);
    }

    private static bool IsValid(ulong* validity, int row) =>
        validity == null || (validity[row >> 6] & (1UL << (row & 63))) != 0;

    private static void Widen(ReadOnlySpan<sbyte> src, Span<int> dst)
    {
        for (int i = 0; i < src.Length; i++)
        {
            dst[i] = src[i];
        }
    }

    private static void Widen(ReadOnlySpan<short> src, Span<int> dst)
    {
        for (int i = 0; i < src.Length; i++)
        {
            dst[i] = src[i];
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= values.Length)
        {
            return;
        }

        int capacity = Math.Max(needed, values.Length == 0 ? needed : (int)Math.Min((long)values.Length * 2, Array.MaxLength));
        Array grown = Array.CreateInstance(values.GetType().GetElementType()!, capacity);
        Array.Copy(values, grown, count);
        values = grown;
        if (nulls is not null)
        {
            Array.Resize(ref nulls, (capacity + 63) >> 6);
        }
    }

    /// <summary>Copies DuckDB's validity bits (1 = valid) into this column's null mask (1 = NULL).</summary>
    private void RecordNulls(ulong* validity, int n)
    {
        int words = (n + 63) >> 6;
        for (int w = 0; w < words; w++)
        {
            ulong invalid = ~validity[w];
            int bitsInWord = Math.Min(64, n - (w << 6));
            if (bitsInWord < 64)
            {
                invalid &= (1UL << bitsInWord) - 1;
            }

            while (invalid != 0)
            {
                int row = count + (w << 6) + BitOperations.TrailingZeroCount(invalid);
                nulls ??= new ulong[(values.Length + 63) >> 6];
                nulls[row >> 6] |= 1UL << (row & 63);
                nullCount++;
                invalid &= invalid - 1;
            }
        }
    }

    /// <summary>Values under NULL rows are undefined in DuckDB's vectors: reset them to default.</summary>
    private void ClearNulls<T>(ulong* validity, int n)
    {
        if (validity == null)
        {
            return;
        }

        Span<T> dst = ((T[])values).AsSpan(count, n);
        for (int i = 0; i < n; i++)
        {
            if (!IsValid(validity, i))
            {
                dst[i] = default!;
            }
        }
    }

    private static void AppendVarchar(byte* data, ulong* validity, Span<string?> dst)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            if (!IsValid(validity, i))
            {
                continue;
            }

            ReadOnlySpan<byte> bytes = StringAt(data, i);
            dst[i] = bytes.IsEmpty ? string.Empty : Encoding.UTF8.GetString(bytes);
        }
    }

    /// <summary>An ENUM vector holds each value's index in the type's values, as 8, 16 or 32 bits.</summary>
    private void AppendEnum(void* data, ulong* validity, Span<string?> dst)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            if (!IsValid(validity, i))
            {
                continue;
            }

            uint index = storage switch
            {
                NativeType.UTinyInt => ((byte*)data)[i],
                NativeType.USmallInt => ((ushort*)data)[i],
                _ => ((uint*)data)[i],
            };
            dst[i] = labels![index];
        }
    }

    private void AppendDate(int* data, ulong* validity, Span<DateOnly> dst)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            if (!IsValid(validity, i))
            {
                continue;
            }

            long dayNumber = (long)data[i] + ParameterBinder.UnixEpochDayNumber;
            if ((ulong)dayNumber > (ulong)DateOnly.MaxValue.DayNumber)
            {
                throw OutOfRange("DATE", data[i] == int.MaxValue || data[i] == -int.MaxValue ? "infinity" : $"{data[i]} days from 1970-01-01");
            }

            dst[i] = DateOnly.FromDayNumber((int)dayNumber);
        }
    }

    private void AppendTimestamp(long* data, ulong* validity, Span<DateTime> dst)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            if (!IsValid(validity, i))
            {
                continue;
            }

            long micros = data[i];
            if (micros < MinMicros || micros > MaxMicros)
            {
                throw OutOfRange("TIMESTAMP", micros == long.MaxValue || micros == -long.MaxValue ? "infinity" : $"{micros} µs from 1970-01-01");
            }

            dst[i] = new DateTime(ParameterBinder.UnixEpochTicks + (micros * TimeSpan.TicksPerMicrosecond), DateTimeKind.Unspecified);
        }
    }

    private void AppendDecimal(void* data, ulong* validity, Span<decimal> dst)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            if (!IsValid(validity, i))
            {
                continue;
            }

            dst[i] = storage switch
            {
                NativeType.SmallInt => FromInt64(((short*)data)[i], scale),
                NativeType.Integer => FromInt64(((int*)data)[i], scale),
                NativeType.BigInt => FromInt64(((long*)data)[i], scale),
                _ => FromHugeInt(((ulong*)data)[2 * i], ((long*)data)[(2 * i) + 1]),
            };
        }
    }

    private static decimal FromInt64(long value, byte scale)
    {
        bool negative = value < 0;
        ulong magnitude = negative ? unchecked((ulong)-value) : (ulong)value;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, negative, scale);
    }

    /// <summary>DECIMAL(19..38): a 128-bit integer; .NET decimal holds 96 bits and scale ≤ 28, so excess digits are rounded.</summary>
    private decimal FromHugeInt(ulong lower, long upper)
    {
        var value = new Int128((ulong)upper, lower);
        bool negative = Int128.IsNegative(value);
        var magnitude = (UInt128)(negative ? -value : value);
        byte s = scale;
        while (s > 28 || magnitude >= Max96)
        {
            if (s == 0)
            {
                throw new DuckDbException(
                    $"column '{name}' holds the DECIMAL value {(negative ? "-" : "")}{magnitude}, which is outside the range of .NET decimal; cast it in the query (for example {name}::DOUBLE or {name}::VARCHAR)",
                    "OutOfRange",
                    sql);
            }

            (UInt128 quotient, UInt128 remainder) = UInt128.DivRem(magnitude, 10);
            magnitude = remainder >= 5 ? quotient + 1 : quotient;
            s--;
        }

        var low = (ulong)magnitude;
        return new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)(uint)(magnitude >> 64), negative, s);
    }

    private DuckDbException OutOfRange(string duckType, string what) => new(
        $"column '{name}' holds a {duckType} value ({what}) outside the range of .NET {(duckType == "DATE" ? "DateOnly" : "DateTime")}; cast it in the query (for example {name}::VARCHAR)",
        "OutOfRange",
        sql);
}
