namespace OutcomeAnalytics.DuckDb.Tests;

public sealed class ParameterBindingTests : InMemoryDatabase
{
    public static TheoryData<object, string, object> RoundTrips => new()
    {
        { "hello", "VARCHAR", "hello" },
        { "Łódź 😀", "VARCHAR", "Łódź 😀" },
        { string.Empty, "VARCHAR", string.Empty },
        { true, "BOOLEAN", true },
        { false, "BOOLEAN", false },
        { (byte)200, "INTEGER", 200 },
        { (short)-30000, "INTEGER", -30000 },
        { int.MinValue, "INTEGER", int.MinValue },
        { long.MaxValue, "BIGINT", long.MaxValue },
        { 1.5f, "FLOAT", 1.5 },
        { -2.25, "DOUBLE", -2.25 },
        { 123.45m, "DECIMAL(38,2)", 123.45m },
        { -0.0001m, "DECIMAL(38,4)", -0.0001m },
        { 79228162514264337593543950335m, "DECIMAL(38,0)", 79228162514264337593543950335m },
        { -7.9228162514264337593543950335m, "DECIMAL(38,28)", -7.9228162514264337593543950335m },
        { new DateOnly(1900, 3, 1), "DATE", new DateOnly(1900, 3, 1) },
        { new DateOnly(2024, 2, 29), "DATE", new DateOnly(2024, 2, 29) },
        { new DateTime(1969, 12, 31, 23, 59, 59, 999, 999), "TIMESTAMP", new DateTime(1969, 12, 31, 23, 59, 59, 999, 999) },
        { new DateTime(2024, 5, 6, 7, 8, 9, 123, 456), "TIMESTAMP", new DateTime(2024, 5, 6, 7, 8, 9, 123, 456) },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void Bind_SupportedType_RoundTripsThroughTable(object value, string sqlType, object expected)
    {
        Connection.Execute($"CREATE TABLE p(v {sqlType})");
        Assert.Equal(1, Connection.Execute("INSERT INTO p VALUES (?)", value));
        QueryResult result = Connection.Query("SELECT v FROM p WHERE v = ?", value);
        Assert.Equal(1, result.RowCount);
        Assert.Equal(expected, result[0].GetValue(0));
    }

    [Fact]
    public void Bind_NullAndDbNull_BindNull()
    {
        Connection.Execute("CREATE TABLE p(a INTEGER, b VARCHAR)");
        Connection.Execute("INSERT INTO p VALUES (?, ?)", null, DBNull.Value);
        QueryResult result = Connection.Query("SELECT a, b FROM p");
        Assert.True(result["a"].IsNull(0));
        Assert.True(result["b"].IsNull(0));
        Assert.True(Connection.Scalar<bool>("SELECT ? IS NULL", [null]));
    }

    [Fact]
    public void Bind_UnsupportedType_ThrowsArgumentExceptionNamingIndexAndType()
    {
        var error = Assert.Throws<ArgumentException>(() => Connection.Query("SELECT ?, ?", 1, Guid.NewGuid()));
        Assert.Contains("Parameter 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("System.Guid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PreparedStatement_ReusedWithDifferentBindings()
    {
        Connection.Execute("CREATE TABLE p(id INTEGER, name VARCHAR)");
        using (PreparedStatement insert = Connection.Prepare("INSERT INTO p VALUES ($1, $2)"))
        {
            Assert.Equal(2, insert.ParameterCount);
            for (int i = 0; i < 100; i++)
            {
                insert.BindAll(i, $"name {i}");
                Assert.Equal(1, insert.Execute());
            }
        }

        using PreparedStatement select = Connection.Prepare("SELECT name FROM p WHERE id = ?");
        select.Bind(1, 42);
        Assert.Equal("name 42", select.Query()[0].Values<string>()[0]);
        select.Bind(1, 7);
        Assert.Equal("name 7", select.Query()[0].Values<string>()[0]);
        select.ClearBindings();
        Assert.Throws<DuckDbException>(() => select.Query());
    }

    [Fact]
    public void Bind_BadIndex_ThrowsDuckDbExceptionWithDuckDbText()
    {
        using PreparedStatement statement = Connection.Prepare("SELECT ?");
        var error = Assert.Throws<DuckDbException>(() => statement.Bind(2, 1));
        Assert.Contains("Can not bind to parameter number 2", error.Message, StringComparison.Ordinal);
        Assert.Throws<DuckDbException>(() => statement.Bind(0, 1));
    }

    [Fact]
    public void Execute_WithParameters_ReturnsRowsChanged()
    {
        Connection.Execute("CREATE TABLE p(v INTEGER); INSERT INTO p SELECT * FROM range(10)");
        Assert.Equal(4, Connection.Execute("DELETE FROM p WHERE v >= ?", 6));
        Assert.Equal(6, Connection.Execute("UPDATE p SET v = v + 1"));
    }
}
