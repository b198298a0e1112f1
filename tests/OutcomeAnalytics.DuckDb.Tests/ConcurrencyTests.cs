namespace OutcomeAnalytics.DuckDb.Tests;

public sealed class ConcurrencyTests : InMemoryDatabase
{
    [Fact]
    public async Task ConcurrentConnections_OnOneDatabase_InsertAndRead()
    {
        Connection.Execute("CREATE TABLE c(worker INTEGER, n INTEGER, label VARCHAR)");
        const int Workers = 4;
        const int RowsPerWorker = 500;
        var tasks = Enumerable.Range(0, Workers).Select(worker => Task.Factory.StartNew(
            () =>
            {
                using DuckDbConnection connection = Database.Connect();
                using PreparedStatement insert = connection.Prepare("INSERT INTO c VALUES (?, ?, ?)");
                for (int n = 0; n < RowsPerWorker; n++)
                {
                    insert.BindAll(worker, n, $"worker {worker} row {n}");
                    insert.Execute();
                    if (n % 100 == 99)
                    {
                        long mine = connection.Scalar<long>("SELECT count(*) FROM c WHERE worker = ?", worker);
                        Assert.Equal(n + 1, mine);
                    }
                }

                return connection.Query("SELECT n, label FROM c WHERE worker = ? ORDER BY n", worker);
            },
            TestContext.Current.CancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        QueryResult[] results = await Task.WhenAll(tasks);
        for (int worker = 0; worker < Workers; worker++)
        {
            QueryResult result = results[worker];
            Assert.Equal(RowsPerWorker, result.RowCount);
            Assert.Equal(Enumerable.Range(0, RowsPerWorker), result["n"].Values<int>());
            Assert.Equal($"worker {worker} row 499", result["label"].Values<string>()[^1]);
        }

        Assert.Equal((long)Workers * RowsPerWorker, Connection.Scalar<long>("SELECT count(*) FROM c"));
    }
}
