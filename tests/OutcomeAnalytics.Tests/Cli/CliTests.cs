using OutcomeAnalytics.Cli;

namespace OutcomeAnalytics.Tests.Cli;

public sealed class CliTests
{
    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = OutcomesCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Load_Sample_PrintsTheSummary_AndExitsZero()
    {
        using var data = TestData.FromSample();
        var csv = data.PathOf("summary.out");
        var (code, output, error) = Run("load", "--data", data.Folder, "--db", data.DbPath, "--out", csv);
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("attendance", output);
        Assert.Matches(@"total\s+\d+\s+\d+\s+0", output);
        Assert.StartsWith("load_id,table,file,rows_read,rows_loaded,rows_rejected", File.ReadAllText(csv));
        Assert.True(File.Exists(Path.ChangeExtension(data.DbPath, null) + ".rejects.csv"));
    }

    [Fact]
    public void Load_MissingDataFolder_NamesIt_AndLeavesNoDatabaseBehind()
    {
        using var data = TestData.Empty();
        var (code, _, error) = Run("load", "--data", data.PathOf("no-such-folder"), "--db", data.DbPath);
        Assert.Equal(ExitCodes.Rejected, code);
        Assert.Contains($"The data folder '{data.PathOf("no-such-folder")}' does not exist.", error);
        Assert.False(File.Exists(data.DbPath), "a mistyped folder must not create an empty database");
    }

    [Theory]
    [InlineData("load")]
    [InlineData("claims")]
    public void ADbThatIsNotADuckDbDatabase_IsOneSentence_ExitTwo_NoStackTrace(string command)
    {
        using var data = TestData.FromSample();
        File.WriteAllText(data.DbPath, "family_id,attached_date\nF001,2024-01-01\n" + new string('x', 8192));
        var before = File.ReadAllBytes(data.DbPath);
        string[] args = command == "load"
            ? ["load", "--data", data.Folder, "--db", data.DbPath]
            : ["claims", "--framework", "phase3", "--as-at", "2025-10-01", "--db", data.DbPath];
        var (code, output, error) = Run(args);
        Assert.Equal(ExitCodes.UsageOrFatal, code);
        Assert.Equal("", output);
        Assert.Equal($"error: '{Path.GetFullPath(data.DbPath)}' is not a DuckDB database; give the path of a database made by 'outcomes load', or a new file name.",
            error.TrimEnd());
        Assert.Equal(before, File.ReadAllBytes(data.DbPath));
    }

    [Fact]
    public void Load_WithRejects_ExitsOne_AndListsThemOnStderr()
    {
        using var data = TestData.FromSample();
        data.AppendLine("people.csv", "P0900,1990-01-01,femal,");
        var rejects = data.PathOf("rejects.out");
        var (code, _, error) = Run("load", "--data", data.Folder, "--db", data.DbPath, "--rejects", rejects);
        Assert.Equal(ExitCodes.Rejected, code);
        Assert.Contains("column sex: 'femal' is not one of female, male, other, unknown", error);
        var lines = File.ReadAllLines(rejects);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("people,people.csv,", lines[1]);
    }

    [Fact]
    public void Load_MissingRequiredFile_ExitsOne_WithoutAStackTrace()
    {
        using var data = TestData.FromSample();
        data.Delete("families.csv");
        var (code, _, error) = Run("load", "--data", data.Folder, "--db", data.DbPath);
        Assert.Equal(ExitCodes.Rejected, code);
        Assert.Contains("families.csv", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData("load", "--db", "x.duckdb")]
    [InlineData("load", "--data", ".", "--db", "x.duckdb", "--bogus")]
    [InlineData("frobnicate")]
    public void BadUsage_ExitsTwo_WithAnErrorOnStderr(params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.Equal(ExitCodes.UsageOrFatal, code);
        Assert.Contains("error:", error);
        Assert.Equal("", output);
    }

    [Fact]
    public void BadDateFormat_ExitsTwo()
    {
        using var data = TestData.FromSample();
        var (code, _, error) = Run("load", "--data", data.Folder, "--db", data.DbPath, "--date-format", "MM-YY");
        Assert.Equal(ExitCodes.UsageOrFatal, code);
        Assert.Contains("'MM-YY' is not a date format", error);
    }

    [Fact]
    public void Help_OnTheRootCommand_ListsExitCodesAndAnExample()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("Exit codes: 0 success; 1 input rejected or a check failed; 2 usage or fatal error.", output);
        Assert.Contains("Example:", output);
    }

    [Theory]
    [InlineData("load")]
    [InlineData("dictionary", "docs")]
    [InlineData("dictionary", "ddl")]
    public void Help_OnEveryCommand_ShowsAnExample(params string[] command)
    {
        var (code, output, _) = Run([.. command, "--help"]);
        Assert.Equal(0, code);
        Assert.Contains("Example:", output);
    }
}
