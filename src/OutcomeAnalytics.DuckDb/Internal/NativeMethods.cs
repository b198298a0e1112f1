using System.Reflection;
using System.Runtime.InteropServices;

namespace OutcomeAnalytics.DuckDb.Internal;

/// <summary><c>duckdb_state</c>.</summary>
internal enum DuckDbState
{
    Success = 0,
    Error = 1,
}

/// <summary><c>duckdb_type</c> (numbers are part of DuckDB's ABI).</summary>
internal enum NativeType
{
    Invalid = 0,
    Boolean = 1,
    TinyInt = 2,
    SmallInt = 3,
    Integer = 4,
    BigInt = 5,
    UTinyInt = 6,
    USmallInt = 7,
    UInteger = 8,
    UBigInt = 9,
    Float = 10,
    Double = 11,
    Timestamp = 12,
    Date = 13,
    Time = 14,
    Interval = 15,
    HugeInt = 16,
    Varchar = 17,
    Blob = 18,
    Decimal = 19,
    TimestampS = 20,
    TimestampMs = 21,
    TimestampNs = 22,
    Enum = 23,
    List = 24,
    Struct = 25,
    Map = 26,
    Uuid = 27,
    Union = 28,
    Bit = 29,
    TimeTz = 30,
    TimestampTz = 31,
    UHugeInt = 32,
    Array = 33,
    Any = 34,
    BigNum = 35,
    SqlNull = 36,
    StringLiteral = 37,
    IntegerLiteral = 38,
    TimeNs = 39,
}

/// <summary><c>duckdb_result</c>: a 48-byte struct the caller allocates (six 8-byte fields).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeResult
{
    public ulong DeprecatedColumnCount;
    public ulong DeprecatedRowCount;
    public ulong DeprecatedRowsChanged;
    public IntPtr DeprecatedColumns;
    public IntPtr DeprecatedErrorMessage;
    public IntPtr InternalData;
}

/// <summary><c>duckdb_query_progress_type</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeQueryProgress
{
    public double Percentage;
    public ulong RowsProcessed;
    public ulong TotalRowsToProcess;
}

/// <summary><c>duckdb_decimal</c>: width, scale and a <c>duckdb_hugeint</c> (lower, upper) value.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeDecimal
{
    public byte Width;
    public byte Scale;
    public ulong Lower;
    public long Upper;
}

/// <summary><c>duckdb_date</c>: days since 1970-01-01.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeDate
{
    public int Days;
}

/// <summary><c>duckdb_timestamp</c>: microseconds since 1970-01-01 00:00:00.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeTimestamp
{
    public long Micros;
}

/// <summary>P/Invoke declarations for the part of DuckDB's C API this binding uses.</summary>
internal static unsafe partial class Native
{
    private const string Lib = "duckdb";

    /// <summary>Name of the native library file for the current platform.</summary>
    internal static readonly string LibraryFileName =
        OperatingSystem.IsWindows() ? "duckdb.dll" : OperatingSystem.IsMacOS() ? "libduckdb.dylib" : "libduckdb.so";

#pragma warning disable CA1810 // the resolver must be registered before the first P/Invoke of this class
    static Native()
    {
        NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, Resolve);
    }
