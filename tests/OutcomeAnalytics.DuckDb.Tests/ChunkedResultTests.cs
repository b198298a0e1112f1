using System.Text;

namespace OutcomeAnalytics.DuckDb.Tests;

/// <summary>A result read in place as DuckDB's chunks: VARCHAR as UTF-8 spans, BIGINT as longs, kept until disposed.</summary>
public sealed class ChunkedResultTests : InMemoryDatabase
{
    private static string Text(ResultChunk chunk, int column, int row) => Encoding.UTF8.GetString(chunk.Utf8(column, row));

    [Fact]
    public void EveryRow_AcrossChunks_ReadsAsQueryReadsIt()
    {
        // 5,000 rows are three chunks (2,048 rows each at most). Short values are held inside DuckDB's string entry
        // (12 bytes or fewer), long ones elsewhere; both, and NULL, must read back.
        const string Sql = "SELECT i AS k, CASE WHEN i % 7 = 0 THEN NULL WHEN i % 2 = 0 THEN 'v' || i ELSE repeat('é', 10) || i END AS v, "
            + "CASE WHEN i % 5 = 0 THEN NULL ELSE i * 3 END AS n FROM range($1) t(i) ORDER BY i";
        var expected = Connection.Query(Sql, 5_000L);
        using var result = Connection.QueryChunks(Sql, 5_000L);
        Assert.Equal(3, result.ColumnCount);
        Assert.Equal(5_000, result.RowCount);
        Assert.True(result.ChunkCount >= 3, $"{result.ChunkCount} chunks");
        var row = 0;
        for (var c = 0; c < result.ChunkCount; c++)
        {
            var chunk = result.Chunk(c);
            for (var r = 0; r < chunk.RowCount; r++, row++)
            {
                Assert.Equal(expected[0].Values<long>()[row], chunk.Int64(0, r));
                Assert.Equal(expected[1].IsNull(row), chunk.IsNull(1, r));
                Assert.Equal(expected[1].Values<string?>()[row] ?? "", Text(chunk, 1, r));
                Assert.Equal(expected[2].IsNull(row), chunk.IsNull(2, r));
                Assert.Equal(expected[2].IsNull(row) ? 0 : expected[2].Values<long>()[row], chunk.Int64(2, r));
            }
        }
        Assert.Equal(5_000, row);
    }

    [Fact]
    public void Values_StayReadable_WhileTheConnectionRunsOtherQueries()
    {
        using var result = Connection.QueryChunks("SELECT repeat('x', 100) || i AS v FROM range(3000) t(i) ORDER BY i");
        var last = result.Chunk(result.ChunkCount - 1);
        Connection.Execute("CREATE TABLE t AS SELECT repeat('y', 100) AS v FROM range(100000)");
        Assert.Equal(new string('x', 100) + "0", Text(result.Chunk(0), 0, 0));
        Assert.Equal(new string('x', 100) + "2999", Text(last, 0, last.RowCount - 1));
    }

    [Fact]
    public void AnotherType_IsRefused_NamingTheColumn()
    {
        var error = Assert.Throws<DuckDbException>(() => Connection.QueryChunks("SELECT 'a' AS v, 1 AS small"));
        Assert.Contains("'small'", error.Message, StringComparison.Ordinal);
        Assert.Contains("VARCHAR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadingAColumnAsTheOtherType_Throws()
    {
        using var result = Connection.QueryChunks("SELECT 'a' AS v, CAST(1 AS BIGINT) AS k");
        Assert.Throws<InvalidOperationException>(() => result.Chunk(0).Int64(0, 0));
        Assert.Throws<InvalidOperationException>(() => result.Chunk(0).Utf8(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => result.Chunk(0).IsNull(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => result.Chunk(0).IsNull(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => result.Chunk(1));
    }

    [Fact]
    public void AnError_PartWay_IsReported_AndAnEmptyResultHasNoChunks()
    {
        Assert.Throws<DuckDbException>(() => Connection.QueryChunks("SELECT CAST(CASE WHEN i < 4000 THEN 'ok' ELSE error('stop at ' || i) END AS VARCHAR) FROM range(5000) t(i)"));
        using var empty = Connection.QueryChunks("SELECT 'a' AS v WHERE false");
        Assert.Equal(0, empty.RowCount);
        Assert.Equal(0, empty.ChunkCount);
        Assert.Equal(1, empty.ColumnCount);
    }

    [Fact]
    public void ADisposedResult_RefusesItsChunks()
    {
        var result = Connection.QueryChunks("SELECT 'a' AS v");
        result.Dispose();
        result.Dispose();
        Assert.Throws<ObjectDisposedException>(() => result.Chunk(0));
    }
}
