namespace OutcomeAnalytics.DuckDb.Tests;

public sealed class BooleanAndIntegerTypeTests : InMemoryDatabase
{
    [Fact]
    public void Boolean_Values_RoundTrip()
    {
        QueryResult result = Connection.Query("SELECT * FROM (VALUES (true), (false), (NULL)) t(b)");
        ResultColumn column = result["b"];
        Assert.Equal(DuckDbType.Boolean, column.Type);
        Assert.Equal(typeof(bool), column.ClrType);
        Assert.Equal([true, false, false], column.Values<bool>());
        Assert.True(column.IsNull(2));
        Assert.Equal(true, column.GetValue(0));
        Assert.Null(column.GetValue(2));
    }

    [Fact]
    public void TinyIntSmallIntInteger_AreWidenedToInt_WithBoundaries()
    {
        QueryResult result = Connection.Query(
            "SELECT (-128)::TINYINT AS t1, 127::TINYINT AS t2, (-32768)::SMALLINT AS s1, 32767::SMALLINT AS s2, " +
            "(-2147483648)::INTEGER AS i1, 2147483647::INTEGER AS i2");
        Assert.Equal(DuckDbType.TinyInt, result["t1"].Type);
        Assert.Equal(DuckDbType.SmallInt, result["s1"].Type);
        Assert.Equal(DuckDbType.Integer, result["i1"].Type);
        Assert.All(result.Columns, c => Assert.Equal(typeof(int), c.ClrType));
        Assert.Equal(-128, result["t1"].Values<int>()[0]);
        Assert.Equal(127, result["t2"].Values<int>()[0]);
        Assert.Equal(-32768, result["s1"].Values<int>()[0]);
        Assert.Equal(32767, result["s2"].Values<int>()[0]);
        Assert.Equal(int.MinValue, result["i1"].Values<int>()[0]);
        Assert.Equal(int.MaxValue, result["i2"].Values<int>()[0]);
    }

    [Fact]
    public void BigInt_Boundaries_RoundTrip()
    {
        QueryResult result = Connection.Query("SELECT * FROM (VALUES ((-9223372036854775808)::BIGINT), (9223372036854775807::BIGINT), (0::BIGINT)) t(x)");
        Assert.Equal(DuckDbType.BigInt, result[0].Type);
        Assert.Equal([long.MinValue, long.MaxValue, 0L], result[0].Values<long>());
    }

    [Fact]
    public void Values_WrongType_ThrowsNamingColumnAndType()
    {
        QueryResult result = Connection.Query("SELECT 42 AS answer");
        var error = Assert.Throws<InvalidOperationException>(() => result["answer"].Values<long>());
        Assert.Contains("answer", error.Message, StringComparison.Ordinal);
        Assert.Contains("Integer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_ConvertsBetweenNumericTypes()
    {
        QueryResult result = Connection.Query("SELECT 42 AS answer, NULL::INTEGER AS nothing");
        Assert.Equal(42L, result[0].Get<long>(0));
        Assert.Equal(42.0, result[0].Get<double>(0));
        Assert.Equal("42", result[0].Get<string>(0));
        Assert.Equal(42, result[0].Get<int?>(0));
        Assert.Null(result[1].Get<int?>(0));
        Assert.Equal(0, result[1].Get<int>(0));
    }
}
