namespace OutcomeAnalytics.DuckDb;

/// <summary>Progress of the query running on a connection (<c>duckdb_query_progress</c>).</summary>
/// <param name="Percentage">Percentage done (0–100), or -1 when unknown or no query runs.</param>
/// <param name="RowsProcessed">Rows processed so far.</param>
/// <param name="TotalRowsToProcess">Estimated total rows to process.</param>
public readonly record struct QueryProgress(double Percentage, ulong RowsProcessed, ulong TotalRowsToProcess);
