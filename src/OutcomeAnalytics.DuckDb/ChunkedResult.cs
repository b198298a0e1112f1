using OutcomeAnalytics.DuckDb.Internal;

namespace OutcomeAnalytics.DuckDb;

/// <summary>
/// A result read in place, as DuckDB's own chunks, for copying large text results (a file export, say) without
/// making a .NET string of every value: VARCHAR values are spans of DuckDB's UTF-8 bytes and BIGINT values longs.
/// The chunks, and every span taken from them, stay valid until the result is disposed. Only VARCHAR and BIGINT
/// columns can be read this way; <see cref="QueryResult"/> reads every type.
/// </summary>
public sealed unsafe class ChunkedResult : IDisposable
{
    private readonly List<IntPtr> chunks = [];
    private readonly List<(int Size, IntPtr[] Data, IntPtr[] Validity)> views = [];
    private readonly bool[] text;
    private NativeResult* result;
    private bool disposed;

    private ChunkedResult(bool[] text) => this.text = text;

    /// <summary>The columns of the result.</summary>
    public int ColumnCount => text.Length;

    /// <summary>The chunks, each of up to DuckDB's vector size (2,048) rows.</summary>
    public int ChunkCount => chunks.Count;

    /// <summary>The rows in all chunks.</summary>
    public int RowCount { get; private set; }

    /// <summary>Chunk <paramref name="index"/> (0-based, in the result's order).</summary>
    public ResultChunk Chunk(int index)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)chunks.Count, nameof(index));
        var (size, data, validity) = views[index];
        return new ResultChunk(size, data, validity, text);
    }

    /// <summary>
    /// Executes a prepared statement, collecting its result, and fetches every chunk. The result is kept until the
    /// chunks are freed: a collected result's chunks may point into its memory rather than hold copies.
    /// </summary>
    internal static ChunkedResult Execute(PreparedStatementHandle statement, string? sql)
    {
        var result = (NativeResult*)System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)sizeof(NativeResult));
        try
        {
            if (Native.duckdb_execute_prepared(statement, result) != DuckDbState.Success)
            {
                throw Errors.FromResult(result, sql);
            }

            return Read(result, sql);
        }
        catch
        {
            Native.duckdb_destroy_result(result);
            System.Runtime.InteropServices.NativeMemory.Free(result);
            throw;
        }
    }

    /// <summary>Checks the column types and fetches every chunk; the returned object owns <paramref name="result"/>.</summary>
    private static ChunkedResult Read(NativeResult* result, string? sql)
    {
        int columnCount = checked((int)Native.duckdb_column_count(result));
        var text = new bool[columnCount];
        for (int c = 0; c < columnCount; c++)
        {
            NativeType type = Native.duckdb_column_type(result, (ulong)c);
            if (type is not (NativeType.Varchar or NativeType.BigInt))
            {
                string name = Native.ReadString(Native.duckdb_column_name(result, (ulong)c)) ?? $"column{c}";
                throw new DuckDbException(
                    $"column '{name}' is neither VARCHAR nor BIGINT, which a result read in chunks must be; cast it in the query (for example CAST({name} AS VARCHAR))",
                    "InvalidInput",
                    sql);
            }

            text[c] = type == NativeType.Varchar;
        }

        var read = new ChunkedResult(text);
        try
        {
            while (true)
            {
                IntPtr chunk = Native.duckdb_fetch_chunk(*result);
                if (chunk == IntPtr.Zero)
                {
                    break;
                }

                int size = checked((int)Native.duckdb_data_chunk_get_size(chunk));
                if (size == 0)
                {
                    Native.duckdb_destroy_data_chunk(ref chunk);
                    continue;
                }

                read.chunks.Add(chunk);
                var data = new IntPtr[columnCount];
                var validity = new IntPtr[columnCount];
                for (int c = 0; c < columnCount; c++)
                {
                    IntPtr vector = Native.duckdb_data_chunk_get_vector(chunk, (ulong)c);
                    data[c] = (IntPtr)Native.duckdb_vector_get_data(vector);
                    validity[c] = (IntPtr)Native.duckdb_vector_get_validity(vector);
                }

                read.views.Add((size, data, validity));
                read.RowCount = checked(read.RowCount + size);
            }

            if (Native.duckdb_result_error(result) != IntPtr.Zero)
            {
                throw Errors.FromResult(result, sql);
            }

            read.result = result;
            return read;
        }
        catch
        {
            read.Dispose();
            throw;
        }
    }

    /// <summary>Frees the chunks.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        for (int i = 0; i < chunks.Count; i++)
        {
            IntPtr chunk = chunks[i];
            Native.duckdb_destroy_data_chunk(ref chunk);
        }

        chunks.Clear();
        views.Clear();
        if (result != null)
        {
            Native.duckdb_destroy_result(result);
            System.Runtime.InteropServices.NativeMemory.Free(result);
            result = null;
        }
    }
}

/// <summary>One chunk of a <see cref="ChunkedResult"/>, valid while the result is.</summary>
public readonly unsafe ref struct ResultChunk
{
    private readonly IntPtr[] data;
    private readonly IntPtr[] validity;
    private readonly bool[] text;

    internal ResultChunk(int rowCount, IntPtr[] data, IntPtr[] validity, bool[] text)
    {
        this.data = data;
        this.validity = validity;
        this.text = text;
        RowCount = rowCount;
    }

    /// <summary>The rows in this chunk.</summary>
    public int RowCount { get; }

    /// <summary>Whether the value in <paramref name="column"/> of <paramref name="row"/> is NULL.</summary>
    public bool IsNull(int column, int row)
    {
        Check(column, row);
        ulong* mask = (ulong*)validity[column];
        return mask != null && (mask[row >> 6] & (1UL << (row & 63))) == 0;
    }

    /// <summary>A VARCHAR value's UTF-8 bytes; empty for NULL (see <see cref="IsNull"/>).</summary>
    /// <exception cref="InvalidOperationException">The column is not VARCHAR.</exception>
    public ReadOnlySpan<byte> Utf8(int column, int row)
    {
        if (!text[column])
        {
            throw new InvalidOperationException($"Column {column} is BIGINT, not VARCHAR: read it with Int64.");
        }

        if (IsNull(column, row))
        {
            return [];
        }

        return ColumnBuilder.StringAt(Data(column), row);
    }

    /// <summary>A BIGINT value; 0 for NULL (see <see cref="IsNull"/>).</summary>
    /// <exception cref="InvalidOperationException">The column is not BIGINT.</exception>
    public long Int64(int column, int row)
    {
        if (text[column])
        {
            throw new InvalidOperationException($"Column {column} is VARCHAR, not BIGINT: read it with Utf8.");
        }

        return IsNull(column, row) ? 0 : ((long*)Data(column))[row];
    }

    private byte* Data(int column) => (byte*)data[column];

    private void Check(int column, int row)
    {
        if ((uint)column >= (uint)text.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, $"The result has {text.Length} columns.");
        }

        if ((uint)row >= (uint)RowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"The chunk has {RowCount} rows.");
        }
    }
}
