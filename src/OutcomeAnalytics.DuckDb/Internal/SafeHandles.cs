using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OutcomeAnalytics.DuckDb.Internal;

/// <summary>Owns a <c>duckdb_database</c>; closed when the last reference (database or connection) goes.</summary>
internal sealed class DatabaseHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DatabaseHandle()
        : base(ownsHandle: true)
    {
    }

    internal DatabaseHandle(IntPtr raw)
        : base(ownsHandle: true)
    {
        SetHandle(raw);
    }

    protected override bool ReleaseHandle()
    {
        IntPtr raw = handle;
        Native.duckdb_close(ref raw);
        return true;
    }
}

/// <summary>
/// Owns a <c>duckdb_connection</c>. Holds a reference on its database handle so the database is closed
/// only after every connection is gone, whatever order they are disposed or finalized in.
/// </summary>
internal sealed class ConnectionHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly SafeHandle? owner;

    public ConnectionHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Takes over a reference the caller already added on <paramref name="owner"/>.</summary>
    internal ConnectionHandle(IntPtr raw, SafeHandle owner)
        : base(ownsHandle: true)
    {
        this.owner = owner;
        SetHandle(raw);
    }

    /// <summary>The database handle the connection belongs to.</summary>
    internal SafeHandle? Owner => owner;

    protected override bool ReleaseHandle()
    {
        IntPtr raw = handle;
        Native.duckdb_disconnect(ref raw);
        owner?.DangerousRelease();
        return true;
    }
}

/// <summary>Owns a <c>duckdb_prepared_statement</c>; holds a reference on its connection handle.</summary>
internal sealed class PreparedStatementHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly SafeHandle? owner;

    public PreparedStatementHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Takes over a reference the caller already added on <paramref name="owner"/>.</summary>
    internal PreparedStatementHandle(IntPtr raw, SafeHandle owner)
        : base(ownsHandle: true)
    {
        this.owner = owner;
        SetHandle(raw);
    }

    protected override bool ReleaseHandle()
    {
        IntPtr raw = handle;
        Native.duckdb_destroy_prepare(ref raw);
        owner?.DangerousRelease();
        return true;
    }
}
