namespace OutcomeAnalytics.DuckDb.Tests;

public sealed class FileDatabaseTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "duckdb-tests-" + Guid.NewGuid().ToString("N"));

    public FileDatabaseTests()
    {
        Directory.CreateDirectory(directory);
    }

    public void Dispose()
    {
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void FileDatabase_PersistsAcrossReopen()
    {
        string path = Path.Combine(directory, "test.duckdb");
        using (DuckDbDatabase database = DuckDbDatabase.Open(path))
        using (DuckDbConnection connection = database.Connect())
        {
            Assert.Equal(Path.GetFullPath(path), database.Path);
            connection.Execute("CREATE TABLE kept(id INTEGER, name VARCHAR)");
            connection.Execute("INSERT INTO kept VALUES (?, ?), (?, ?)", 1, "Zoë", 2, "Łódź");
        }

        Assert.True(File.Exists(path));
        using (DuckDbDatabase database = DuckDbDatabase.Open(path, new DuckDbOptions { ReadOnly = true }))
        using (DuckDbConnection connection = database.Connect())
        {
            QueryResult result = connection.Query("SELECT name FROM kept ORDER BY id");
            Assert.Equal(["Zoë", "Łódź"], result[0].Values<string>());
            Assert.Throws<DuckDbException>(() => connection.Execute("INSERT INTO kept VALUES (3, 'no')"));
        }
    }

    [Fact]
    public void Open_MissingDirectory_ThrowsDuckDbException()
    {
        var error = Assert.Throws<DuckDbException>(() => DuckDbDatabase.Open(Path.Combine(directory, "missing", "x.duckdb")).Dispose());
        Assert.Contains("x.duckdb", error.Message, StringComparison.Ordinal);
    }
}
