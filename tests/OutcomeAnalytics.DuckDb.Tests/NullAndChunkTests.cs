namespace OutcomeAnalytics.DuckDb.Tests;

public sealed class NullAndChunkTests : InMemoryDatabase
{
    private const string AllTypes =
        "b BOOLEAN, ti TINYINT, si SMALLINT, i INTEGER, bi BIGINT, f FLOAT, d DOUBLE, dec4 DECIMAL(4,1), dec18 DECIMAL(18,3), " +
        "dec38 DECIMAL(38,10), v VARCHAR, dt DATE, ts TIMESTAMP";

    [Fact]
    public void Nulls_InEveryType_AreReported()
    {
        Connection.Execute($"CREATE TABLE n({AllTypes})");
        Connection.Execute("INSERT INTO n VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        Connection.Execute("INSERT INTO n VALUES (true, 1, 2, 3, 4, 5.5, 6.5, 7.5, 8.5, 9.5, 'ten', DATE '2011-11-11', TIMESTAMP '2012-12-12 12:12:12')");
        QueryResult result = Connection.Query("SELECT * FROM n ORDER BY b NULLS FIRST");
        Assert.Equal(13, result.Columns.Count);
        Assert.Equal(2, result.RowCount);
        foreach (ResultColumn column in result.Columns)
        {
            Assert.True(column.IsNull(0), column.Name);
            Assert.False(column.IsNull(1), column.Name);
            Assert.Null(column.GetValue(0));
            Assert.NotNull(column.GetValue(1));
            Assert.Equal(1, column.NullCount);
        }

        // Value-type NULL rows hold default(T).
        Assert.Equal(0L, result["bi"].Values<long>()[0]);
        Assert.Equal(default, result["dt"].Values<DateOnly>()[0]);
        Assert.Equal(9.5m, result["dec38"].Values<decimal>()[1]);
        Assert.Equal(5.5, result["f"].Values<double>()[1]);
    }

    [Fact]
    public void Results_SpanningSeveralChunks_AreComplete()
    {
        QueryResult result = Connection.Query(
            "SELECT i::INTEGER AS i, i::BIGINT * 1000000000 AS big, CASE WHEN i % 7 = 0 THEN NULL ELSE 'value number ' || i END AS s, " +
            "CASE WHEN i % 5 = 0 THEN NULL ELSE i * 0.5::DOUBLE END AS half, DATE '2000-01-01' + i::INTEGER AS d, (i / 100.0)::DECIMAL(18,2) AS m " +
            "FROM range(5000) t(i) ORDER BY i");
        Assert.Equal(5000, result.RowCount);
        int[] ints = result["i"].Values<int>();
        long[] bigs = result["big"].Values<long>();
        string?[] strings = result["s"].Values<string>();
        double[] halves = result["half"].Values<double>();
        DateOnly[] dates = result["d"].Values<DateOnly>();
        decimal[] money = result["m"].Values<decimal>();
        for (int i = 0; i < 5000; i++)
        {
            Assert.Equal(i, ints[i]);
            Assert.Equal(i * 1_000_000_000L, bigs[i]);
            Assert.Equal(i % 7 == 0 ? null : $"value number {i}", strings[i]);
            Assert.Equal(i % 7 == 0, result["s"].IsNull(i));
            Assert.Equal(i % 5 == 0, result["half"].IsNull(i));
            Assert.Equal(i % 5 == 0 ? 0 : i * 0.5, halves[i]);
            Assert.Equal(new DateOnly(2000, 1, 1).AddDays(i), dates[i]);
            Assert.Equal(i / 100m, money[i]);
        }

        Assert.Equal(Enumerable.Range(0, 5000).Count(i => i % 7 == 0), result["s"].NullCount);
        Assert.Equal(1000, result["half"].NullCount);
    }

    [Fact]
    public void EmptyResult_HasColumnsAndNoRows()
    {
        QueryResult result = Connection.Query("SELECT 1 AS a, 'x' AS b WHERE false");
        Assert.Equal(0, result.RowCount);
        Assert.Equal(2, result.Columns.Count);
        Assert.Empty(result["b"].Values<string>());
        Assert.Equal(0, Connection.Scalar<int>("SELECT 1 WHERE false"));
        Assert.Null(Connection.Scalar<string>("SELECT 'x' WHERE false"));
    }
}
