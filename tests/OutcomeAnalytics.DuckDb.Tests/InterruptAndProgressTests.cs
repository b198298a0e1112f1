using System.Diagnostics;

namespace OutcomeAnalytics.DuckDb.Tests;

[Collection(nameof(RunAlone))]
public sealed class InterruptAndProgressTests : InMemoryDatabase
{
    // About a second on two cores: long enough to poll, short enough to finish if something went wrong.
    private const string LongQuery = "SELECT count(*) FROM big WHERE md5(md5(i::VARCHAR)) < '8'";

    public InterruptAndProgressTests()
    {
        Connection.Execute("CREATE TABLE big AS SELECT i::INTEGER AS i FROM range(5000000) t(i)");
    }

    [Fact]
    public async Task Interrupt_FromAnotherThread_RaisesDuckDbException()
    {
        Task<long> running = Task.Factory.StartNew(
            () => Connection.Scalar<long>(LongQuery.Replace("FROM big", "FROM big CROSS JOIN range(50)", StringComparison.Ordinal)),
            TestContext.Current.CancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var watch = Stopwatch.StartNew();
        while (!running.IsCompleted && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            Connection.Interrupt();
        }

        var duckError = await Assert.ThrowsAsync<DuckDbException>(() => running);
        Assert.Equal("Interrupt", duckError.ErrorType);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"Interrupt took {watch.Elapsed}.");
        Assert.Equal(1, Connection.Scalar<int>("SELECT 1"));
    }

    [Fact]
    public async Task Progress_CanBePolledWhileQueryRuns()
    {
        Assert.Equal(-1, Connection.Progress.Percentage);
        Task<long> running = Task.Factory.StartNew(
            () => Connection.Scalar<long>(LongQuery),
            TestContext.Current.CancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var seen = new List<QueryProgress>();
        while (!running.IsCompleted)
        {
            seen.Add(Connection.Progress);
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(await running > 0);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{seen.Count} polls; max {seen.Max(p => p.Percentage):F1}% ({seen.Max(p => p.RowsProcessed):N0} of {seen.Max(p => p.TotalRowsToProcess):N0} rows)");
        Assert.Contains(seen, p => p.Percentage > 0 && p.Percentage <= 100 && p.RowsProcessed > 0 && p.TotalRowsToProcess > 0);
        Assert.Equal(-1, Connection.Progress.Percentage);
    }
}
