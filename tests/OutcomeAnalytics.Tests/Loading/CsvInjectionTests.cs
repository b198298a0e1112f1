using OutcomeAnalytics.Formats;
using OutcomeAnalytics.Loading;
using OutcomeAnalytics.Tests.Cli;

namespace OutcomeAnalytics.Tests.Loading;

/// <summary>
/// The CSV files people open protect text cells that a spreadsheet would run as formulas (CSV injection), leave
/// numbers as numbers, and write everything as it is when asked for raw files.
/// </summary>
public sealed class CsvInjectionTests
{
    public static TheoryData<string, string> Cells => new()
    {
        { "=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\"" },
        { "+1+1", "\"'+1+1\"" },
        { "-2+3", "\"'-2+3\"" },
        { "@SUM(A1:A9)", "\"'@SUM(A1:A9)\"" },
        { "\tHYPERLINK", "\"'\tHYPERLINK\"" },
        { "\r=1", "\"'\r=1\"" },
        // A rejected value is text as it was written: a minus sign in front is protected too.
        { "-5", "\"'-5\"" },
        { "plain", "plain" },
        { "a=b", "a=b" },
        { " =1", " =1" },
    };

    [Theory]
    [MemberData(nameof(Cells))]
    public void RejectsCsv_ProtectsTextCells_AndRawKeepsThem(string value, string cell)
    {
        using var data = TestData.Empty();
        var reject = new RejectedRow("people", "people.csv", -3, "sex", "controlled_value", value, "people.csv line 2, column sex: x", value);
        RejectsCsv.Write(data.PathOf("protected.csv"), [reject]);
        RejectsCsv.Write(data.PathOf("raw.csv"), [reject], raw: true);
        var written = File.ReadAllText(data.PathOf("protected.csv"));
        // The line is a number: written as it is, even when negative.
        Assert.Equal($"table,file,line,column,rule,value,message,row\r\npeople,people.csv,-3,sex,controlled_value,{cell},people.csv line 2, column sex: x,{cell}\r\n"
            .Replace("people.csv line 2, column sex: x", "\"people.csv line 2, column sex: x\"", StringComparison.Ordinal), written);
        var raw = File.ReadAllText(data.PathOf("raw.csv"));
        Assert.DoesNotContain("'" + value, raw, StringComparison.Ordinal);
        Assert.Equal(cell == value ? written : written.Replace(cell, Quoted(value), StringComparison.Ordinal), raw);
    }

    [Fact]
    public void Protect_IsWhatTheWriterDoes_ToText()
    {
        Assert.Equal("'=1", CsvCells.Protect("=1"));
        Assert.Equal("'-1", CsvCells.Protect("-1"));
        Assert.Equal("1", CsvCells.Protect("1"));
        Assert.Equal("", CsvCells.Protect(""));
    }

    [Fact]
    public void LoadCommand_RejectsFile_ProtectsAFormula_AndRawCsvWritesItAsItCame()
    {
        using var data = TestData.FromSample();
        data.AppendLine("people.csv", "P0900,1990-01-01,=cmd|' /C calc'!A0,@x");
        var line = data.Lines("people.csv").Length;
        var (code, _, err) = CliTests.Run("load", "--data", data.Folder, "--db", data.DbPath, "--quiet", "--rejects", data.PathOf("rejects.txt"));
        Assert.Equal(1, code);
        Assert.Contains($"people.csv line {line}, column sex: '=cmd|' /C calc'!A0' is not one of female, male, other, unknown", err, StringComparison.Ordinal);
        Assert.Equal($"people,people.csv,{line},sex,controlled_value,\"'=cmd|' /C calc'!A0\","
            + $"\"people.csv line {line}, column sex: '=cmd|' /C calc'!A0' is not one of female, male, other, unknown\",\"P0900,1990-01-01,=cmd|' /C calc'!A0,@x\"",
            File.ReadAllLines(data.PathOf("rejects.txt"))[1]);
        (code, _, _) = CliTests.Run("load", "--data", data.Folder, "--db", data.DbPath, "--quiet", "--rejects", data.PathOf("rejects.txt"), "--raw-csv");
        Assert.Equal(1, code);
        Assert.Equal($"people,people.csv,{line},sex,controlled_value,=cmd|' /C calc'!A0,"
            + $"\"people.csv line {line}, column sex: '=cmd|' /C calc'!A0' is not one of female, male, other, unknown\",\"P0900,1990-01-01,=cmd|' /C calc'!A0,@x\"",
            File.ReadAllLines(data.PathOf("rejects.txt"))[1]);
    }

    private static string Quoted(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
