namespace OutcomeAnalytics.DuckDb.Tests;

public sealed class VarcharTypeTests : InMemoryDatabase
{
    [Fact]
    public void Varchar_InlineAndPointerBoundary_RoundTrip()
    {
        QueryResult result = Connection.Query("SELECT * FROM (VALUES ('abcdefghijkl'), ('abcdefghijklm'), ('a')) t(s)");
        Assert.Equal(DuckDbType.Varchar, result[0].Type);
        Assert.Equal(typeof(string), result[0].ClrType);
        Assert.Equal(["abcdefghijkl", "abcdefghijklm", "a"], result[0].Values<string>());
    }

    [Fact]
    public void Varchar_LongPointerStrings_RoundTrip()
    {
        string longText = new('x', 100_000);
        Assert.Equal(longText, Connection.Scalar<string>("SELECT repeat('x', 100000)"));
        QueryResult result = Connection.Query("SELECT 'row ' || i || ' ' || repeat('y', 20) AS s FROM range(3000) t(i) ORDER BY i");
        string?[] values = result[0].Values<string>();
        Assert.Equal(3000, values.Length);
        Assert.Equal("row 2999 " + new string('y', 20), values[2999]);
    }

    [Fact]
    public void Varchar_RepeatedAndNearlyEqualShortValues_ReadBackExactly()
    {
        // Many rows, chunk after chunk: values that repeat, differ in one byte, in length or only in a multi-byte
        // character must all come back as written, inline (up to 12 bytes) or not.
        QueryResult result = Connection.Query("""
            SELECT CASE i % 5 WHEN 0 THEN 'status-' || (i % 3) WHEN 1 THEN 'F' || lpad(CAST(i // 7 AS VARCHAR), 7, '0')
                              WHEN 2 THEN 'café ' || (i % 11) WHEN 3 THEN 'cafe ' || (i % 11) ELSE repeat('z', 1 + i % 120) END AS s,
                   i
            FROM range(200000) t(i) ORDER BY i
            """);
        string?[] values = result[0].Values<string>();
        long[] ids = result[1].Values<long>();
        for (int r = 0; r < values.Length; r++)
        {
            long i = ids[r];
            string expected = (i % 5) switch
            {
                0 => "status-" + (i % 3),
                1 => "F" + (i / 7).ToString("D7", System.Globalization.CultureInfo.InvariantCulture),
                2 => "café " + (i % 11),
                3 => "cafe " + (i % 11),
                _ => new string('z', (int)(1 + (i % 120))),
            };
            Assert.Equal(expected, values[r]);
        }
    }

    [Fact]
    public void Varchar_EmptyStringVersusNull_AreDistinct()
    {
        QueryResult result = Connection.Query("SELECT * FROM (VALUES (''), (NULL), ('x')) t(s)");
        ResultColumn column = result[0];
        Assert.Equal(string.Empty, column.Values<string>()[0]);
        Assert.False(column.IsNull(0));
        Assert.Null(column.Values<string>()[1]);
        Assert.True(column.IsNull(1));
        Assert.Equal(1, column.NullCount);
    }

    [Theory]
    [InlineData("Zoë")]
    [InlineData("Łódź")]
    [InlineData("😀 emoji family 👨‍👩‍👧")]
    [InlineData("Ünïcödé text longer than twelve bytes ✓")]
    public void Varchar_NonAscii_RoundTrip(string text)
    {
        Assert.Equal(text, Connection.Scalar<string>("SELECT ?", text));
        Connection.Execute("CREATE TABLE s(v VARCHAR)");
        Connection.Execute("INSERT INTO s VALUES (?)", text);
        Assert.Equal(text, Connection.Query("SELECT v FROM s")[0].Values<string>()[0]);
        Assert.Equal(text.EnumerateRunes().Count(), Connection.Scalar<long>("SELECT length(v) FROM s"));
    }
}
