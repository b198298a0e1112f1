using System.Globalization;
using System.Runtime.InteropServices;
using OutcomeAnalytics.DuckDb.Internal;

namespace OutcomeAnalytics.DuckDb;

/// <summary>
/// A DuckDB database (in-memory or a file). Thread-safe: open one <see cref="DuckDbConnection"/> per thread.
/// Disposing the database while connections are still open is allowed: the native database is closed
/// when the last of them is disposed.
/// </summary>
public sealed class DuckDbDatabase : IDisposable
{
    private readonly DatabaseHandle handle;
    private volatile bool disposed;

    private DuckDbDatabase(DatabaseHandle handle, string? path)
    {
        this.handle = handle;
        Path = path;
    }

    /// <summary>The full path of the database file, or null for an in-memory database.</summary>
    public string? Path { get; }

    /// <summary>The version of the loaded DuckDB library, e.g. <c>v1.5.6</c>.</summary>
    public static string? LibraryVersion => Native.ReadString(Native.duckdb_library_version());

    /// <summary>Opens (or creates) a database.</summary>
    /// <param name="path">A database file; null, empty or <c>":memory:"</c> opens a private in-memory database.</param>
    /// <param name="options">Settings applied with <c>duckdb_set_config</c> before opening.</param>
    /// <exception cref="DuckDbException">DuckDB could not open the database or rejected an option.</exception>
    public static DuckDbDatabase Open(string? path = null, DuckDbOptions? options = null)
    {
        bool inMemory = string.IsNullOrEmpty(path) || path == ":memory:";
        string? fullPath = inMemory ? null : System.IO.Path.GetFullPath(path!);

        var settings = new List<KeyValuePair<string, string>>();
        if (options?.Threads is int threads)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, nameof(options));
            settings.Add(new("threads", threads.ToString(CultureInfo.InvariantCulture)));
        }

        if (options?.MemoryLimit is { } memoryLimit)
        {
            settings.Add(new("memory_limit", memoryLimit));
        }

        if (options?.ReadOnly == true)
        {
            settings.Add(new("access_mode", "READ_ONLY"));
        }

        if (Native.duckdb_create_config(out IntPtr config) != DuckDbState.Success)
        {
            throw new DuckDbException("duckdb_create_config failed.");
        }

        IntPtr raw;
        try
        {
            foreach ((string name, string value) in settings)
            {
                if (Native.duckdb_set_config(config, name, value) != DuckDbState.Success)
                {
                    throw new DuckDbException($"DuckDB rejected the option {name}='{value}'.", "Settings", null);
                }
            }

            if (Native.duckdb_open_ext(fullPath, out raw, config, out IntPtr error) != DuckDbState.Success)
            {
                string message = Native.ReadString(error) ?? "unknown error";
                if (error != IntPtr.Zero)
                {
                    Native.duckdb_free(error);
                }

                if (raw != IntPtr.Zero)
                {
                    Native.duckdb_close(ref raw);
                }

                throw new DuckDbException(
                    $"Could not open DuckDB database '{fullPath ?? ":memory:"}': {message}", Errors.TypeFromMessage(message), null);
            }
        }
        finally
        {
            Native.duckdb_destroy_config(ref config);
        }

        return new DuckDbDatabase(new DatabaseHandle(raw), fullPath);
    }

    /// <summary>Opens a new connection. A connection must be used by one thread at a time.</summary>
    public DuckDbConnection Connect()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return Connect(handle, Path);
    }

    /// <summary>Opens a connection to the database behind <paramref name="database"/>, holding a reference on it.</summary>
    internal static DuckDbConnection Connect(SafeHandle database, string? path)
    {
        bool added = false;
        database.DangerousAddRef(ref added);
        DuckDbState state;
        IntPtr raw;
        try
        {
            state = Native.duckdb_connect(database.DangerousGetHandle(), out raw);
        }
        catch
        {
            database.DangerousRelease();
            throw;
        }

        if (state != DuckDbState.Success || raw == IntPtr.Zero)
        {
            database.DangerousRelease();
            throw new DuckDbException($"Could not connect to DuckDB database '{path ?? ":memory:"}'.", "Connection", null);
        }

        // The connection handle now owns the reference added above.
        var connection = new DuckDbConnection(new ConnectionHandle(raw, database), path);
        try
        {
            // duckdb_query_progress only reports while DuckDB's progress bar is enabled; keep it from printing.
            connection.Execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false");
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return connection;
    }

    /// <summary>Releases the database; the native database closes once its connections are disposed too.</summary>
    public void Dispose()
    {
        disposed = true;
        handle.Dispose();
    }
}
