namespace OutcomeAnalytics.DuckDb.Tests;

/// <summary>Base class: a private in-memory database and one connection per test.</summary>
public abstract class InMemoryDatabase : IDisposable
{
    protected InMemoryDatabase()
    {
        Database = DuckDbDatabase.Open();
        Connection = Database.Connect();
    }

    protected DuckDbDatabase Database { get; }

    protected DuckDbConnection Connection { get; }

    public void Dispose()
    {
        Connection.Dispose();
        Database.Dispose();
        GC.SuppressFinalize(this);
    }
}
