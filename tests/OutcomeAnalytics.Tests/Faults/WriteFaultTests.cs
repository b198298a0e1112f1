using System.Security.Cryptography;
using OutcomeAnalytics.Cli;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Tests.Cli;

namespace OutcomeAnalytics.Tests.Faults;

/// <summary>
/// Writing the database or an output where there is no space (a file size limit, <c>ulimit -f</c>) or no permission:
/// one sentence naming the file and what to do, exit 2, and the database as it was. Nothing here is timed or measured in
/// memory, so these run beside the other parallel tests.
/// </summary>
public sealed class WriteFaultTests : IClassFixture<WriteFaultExtracts>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("oa-write-").FullName;
    private readonly string _after;
    private readonly string _db;

    /// <summary>Each test has a copy of the database with the first extract loaded, to fail to write to.</summary>
    public WriteFaultTests(WriteFaultExtracts extracts)
    {
        _after = extracts.After;
        _db = Path.Combine(_folder, "outcomes.duckdb");
        File.Copy(extracts.Loaded, _db);
    }

    public void Dispose()
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(_folder, "*", SearchOption.AllDirectories)) SetReadOnly(path, false);
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Load_WhenTheDatabaseCannotGrow_NamesTheFile_ExitsTwo_AndLeavesTheDatabaseAsItWas()
    {
        var (counts, bytes) = (DatabaseIntegrity.Counts(_db), Hash(_db));
        var (code, output, error) = RunLimited(256, "load", "--data", _after, "--db", _db, "--quiet");
        Assert.Equal(ExitCodes.UsageOrFatal, code);
        Assert.Equal("", output);
        Assert.Equal($"error: Cannot write '{_db}.wal' (file too large); free some space on its disk or give another --db; nothing was changed in the database.\n", error);
        Assert.Equal(bytes, Hash(_db));
        AssertAsItWas(counts);
    }

    [Fact]
    public void Load_WhenItsLogFitsButTheDatabaseFileCannotGrow_IsUndone_NamesTheFile_AndExitsTwo()
    {
        // The new load's write-ahead log (under 1 MB) fits under the limit, but the checkpoint that writes it into the
        // database file (5-6 MB) cannot: the load must not end with its data in the log alone and nothing said.
        const int limit = 2048;
        Assert.True(new FileInfo(_db).Length > limit * 1024L, $"The database ({new FileInfo(_db).Length:N0} bytes) must be larger than the limit.");
        var counts = DatabaseIntegrity.Counts(_db);
        var (code, output, error) = RunLimited(limit, "load", "--data", _after, "--db", _db, "--quiet");
        Assert.Equal(ExitCodes.UsageOrFatal, code);
        Assert.Equal("", output);
        Assert.Equal($"error: Cannot write '{_db}' (file too large); free some space on its disk or give another --db; nothing was changed in the database.\n", error);
        Assert.False(File.Exists(_db + ".wal"), "The load's write-ahead log was left beside the database.");
        AssertAsItWas(counts);
    }

    [Fact]
    public void Evaluate_WhenItsOutputCannotGrow_NamesTheFile_ExitsTwo_AndRemovesThePartWritten()
    {
        var needs = Path.Combine(_folder, "needs.csv");
        var (code, output, error) = RunLimited(64, "evaluate", "--as-at", "2025-10-01", "--db", _db, "--out", needs);
        Assert.Equal(ExitCodes.UsageOrFatal, code);
        Assert.Equal("", output);
        Assert.Equal($"error: Cannot write '{needs}' (the file would be larger than the file system allows); free some space or give another path.\n", error);
        Assert.False(File.Exists(needs));
    }

    [Theory]
    [InlineData("--rejects")]
    [InlineData("--out")]
    public void Load_WhenAnOutputsFolderIsAFile_NamesIt_ExitsTwo_AndDoesNotSaveTheLoad(string option)
    {
        var counts = DatabaseIntegrity.Counts(_db);
        var file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "");
        var target = Path.Combine(file, "out.csv");
        var (code, _, error) = CliTests.Run("load", "--data", _after, "--db", _db, "--quiet", option, target);
        Assert.Equal(ExitCodes.UsageOrFatal, code);
        Assert.Equal($"error: Cannot write '{target}' (its folder does not exist, or part of its path is a file); create the folder or give another path; "
            + "the load was not saved, so the database is as it was.", error.TrimEnd());
        AssertAsItWas(counts);
    }

    [Fact]
    public void Load_WhenAnOutputsFolderIsReadOnly_SaysPermissionDenied_ExitsTwo_AndDoesNotSaveTheLoad()
    {
        var counts = DatabaseIntegrity.Counts(_db);
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "read-only")).FullName;
        RequireReadOnly(folder);
        var target = Path.Combine(folder, "rejects.csv");
        var (code, _, error) = CliTests.Run("load", "--data", _after, "--db", _db, "--quiet", "--rejects", target);
        Assert.Equal(ExitCodes.UsageOrFatal, code);
        Assert.Equal($"error: Cannot write '{target}' (permission denied); make its folder writable or give another path; "
            + "the load was not saved, so the database is as it was.", error.TrimEnd());
        AssertAsItWas(counts);
    }

    [Fact]
    public void Load_IntoAReadOnlyDatabase_SaysPermissionDenied_ExitsTwo_AndLeavesItAsItWas()
    {
        var (counts, bytes) = (DatabaseIntegrity.Counts(_db), Hash(_db));
        RequireReadOnly(_db);
        var (code, _, error) = CliTests.Run("load", "--data", _after, "--db", _db, "--quiet");
        Assert.Equal(ExitCodes.UsageOrFatal, code);
        Assert.Equal($"error: The database '{_db}' cannot be opened for writing: permission denied; make it and its folder writable, or use another --db.", error.TrimEnd());
        SetReadOnly(_db, false);
        Assert.Equal(bytes, Hash(_db));
        AssertAsItWas(counts);
    }

    /// <summary>The database opens, whole, with the counts it had.</summary>
    private void AssertAsItWas(long[] counts)
    {
        using var connection = Database.Open(_db);
        Assert.Equal(counts, DatabaseIntegrity.Counts(connection));
        Assert.Empty(DatabaseIntegrity.Problems(connection));
        Assert.Equal(1, connection.Scalar<long>("SELECT max(load_id) FROM load_log"));
    }

    /// <summary>
    /// Runs <c>outcomes</c> in another process that may write no file beyond <paramref name="kilobytes"/>: a write
    /// past it fails with EFBIG (SIGXFSZ is ignored), as on a full disk. The runtime's W^X double mapping, which
    /// sizes a memory file, is off, so that only the command's own files meet the limit.
    /// </summary>
    private static (int Code, string Output, string Error) RunLimited(int kilobytes, params string[] arguments) =>
        ExternalProcess.Run("bash", ["-c", $"trap '' XFSZ; ulimit -f {kilobytes}; exec dotnet \"$@\"", "bash", DatabaseIntegrity.OutcomesDll, .. arguments],
            timeout: TimeSpan.FromMinutes(2), environment: new Dictionary<string, string> { ["DOTNET_EnableWriteXorExecute"] = "0" });

    /// <summary>
    /// Makes a file or folder read-only: by its permissions, or, for root (whom permissions do not stop), by the
    /// immutable attribute; skips the test when neither can be done.
    /// </summary>
    private static void RequireReadOnly(string path)
    {
        if (!SetReadOnly(path, true))
            Assert.Skip($"Running as root, where permissions do not stop writes, and 'chattr +i' is not available here: {path} cannot be made read-only.");
    }

    private static bool SetReadOnly(string path, bool readOnly)
    {
        if (Environment.IsPrivilegedProcess)
        {
            try
            {
                return ExternalProcess.Run("chattr", [readOnly ? "+i" : "-i", path]).Code == 0;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }
        if (OperatingSystem.IsWindows()) return false;
        var folder = Directory.Exists(path);
        File.SetUnixFileMode(path, (readOnly ? UnixFileMode.None : UnixFileMode.UserWrite) | UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead
            | (folder ? UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute : UnixFileMode.None));
        return true;
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}

/// <summary>
/// Two generated extracts (200 and 400 families) and a database with the first loaded by <c>outcomes load</c>, made once
/// for the write-fault tests, which read them and copy the database.
/// </summary>
public sealed class WriteFaultExtracts : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("oa-write-extracts-").FullName;

    public WriteFaultExtracts()
    {
        try
        {
            var before = DatabaseIntegrity.Generate(_folder, 200, 1);
            After = DatabaseIntegrity.Generate(_folder, 400, 2);
            Loaded = Path.Combine(_folder, "loaded.duckdb");
            DatabaseIntegrity.LoadToCopy(before, Loaded);
        }
        catch
        {
            // A fixture that fails to build is never disposed.
            Directory.Delete(_folder, recursive: true);
            throw;
        }
    }

    /// <summary>The second extract, which each test tries to load.</summary>
    public string After { get; }

    /// <summary>The database holding the first extract.</summary>
    public string Loaded { get; }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
