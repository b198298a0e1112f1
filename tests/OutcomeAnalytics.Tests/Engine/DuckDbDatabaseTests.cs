using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;

namespace OutcomeAnalytics.Tests.Engine;

/// <summary>
/// Opening database files (and the words <see cref="Database.Open"/> gives when it cannot), and more than one
/// connection to one database, in this process and from another.
/// </summary>
public sealed class DuckDbDatabaseTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "oa-duckdb-" + Guid.NewGuid().ToString("N"));

    public DuckDbDatabaseTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string FilePath(string name) => Path.Combine(_directory, name);

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("1", 1)]
    [InlineData("12", 12)]
    public void Threads_FromTheEnvironment_AreAWholeNumberFromOne_OrDuckDbsDefault(string? text, int? threads) =>
        Assert.Equal(threads, Database.ParseThreads(text));

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData(" 2")]
    [InlineData("two")]
    [InlineData("2.5")]
    public void Threads_OtherwiseSet_AreRefusedNamingTheVariable(string text) =>
        Assert.Equal($"OUTCOMES_THREADS is '{text}': expected a whole number of threads from 1 up, or nothing for one per core.",
            Assert.Throws<DatabaseException>(() => Database.ParseThreads(text)).Message);

    [Fact]
    public void Open_RunsTheDatabaseOnTheThreadsTheEnvironmentGives()
    {
        // The suite sets OUTCOMES_THREADS (TestThreads), so a database opened here runs on that many threads, a file too.
        long expected = Assert.NotNull(Database.Threads());
        using var memory = Database.Open();
        Assert.Equal(expected, memory.Scalar<long>("SELECT current_setting('threads')"));
        using var file = Database.Open(FilePath("threads.duckdb"));
        Assert.Equal(expected, file.Scalar<long>("SELECT current_setting('threads')"));
    }

    [Fact]
    public void Open_AFileThatIsNotADuckDbDatabase_SaysSo()
    {
        var path = FilePath("garbage.duckdb");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))]);
        foreach (var readOnly in new[] { false, true })
        {
            var error = Assert.Throws<DatabaseException>(() => Database.Open(path, readOnly).Dispose());
            Assert.Equal($"'{path}' is not a DuckDB database; give the path of a database made by 'outcomes load', or a new file name.", error.Message);
            Assert.Equal(
                $"DuckDBOpen failed: IO Error: The file \"{path}\" exists, but it is not a valid DuckDB database file!",
                Assert.IsType<DuckDBException>(error.InnerException).Message);
        }
        // The same for a text file too short to have a DuckDB header.
        File.WriteAllText(path, "id,name\n1,a\n");
        Assert.StartsWith($"'{path}' is not a DuckDB database", Assert.Throws<DatabaseException>(() => Database.Open(path).Dispose()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AFileWrittenByANewerDuckDb_SaysSo_AndOneByAnOlderDuckDb_GivesDuckDbsReason()
    {
        // 69 is the storage version after the newest this DuckDB reads. (999 is no good: DuckDB reports it as version 1.)
        var newer = WriteWithStorageVersion(FilePath("newer.duckdb"), 69);
        var error = Assert.Throws<DatabaseException>(() => Database.Open(newer, readOnly: true).Dispose());
        Assert.Equal(
            $"The database '{newer}' was written by a newer version of DuckDB than this one (DuckDB v1.5.6); open it with that version, or load the extracts again into a new --db.",
            error.Message);
        var inner = Assert.IsType<DuckDBException>(error.InnerException).Message;
        Assert.StartsWith("DuckDBOpen failed: IO Error: Trying to read a database file with version number 69, but we can only read versions between 64 and 68.\n"
            + "The database file was created with a newer version of DuckDB.", inner, StringComparison.Ordinal);

        var older = WriteWithStorageVersion(FilePath("older.duckdb"), 39);
        var old = Assert.Throws<DatabaseException>(() => Database.Open(older).Dispose());
        Assert.Equal(
            $"The database '{older}' cannot be opened: IO Error: Trying to read a database file with version number 39, but we can only read versions between 64 and 68.",
            old.Message);
        Assert.Contains("The database file was created with DuckDB version v0.6.0 or v0.6.1.", old.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AMissingFolder_SaysSo()
    {
        var path = FilePath(Path.Combine("missing", "x.duckdb"));
        var error = Assert.Throws<DatabaseException>(() => Database.Open(path).Dispose());
        Assert.Equal($"The database '{path}' cannot be opened: its folder does not exist or the file cannot be read.", error.Message);
        Assert.Equal($"DuckDBOpen failed: IO Error: Cannot open file \"{path}\": No such file or directory", error.InnerException!.Message);
    }

    [Fact]
    public async Task Open_AFileAnotherProcessHasOpen_NamesThatProcess()
    {
        var path = FilePath("locked.duckdb");
        using (var holder = await DatabaseHolder.StartAsync(path, readOnly: false))
        {
            foreach (var readOnly in new[] { false, true })
            {
                var error = Assert.Throws<DatabaseException>(() => Database.Open(path, readOnly).Dispose());
                Assert.Equal($"The database '{path}' is in use by another process (PID {holder.ProcessId}); close it or use another --db.", error.Message);
                Assert.Matches(
                    $"^DuckDBOpen failed: IO Error: Could not set lock on file \"{path}\": Conflicting lock is held in .+ \\(PID {holder.ProcessId}\\)\\.",
                    error.InnerException!.Message);
            }
        }

        // Once the other process has closed it, the file opens.
        using var connection = Database.Open(path);
        Assert.Equal(42, connection.Scalar<int>("SELECT n FROM held"));
    }

    [Fact]
    public async Task Open_AFileAnotherProcessReads_CanBeReadHere_ButNotOpenedForWriting()
    {
        var path = FilePath("shared.duckdb");
        using (var connection = Database.Open(path)) connection.Execute("CREATE TABLE held AS SELECT 7 AS n");
        using var holder = await DatabaseHolder.StartAsync(path, readOnly: true);
        using (var reading = Database.Open(path, readOnly: true))
        {
            Assert.Equal(7, reading.Scalar<int>("SELECT n FROM held"));
            var write = Assert.Throws<DuckDBException>(() => reading.Execute("INSERT INTO held VALUES (8)"));
            Assert.Contains("read-only mode", write.Message, StringComparison.Ordinal);
        }
        var error = Assert.Throws<DatabaseException>(() => Database.Open(path).Dispose());
        Assert.StartsWith($"The database '{path}' is in use by another process (PID {holder.ProcessId})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameFile_TwoConnectionsInOneProcess_ShareOneDatabaseInstance_ReleasedWhenBothClose()
    {
        var path = FilePath("one.duckdb");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        using (var first = new DuckDBConnection($"DataSource={path}"))
        using (var second = new DuckDBConnection($"DataSource={path}"))
        {
            first.Open();
            second.Open();
            // Attached databases belong to the instance, so an attachment made on one connection is seen on the other.
            first.Execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER); INSERT INTO t VALUES (1, 0); ATTACH ':memory:' AS scratch; CREATE TABLE scratch.s AS SELECT 5 AS n");
            Assert.Equal(5, second.Scalar<int>("SELECT n FROM scratch.s"));
            // Only one instance can see both transactions: they conflict.
            using (var one = first.BeginTransaction())
            using (var two = second.BeginTransaction())
            {
                first.Execute("UPDATE t SET v = 1 WHERE id = 1");
                var conflict = Assert.Throws<DuckDBException>(() => second.Execute("UPDATE t SET v = 2 WHERE id = 1"));
                Assert.Contains("Conflict on update", conflict.Message, StringComparison.Ordinal);
                one.Commit();
            }
            // Database.Open gives the full path, so a relative one reaches the same instance.
            using var third = Database.Open(relative);
            Assert.Equal(path, third.DataSource);
            Assert.Equal(5, third.Scalar<int>("SELECT n FROM scratch.s"));
        }

        // With every connection closed the file is released: another process can open it.
        (await DatabaseHolder.StartAsync(path, readOnly: false)).Dispose();
        using var again = Database.Open(path);
        Assert.Equal(1, again.Scalar<int>("SELECT v FROM t"));
        Assert.Throws<DuckDBException>(() => again.Execute("SELECT * FROM scratch.s"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OpenAnother_WorksOnAnotherThread_AlongsideTheFirst(bool inFile)
    {
        using var main = Database.Open(inFile ? FilePath("concurrent.duckdb") : null);
        using var other = Database.OpenAnother(main);
        Assert.Equal(System.Data.ConnectionState.Open, other.State);
        Assert.Equal(main.DataSource, other.DataSource);

        main.Execute("CREATE TABLE c(worker INTEGER, n INTEGER, label VARCHAR)");
        other.Execute("CREATE TABLE made_there AS SELECT 3 AS n");
        Assert.Equal(3, main.Scalar<int>("SELECT n FROM made_there"));
        // Temporary tables are private to their connection.
        main.Execute("CREATE TEMP TABLE mine(n INTEGER)");
        Assert.Throws<DuckDBException>(() => other.Execute("SELECT * FROM mine"));

        const int Rows = 300;
        var work = new[] { main, other }.Select((connection, worker) => Task.Factory.StartNew(
            () =>
            {
                for (var n = 0; n < Rows; n++)
                {
                    connection.Execute("INSERT INTO c VALUES ($1, $2, $3)", worker, n, $"worker {worker} row {n}");
                    if (n % 100 == 99) Assert.Equal(n + 1, connection.Scalar<long>("SELECT count(*) FROM c WHERE worker = $1", worker));
                }
                return connection.Scalar<long>("SELECT sum(n) FROM c WHERE worker = $1", worker);
            },
            TestContext.Current.CancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        var sums = await Task.WhenAll(work).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.All(sums, sum => Assert.Equal(Rows * (Rows - 1) / 2, sum));
        Assert.Equal(2L * Rows, other.Scalar<long>("SELECT count(*) FROM c"));

        // The other connection keeps the database open once the first is closed.
        main.Dispose();
        Assert.Equal(2L * Rows, other.Scalar<long>("SELECT count(*) FROM c"));
    }

    [Fact]
    public void Open_ReadOnly_ReadsWhatWasWritten_AndRefusesWrites()
    {
        var path = FilePath("kept.duckdb");
        using (var connection = Database.Open(path))
            connection.Execute("CREATE TABLE kept(id INTEGER, name VARCHAR); INSERT INTO kept VALUES ($1, $2), ($3, $4)", 1, "Zoë", 2, "Łódź");
        using var reading = Database.Open(path, readOnly: true);
        Assert.Equal(["Zoë", "Łódź"], reading.Rows("SELECT name FROM kept ORDER BY id", r => r.GetString(0)));
        var error = Assert.Throws<DuckDBException>(() => reading.Execute("INSERT INTO kept VALUES (3, 'no')"));
        Assert.Contains("Cannot execute statement of type \"INSERT\" on database \"kept\" which is attached in read-only mode!", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Writes a small database, then sets the storage version in its main header (and the header's checksum to match).</summary>
    private static string WriteWithStorageVersion(string path, ulong version)
    {
        using (var connection = Database.Open(path)) connection.Execute("CREATE TABLE t AS SELECT 1 AS n");
        var bytes = File.ReadAllBytes(path);
        // The main header is the file's first 4,096 bytes: a checksum of the rest of them, "DUCK", then the storage version.
        Assert.Equal("DUCK"u8.ToArray(), bytes[8..12]);
        Assert.Equal(64UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(12)));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(12), version);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, Checksum(bytes.AsSpan(8, 4096 - 8)));
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>DuckDB's block checksum (src/common/checksum.cpp) of a buffer whose length is a multiple of 8.</summary>
    private static ulong Checksum(ReadOnlySpan<byte> buffer)
    {
        ulong result = 5381;
        for (var i = 0; i + 8 <= buffer.Length; i += 8) result ^= BinaryPrimitives.ReadUInt64LittleEndian(buffer[i..]) * 0xbf58476d1ce4e5b9UL;
        return result;
    }
}

/// <summary>
/// Another process holding a database file open, as the CLI or a notebook would: this test program started again,
/// which a module initializer turns, before the test framework starts, into a process that opens the file, says so
/// and waits until its standard input is closed.
/// </summary>
internal sealed class DatabaseHolder : IDisposable
{
    private const string PathVariable = "OUTCOMEANALYTICS_TESTS_HOLD_DATABASE";
    private const string ReadOnlyVariable = "OUTCOMEANALYTICS_TESTS_HOLD_READ_ONLY";
    private const string Ready = "holding";
    private readonly Process _process;

    private DatabaseHolder(Process process) => _process = process;

    public int ProcessId => _process.Id;

    /// <summary>Starts the process and waits until it has the database open.</summary>
    public static async Task<DatabaseHolder> StartAsync(string path, bool readOnly)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The test program's path is unknown.");
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Run as `dotnet tests.dll`, or as the test program's own executable.
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(DatabaseHolder).Assembly.Location);
        start.Environment[PathVariable] = path;
        start.Environment[ReadOnlyVariable] = readOnly ? "1" : "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {self}.");
        var holder = new DatabaseHolder(process);
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            if (line != Ready)
                throw new InvalidOperationException($"The holding process did not open {path}: {line} {await process.StandardError.ReadToEndAsync()}");
            return holder;
        }
        catch
        {
            holder.Dispose();
            throw;
        }
    }

    /// <summary>Closes the process's standard input, which closes the database and ends it.</summary>
    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) _process.Kill();
            _process.WaitForExit();
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>In the process <see cref="StartAsync"/> starts (only there), holds the database and exits.</summary>
#pragma warning disable CA2255 // The initializer must run before the test framework's entry point, which this assembly does not own.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void HoldWhenAsked()
    {
        var path = Environment.GetEnvironmentVariable(PathVariable);
        if (string.IsNullOrEmpty(path)) return;
        var exitCode = 0;
        try
        {
            var builder = new DuckDBConnectionStringBuilder { DataSource = path };
            if (Environment.GetEnvironmentVariable(ReadOnlyVariable) == "1") builder["access_mode"] = "READ_ONLY";
            using var connection = new DuckDBConnection(builder.ConnectionString);
            connection.Open();
            if (Environment.GetEnvironmentVariable(ReadOnlyVariable) != "1") connection.Execute("CREATE TABLE IF NOT EXISTS held AS SELECT 42 AS n");
            Console.Out.WriteLine(Ready);
            Console.Out.Flush();
            Console.In.ReadToEnd();
        }
#pragma warning disable CA1031 // Whatever went wrong is told to the test that started this process.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Console.Out.WriteLine(e.Message.ReplaceLineEndings(" "));
            exitCode = 1;
        }
        Environment.Exit(exitCode);
    }
}
