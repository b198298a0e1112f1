using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Notebooks;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Tests.Reporting;

/// <summary>DataFrames as analysts use them: from a query, through disclosure control, shown by the kernel's formatters.</summary>
public sealed class DataFrameTests
{
    private static DataFrame Counts()
    {
        using var db = Database.Open();
        return db.Frame("""
            SELECT * FROM (VALUES ('East', 0::BIGINT, 3::BIGINT), ('North', 2, 40), ('South', 25, 30)) t(locality, open, closed)
            ORDER BY locality
            """);
    }

    [Fact]
    public void Protect_DataFrameOfCounts_SuppressesLikeACountTable()
    {
        var frame = Counts();
        var protectedFrame = DisclosureControl.Publication.Protect(frame, "Families by status").ToFrame();

        // Rows East, North, South, Total; columns locality, open, closed, Total.
        Assert.Equal(["locality", "open", "closed", "Total"], protectedFrame.Columns.Select(c => c.Name));
        Assert.Equal(["East", "North", "South", "Total"], Column(protectedFrame, "locality"));
        // 3 and 2 are primary (<5); 0 is shown.
        // North's closed (40) is hidden, or 42 - 40 would give its open count; South's open (25) too, or 27 - 0 - 25 would.
        Assert.Equal(["0", "<5", "[c]", "27"], Column(protectedFrame, "open"));
        Assert.Equal(["<5", "[c]", "[c]", "73"], Column(protectedFrame, "closed"));
        Assert.Equal(["<5", "42", "[c]", "100"], Column(protectedFrame, "Total"));

        // The same figures as the CountTable path.
        var table = DisclosureControl.Publication.Protect(CountTable.FromFrame(frame, "Families by status"));
        Assert.Equal(table.ToReportTable().Rows.Select(r => r.Skip(1).Select(v => ((DisclosedCount)v!).Text)).SelectMany(v => v),
            protectedFrame.Columns.Skip(1).SelectMany((c, i) => Enumerable.Range(0, 4).Select(r => (r, i, (string)c[r]!))).OrderBy(x => x.r).ThenBy(x => x.i).Select(x => x.Item3));
    }

    [Fact]
    public void Frame_TypesDuckDbCommonColumns_HugeintSumsDatesListsDecimalsAndNulls()
    {
        using var db = Database.Open();
        var frame = db.Frame("""
            SELECT 'North' AS locality, sum(x) AS families, DATE '2025-03-31' AS quarter_end, [1, 2] AS codes,
                   1.5::DECIMAL(4,1) AS score, NULL::INTEGER AS missing, x > 1 AS flag
            FROM (VALUES (1), (2)) t(x) GROUP BY ALL ORDER BY flag
            """);
        Assert.Equal([typeof(string), typeof(long), typeof(DateTime), typeof(string), typeof(decimal), typeof(long), typeof(bool)],
            frame.Columns.Select(c => c.DataType));
        Assert.Equal(1L, frame.Columns["families"][0]);
        Assert.Equal(new DateTime(2025, 3, 31), frame.Columns["quarter_end"][0]);
        Assert.Equal("[1, 2]", frame.Columns["codes"][0]);
        Assert.Equal(1.5m, frame.Columns["score"][0]);
        Assert.Null(frame.Columns["missing"][0]);

        // A sum of counts (HUGEINT in DuckDB) goes straight into disclosure control.
        var counts = db.Frame("SELECT locality, sum(n) AS families FROM (VALUES ('North', 3), ('South', 40), ('East', 12)) t(locality, n) GROUP BY ALL ORDER BY 1");
        Assert.Equal(["East", "North", "South", "Total"], Column(DisclosureControl.Publication.Protect(counts).ToFrame(), "locality"));
    }

    [Fact]
    public void Frame_HugeintTooLargeForALong_NamesTheColumnAndTheCast()
    {
        using var db = Database.Open();
        var e = Assert.Throws<OverflowException>(() => db.Frame("SELECT 170141183460469231731687303715884105727::HUGEINT AS big"));
        Assert.Contains("Column 'big'", e.Message);
        Assert.Contains("::DOUBLE", e.Message);
    }

    [Fact]
    public void FromFrame_NonCountColumn_IsRejectedNamingIt()
    {
        using var db = Database.Open();
        var frame = db.Frame("SELECT 'North' AS locality, 0.5 AS rate");
        var e = Assert.Throws<ArgumentException>(() => CountTable.FromFrame(frame, "Rates"));
        Assert.Contains("column 'rate'", e.Message);
        Assert.Contains("not counts", e.Message);
    }

    [Fact]
    public void FromFrame_MissingCount_IsRejectedNamingRowAndColumn()
    {
        using var db = Database.Open();
        var frame = db.Frame("SELECT * FROM (VALUES ('North', 4::BIGINT), ('South', NULL)) t(locality, families)");
        var e = Assert.Throws<ArgumentException>(() => CountTable.FromFrame(frame, "Families"));
        Assert.Contains("row 2 has no count in column 'families'", e.Message);
    }

    [Fact]
    public void KernelFormatters_ShowDataFramesAndCountsAsHtmlTables()
    {
        KernelFormatters.Register();
        var frameHtml = Counts().ToDisplayString("text/html");
        Assert.Contains("<caption>3 rows &#215; 3 columns</caption>", frameHtml);
        Assert.Contains("<th scope=\"col\" class=\"num\">closed</th>", frameHtml);
        Assert.Contains("<td class=\"num\">40</td>", frameHtml);

        var counts = CountTable.OneWay("Families", "Locality", "Families", [("North", 3), ("South", 12)]);
        var countsHtml = counts.ToDisplayString("text/html");
        Assert.Contains("&lt;5", countsHtml);
        Assert.DoesNotContain(">3<", countsHtml);
        Assert.Contains("North | <5", counts.ToDisplayString("text/plain"));
        Assert.Equal(["text/html", "text/plain"], Formatter.GetPreferredMimeTypesFor(typeof(CountTable)));
    }

    private static List<string> Column(DataFrame frame, string name) =>
        Enumerable.Range(0, (int)frame.Rows.Count).Select(r => (string)frame.Columns[name][r]!).ToList();
}
