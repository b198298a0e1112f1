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
