using System.Data.Common;
using System.Globalization;
using System.Data;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace OutcomeAnalytics.Engine;

/// <summary>
/// Opens DuckDB databases through DuckDB.NET (the ADO.NET provider): a file, or a private in-memory database. The
/// library's methods take the <see cref="DuckDBConnection"/> this returns, or one a caller opened themselves.
/// </summary>
public static partial class Database
{
    /// <summary>Opens (creating it when absent) the database file at <paramref name="path"/>, or a private in-memory database when null.</summary>
    /// <param name="path">A database file; null, empty or <c>:memory:</c> for a new in-memory database.</param>
    /// <param name="readOnly">
    /// Open the file for reading only (other processes may read it at the same time). DuckDB.NET keeps one database
    /// instance per file in a process: while a connection to the file is open here, a second one gets that instance's
    /// mode, whatever this says.
    /// </param>
    /// <exception cref="DatabaseException">The file is in use by another process, is not a DuckDB database, or was written by a newer DuckDB.</exception>
    public static DuckDBConnection Open(string? path = null, bool readOnly = false)
    {
        var inMemory = string.IsNullOrEmpty(path) || path == ":memory:";
        var builder = new DuckDBConnectionStringBuilder { DataSource = inMemory ? ":memory:" : Path.GetFullPath(path!) };
        if (readOnly && !inMemory) builder["access_mode"] = "READ_ONLY";
        if (Threads() is { } threads) builder["threads"] = threads;
        var connection = new DuckDBConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            EnableProgress(connection);
            return connection;
        }
        catch (DuckDBException e)
        {
            connection.Dispose();
            throw Explain(e, inMemory ? null : builder.DataSource);
        }
    }

    /// <summary>The environment variable that limits the threads DuckDB runs a query on (its default: one per core).</summary>
    public const string ThreadsVariable = "OUTCOMES_THREADS";

    /// <summary>
    /// The threads a database opened here runs its queries on: <see cref="ThreadsVariable"/> when set, else null
    /// (DuckDB's default, one per core). One thread suits a shared machine, or many small databases used at once (the
    /// tests), where DuckDB's workers cost more than they save.
    /// </summary>
    /// <exception cref="DatabaseException">The variable is set to something other than a whole number from 1 up.</exception>
    public static int? Threads() => ParseThreads(Environment.GetEnvironmentVariable(ThreadsVariable));

    internal static int? ParseThreads(string? text) =>
        string.IsNullOrEmpty(text) ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n
        : throw new DatabaseException($"{ThreadsVariable} is '{text}': expected a whole number of threads from 1 up, or nothing for one per core.");

    /// <summary>
    /// A second connection to the database <paramref name="connection"/> is open on, for work on another thread: for a
    /// file, a connection with the same data source (DuckDB.NET shares one database instance per file in a process);
    /// in memory, <see cref="DuckDBConnection.Duplicate"/>. The caller disposes it.
    /// </summary>
    public static DuckDBConnection OpenAnother(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.State != ConnectionState.Open) throw new InvalidOperationException("The connection is not open.");
        var source = connection.DataSource;
        // Duplicate() returns a closed connection (it connects when opened).
        var another = string.IsNullOrEmpty(source) || source.StartsWith(":memory:", StringComparison.Ordinal)
            ? connection.Duplicate()
            : new DuckDBConnection(connection.ConnectionString);
        try
        {
            another.Open();
            EnableProgress(another);
            return another;
        }
        catch
        {
            another.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Lets <see cref="DuckDBConnection.GetQueryProgress"/> report how far a query has got (it stays at -1 otherwise),
    /// without DuckDB printing a bar of its own. The setting belongs to the connection.
    /// </summary>
    private static void EnableProgress(DuckDBConnection connection) =>
        connection.Execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false");

    /// <summary>
    /// Writes every committed change into the database file itself (a checkpoint), so that none is left only in the
    /// write-ahead log beside it (<c>FILE.wal</c>). DuckDB checkpoints by itself when the log grows or the database
    /// closes, but a checkpoint that fails then is not reported: a file that cannot grow (a full disk, a file size limit)
    /// would leave a load in the log alone, with nothing said. Does nothing for an in-memory database, and returns false
    /// without a checkpoint while another connection has a transaction open (DuckDB then checkpoints later).
    /// </summary>
    /// <exception cref="DatabaseException">
    /// The file system refused the write, naming the file and the reason. DuckDB stops using the database after a failed
    /// checkpoint: every connection to it must be closed before it is opened again; the log is kept and read back then.
    /// </exception>
    public static bool Checkpoint(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (FileOf(connection) is not { } file) return true;
        try
        {
            connection.Execute("CHECKPOINT");
            return true;
        }
        catch (DuckDBException e) when (WriteFailure(e.Message) is { } failure)
        {
            throw new DatabaseException($"Cannot write '{failure.File}' ({failure.Reason}); free some space on its disk or give another --db; "
                + $"what was saved before is kept in '{file}.wal' and read back when the database is next opened.", e);
        }
        catch (DuckDBException e) when (e.Message.Contains("transaction", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
    }

    /// <summary>
    /// Checkpoints after a commit that the write-ahead log alone holds (a checkpoint just before it emptied the log);
    /// when the file system refuses the checkpoint, undoes that commit: closes <paramref name="connection"/> (DuckDB
    /// stops using a database whose checkpoint failed), removes the log, and checks that the database opens as it was
    /// before the commit.
    /// </summary>
    /// <param name="connection">The connection that committed; closed when the checkpoint fails.</param>
    /// <param name="isAsBefore">Given the database reopened after the undo, true when it holds what it held before the commit.</param>
    /// <exception cref="DatabaseException">The checkpoint failed; the message names the file, the reason and says the database is as it was.</exception>
    internal static void CheckpointOrUndo(DuckDBConnection connection, Func<DuckDBConnection, bool> isAsBefore)
    {
        if (FileOf(connection) is not { } file) return;
        try
        {
            Checkpoint(connection);
        }
        catch (DatabaseException e) when (e.InnerException is DuckDBException inner && WriteFailure(inner.Message) is { } failure)
        {
            connection.Close();
            var wal = file + ".wal";
            string outcome;
            try
            {
                File.Delete(wal);
                using var reopened = Open(file, readOnly: true);
                outcome = isAsBefore(reopened)
                    ? "nothing was changed in the database"
                    : "the database does not hold what it held before; load the extracts again into a new --db";
            }
            catch (Exception other) when (other is IOException or UnauthorizedAccessException or DatabaseException or DuckDBException)
            {
                outcome = $"the database could not be checked afterwards ({FirstLine(other.Message)}); close every program using it and load again";
            }
            throw new DatabaseException($"Cannot write '{failure.File}' ({failure.Reason}); free some space on its disk or give another --db; {outcome}.", e);
        }
    }

    /// <summary>The full path of the database file <paramref name="connection"/> is open on, or null for an in-memory database.</summary>
    internal static string? FileOf(DuckDBConnection connection)
    {
        var source = connection.DataSource;
        return string.IsNullOrEmpty(source) || source.StartsWith(":memory:", StringComparison.Ordinal) ? null : Path.GetFullPath(source);
    }

    /// <summary>True when DuckDB could not write a file of the database (no space, a file size limit).</summary>
    internal static bool IsWriteFailure(DbException e) => WriteFailure(e.Message) is not null;

    /// <summary>The file and reason of a write DuckDB could not make (no space, a file size limit), or null for any other error.</summary>
    private static (string File, string Reason)? WriteFailure(string message)
    {
        var match = DuckDbWriteFailure().Match(message);
        if (!match.Success) return null;
        var reason = match.Groups[2].Value.Trim().TrimEnd('.', '"');
        return (match.Groups[1].Value, reason.Length > 1 && char.IsUpper(reason[0]) && !char.IsUpper(reason[1]) ? char.ToLowerInvariant(reason[0]) + reason[1..] : reason);
    }

    [GeneratedRegex("""Could not (?:write|truncate|fsync|extend) file "([^"]+)": ([^\n"]+)""")]
    private static partial Regex DuckDbWriteFailure();

    /// <summary>The version of the DuckDB engine, e.g. <c>v1.5.6</c> (the native library's own; no database is opened).</summary>
    public static string EngineVersion
    {
        get
        {
            using var connection = new DuckDBConnection();
            return connection.ServerVersion;
        }
    }

    /// <summary>Words an error opening a database file the way a user can act on, or returns DuckDB's own.</summary>
    private static Exception Explain(DuckDBException e, string? file)
    {
        var message = e.Message;
        if (file is null) return e;
        if (message.Contains("Could not set lock", StringComparison.OrdinalIgnoreCase) || message.Contains("Conflicting lock", StringComparison.OrdinalIgnoreCase))
        {
            var pid = LockHolder().Match(message);
            var who = pid.Success ? $" (PID {pid.Groups[1].Value})" : "";
            return new DatabaseException($"The database '{file}' is in use by another process{who}; close it or use another --db.", e);
        }
        // DuckDB's text for any unreadable storage version ends "Newer DuckDB version might introduce …"; only a file
        // from a newer DuckDB says "created with a newer version of DuckDB".
        if (message.Contains("newer version of DuckDB", StringComparison.OrdinalIgnoreCase))
            return new DatabaseException($"The database '{file}' was written by a newer version of DuckDB than this one (DuckDB {EngineVersion}); open it with that version, or load the extracts again into a new --db.", e);
        if (message.Contains("not a valid DuckDB database", StringComparison.OrdinalIgnoreCase) || message.Contains("not a DuckDB", StringComparison.OrdinalIgnoreCase)
            || message.Contains("database file", StringComparison.OrdinalIgnoreCase) && message.Contains("invalid", StringComparison.OrdinalIgnoreCase))
            return new DatabaseException($"'{file}' is not a DuckDB database; give the path of a database made by 'outcomes load', or a new file name.", e);
        if (message.Contains("Permission denied", StringComparison.OrdinalIgnoreCase) || message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase)
            || message.Contains("Operation not permitted", StringComparison.OrdinalIgnoreCase))
            return new DatabaseException($"The database '{file}' cannot be opened for writing: permission denied; make it and its folder writable, or use another --db.", e);
        if (message.Contains("No such file or directory", StringComparison.OrdinalIgnoreCase) || message.Contains("Cannot open file", StringComparison.OrdinalIgnoreCase))
            return new DatabaseException($"The database '{file}' cannot be opened: its folder does not exist or the file cannot be read.", e);
        return new DatabaseException($"The database '{file}' cannot be opened: {FirstLine(message)}", e);
    }

    // DuckDB.NET puts "DuckDBOpen failed: " before DuckDB's own text.
    private static string FirstLine(string text) => text.Split('\n')[0].Replace("DuckDBOpen failed: ", "", StringComparison.Ordinal).Trim();

    [GeneratedRegex(@"\(PID (\d+)\)")]
    private static partial Regex LockHolder();
}

/// <summary>A database could not be opened or used, worded for the person running the tool (no stack trace is needed).</summary>
public sealed class DatabaseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatabaseException() { }

    /// <summary>Creates the exception.</summary>
    public DatabaseException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public DatabaseException(string message, Exception innerException) : base(message, innerException) { }
}
