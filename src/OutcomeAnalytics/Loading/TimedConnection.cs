using System.Diagnostics;
using OutcomeAnalytics.DuckDb;

namespace OutcomeAnalytics.Loading;

/// <summary>Runs statements on a connection and reports each one's SQL and duration, for tracing and benchmarks.</summary>
internal sealed class TimedConnection(DuckDbConnection connection, Action<string, TimeSpan>? onStatement)
{
    public long Execute(string sql, params object?[] parameters) => Timed(sql, () => connection.Execute(sql, parameters));

    public QueryResult Query(string sql, params object?[] parameters) => Timed(sql, () => connection.Query(sql, parameters));

    public T? Scalar<T>(string sql, params object?[] parameters) => Timed(sql, () => connection.Scalar<T>(sql, parameters));

    public PreparedStatement Prepare(string sql) => connection.Prepare(sql);

    /// <summary>How far the query running on the connection has got (see <see cref="DuckDbConnection.Progress"/>).</summary>
    public double Percentage => connection.Progress.Percentage;

    private T Timed<T>(string sql, Func<T> run)
    {
        if (onStatement is null) return run();
        var clock = Stopwatch.StartNew();
        var result = run();
        onStatement(sql, clock.Elapsed);
        return result;
    }
}
