using System.Diagnostics;
using OutcomeAnalytics.Cli;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Loading;
using OutcomeAnalytics.Tests.Cli;

namespace OutcomeAnalytics.Tests.Loading;

/// <summary>
/// The sizes of the hostile corpus, too large to keep as case files: each file is built by the test in a temporary
/// folder. A 10 MB field, a million lines, and a file over the size a load reads.
/// </summary>
public sealed class HostileSizeTests(ITestOutputHelper output)
{
    private const int SampleRows = 14;

    [Fact]
    public void TenMegabyteField_RejectsItsRowWithAShortLocatedMessage_KeepsItWhole_AndLosesNoRow()
    {
        using var data = TestData.FromSample();
        using var folder = TestData.Empty();
        var db = folder.PathOf("big-field.duckdb");
        var row = "P0900,1990-01-01,female," + new string('x', 10 << 20);
        data.AppendLine("people.csv", row);
        data.AppendLine("people.csv", "P0901,1990-01-01,male,");

        var (code, _, error) = CliTests.Run("load", "--data", data.Folder, "--db", db, "--quiet");
        Assert.Equal(ExitCodes.Rejected, code);
        Assert.Equal(
            "1 problem in rejected rows (all of them: " + Path.ChangeExtension(db, null) + ".rejects.csv, and the load_rejects table):\n"
            + "  people.csv line 16: the row is 10,485,784 bytes long; a row may have at most 2,000,000 bytes "
            + "(a value this long is usually a document or a whole file pasted into a cell)\n", error.Replace("\r\n", "\n", StringComparison.Ordinal));
        using var connection = Database.Open(db, readOnly: true);
        Assert.Equal((SampleRows + 2L, SampleRows + 1L, 1L), connection.Rows(
            "SELECT rows_read, rows_loaded, rows_rejected FROM load_log WHERE table_name = 'people'", r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2))).Single());
        Assert.Equal(SampleRows + 1L, connection.Scalar<long>("SELECT count(*) FROM people"));
        Assert.Equal([(long)row.Length], connection.Rows("SELECT length(row_text) FROM load_rejects", r => r.GetInt64(0)));
    }

    [Fact]
    public void AMillionLines_LoadEveryGoodRow_AndNameTheBadOnesByTheirLine()
    {
        const int added = 1_000_000;
        using var data = TestData.FromSample();
        using var folder = TestData.Empty();
        using (var writer = new StreamWriter(data.PathOf("people.csv"), append: true))
            for (var i = 0; i < added; i++)
                writer.Write(i switch
                {
                    400_000 => "P+400000,1990-13-01,female,\n",
                    added - 1 => $"1.00000E+06,1990-01-01,female,\n",
                    _ => $"Q{i:D7},1990-01-01,{(i % 2 == 0 ? "female" : "male")},\n",
                });
        var clock = Stopwatch.StartNew();
        var (code, _, error) = CliTests.Run("load", "--data", data.Folder, "--db", folder.PathOf("million.duckdb"), "--quiet");
        output.WriteLine($"{SampleRows + added:N0} people rows loaded in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(ExitCodes.Rejected, code);
        var rejects = error.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        Assert.Equal(
        [
            $"people.csv line {1 + SampleRows + 400_001}, column date_of_birth: '1990-13-01' is not a valid date (expected YYYY-MM-DD)",
            $"people.csv line {1 + SampleRows + added}, column person_id: '1.00000E+06' is an id a spreadsheet turned into scientific notation, which loses its last digits; "
                + "export the file again without opening it in a spreadsheet, or format the column as text before the ids go in",
        ], rejects);
        using var connection = Database.Open(folder.PathOf("million.duckdb"), readOnly: true);
        Assert.Equal((SampleRows + (long)added, SampleRows + added - 2L, 2L), connection.Rows(
            "SELECT rows_read, rows_loaded, rows_rejected FROM load_log WHERE table_name = 'people'", r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2))).Single());
        Assert.Equal(SampleRows + added - 2L, connection.Scalar<long>("SELECT count(*) FROM people"));
    }

    [Fact]
    public void AFileOverTwoGigabytes_IsRefusedBeforeAnythingIsRead_SayingHowToRaiseTheLimit()
    {
        using var data = TestData.FromSample();
        using var folder = TestData.Empty();
        var db = folder.PathOf("huge.duckdb");
        Assert.Equal(0, CliTests.Run("load", "--data", data.Folder, "--db", db, "--quiet").Code);
        var before = HostileCorpusTests.Snapshot(db);
        // A sparse file: a header, a row, then a hole up to 2 GiB and a byte (no disk space used, nothing written).
        var attendance = data.PathOf("attendance.csv");
        using (var file = new FileStream(attendance, FileMode.Open, FileAccess.Write)) file.SetLength(LoadOptions.DefaultMaxFileBytes + 1);

        var clock = Stopwatch.StartNew();
        var (code, _, error) = CliTests.Run("load", "--data", data.Folder, "--db", db, "--quiet");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(ExitCodes.Rejected, code);
        Assert.Equal("error: attendance.csv: the file is 2.0 GiB (2,147,483,649 bytes), more than the 2.0 GiB (2,147,483,648 bytes) a load reads (--max-file-size); "
            + "check that it is the extract you meant, or load it with --max-file-size 3GB. Nothing was loaded.\n", error.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(before, HostileCorpusTests.Snapshot(db));
    }

    [Theory]
    [InlineData("1KB", ExitCodes.Rejected)]
    [InlineData("0", ExitCodes.Success)]
    [InlineData("1 gb", ExitCodes.Success)]
    public void MaxFileSize_SetsTheLimit_ZeroForNone(string size, int exit)
    {
        using var data = TestData.FromSample();
        using var folder = TestData.Empty();
        var (code, _, error) = CliTests.Run("load", "--data", data.Folder, "--db", folder.PathOf("limit.duckdb"), "--quiet", "--max-file-size", size);
        Assert.True(code == exit, error);
        if (exit == ExitCodes.Rejected)
            Assert.StartsWith("error: attendance.csv: the file is 0.0 GiB (", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4GB", 4L << 30)]
    [InlineData("1.5 mb", 3L << 19)]
    [InlineData("512", 512L)]
    [InlineData("0", 0L)]
    public void ParseFileSize_ReadsBytesAndUnits(string text, long bytes) => Assert.Equal(bytes, LoadOptions.ParseFileSize(text));

    [Fact]
    public void ParseFileSize_RefusesOtherText_SayingWhatItTakes()
    {
        var e = Assert.Throws<FormatException>(() => LoadOptions.ParseFileSize("-1GB; DROP TABLE x"));
        Assert.Equal("'-1GB; DROP TABLE x' is not a file size: give bytes, or a number with KB, MB, GB or TB (such as 4GB); 0 for no limit.", e.Message);
    }
}
