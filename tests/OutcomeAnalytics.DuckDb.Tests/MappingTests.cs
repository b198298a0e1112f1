using System.Data;

namespace OutcomeAnalytics.DuckDb.Tests;

public sealed class MappingTests : InMemoryDatabase
{
    private const string FamiliesSql =
        "SELECT * FROM (VALUES (1, 'Smith', 2.5::DOUBLE, DATE '2020-01-01', 10.25::DECIMAL(18,2)), " +
        "(2, NULL, NULL, NULL, NULL)) t(family_id, family_name, score, joined_on, budget) ORDER BY family_id";

    public sealed record FamilyRecord(int FamilyId, string? FamilyName, double? Score, DateOnly? JoinedOn, decimal? Budget);

    public sealed class FamilyClass
    {
        public long FamilyId { get; set; }

        public string? FamilyName { get; set; }

        public double? Score { get; init; }

        public DateTime? JoinedOn { get; set; }

        public string Unmapped { get; set; } = "default";
    }

    public sealed record NeedsMissing(int FamilyId, string Missing);

    public sealed record WrongType(int FamilyId, DateOnly FamilyName);

    public sealed record NotNullable(int FamilyId, double Score);

    [Fact]
    public void ToRecords_PositionalRecord_MapsSnakeCaseColumns()
    {
        IReadOnlyList<FamilyRecord> records = Connection.Query(FamiliesSql).ToRecords<FamilyRecord>();
        Assert.Equal(
            [new FamilyRecord(1, "Smith", 2.5, new DateOnly(2020, 1, 1), 10.25m), new FamilyRecord(2, null, null, null, null)],
            records);
    }

    [Fact]
    public void ToRecords_PropertyClass_MapsAndConverts()
    {
        IReadOnlyList<FamilyClass> records = Connection.Query(FamiliesSql).ToRecords<FamilyClass>();
        Assert.Equal(2, records.Count);
        Assert.Equal(1L, records[0].FamilyId);
        Assert.Equal("Smith", records[0].FamilyName);
        Assert.Equal(2.5, records[0].Score);
        Assert.Equal(new DateTime(2020, 1, 1), records[0].JoinedOn);
        Assert.Equal("default", records[0].Unmapped);
        Assert.Null(records[1].FamilyName);
        Assert.Null(records[1].JoinedOn);
    }

    [Fact]
    public void ToRecords_MissingColumn_ThrowsClearError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Connection.Query(FamiliesSql).ToRecords<NeedsMissing>());
        Assert.Contains("'Missing'", error.Message, StringComparison.Ordinal);
        Assert.Contains("family_id, family_name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToRecords_UnconvertibleColumn_ThrowsClearError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Connection.Query(FamiliesSql).ToRecords<WrongType>());
        Assert.Contains("family_name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToRecords_NullIntoNonNullable_ThrowsClearError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Connection.Query(FamiliesSql).ToRecords<NotNullable>());
        Assert.Contains("'score'", error.Message, StringComparison.Ordinal);
        Assert.Contains("row 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDataTable_UsesClrTypesAndDbNull()
    {
        using DataTable table = Connection.Query(FamiliesSql).ToDataTable();
        Assert.Equal(5, table.Columns.Count);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal(typeof(int), table.Columns["family_id"]!.DataType);
        Assert.Equal(typeof(DateOnly), table.Columns["joined_on"]!.DataType);
        Assert.Equal("Smith", table.Rows[0]["family_name"]);
        Assert.Equal(10.25m, table.Rows[0]["budget"]);
        Assert.Equal(DBNull.Value, table.Rows[1]["family_name"]);
        Assert.Equal(DBNull.Value, table.Rows[1]["score"]);
    }

    [Fact]
    public void Rows_GivesRowWiseView()
    {
        List<object?[]> rows = Connection.Query(FamiliesSql).Rows().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal([1, "Smith", 2.5, new DateOnly(2020, 1, 1), 10.25m], rows[0]);
        Assert.Equal([2, null, null, null, null], rows[1]);
    }

    [Fact]
    public void Scalar_ConvertsAndHandlesNull()
    {
        Assert.Equal(5L, Connection.Scalar<long>("SELECT 5"));
        Assert.Equal(5, Connection.Scalar<int>("SELECT 5::BIGINT"));
        Assert.Null(Connection.Scalar<string>("SELECT NULL::VARCHAR"));
        Assert.Null(Connection.Scalar<int?>("SELECT NULL"));
        Assert.Equal(new DateOnly(2001, 2, 3), Connection.Scalar<DateOnly>("SELECT DATE '2001-02-03'"));
    }
}
