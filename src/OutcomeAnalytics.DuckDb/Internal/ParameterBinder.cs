using System.Buffers;
using System.Text;

namespace OutcomeAnalytics.DuckDb.Internal;

/// <summary>Binds CLR values to prepared-statement parameters.</summary>
internal static unsafe class ParameterBinder
{
    internal const int UnixEpochDayNumber = 719_162;
    internal static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    internal static void Bind(PreparedStatementHandle statement, int index, object? value, string sql)
    {
        if (index < 1)
        {
            throw new DuckDbException($"Can not bind to parameter number {index}: parameter numbers start at 1.", "InvalidInput", sql);
        }

        ulong i = (ulong)index;
        DuckDbState state = value switch
        {
            null or DBNull => Native.duckdb_bind_null(statement, i),
            string s => BindString(statement, i, s),
            bool b => Native.duckdb_bind_boolean(statement, i, b),
            byte b => Native.duckdb_bind_int32(statement, i, b),
            short s => Native.duckdb_bind_int32(statement, i, s),
            int n => Native.duckdb_bind_int32(statement, i, n),
            long l => Native.duckdb_bind_int64(statement, i, l),
            float f => Native.duckdb_bind_float(statement, i, f),
            double d => Native.duckdb_bind_double(statement, i, d),
            decimal m => Native.duckdb_bind_decimal(statement, i, ToNative(m)),
            DateOnly d => Native.duckdb_bind_date(statement, i, new NativeDate { Days = d.DayNumber - UnixEpochDayNumber }),
            DateTime t => Native.duckdb_bind_timestamp(statement, i, new NativeTimestamp { Micros = ToMicros(t) }),
            _ => throw new ArgumentException(
                $"Parameter {index} has CLR type {value.GetType().FullName}, which cannot be bound; supported types are " +
                "string, bool, byte, short, int, long, float, double, decimal, DateOnly, DateTime and null/DBNull.",
                nameof(value)),
        };

        if (state != DuckDbState.Success)
        {
            string? message = Native.ReadString(Native.duckdb_prepare_error(statement));
            throw Errors.FromMessage(
                message ?? $"Could not bind parameter {index} ({value?.GetType().Name ?? "null"}).", sql);
        }
    }

    internal static NativeDecimal ToNative(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        ulong low64 = (uint)bits[0] | ((ulong)(uint)bits[1] << 32);
        var magnitude = new Int128((uint)bits[2], low64);
        Int128 signed = bits[3] < 0 ? -magnitude : magnitude;
        return new NativeDecimal
        {
            Width = 38,
            Scale = (byte)((bits[3] >> 16) & 0xFF),
            Lower = (ulong)(signed & ulong.MaxValue),
            Upper = (long)(signed >> 64),
        };
    }

    internal static long ToMicros(DateTime value)
    {
        long ticks = value.Ticks - UnixEpochTicks;
        long micros = ticks / TimeSpan.TicksPerMicrosecond;
        if (ticks % TimeSpan.TicksPerMicrosecond < 0)
        {
            micros--; // floor, so pre-1970 values with sub-microsecond ticks round down like later ones
        }

        return micros;
    }

    private static DuckDbState BindString(PreparedStatementHandle statement, ulong index, string value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = max > 512 ? ArrayPool<byte>.Shared.Rent(max) : null;
        Span<byte> buffer = rented ?? stackalloc byte[512];
        try
        {
            int length = Encoding.UTF8.GetBytes(value, buffer);
            fixed (byte* p = buffer)
            {
                return Native.duckdb_bind_varchar_length(statement, index, p, (ulong)length);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
