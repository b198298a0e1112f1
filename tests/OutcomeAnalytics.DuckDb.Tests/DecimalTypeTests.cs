namespace OutcomeAnalytics.DuckDb.Tests;

public sealed class DecimalTypeTests : InMemoryDatabase
{
    [Fact]
    public void Decimal_4_1_Int16Storage_RoundTrip()
    {
        QueryResult result = Connection.Query("SELECT * FROM (VALUES (123.4::DECIMAL(4,1)), (-999.9::DECIMAL(4,1)), (0::DECIMAL(4,1))) t(d)");
        Assert.Equal(DuckDbType.Decimal, result[0].Type);
        Assert.Equal(typeof(decimal), result[0].ClrType);
        Assert.Equal([123.4m, -999.9m, 0.0m], result[0].Values<decimal>());
    }

    [Fact]
    public void Decimal_9_2_Int32Storage_RoundTrip()
    {
        Assert.Equal(-1234567.89m, Connection.Scalar<decimal>("SELECT (-1234567.89)::DECIMAL(9,2)"));
    }

    [Fact]
    public void Decimal_18_3_Int64Storage_RoundTrip()
    {
        QueryResult result = Connection.Query(
            "SELECT * FROM (VALUES (999999999999999.999::DECIMAL(18,3)), (-999999999999999.999::DECIMAL(18,3)), (0.001::DECIMAL(18,3))) t(d)");
        Assert.Equal([999999999999999.999m, -999999999999999.999m, 0.001m], result[0].Values<decimal>());
    }

    [Fact]
    public void Decimal_38_10_HugeIntStorage_RoundTrip()
    {
        QueryResult result = Connection.Query(
            "SELECT * FROM (VALUES ('1234567890123456.0123456789'::DECIMAL(38,10)), ('-1234567890123456.0123456789'::DECIMAL(38,10)), " +
            "('0.0000000001'::DECIMAL(38,10)), ('7922816251426433759.3543950335'::DECIMAL(38,10))) t(d)");
        Assert.Equal(
            [1234567890123456.0123456789m, -1234567890123456.0123456789m, 0.0000000001m, 7922816251426433759.3543950335m],
            result[0].Values<decimal>());
    }

    [Fact]
    public void Decimal_38_10_BeyondDotNetPrecision_IsRounded()
    {
        // 29 significant digits: more than a 96-bit .NET decimal holds at this scale, so the last digit is rounded away.
        decimal value = Connection.Scalar<decimal>("SELECT '12345678901234567890.1234567895'::DECIMAL(38,10)");
        Assert.Equal(12345678901234567890.123456790m, value);
    }

    [Fact]
    public void Decimal_38_0_BeyondDotNetRange_ThrowsClearError()
    {
        var error = Assert.Throws<DuckDbException>(() => Connection.Query("SELECT '99999999999999999999999999999999999999'::DECIMAL(38,0) AS big"));
        Assert.Contains("big", error.Message, StringComparison.Ordinal);
        Assert.Contains("outside the range of .NET decimal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decimal_NegativeValues_KeepSign()
    {
        QueryResult result = Connection.Query(
            "SELECT (-0.5)::DECIMAL(4,1) a, (-12.345)::DECIMAL(18,3) b, (-1.0000000001)::DECIMAL(38,10) c");
        Assert.Equal(-0.5m, result["a"].Get<decimal>(0));
        Assert.Equal(-12.345m, result["b"].Get<decimal>(0));
        Assert.Equal(-1.0000000001m, result["c"].Get<decimal>(0));
    }

    [Fact]
    public void Decimal_KeepsScaleInToString()
    {
        Assert.Equal("1.50", Connection.Scalar<decimal>("SELECT 1.5::DECIMAL(9,2)").ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
