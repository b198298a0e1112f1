namespace OutcomeAnalytics.DuckDb.Tests;

public sealed class TransactionTests : InMemoryDatabase
{
    public TransactionTests()
    {
        Connection.Execute("CREATE TABLE tx(v INTEGER); INSERT INTO tx VALUES (1)");
    }

    [Fact]
    public void Transaction_DisposeWithoutCommit_RollsBack()
    {
        using (DuckDbTransaction transaction = Connection.BeginTransaction())
        {
            Connection.Execute("INSERT INTO tx VALUES (2)");
            Connection.Execute("DELETE FROM tx WHERE v = 1");
            Assert.Equal(2, Connection.Scalar<int>("SELECT max(v) FROM tx"));
        }

        Assert.Equal([1], Connection.Query("SELECT v FROM tx")[0].Values<int>());
    }

    [Fact]
    public void Transaction_ExplicitRollback_LeavesDataUnchanged()
    {
        using DuckDbTransaction transaction = Connection.BeginTransaction();
        Connection.Execute("UPDATE tx SET v = 10");
        transaction.Rollback();
        Assert.Equal(1, Connection.Scalar<int>("SELECT v FROM tx"));
        Assert.Throws<InvalidOperationException>(transaction.Commit);
    }

    [Fact]
    public void Transaction_Commit_Persists()
    {
        using (DuckDbTransaction transaction = Connection.BeginTransaction())
        {
            Connection.Execute("INSERT INTO tx VALUES (?)", 2);
            transaction.Commit();
        }

        using DuckDbConnection other = Database.Connect();
        Assert.Equal(2L, other.Scalar<long>("SELECT count(*) FROM tx"));
    }

    [Fact]
    public void Transaction_Uncommitted_IsInvisibleToOtherConnections()
    {
        using DuckDbConnection other = Database.Connect();
        using DuckDbTransaction transaction = Connection.BeginTransaction();
        Connection.Execute("INSERT INTO tx VALUES (3)");
        Assert.Equal(1L, other.Scalar<long>("SELECT count(*) FROM tx"));
    }
}
