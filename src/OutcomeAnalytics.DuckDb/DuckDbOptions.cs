namespace OutcomeAnalytics.DuckDb;

/// <summary>Options applied with <c>duckdb_set_config</c> when a database is opened.</summary>
public sealed record DuckDbOptions
{
    /// <summary>DuckDB's <c>threads</c> setting; null leaves DuckDB's default (all cores).</summary>
    public int? Threads { get; init; }

    /// <summary>DuckDB's <c>memory_limit</c> setting, e.g. <c>"4GB"</c>; null leaves DuckDB's default.</summary>
    public string? MemoryLimit { get; init; }

    /// <summary>Opens the database with <c>access_mode=READ_ONLY</c> (file databases only).</summary>
    public bool ReadOnly { get; init; }
}
