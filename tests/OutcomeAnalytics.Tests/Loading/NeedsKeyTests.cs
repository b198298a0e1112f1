using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Loading;

namespace OutcomeAnalytics.Tests.Loading;

/// <summary>
/// The needs table's key is (family_id, need_code, person_id, framework): the sample's line 2 is F001's need 1.1 for
/// P0002 under phase3 (its framework cell empty, the contract's default).
/// </summary>
public sealed class NeedsKeyTests
{
    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));

    private static LoadResult Load(DuckDBConnection c, TestData data) =>
        new DataLoader().Load(c, data.Folder, new LoadOptions { Clock = Clock });

    [Theory]
    [InlineData("phase3")]
    [InlineData("")]
    public void TheSameNeed_UnderOneFramework_IsADuplicate_Located(string framework)
    {
        using var data = TestData.FromSample();
        Assert.Equal("F001,1.1,P0002,2023-01-16,,", data.Lines("needs.csv")[1]);
        data.AppendLine("needs.csv", $"F001,1.1,P0002,2023-02-01,,{framework}");
        using var c = Database.Open();
        var reject = Assert.Single(Load(c, data).Rejects);
        Assert.Equal(("needs", "duplicate_key", "family_id+need_code+person_id+framework"), (reject.Table, reject.Rule, reject.Column));
        Assert.Equal($"needs.csv line {data.Lines("needs.csv").Length}, column family_id+need_code+person_id+framework: "
            + $"duplicate key (family_id 'F001', need_code '1.1', person_id 'P0002', framework '{framework}'): line 2 has the same key and was kept", reject.Message);
        Assert.Equal(1L, c.Scalar<long>("SELECT count(*) FROM needs WHERE family_id = 'F001' AND need_code = '1.1' AND person_id = 'P0002'"));
    }

    [Fact]
    public void TheSameNeed_UnderTwoFrameworks_IsTwoRows()
    {
        using var data = TestData.FromSample();
        data.AppendLine("needs.csv", "F001,1.1,P0002,2023-01-16,,phase3-sfop");
        using var c = Database.Open();
        Assert.Empty(Load(c, data).Rejects);
        Assert.Equal(["phase3", "phase3-sfop"], c.Rows("SELECT framework FROM needs WHERE family_id = 'F001' AND need_code = '1.1' AND person_id = 'P0002' ORDER BY framework",
            r => r.GetString(0)));
    }
}
