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
