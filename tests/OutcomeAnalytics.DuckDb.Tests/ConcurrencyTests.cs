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

    [Fact]
    public void Sibling_SeesTablesAndAttachedDatabases_ButNotTemporaryTablesOrTheOpenTransaction()
    {
        Connection.Execute("CREATE TABLE shared(n INTEGER); INSERT INTO shared VALUES (1), (2)");
        Connection.Execute("CREATE TEMP TABLE mine(n INTEGER)");
        Connection.Execute("ATTACH ':memory:' AS scratch; CREATE TABLE scratch.t AS SELECT 7 AS n");
        using DuckDbConnection sibling = Connection.OpenSibling();
        Assert.Equal(2, sibling.Scalar<long>("SELECT count(*) FROM shared"));
        Assert.Equal(7, sibling.Scalar<int>("SELECT n FROM scratch.t"));
        DuckDbException hidden = Assert.Throws<DuckDbException>(() => sibling.Execute("SELECT * FROM mine"));
        Assert.Contains("mine", hidden.Message, StringComparison.Ordinal);

        using (DuckDbTransaction transaction = Connection.BeginTransaction())
        {
            Connection.Execute("INSERT INTO shared VALUES (3)");
            Assert.Equal(2, sibling.Scalar<long>("SELECT count(*) FROM shared"));
            transaction.Commit();
        }

        Assert.Equal(3, sibling.Scalar<long>("SELECT count(*) FROM shared"));
    }

    [Fact]
    public void Sibling_KeepsTheDatabaseOpen_AndCannotBeOpenedOnceEverythingIsClosed()
    {
        DuckDbDatabase database = DuckDbDatabase.Open();
        DuckDbConnection first = database.Connect();
        first.Execute("CREATE TABLE t AS SELECT 42 AS n");
        database.Dispose();
        using (DuckDbConnection sibling = first.OpenSibling())
        {
            first.Dispose();
            Assert.Equal(42, sibling.Scalar<int>("SELECT n FROM t"));
        }

        Assert.Throws<ObjectDisposedException>(() => first.OpenSibling());
    }
}
