using OutcomeAnalytics.DuckDb.Internal;

namespace OutcomeAnalytics.DuckDb;

/// <summary>
/// A connection to a <see cref="DuckDbDatabase"/>. Not thread-safe: use one connection per thread.
/// <see cref="Interrupt"/> and <see cref="Progress"/> are the exceptions and may be called from another thread.
/// </summary>
public sealed unsafe class DuckDbConnection : IDisposable
{
    private static readonly object?[] SingleNull = [null];
    private readonly ConnectionHandle handle;
    private readonly string? path;
    private volatile bool disposed;

    internal DuckDbConnection(ConnectionHandle handle, string? path)
    {
        this.handle = handle;
        this.path = path;
    }

    /// <summary>
    /// Opens another connection to the same database, for work on another thread: it sees the same tables and
    /// attached databases, but not this connection's temporary tables or open transaction.
    /// </summary>
    /// <exception cref="ObjectDisposedException">This connection is closed.</exception>
    public DuckDbConnection OpenSibling() => DuckDbDatabase.Connect(Handle.Owner ?? throw new ObjectDisposedException(nameof(DuckDbConnection)), path);

    internal ConnectionHandle Handle
    {
        get
        {
            // The handle itself stays open while prepared statements still reference it.
            ObjectDisposedException.ThrowIf(disposed, this);
            return handle;
        }
    }

    /// <summary>
    /// Runs SQL and returns the number of rows changed (0 for statements that change none).
    /// Without parameters the text may hold several statements (<c>duckdb_query</c>); with parameters
    /// it must be one statement with <c>?</c> or <c>$1</c> placeholders, bound in order.
    /// </summary>
    /// <param name="sql">The SQL text.</param>
    /// <param name="parameters">Values for the placeholders (see <see cref="PreparedStatement.Bind"/> for the supported types).
    /// Passing a null array binds a single NULL.</param>
    /// <exception cref="DuckDbException">DuckDB reported an error.</exception>
    public long Execute(string sql, params object?[] parameters)
    {
        ArgumentNullException.ThrowIfNull(sql);
        parameters ??= SingleNull;
        if (parameters.Length == 0)
        {
            NativeResult result = default;
            try
            {
                if (Native.duckdb_query(Handle, sql, &result) != DuckDbState.Success)
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

        using PreparedStatement statement = Prepare(sql);
        statement.BindAll(parameters);
        return statement.Execute();
    }

    /// <summary>Runs a query and materialises its whole result into typed .NET arrays.</summary>
    /// <param name="sql">The SQL text (several statements allowed when there are no parameters; the last one's result is returned).</param>
    /// <param name="parameters">Values for the placeholders; a null array binds a single NULL.</param>
    /// <exception cref="DuckDbException">DuckDB reported an error, or a result column has a type this binding does not read.</exception>
    public QueryResult Query(string sql, params object?[] parameters)
    {
        ArgumentNullException.ThrowIfNull(sql);
        parameters ??= SingleNull;
        if (parameters.Length == 0)
        {
            NativeResult result = default;
            try
            {
                if (Native.duckdb_query(Handle, sql, &result) != DuckDbState.Success)
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

        using PreparedStatement statement = Prepare(sql);
        statement.BindAll(parameters);
        return statement.Query();
    }

    /// <summary>
    /// Runs a query whose columns are VARCHAR or BIGINT and returns its result as DuckDB's own chunks, read in place
    /// (see <see cref="ChunkedResult"/>): for large text results that need not become .NET strings.
    /// </summary>
    /// <exception cref="DuckDbException">DuckDB reported an error, or a column is neither VARCHAR nor BIGINT.</exception>
    public ChunkedResult QueryChunks(string sql, params object?[] parameters)
    {
        ArgumentNullException.ThrowIfNull(sql);
        using PreparedStatement statement = Prepare(sql);
        statement.BindAll(parameters ?? SingleNull);
        return statement.QueryChunks();
    }

    /// <summary>
    /// Runs a query and returns the first column of the first row converted to <typeparamref name="T"/>;
    /// default (null for reference and nullable types) when there are no rows or the value is NULL.
    /// </summary>
    public T? Scalar<T>(string sql, params object?[] parameters)
    {
        QueryResult result = Query(sql, parameters);
        return result.Columns.Count == 0 || result.RowCount == 0 ? default : result[0].Get<T>(0);
    }

    /// <summary>Prepares one statement for repeated binding and execution.</summary>
    /// <exception cref="DuckDbException">DuckDB could not prepare the statement (the message is DuckDB's).</exception>
    public PreparedStatement Prepare(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ConnectionHandle connection = Handle;
        bool added = false;
        connection.DangerousAddRef(ref added);
        DuckDbState state;
        IntPtr raw;
        try
        {
            state = Native.duckdb_prepare(connection, sql, out raw);
        }
        catch
        {
            connection.DangerousRelease();
            throw;
        }

        if (raw == IntPtr.Zero)
        {
            connection.DangerousRelease();
            throw new DuckDbException("DuckDB returned no prepared statement.", null, sql);
        }

        // The statement handle now owns the reference added above; it must be destroyed even on error.
        var statementHandle = new PreparedStatementHandle(raw, connection);
        if (state != DuckDbState.Success)
        {
            string message = Native.ReadString(Native.duckdb_prepare_error(statementHandle)) ?? "DuckDB could not prepare the statement.";
            statementHandle.Dispose();
            throw Errors.FromMessage(message, sql);
        }

        return new PreparedStatement(statementHandle, sql);
    }

    /// <summary>Starts a transaction (<c>BEGIN TRANSACTION</c>). Dispose without <see cref="DuckDbTransaction.Commit"/> rolls back.</summary>
    public DuckDbTransaction BeginTransaction()
    {
        Execute("BEGIN TRANSACTION");
        return new DuckDbTransaction(this);
    }

    /// <summary>Asks the query running on this connection to stop (<c>duckdb_interrupt</c>); it then fails with a
    /// <see cref="DuckDbException"/> of type <c>Interrupt</c>. Safe to call from another thread; does nothing when closed.</summary>
    public void Interrupt()
    {
        if (disposed)
        {
            return;
        }

        try
        {
            Native.duckdb_interrupt(handle);
        }
        catch (ObjectDisposedException)
        {
            // Closed concurrently: nothing to interrupt.
        }
    }

    /// <summary>Progress of the query running on this connection (<c>duckdb_query_progress</c>); safe to poll from
    /// another thread. <see cref="QueryProgress.Percentage"/> is -1 when unknown.</summary>
    public QueryProgress Progress
    {
        get
        {
            if (disposed)
            {
                return new QueryProgress(-1, 0, 0);
            }

            try
            {
                NativeQueryProgress progress = Native.duckdb_query_progress(handle);
                return new QueryProgress(progress.Percentage, progress.RowsProcessed, progress.TotalRowsToProcess);
            }
            catch (ObjectDisposedException)
            {
                return new QueryProgress(-1, 0, 0);
            }
        }
    }

    /// <summary>Closes the connection (an open transaction is rolled back by DuckDB).</summary>
    public void Dispose()
    {
        disposed = true;
        handle.Dispose();
    }
}