#pragma warning restore CA1810

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != Lib)
        {
            return IntPtr.Zero;
        }

        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, LibraryFileName) };
        string? assemblyDir = string.IsNullOrEmpty(assembly.Location) ? null : Path.GetDirectoryName(assembly.Location);
        if (assemblyDir is not null)
        {
            candidates.Add(Path.Combine(assemblyDir, LibraryFileName));
        }

        foreach (string candidate in candidates)
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out IntPtr loaded))
            {
                return loaded;
            }
        }

        if (NativeLibrary.TryLoad(libraryName, assembly, searchPath, out IntPtr probed))
        {
            return probed;
        }

        throw new DllNotFoundException(
            $"DuckDB's native library '{LibraryFileName}' was not found (looked in {string.Join(", ", candidates.Distinct())} and the default search path). " +
            "Building OutcomeAnalytics.DuckDb fetches it with npm and copies it next to the assemblies of every project that references it; " +
            "rebuild, or copy the library for your platform next to the application.");
    }

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr duckdb_library_version();

    [LibraryImport(Lib)]
    internal static partial void duckdb_free(IntPtr ptr);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_create_config(out IntPtr config);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_set_config(IntPtr config, string name, string option);

    [LibraryImport(Lib)]
    internal static partial void duckdb_destroy_config(ref IntPtr config);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_open_ext(string? path, out IntPtr database, IntPtr config, out IntPtr error);

    [LibraryImport(Lib)]
    internal static partial void duckdb_close(ref IntPtr database);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_connect(IntPtr database, out IntPtr connection);

    [LibraryImport(Lib)]
    internal static partial void duckdb_disconnect(ref IntPtr connection);

    [LibraryImport(Lib)]
    internal static partial void duckdb_interrupt(ConnectionHandle connection);

    [LibraryImport(Lib)]
    internal static partial NativeQueryProgress duckdb_query_progress(ConnectionHandle connection);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_query(ConnectionHandle connection, string query, NativeResult* result);

    [LibraryImport(Lib)]
    internal static partial void duckdb_destroy_result(NativeResult* result);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_result_error(NativeResult* result);

    [LibraryImport(Lib)]
    internal static partial int duckdb_result_error_type(NativeResult* result);

    [LibraryImport(Lib)]
    internal static partial ulong duckdb_column_count(NativeResult* result);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_column_name(NativeResult* result, ulong column);

    [LibraryImport(Lib)]
    internal static partial NativeType duckdb_column_type(NativeResult* result, ulong column);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_column_logical_type(NativeResult* result, ulong column);

    [LibraryImport(Lib)]
    internal static partial void duckdb_destroy_logical_type(ref IntPtr logicalType);

    [LibraryImport(Lib)]
    internal static partial NativeType duckdb_decimal_internal_type(IntPtr logicalType);

    [LibraryImport(Lib)]
    internal static partial byte duckdb_decimal_scale(IntPtr logicalType);

    [LibraryImport(Lib)]
    internal static partial NativeType duckdb_enum_internal_type(IntPtr logicalType);

    [LibraryImport(Lib)]
    internal static partial uint duckdb_enum_dictionary_size(IntPtr logicalType);

    /// <summary>The value's text, to be released with <see cref="duckdb_free"/>.</summary>
    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_enum_dictionary_value(IntPtr logicalType, ulong index);

    [LibraryImport(Lib)]
    internal static partial ulong duckdb_rows_changed(NativeResult* result);

    /// <summary>Takes the result struct by value (unlike the other result functions).</summary>
    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_fetch_chunk(NativeResult result);

    [LibraryImport(Lib)]
    internal static partial ulong duckdb_data_chunk_get_size(IntPtr chunk);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_data_chunk_get_vector(IntPtr chunk, ulong column);

    [LibraryImport(Lib)]
    internal static partial void* duckdb_vector_get_data(IntPtr vector);

    [LibraryImport(Lib)]
    internal static partial ulong* duckdb_vector_get_validity(IntPtr vector);

    [LibraryImport(Lib)]
    internal static partial void duckdb_destroy_data_chunk(ref IntPtr chunk);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_prepare(ConnectionHandle connection, string query, out IntPtr statement);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_prepare_error(PreparedStatementHandle statement);

    [LibraryImport(Lib)]
    internal static partial void duckdb_destroy_prepare(ref IntPtr statement);

    [LibraryImport(Lib)]
    internal static partial ulong duckdb_nparams(PreparedStatementHandle statement);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_clear_bindings(PreparedStatementHandle statement);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_null(PreparedStatementHandle statement, ulong index);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_boolean(PreparedStatementHandle statement, ulong index, [MarshalAs(UnmanagedType.U1)] bool value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_int32(PreparedStatementHandle statement, ulong index, int value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_int64(PreparedStatementHandle statement, ulong index, long value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_float(PreparedStatementHandle statement, ulong index, float value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_double(PreparedStatementHandle statement, ulong index, double value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_varchar_length(PreparedStatementHandle statement, ulong index, byte* value, ulong length);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_decimal(PreparedStatementHandle statement, ulong index, NativeDecimal value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_date(PreparedStatementHandle statement, ulong index, NativeDate value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_timestamp(PreparedStatementHandle statement, ulong index, NativeTimestamp value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_execute_prepared(PreparedStatementHandle statement, NativeResult* result);

    /// <summary>Reads a DuckDB-owned, NUL-terminated UTF-8 string.</summary>
    internal static string? ReadString(IntPtr utf8) => utf8 == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(utf8);
}
