using System.Diagnostics;
using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;

namespace OutcomeAnalytics.Tests.Engine;

/// <summary>Tests that load the CPU or measure the process's memory run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(DuckDbAlone), DisableParallelization = true)]
public sealed class DuckDbAlone;

/// <summary>DuckDB under load: large results, many commands, a query stopped or watched from another thread.</summary>
[Collection(nameof(DuckDbAlone))]
public sealed class DuckDbLoadTests : IDisposable
{
    // About a second on two cores: long enough to watch, short enough to finish if something went wrong.
    private const string LongQuery = "SELECT count(*) FROM big WHERE md5(md5(i::VARCHAR)) < '8'";

    private readonly DuckDBConnection _db = Database.Open().OnSeveralThreads();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task UnionAllOfTwoJoins_OverMillionsOfRows_CompletesWhenTheResultIsMaterialized()
    {
        // DuckDB 1.5.6 waits forever on a streamed result of this shape (duckdb/duckdb#22215): through DuckDB.NET with
        // UseStreamingMode = true, with 4 or 5 million rows in each table the query had not returned after 30 s on two
        // cores (3 million returned in under a second). The library reads results whole, DuckDB.NET's default; the
        // query runs on another thread so that a regression fails the test rather than hanging the run.
        using (var command = _db.Command("SELECT 1", []))
            Assert.False(Assert.IsType<DuckDBCommand>(command).UseStreamingMode);

        const long Rows = 5_000_000;
        _db.Execute("CREATE TABLE a AS SELECT i AS k, 'a' || i AS s FROM range($1) t(i)", Rows);
        _db.Execute("CREATE TABLE b AS SELECT i AS k, 'b' || i AS s FROM range($1) t(i)", Rows);
        var query = Task.Run(
            () =>
            {
                var (count, sampled) = (0L, new HashSet<char>());
                using var reader = _db.Reader(
                    "SELECT a.k, a.s FROM a JOIN b ON b.k = a.k WHERE a.k >= $1 UNION ALL SELECT b.k, b.s FROM b JOIN a ON a.k = b.k WHERE b.k >= $1", 10L);
                while (reader.Read())
                {
                    if (++count % 100_003 != 0) continue;
                    var text = reader.GetString(1);
                    Assert.Equal(text[1..], reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    sampled.Add(text[0]);
                }
                return (count, sampled);
            },
            TestContext.Current.CancellationToken);
        var (rows, tables) = await query.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.Equal(2 * (Rows - 10), rows);
        Assert.Equal(['a', 'b'], tables.Order());
    }

    [Fact]
    public void ManySmallCommands_DoNotGrowTheProcessMemory()
    {
        _db.Execute("CREATE TABLE r AS SELECT i AS id, 'name ' || i AS name, i * 0.5 AS score FROM range(100) t(i)");
        RunCommands(1_000); // warm-up: JIT, DuckDB's caches and the allocators' pools settle

        var (workingBefore, managedBefore) = Measure();
        RunCommands(10_000);
        var (workingAfter, managedAfter) = Measure();

        var workingGrowthMb = (workingAfter - workingBefore) / (1024.0 * 1024.0);
        var managedGrowthMb = (managedAfter - managedBefore) / (1024.0 * 1024.0);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"10,000 commands: working set {workingBefore / 1048576.0:F1} MB -> {workingAfter / 1048576.0:F1} MB (growth {workingGrowthMb:F1} MB); "
            + $"managed heap {managedBefore / 1048576.0:F1} MB -> {managedAfter / 1048576.0:F1} MB (growth {managedGrowthMb:F1} MB)");
        Assert.True(workingGrowthMb < 40, $"The working set grew by {workingGrowthMb:F1} MB over 10,000 commands.");
        Assert.True(managedGrowthMb < 10, $"The managed heap grew by {managedGrowthMb:F1} MB over 10,000 commands.");
    }

