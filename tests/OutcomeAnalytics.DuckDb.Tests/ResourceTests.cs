using System.Diagnostics;

namespace OutcomeAnalytics.DuckDb.Tests;

[Collection(nameof(RunAlone))]
public sealed class ResourceTests : InMemoryDatabase
{
    [Fact]
    public void ManySequentialQueries_DoNotLeak()
    {
        Connection.Execute("CREATE TABLE r AS SELECT i AS id, 'name ' || i AS name, i * 0.5 AS score FROM range(1000) t(i)");
        RunQueries(1_000); // warm-up: JIT, DuckDB caches and allocator pools settle

        (long workingBefore, long managedBefore) = Measure();
        RunQueries(10_000);
        (long workingAfter, long managedAfter) = Measure();

        double workingGrowthMb = (workingAfter - workingBefore) / (1024.0 * 1024.0);
        double managedGrowthMb = (managedAfter - managedBefore) / (1024.0 * 1024.0);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"10,000 prepared + plain queries: working set {workingBefore / 1048576.0:F1} MB -> {workingAfter / 1048576.0:F1} MB " +
            $"(growth {workingGrowthMb:F1} MB); managed heap {managedBefore / 1048576.0:F1} MB -> {managedAfter / 1048576.0:F1} MB (growth {managedGrowthMb:F1} MB)");
        Assert.True(workingGrowthMb < 50, $"Working set grew by {workingGrowthMb:F1} MB over 10,000 queries.");
        Assert.True(managedGrowthMb < 10, $"Managed heap grew by {managedGrowthMb:F1} MB over 10,000 queries.");
    }

    private void RunQueries(int count)
    {
        for (int i = 0; i < count; i++)
        {
            switch (i % 4)
            {
                case 0:
                    using (PreparedStatement statement = Connection.Prepare("SELECT id, name, score FROM r WHERE id BETWEEN ? AND ?"))
                    {
                        statement.BindAll(i % 900, (i % 900) + 50);
                        Assert.Equal(51, statement.Query().RowCount);
                    }

                    break;
                case 1:
                    Assert.Equal(10, Connection.Query("SELECT name FROM r WHERE id < 10").RowCount);
                    break;
                case 2:
                    Assert.Equal("name 7", Connection.Scalar<string>("SELECT name FROM r WHERE id = ?", 7L));
                    break;
                default:
                    Assert.Throws<DuckDbException>(() => Connection.Query("SELECT * FROM missing_table"));
                    break;
            }
        }
    }

    private static (long WorkingSet, long Managed) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using Process process = Process.GetCurrentProcess();
        process.Refresh();
        return (process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: true));
    }
}
