namespace OutcomeAnalytics.DuckDb.Tests;

public sealed class UnsupportedTypeTests : InMemoryDatabase
{
    [Theory]
    [InlineData("INTERVAL 1 DAY", "INTERVAL")]
    [InlineData("[1, 2, 3]", "LIST")]
    [InlineData("{'a': 1}", "STRUCT")]
    [InlineData("170141183460469231731687303715884105727::HUGEINT", "HUGEINT")]
    [InlineData("TIMESTAMPTZ '2024-01-01 00:00:00+00'", "TIMESTAMP WITH TIME ZONE")]
    [InlineData("'00000000-0000-0000-0000-000000000000'::UUID", "UUID")]
    [InlineData("'abc'::BLOB", "BLOB")]
    public void UnsupportedResultType_IsRefusedWithClearMessage(string expression, string typeName)
    {
        var error = Assert.Throws<DuckDbException>(() => Connection.Query($"SELECT {expression} AS x"));
        Assert.Equal(
            $"column 'x' has DuckDB type {typeName}, which this binding does not read; cast it in the query (for example x::VARCHAR)",
            error.Message);
    }

    [Fact]
    public void UnsupportedResultType_CastToVarchar_Works()
    {
        Assert.Equal("1 day", Connection.Scalar<string>("SELECT (INTERVAL 1 DAY)::VARCHAR AS x"));
        Assert.Equal("[1, 2, 3]", Connection.Scalar<string>("SELECT [1, 2, 3]::VARCHAR"));
        Assert.Equal(6L, Connection.Scalar<long>("SELECT sum(i)::BIGINT FROM range(4) t(i)"));
    }
}
