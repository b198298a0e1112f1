using OutcomeAnalytics.Loading;

namespace OutcomeAnalytics.Tests.Loading;

public sealed class CsvTextTests
{
    [Fact]
    public void IndexRecords_CountsLinesInsideQuotes_SkipsBlankLines_AndHandlesCrLf()
    {
        using var data = TestData.Empty();
        data.Write("t.csv", "a,b\r\n1,\"x\r\ny\"\r\n\r\n2,z\r\n3,\"\"\"q\"\"\"");
        var index = CsvText.IndexRecords(data.PathOf("t.csv"));
        Assert.Equal(3, index.Count);
        Assert.Equal([2, 5, 6], new[] { index.Line(0), index.Line(1), index.Line(2) });
        using var stream = index.Open();
        Assert.Equal("1,\"x\r\ny\"", index.Raw(0, stream));
        Assert.Equal("2,z", index.Raw(1, stream));
        Assert.Equal("3,\"\"\"q\"\"\"", index.Raw(2, stream));
    }

    [Fact]
    public void ReadHeader_StripsTheBom_AndTrimsNames()
    {
        using var data = TestData.Empty();
        File.WriteAllBytes(data.PathOf("t.csv"), [0xEF, 0xBB, 0xBF, .. "\"Person_ID\" , DOB\r\n1,2\r\n"u8.ToArray()]);
        Assert.Equal(["Person_ID", "DOB"], CsvText.ReadHeader(data.PathOf("t.csv")));
    }
}
