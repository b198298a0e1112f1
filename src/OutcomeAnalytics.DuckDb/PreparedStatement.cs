using OutcomeAnalytics.DuckDb.Internal;

namespace OutcomeAnalytics.DuckDb;

/// <summary>A prepared statement (<c>duckdb_prepare</c>). Bindings persist between executions until rebound or cleared.</summary>
public sealed unsafe class PreparedStatement : IDisposable
{
    private static readonly object?[] SingleNull = [null];
    private readonly PreparedStatementHandle handle;
    private readonly string sql;
    private volatile bool disposed;

    internal PreparedStatement(PreparedStatementHandle handle, string sql)
    {
        this.handle = handle;
        this.sql = sql;
    }

    /// <summary>The number of parameters (<c>duckdb_nparams</c>).</summary>
    public int ParameterCount => checked((int)Native.duckdb_nparams(Handle));

    private PreparedStatementHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return handle;
        }
    }

    /// <summary>
    /// Binds one parameter (1-based). Supported: null/<see cref="DBNull"/>, <see cref="string"/>, <see cref="bool"/>,
    /// <see cref="byte"/>/<see cref="short"/>/<see cref="int"/> (INTEGER), <see cref="long"/> (BIGINT), <see cref="float"/>,
    /// <see cref="double"/>, <see cref="decimal"/> (DECIMAL(38, scale)), <see cref="DateOnly"/> (DATE) and
    /// <see cref="DateTime"/> (TIMESTAMP; the Kind is ignored, sub-microsecond ticks are dropped).
    /// </summary>
    /// <exception cref="ArgumentException">The value's CLR type is not supported.</exception>
    /// <exception cref="DuckDbException">DuckDB rejected the binding (e.g. index out of range), with DuckDB's message.</exception>
    public void Bind(int index, object? value) => ParameterBinder.Bind(Handle, index, value, sql);

    /// <summary>Binds <paramref name="values"/> to parameters 1..n. A null array binds a single NULL.</summary>
    public void BindAll(params object?[] values)
    {
        values ??= SingleNull;
        for (int i = 0; i < values.Length; i++)
        {
            Bind(i + 1, values[i]);
        }
    }

    /// <summary>Clears all bindings (<c>duckdb_clear_bindings</c>).</summary>
    public void ClearBindings()
    {
        if (Native.duckdb_clear_bindings(Handle) != DuckDbState.Success)
        {
            throw Errors.FromMessage(Native.ReadString(Native.duckdb_prepare_error(Handle)) ?? "Could not clear bindings.", sql);
        }
    }

    /// <summary>
    /// Executes with the current bindings and materialises the result. DuckDB collects the whole result before it is
    /// read (<c>duckdb_execute_prepared</c>), rather than streaming it: DuckDB 1.5.6 can wait forever on a streamed
    /// result whose query unions pipelines (duckdb/duckdb#22215; a UNION ALL of two joins over 5 million rows hung
    /// here), and can sleep through much of a heavy streamed query (duckdb/duckdb#25282).
    /// </summary>
    public QueryResult Query()
    {
        NativeResult result = default;
        try
        {
            if (Native.duckdb_execute_prepared(Handle, &result) != DuckDbState.Success)
            {
                throw Errors.FromResult(&result, sql);
            }

            return ResultReader.Read(&result, sql);
        }
        finally
        {
            Native.duckdb_destroy_result(&result);
        }
    }

    /// <summary>
    /// Executes with the current bindings, collecting the result as <see cref="Query"/> does, and returns it as
    /// DuckDB's own chunks, read in place (VARCHAR and BIGINT columns only): see <see cref="ChunkedResult"/>.
    /// </summary>
    /// <exception cref="DuckDbException">DuckDB reported an error, or a column is neither VARCHAR nor BIGINT.</exception>
    public ChunkedResult QueryChunks() => ChunkedResult.Execute(Handle, sql);

    /// <summary>Executes with the current bindings and returns the number of rows changed.</summary>
    public long Execute()
    {
        NativeResult result = default;
        try
        {
            if (Native.duckdb_execute_prepared(Handle, &result) != DuckDbState.Success)
            {
                throw Errors.FromResult(&result, sql);
            }

            return (long)Native.duckdb_rows_changed(&result);
        }
        finally
        {
            Native.duckdb_destroy_result(&result);
        }
    }

    /// <summary>Destroys the statement.</summary>
    public void Dispose()
    {
        disposed = true;
        handle.Dispose();
    }
}
