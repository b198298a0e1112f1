namespace OutcomeAnalytics.DuckDb.Tests;

public sealed class ErrorTests : InMemoryDatabase
{
    [Fact]
    public void SyntaxError_CarriesDuckDbTextTypeAndSql()
    {
        var error = Assert.Throws<DuckDbException>(() => Connection.Query("SELEC 1"));
        Assert.Contains("syntax error at or near \"SELEC\"", error.Message, StringComparison.Ordinal);
        Assert.Equal("Parser", error.ErrorType);
        Assert.Equal("SELEC 1", error.Sql);
    }

    [Fact]
    public void SyntaxError_InPreparedStatement_CarriesDuckDbText()
    {
        var error = Assert.Throws<DuckDbException>(() => Connection.Prepare("SELEC ?"));
        Assert.Contains("syntax error", error.Message, StringComparison.Ordinal);
        Assert.Equal("Parser", error.ErrorType);
    }

    [Fact]
    public void ErrorPartWayThroughAResult_ThrowsRatherThanReturningTheRowsSoFar()
    {
        // Rows before the failing one have already been produced when the error is raised: the query must report it
        // instead of returning a short result.
        var error = Assert.Throws<DuckDbException>(() => Connection.Query(
            "SELECT CASE WHEN i < $1 THEN i ELSE error('row ' || i || ' is bad') END AS v FROM range($2) t(i)", 3_000_000L, 6_000_000L));
        // The scan runs on every thread, so the first bad row reached may be any from 3,000,000 on.
        var bad = System.Text.RegularExpressions.Regex.Match(error.Message, @"row (\d+) is bad");
        Assert.True(bad.Success, error.Message);
        Assert.InRange(long.Parse(bad.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 3_000_000L, 5_999_999L);
        Assert.Equal(100_000, Connection.Query("SELECT i FROM range($1) t(i)", 100_000L).RowCount);
    }

    [Fact]
    public void ConstraintViolation_ThrowsConstraintError()
    {
        Connection.Execute("CREATE TABLE c(id INTEGER PRIMARY KEY, name VARCHAR NOT NULL)");
        Connection.Execute("INSERT INTO c VALUES (1, 'a')");
        var duplicate = Assert.Throws<DuckDbException>(() => Connection.Execute("INSERT INTO c VALUES (1, 'b')"));
        Assert.Equal("Constraint", duplicate.ErrorType);
        Assert.Contains("primary key", duplicate.Message, StringComparison.OrdinalIgnoreCase);
        var notNull = Assert.Throws<DuckDbException>(() => Connection.Execute("INSERT INTO c VALUES (?, ?)", 2, null));
        Assert.Contains("NOT NULL", notNull.Message, StringComparison.Ordinal);
        Assert.Equal(1L, Connection.Scalar<long>("SELECT count(*) FROM c"));
    }

    [Fact]
    public void WrongParameterCount_TooFew_ThrowsDuckDbText()
    {
        var error = Assert.Throws<DuckDbException>(() => Connection.Query("SELECT ?, ?", 1));
        Assert.Contains("Values were not provided", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongParameterCount_TooMany_ThrowsDuckDbText()
    {
        var error = Assert.Throws<DuckDbException>(() => Connection.Query("SELECT ?", 1, 2));
        Assert.Contains("statement only has 1 parameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingTable_ThrowsCatalogError()
    {
        var error = Assert.Throws<DuckDbException>(() => Connection.Query("SELECT * FROM no_such_table"));
        Assert.Equal("Catalog", error.ErrorType);
    }

    [Fact]
    public void ConnectionRemainsUsable_AfterErrors()
    {
        for (int i = 0; i < 50; i++)
        {
            Assert.Throws<DuckDbException>(() => Connection.Query("SELECT * FROM nope"));
        }

        Assert.Equal(2, Connection.Scalar<int>("SELECT 1 + 1"));
    }

    [Fact]
    public void ColumnIndexer_UnknownName_ListsColumns()
    {
        QueryResult result = Connection.Query("SELECT 1 AS alpha, 2 AS beta");
        var error = Assert.Throws<KeyNotFoundException>(() => result["gamma"]);
        Assert.Contains("alpha, beta", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, result["BETA"].Values<int>()[0]);
    }
}
