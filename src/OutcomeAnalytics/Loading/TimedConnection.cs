using System.Data.Common;
using System.Diagnostics;
using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;

namespace OutcomeAnalytics.Loading;

/// <summary>Runs statements on a connection and reports each one's SQL and duration, for tracing and benchmarks.</summary>
internal sealed class TimedConnection(DuckDBConnection connection, Action<string, TimeSpan>? onStatement)
{
    // Progress may be asked for on another thread (a progress display) while the connection closes.
    private readonly Lock _gate = new();
    private bool _closed;

    public long Execute(string sql, params object?[] parameters) => Timed(sql, () => connection.Execute(sql, parameters));

    public List<T> Rows<T>(string sql, Func<DbDataReader, T> row, params object?[] parameters) => Timed(sql, () => connection.Rows(sql, row, parameters));

    public T? Scalar<T>(string sql, params object?[] parameters) => Timed(sql, () => connection.Scalar<T>(sql, parameters));

    /// <summary>Appends rows to <paramref name="table"/> through DuckDB's appender (in the connection's transaction, if one is open).</summary>
    public void Append(string table, Action<DuckDBAppender> rows) => Timed($"APPEND {table}", () =>
    {
        using var appender = connection.CreateAppender(table);
        rows(appender);
        return 0;
    });

    /// <summary>How far the query running on the connection has got, in percent (DuckDB's own estimate; -1 when unknown or closed).</summary>
    public double Percentage
    {
        get
        {
            try
            {
                lock (_gate) return _closed ? -1 : connection.GetQueryProgress().Percentage;
            }
            catch (Exception e) when (e is InvalidOperationException or DuckDBException or ObjectDisposedException)
            {
                return -1;
            }
        }
    }

    /// <summary>Closes and disposes the connection; progress reads -1 from then on.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            connection.Dispose();
        }
    }

    private T Timed<T>(string sql, Func<T> run)
    {
        if (onStatement is null) return run();
        var clock = Stopwatch.StartNew();
        var result = run();
        onStatement(sql, clock.Elapsed);
        return result;
    }
}
