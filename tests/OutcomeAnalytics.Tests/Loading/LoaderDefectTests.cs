using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Loading;

namespace OutcomeAnalytics.Tests.Loading;

/// <summary>Defects found by trying the loader with hostile extracts: each test fails without its fix.</summary>
public sealed class LoaderDefectTests
{
    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));

    private static LoadResult Load(DuckDB.NET.Data.DuckDBConnection c, TestData data) =>
        new DataLoader().Load(c, data.Folder, new LoadOptions { Clock = Clock });

    [Fact]
    public void RowLongerThanTheLimit_IsRejectedWithAShortMessage_KeptWhole_AndTheRestLoads()
    {
        // Storing the rejects once read them back from a CSV file, whose reader refused the 5 MB line: the whole load failed.
        using var data = TestData.FromSample();
        var rows = data.Lines("people.csv").Length - 1;
        var row = "P9999,1990-01-01,female," + new string('x', 5_000_000);
        data.AppendLine("people.csv", row);
        data.AppendLine("people.csv", "P9998,1990-01-01,male,");
        using var c = Database.Open();
        var result = Load(c, data);
        var people = result.Tables.Single(t => t.Table == "people");
        Assert.Equal((rows + 2, rows + 1, 1L), (people.RowsRead, people.RowsLoaded, people.RowsRejected));
        var reject = Assert.Single(result.Rejects);
        Assert.Equal($"people.csv line {rows + 2}: the row is 5,000,024 bytes long; a row may have at most 2,000,000 bytes "
            + "(a value this long is usually a document or a whole file pasted into a cell)", reject.Message);
        Assert.Equal(("row_too_long", row), (reject.Rule, reject.Row));
        Assert.Equal([5_000_024L], c.Rows("SELECT length(row_text) FROM load_rejects", r => r.GetInt64(0)));
        Assert.Equal(1, c.Scalar<long>("SELECT count(*) FROM people WHERE person_id = 'P9998'"));
    }

    [Fact]
    public void LongValue_IsQuotedInMessagesCut_AndKeptWholeInTheRejects()
    {
        using var data = TestData.FromSample();
        var value = new string('y', 100_000);
        data.AppendLine("people.csv", $"P9999,1990-01-01,{value},");
        using var c = Database.Open();
        var reject = Assert.Single(Load(c, data).Rejects);
        Assert.Equal($"people.csv line {data.Lines("people.csv").Length}, column sex: '{value[..RejectMessages.ShownLength]}… (100,000 characters)' "
            + "is not one of female, male, other, unknown", reject.Message);
        Assert.Equal(value, reject.Value);
    }

    [Theory]
    [InlineData("\r\n", "\n")]
    [InlineData("\n", "\r\n")]
    public void MixedLineEndings_LoadEveryGoodRow_AndNameTheRightLines(string most, string added)
    {
        // DuckDB's strict reader takes one kind of line break per file and failed the whole file ("invalid state").
        using var data = TestData.FromSample();
        var lines = data.Lines("attendance.csv").ToList();
        var text = string.Join(most, lines) + most
            + string.Join(added, ["P0001,2024/25,autumn,140,111,14,15", "\"P0001\",2024/25,spring,116,90,13,bad", "P0001,2024/25,summer,100,90,5,5"]) + added;
        data.Write("attendance.csv", text);
        using var c = Database.Open();
        var result = Load(c, data);
        var attendance = result.Tables.Single(t => t.Table == "attendance");
        Assert.Equal((lines.Count + 2L, lines.Count + 1L, 1L), (attendance.RowsRead, attendance.RowsLoaded, attendance.RowsRejected));
        var reject = Assert.Single(result.Rejects);
        Assert.Equal($"attendance.csv line {lines.Count + 2}, column unauthorised_absence: 'bad' is not a whole number", reject.Message);
        Assert.Equal("\"P0001\",2024/25,spring,116,90,13,bad", reject.Row);
        Assert.Equal(2, c.Scalar<long>("SELECT count(*) FROM attendance WHERE person_id = 'P0001'"));
    }

    [Fact]
    public void CarriageReturnLineEndings_LoadEveryRow_AndNameTheRightLine()
    {
        using var data = TestData.FromSample();
        var lines = data.Lines("people.csv").ToList();
        lines.Add("P0900,1990-01-01,femal,\"two\rlines\"");
        lines.Add("P0901,1990-01-01,female,");
        data.Write("people.csv", string.Join("\r", lines) + "\r");
        using var c = Database.Open();
        var result = Load(c, data);
        var reject = Assert.Single(result.Rejects);
        Assert.Equal($"people.csv line {lines.Count - 1}, column sex: 'femal' is not one of female, male, other, unknown", reject.Message);
        Assert.Equal(lines.Count - 2, c.Scalar<long>("SELECT count(*) FROM people"));
    }
}
