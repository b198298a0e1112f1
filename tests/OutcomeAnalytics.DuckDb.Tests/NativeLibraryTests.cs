namespace OutcomeAnalytics.DuckDb.Tests;

public sealed class NativeLibraryTests
{
    [Fact]
    public void NativeLibrary_IsCopiedNextToTestAssembly()
    {
        string[] names = ["libduckdb.so", "libduckdb.dylib", "duckdb.dll"];
        Assert.Contains(names, name => File.Exists(Path.Combine(AppContext.BaseDirectory, name)));
    }

    [Fact]
    public void LibraryVersion_Is_1_5_6()
    {
        Assert.Equal("v1.5.6", DuckDbDatabase.LibraryVersion);
    }

    [Fact]
    public void Open_InMemory_HasNullPath()
    {
        using var memory = DuckDbDatabase.Open(":memory:");
        using var implicitMemory = DuckDbDatabase.Open();
        Assert.Null(memory.Path);
        Assert.Null(implicitMemory.Path);
    }

    [Fact]
    public void Open_WithOptions_AppliesSettings()
    {
        using var database = DuckDbDatabase.Open(options: new DuckDbOptions { Threads = 2, MemoryLimit = "1GiB" });
        using var connection = database.Connect();
        Assert.Equal(2L, connection.Scalar<long>("SELECT current_setting('threads')"));
        Assert.Contains("1.0 GiB", connection.Scalar<string>("SELECT current_setting('memory_limit')"), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_InvalidMemoryLimit_ThrowsDuckDbException()
    {
        Assert.Throws<DuckDbException>(() => DuckDbDatabase.Open(options: new DuckDbOptions { MemoryLimit = "lots" }).Dispose());
    }

    [Fact]
    public void Dispose_DatabaseBeforeConnection_ConnectionStillWorks()
    {
        var database = DuckDbDatabase.Open();
        using DuckDbConnection connection = database.Connect();
        database.Dispose();
        Assert.Equal(1, connection.Scalar<int>("SELECT 1"));
        Assert.Throws<ObjectDisposedException>(() => database.Connect());
    }

    [Fact]
    public void Connection_AfterDispose_ThrowsObjectDisposed()
    {
        using var database = DuckDbDatabase.Open();
        DuckDbConnection connection = database.Connect();
        connection.Dispose();
        Assert.Throws<ObjectDisposedException>(() => connection.Query("SELECT 1"));
        connection.Interrupt();
        Assert.Equal(-1, connection.Progress.Percentage);
    }
}
