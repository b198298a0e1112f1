using System.Diagnostics;
using System.Globalization;
using OutcomeAnalytics.Engine;

namespace OutcomeAnalytics.Benchmarks;

/// <summary>Measures how fast a DuckDB result is read into .NET arrays through DuckDB.NET's <see cref="System.Data.Common.DbDataReader"/>.</summary>
public static class ReadBenchmark
{
    /// <summary>
    /// Builds an in-memory table of <paramref name="rows"/> rows × (BIGINT, DOUBLE, VARCHAR, DATE), reads it once to warm up,
    /// then <paramref name="repeats"/> times with <c>SELECT * FROM t</c>, and prints min/median time, rows/s and peak working set.
    /// </summary>
    public static void Run(TextWriter output, int rows = 1_000_000, int repeats = 5)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);

        using var connection = Database.Open();

        var build = Stopwatch.StartNew();
        connection.Execute(
            "CREATE TABLE t AS SELECT i::BIGINT AS id, CAST(i * 0.5 AS DOUBLE) AS score, 'family-' || (i % 50000)::VARCHAR AS label, " +
            "DATE '2015-01-01' + (i % 3650)::INTEGER AS seen_on FROM range($1) r(i)",
            (long)rows);
        build.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"DuckDB {connection.ServerVersion}: built {rows:N0} rows x 4 columns (BIGINT, DOUBLE, VARCHAR, DATE) in {build.Elapsed.TotalMilliseconds:F0} ms"));

        int warmUpRows = ReadAll(connection, rows);
        if (warmUpRows != rows)
        {
            throw new InvalidOperationException($"Expected {rows} rows, read {warmUpRows}.");
        }

        var timings = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var watch = Stopwatch.StartNew();
            ReadAll(connection, rows);
            watch.Stop();
            timings[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(timings);
        double min = timings[0];
        double median = Timings.Median(timings);
        using Process process = Process.GetProcessById(Environment.ProcessId);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SELECT * FROM t into .NET, {repeats} runs after 1 warm-up: min {min:F1} ms, median {median:F1} ms, " +
            $"{rows / (min / 1000):N0} rows/s (best), {rows / (median / 1000):N0} rows/s (median)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Peak working set: {process.PeakWorkingSet64 / (1024.0 * 1024.0):F0} MB"));
    }

    /// <summary>Reads <c>SELECT * FROM t</c> into one array per column, as a caller filling its own structures would; the rows read.</summary>
    private static int ReadAll(System.Data.Common.DbConnection connection, int capacity)
    {
        var (ids, scores, labels, dates) = (new long[capacity], new double[capacity], new string[capacity], new DateOnly[capacity]);
        var n = 0;
        using var reader = connection.Reader("SELECT * FROM t");
        while (reader.Read())
        {
            ids[n] = reader.GetInt64(0);
            scores[n] = reader.GetDouble(1);
            labels[n] = reader.GetString(2);
            dates[n] = reader.GetFieldValue<DateOnly>(3);
            n++;
        }
        GC.KeepAlive(ids);
        GC.KeepAlive(scores);
        GC.KeepAlive(labels);
        GC.KeepAlive(dates);
        return n;
    }
}
