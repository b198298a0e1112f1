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

    [Fact]
    public void AttachedDatabase_IsSeenAsOfTheTransactionsFirstUseOfIt()
    {
        // The loader relies on this: its transaction sees a scratch database whole when it first uses it, even
        // though the transaction began while another connection was still writing there.
        Connection.Execute("ATTACH ':memory:' AS used; ATTACH ':memory:' AS later; CREATE TABLE used.a AS SELECT 1 AS n");
        using DuckDbConnection other = Connection.OpenSibling();
        using (DuckDbTransaction transaction = Connection.BeginTransaction())
        {
            Assert.Equal(1, Connection.Scalar<int>("SELECT n FROM used.a"));
            other.Execute("CREATE TABLE used.b AS SELECT 2 AS n; CREATE TABLE later.c AS SELECT 3 AS n; INSERT INTO later.c VALUES (4)");
            Assert.Throws<DuckDbException>(() => Connection.Execute("SELECT * FROM used.b"));
        }

        using (DuckDbTransaction transaction = Connection.BeginTransaction())
        {
            Assert.Equal(1, Connection.Scalar<int>("SELECT n FROM used.a"));
            other.Execute("CREATE TABLE later.d AS SELECT 5 AS n");
            Assert.Equal(5, Connection.Scalar<int>("SELECT n FROM later.d"));
            Assert.Equal(2, Connection.Scalar<long>("SELECT count(*) FROM later.c"));
            transaction.Commit();
        }
    }
}
