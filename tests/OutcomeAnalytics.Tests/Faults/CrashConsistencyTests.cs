using System.Diagnostics;
using OutcomeAnalytics.Engine;

namespace OutcomeAnalytics.Tests.Faults;

/// <summary>
/// Loads killed with SIGKILL at random points: each time the database opens, holds exactly the load before or the
/// new one, and passes its integrity checks.
/// </summary>
[Collection(nameof(FaultRuns))]
public sealed class CrashConsistencyTests(ITestOutputHelper output) : IDisposable
{
    private const int Trials = 20; // the reliability requirement: at least 20 kills
    private readonly string _folder = Directory.CreateTempSubdirectory("oa-crash-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ALoadKilledAtARandomPoint_LeavesTheLoadBeforeOrTheNewOne_Whole()
    {
        var clock = Stopwatch.StartNew();
        // Two extracts of different sizes, loaded in turn into a database: each trial's load replaces the other's data.
        string[] extracts = [DatabaseIntegrity.Generate(_folder, 1_000, 3), DatabaseIntegrity.Generate(_folder, 1_500, 4)];
        // Two databases, each killed in half the trials, side by side: each process loads on one thread, and the two
        // keep both cores busy. Each measures its own whole load under the same conditions to choose its delays.
        var sequences = Enumerable.Range(0, 2).Select(lane => Task.Factory.StartNew(
            () => Run(extracts, Path.Combine(_folder, $"outcomes-{lane}.duckdb"), Trials / 2, new Random(25 + lane)),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();
        await Task.WhenAll(sequences).ContinueWith(_ => { }, TaskScheduler.Default);
        // Both sequences' failures, when both failed, not only the first's.
        if (sequences.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions).ToList() is { Count: > 0 } failures)
            throw failures.Count == 1 ? failures[0] : new AggregateException(failures);
        var lanes = sequences.Select(t => t.Result).ToList();
        var (old, killedAfterCommit, finished) = (lanes.Sum(l => l.Old), lanes.Sum(l => l.KilledAfterCommit), lanes.Sum(l => l.Finished));
        output.WriteLine($"{Trials} trials on two databases in {clock.Elapsed.TotalSeconds:0.0} s (a whole load {string.Join(" and ", lanes.Select(l => $"{l.Load.TotalSeconds:0.00} s"))}): "
            + $"{old} killed before the commit held the load before, {killedAfterCommit} killed after it held the new load, "
            + $"{finished} finished before the kill; none corrupt.");
        Assert.True(old > 0, "No trial killed a load before it committed.");
        Assert.True(killedAfterCommit + finished > 0, "No trial's load committed.");
    }

    /// <summary>
    /// Loads both extracts into <paramref name="db"/> whole, then <paramref name="trials"/> loads of the other extract
    /// each killed after a random delay, checking after each that the database holds exactly one of the two loads.
    /// </summary>
    private static (int Old, int KilledAfterCommit, int Finished, TimeSpan Load) Run(string[] extracts, string db, int trials, Random random)
    {
        var counts = new long[2][];
        var duration = TimeSpan.Zero;
        for (var e = 0; e < 2; e++)
        {
            var started = Stopwatch.StartNew();
            var (exited, code, error) = RunLoad(extracts[e], db, killAfter: null);
            duration = started.Elapsed;
            Assert.True(exited && code == 0, error);
            counts[e] = DatabaseIntegrity.Counts(db);
        }
        Assert.NotEqual(counts[0], counts[1]);

        var holds = 1;
        var (old, killedAfterCommit, finished) = (0, 0, 0);
        for (var trial = 0; trial < trials; trial++)
        {
            var next = 1 - holds;
            // From just after the process starts to a little after a whole load usually ends.
            var delay = duration * (0.1 + random.NextDouble() * 1.0);
            long loadBefore;
            using (var connection = Database.Open(db)) loadBefore = connection.Scalar<long>("SELECT max(load_id) FROM load_log");
            var (exited, code, error) = RunLoad(extracts[next], db, delay);
            Assert.True(!exited || code == 0, error);

            using var after = Database.Open(db);
            var now = DatabaseIntegrity.Counts(after);
            var problems = DatabaseIntegrity.Problems(after);
            var what = $"{Path.GetFileName(db)}, trial {trial} (killed after {delay.TotalMilliseconds:0} ms)";
            Assert.True(problems.Count == 0, $"{what}: {string.Join("; ", problems)}");
            var loadNow = after.Scalar<long>("SELECT max(load_id) FROM load_log");
            if (now.SequenceEqual(counts[holds]))
            {
                Assert.False(exited, $"{what}: the load ended but its data is not there.");
                Assert.Equal(loadBefore, loadNow);
                old++;
            }
            else
            {
                Assert.True(now.SequenceEqual(counts[next]),
                    $"{what}: row counts {string.Join(",", now)} are neither the load before ({string.Join(",", counts[holds])}) nor the new one ({string.Join(",", counts[next])}).");
                Assert.Equal(loadBefore + 1, loadNow);
                holds = next;
                if (exited) finished++;
                else killedAfterCommit++;
            }
        }
        return (old, killedAfterCommit, finished, duration);
    }

    /// <summary>Runs <c>outcomes load</c> in another process, killing it with SIGKILL after <paramref name="killAfter"/> if it is still running.</summary>
    private static (bool Exited, int Code, string Error) RunLoad(string data, string db, TimeSpan? killAfter)
    {
        using var process = Process.Start(DatabaseIntegrity.Outcomes("load", "--data", data, "--db", db, "--quiet"))!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var exited = process.WaitForExit(killAfter ?? TimeSpan.FromMinutes(2));
        if (!exited) process.Kill();
        process.WaitForExit();
        return (exited, exited ? process.ExitCode : -1, error.Result);
    }
}
