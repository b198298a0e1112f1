namespace OutcomeAnalytics.DuckDb.Tests;

public sealed class DateAndTimestampTypeTests : InMemoryDatabase
{
    [Fact]
    public void Date_BeforeAndAfterEpoch_RoundTrip()
    {
        QueryResult result = Connection.Query(
            "SELECT * FROM (VALUES (DATE '1900-03-01'), (DATE '1969-12-31'), (DATE '1970-01-01'), (DATE '2024-02-29'), (DATE '0001-01-01'), (DATE '9999-12-31')) t(d)");
        Assert.Equal(DuckDbType.Date, result[0].Type);
        Assert.Equal(typeof(DateOnly), result[0].ClrType);
        Assert.Equal(
            [new DateOnly(1900, 3, 1), new DateOnly(1969, 12, 31), new DateOnly(1970, 1, 1), new DateOnly(2024, 2, 29), DateOnly.MinValue, DateOnly.MaxValue],
            result[0].Values<DateOnly>());
    }

    [Fact]
    public void Date_Infinity_ThrowsClearError()
    {
        var error = Assert.Throws<DuckDbException>(() => Connection.Query("SELECT 'infinity'::DATE AS d"));
        Assert.Contains("d::VARCHAR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_WithMicroseconds_RoundTrip()
    {
        QueryResult result = Connection.Query(
            "SELECT * FROM (VALUES (TIMESTAMP '2024-05-06 07:08:09.123456'), (TIMESTAMP '1969-12-31 23:59:59.999999'), (TIMESTAMP '1900-03-01 00:00:00')) t(ts)");
        Assert.Equal(DuckDbType.Timestamp, result[0].Type);
        Assert.Equal(typeof(DateTime), result[0].ClrType);
        DateTime[] values = result[0].Values<DateTime>();
        Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9, 123, 456), values[0]);
        Assert.Equal(new DateTime(1969, 12, 31, 23, 59, 59, 999, 999), values[1]);
        Assert.Equal(new DateTime(1900, 3, 1), values[2]);
        Assert.All(values, v => Assert.Equal(DateTimeKind.Unspecified, v.Kind));
    }

    [Fact]
    public void Date_GetAsDateTime_Converts()
    {
        QueryResult result = Connection.Query("SELECT DATE '2020-01-02' AS d");
        Assert.Equal(new DateTime(2020, 1, 2), result[0].Get<DateTime>(0));
    }
}
