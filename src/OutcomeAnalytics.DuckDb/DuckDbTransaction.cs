namespace OutcomeAnalytics.DuckDb;

/// <summary>A transaction on one connection. Dispose without <see cref="Commit"/> rolls back.</summary>
public sealed class DuckDbTransaction : IDisposable
{
    private readonly DuckDbConnection connection;
    private bool completed;

    internal DuckDbTransaction(DuckDbConnection connection)
    {
        this.connection = connection;
    }

    /// <summary>Commits (<c>COMMIT</c>). If DuckDB rejects the commit the transaction is over and the error is thrown.</summary>
    public void Commit() => Complete("COMMIT");

    /// <summary>Rolls back (<c>ROLLBACK</c>).</summary>
    public void Rollback() => Complete("ROLLBACK");

    /// <summary>Rolls back unless the transaction was committed or rolled back already.</summary>
    public void Dispose()
    {
        if (completed)
        {
            return;
        }

        completed = true;
        try
        {
            connection.Execute("ROLLBACK");
        }
        catch (DuckDbException)
        {
            // No transaction active any more (e.g. DuckDB ended it after an error): nothing to undo.
        }
        catch (ObjectDisposedException)
        {
            // The connection is closed; DuckDB rolled back when it was disconnected.
        }
    }

    private void Complete(string sql)
    {
        if (completed)
        {
            throw new InvalidOperationException("The transaction has already been committed or rolled back.");
        }

        completed = true;
        connection.Execute(sql);
    }
}
