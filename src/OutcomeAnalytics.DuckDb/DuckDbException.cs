namespace OutcomeAnalytics.DuckDb;

/// <summary>An error reported by DuckDB (or by this binding about a DuckDB result it cannot read).</summary>
public sealed class DuckDbException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public DuckDbException()
        : base("A DuckDB operation failed.")
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public DuckDbException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> and an inner exception.</summary>
    public DuckDbException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception carrying DuckDB's error category and the SQL that failed.</summary>
    public DuckDbException(string message, string? errorType, string? sql)
        : base(message)
    {
        ErrorType = errorType;
        Sql = sql;
    }

    /// <summary>
    /// DuckDB's error category, e.g. <c>Parser</c>, <c>Binder</c>, <c>Catalog</c>, <c>Constraint</c>, <c>Conversion</c>,
    /// <c>InvalidInput</c> or <c>Interrupt</c>; from <c>duckdb_result_error_type</c>, or from the "... Error:" prefix of
    /// the message where DuckDB gives no code (prepare and bind errors). Null when unknown.
    /// </summary>
    public string? ErrorType { get; }

    /// <summary>The SQL text the error relates to, when there is one.</summary>
    public string? Sql { get; }
}