    private void RunCommands(int count)
    {
        for (var i = 0; i < count; i++)
        {
            switch (i % 5)
            {
                case 0:
                    Assert.Equal(20, _db.Rows("SELECT i, 'name ' || i FROM range($1) t(i)", r => r.GetInt64(0), 20L).Count);
                    break;
                case 1:
                    Assert.Equal("name 7", _db.Scalar<string>("SELECT name FROM r WHERE id = $1", 7L));
                    break;
                case 2:
                    Assert.Equal(1L, _db.Execute("UPDATE r SET score = $1 WHERE id = $2", i * 0.5m, i % 100));
                    break;
                case 3:
                    Assert.Equal(i + 1L, _db.Scalar<long>("SELECT $1 + $2", i, 1L));
                    break;
                default:
                    Assert.Throws<DuckDBException>(() => _db.Execute("SELECT * FROM missing_table"));
                    break;
            }
        }
    }

    private static (long WorkingSet, long Managed) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: true));
    }

    [Fact]
    public async Task Cancel_FromAnotherThread_EndsTheQueryWithOperationCanceled_AndTheConnectionGoesOn()
    {
        _db.Execute("CREATE TABLE big AS SELECT i::INTEGER AS i FROM range(5000000) t(i)");
        using var command = _db.Command(LongQuery.Replace("FROM big", "FROM big CROSS JOIN range(50)", StringComparison.Ordinal), []);
        var watch = Stopwatch.StartNew();
        var running = Task.Factory.StartNew(command.ExecuteScalar, TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        // DuckDB forgets an interrupt that comes before the query starts, so it is repeated until the query ends.
        while (!running.IsCompleted && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            command.Cancel();
        }

        // DuckDB.NET turns DuckDB's "Interrupt" error into an OperationCanceledException.
        await Assert.ThrowsAsync<OperationCanceledException>(() => running);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"The interrupt took {watch.Elapsed}.");
        Assert.Equal(1, _db.Scalar<int>("SELECT 1"));
    }

    [Fact]
    public async Task QueryProgress_CanBeReadWhileAQueryRuns_OnceTheProgressBarIsEnabled()
    {
        _db.Execute("CREATE TABLE big AS SELECT i::INTEGER AS i FROM range(5000000) t(i)");
        Assert.Equal(-1, _db.GetQueryProgress().Percentage);

        // Without the progress bar enabled (DuckDB's default through the C API) progress stays at -1 throughout.
        // Database.Open enables it, so this part runs on a plain DuckDB.NET connection.
        using (var plain = Database.OpenAnother(_db))
        {
            plain.Execute("SET enable_progress_bar = false");
            var without = await Watch(plain, "SELECT count(*) FROM big WHERE i % 2 = 0 AND md5(md5(i::VARCHAR)) < '8'");
            Assert.All(without, p => Assert.Equal(-1, p.Percentage));
        }

        // Database.Open's connections have it (with enable_progress_bar_print off, so DuckDB prints no bar itself).
        Assert.Equal("true", _db.Scalar<string>("SELECT CAST(current_setting('enable_progress_bar') AS VARCHAR)"));
        var with = await Watch(_db, LongQuery);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{with.Count} reads; at most {with.Max(p => p.Percentage):F1}% ({with.Max(p => p.RowsProcessed):N0} of {with.Max(p => p.TotalRowsToProcess):N0} rows)");
        Assert.Contains(with, p => p.Percentage > 0 && p.Percentage <= 100 && p.RowsProcessed > 0 && p.TotalRowsToProcess > 0);
        Assert.Equal(-1, _db.GetQueryProgress().Percentage);

        static async Task<List<DuckDB.NET.Native.DuckDBQueryProgress>> Watch(DuckDB.NET.Data.DuckDBConnection db, string sql)
        {
            var running = Task.Factory.StartNew(
                () => db.Scalar<long>(sql), TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            var seen = new List<DuckDB.NET.Native.DuckDBQueryProgress>();
            while (!running.IsCompleted)
            {
                seen.Add(db.GetQueryProgress());
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }
            Assert.True(await running > 0);
            Assert.NotEmpty(seen);
            return seen;
        }
    }
}
