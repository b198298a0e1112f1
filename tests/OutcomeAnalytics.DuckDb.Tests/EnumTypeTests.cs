namespace OutcomeAnalytics.DuckDb.Tests;

public sealed class EnumTypeTests : InMemoryDatabase
{
    [Fact]
    public void Enum_IsReadAsItsText_WithNulls()
    {
        Connection.Execute("CREATE TABLE t (term ENUM('autumn', 'spring', 'summer'), i INTEGER)");
        Connection.Execute("INSERT INTO t VALUES ('summer', 1), (NULL, 2), ('autumn', 3), ('spring', 4)");
        QueryResult result = Connection.Query("SELECT term FROM t ORDER BY i");
        Assert.Equal(DuckDbType.Varchar, result[0].Type);
        Assert.Equal(new string?[] { "summer", null, "autumn", "spring" }, result[0].Values<string>());
        Assert.True(result[0].IsNull(1));
        Assert.Equal("spring", Connection.Scalar<string>("SELECT term FROM t WHERE i = $1", 4));
    }

    [Fact]
    public void Enum_WithMoreThan256Values_UsesWiderIndexes_AcrossChunks()
    {
        // 300 values need a 16-bit index, 70,000 a 32-bit one; 5,000 rows span several chunks.
        foreach (int size in new[] { 300, 70_000 })
        {
            Connection.Execute($"CREATE OR REPLACE TYPE e AS ENUM (SELECT 'v' || i FROM range({size}) t(i))");
            QueryResult result = Connection.Query($"SELECT CAST('v' || (i * 7 % {size}) AS e) AS x, i FROM range(5000) t(i) ORDER BY i");
            string?[] values = result[0].Values<string>();
            long[] ids = result[1].Values<long>();
            Assert.Equal(5000, values.Length);
            for (int r = 0; r < values.Length; r++)
            {
                Assert.Equal($"v{ids[r] * 7 % size}", values[r]);
            }
        }
    }
}
