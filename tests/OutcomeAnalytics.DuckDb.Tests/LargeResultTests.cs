namespace OutcomeAnalytics.DuckDb.Tests;

/// <summary>Queries whose results are large enough for DuckDB to run them in several pipelines at once.</summary>
[Collection(nameof(RunAlone))]
public sealed class LargeResultTests : InMemoryDatabase
{
    [Fact]
    public async Task PreparedUnionOfTwoJoins_OverMillionsOfRows_ReturnsEveryRow()
    {
        // DuckDB 1.5.6 waits forever on a streamed result of this shape (duckdb/duckdb#22215): with 5 million rows
        // in each table, a prepared query that streamed its result never returned. The query runs on another thread
        // so that a regression fails the test rather than hanging the run.
        const long Rows = 5_000_000;
        Connection.Execute("CREATE TABLE a AS SELECT i AS k, 'a' || i AS s FROM range($1) t(i)", Rows);
        Connection.Execute("CREATE TABLE b AS SELECT i AS k, 'b' || i AS s FROM range($1) t(i)", Rows);
        var query = Task.Run(() => Connection.Query(
            "SELECT a.k, a.s FROM a JOIN b ON b.k = a.k WHERE a.k >= $1 UNION ALL SELECT b.k, b.s FROM b JOIN a ON a.k = b.k WHERE b.k >= $1", 10L), TestContext.Current.CancellationToken);
        var first = await Task.WhenAny(query, Task.Delay(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken));
        Assert.True(first == query, "The prepared UNION ALL query did not return within 120 s.");
        var result = await query;
        Assert.Equal(2 * (Rows - 10), result.RowCount);
        var keys = result[0].Values<long>();
        var texts = result[1].Values<string>();
        Assert.Equal(Rows - 10, texts.Count(s => s![0] == 'a'));
        Assert.All(Enumerable.Range(0, result.RowCount).Where(i => i % 100_003 == 0), i => Assert.Equal(texts[i]![1..], keys[i].ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
