using System.Text;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Formats;
using OutcomeAnalytics.Loading;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Tests.Oracle;

namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// An evaluation keeps its need rows in its own tables in the database until they are read: two evaluations on one
/// connection do not disturb each other, the CSV streamed from DuckDB's memory (WriteNeedsCsv) is the CSV the .NET writer makes, and a
/// disposed evaluation or a closed connection says so rather than returning another run's rows.
/// </summary>
public sealed class EvaluationTablesTests(DefaultEvaluation fixture) : IClassFixture<DefaultEvaluation>
{
    private static readonly DateOnly AsAt = DefaultEvaluation.AsAt;
    private static readonly Framework Phase3 = FrameworkLoader.Get("phase3");

    private static byte[] DotNetCsv(OutcomeAnalytics.Evaluation.EvaluationRun evaluation, bool raw = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true)) EvaluationCsv.WriteNeeds(writer, evaluation.Needs, raw);
        return stream.ToArray();
    }

    private static byte[] StreamedCsv(OutcomeAnalytics.Evaluation.EvaluationRun evaluation, int rowsPerPart = OutcomeAnalytics.Evaluation.EvaluationRun.RowsPerPart, bool raw = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "oa-needs-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            var path = Path.Combine(folder, "needs.csv");
            evaluation.WriteNeedsCsv(path, rowsPerPart, raw);
            Assert.Equal(["needs.csv"], Directory.GetFiles(folder).Select(Path.GetFileName));
            return File.ReadAllBytes(path);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void WriteNeedsCsv_IsByteForByteTheDotNetWriter_OnThousandsOfFamilies()
    {
        var evaluation = fixture.Run;
        Assert.True(evaluation.NeedCount > 5_000);
        Assert.Equal(evaluation.NeedCount, evaluation.Needs.Count);
        var expected = DotNetCsv(evaluation);
        var written = StreamedCsv(evaluation);
        Assert.Equal(Encoding.UTF8.GetString(expected)[..2000], Encoding.UTF8.GetString(written)[..2000]);
        Assert.Equal(expected, written);
    }

    [Fact]
    public void WriteNeedsCsv_ToATextWriter_IsTheSameText()
    {
        var evaluation = fixture.Run;
        using var writer = new StringWriter();
        evaluation.WriteNeedsCsv(writer);
        Assert.Equal(Encoding.UTF8.GetString(DotNetCsv(evaluation)), writer.ToString());
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(4_999)]
    public void WriteNeedsCsv_InParts_IsTheSameFile(int rowsPerPart)
    {
        // A large evaluation is sorted and written in parts that are then joined; the file is the same, and the parts
        // are gone afterwards.
        var evaluation = fixture.Run;
        Assert.True(evaluation.NeedCount / rowsPerPart >= 2);
        Assert.Equal(DotNetCsv(evaluation), StreamedCsv(evaluation, rowsPerPart));
    }

    [Theory]
    [InlineData(" leading space")]
    [InlineData("trailing space ")]
    [InlineData("carriage\rreturn")]
    [InlineData("comma, \"quote\" and\nline feed")]
    [InlineData("=cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("\ttab first")]
    public void WriteNeedsCsv_QuotesAwkwardTextAsTheDotNetWriterDoes(string reason)
    {
        using var data = TestData.FromSample();
        using var connection = Database.Open();
        new DataLoader().Load(connection, data.Folder);
        using var evaluation = Evaluator.Run(connection, Phase3, Phase3.Bind(), new DateOnly(2025, 10, 1));
        // The reason of one row is replaced in the evaluation's own table (its name is public for SQL use).
        connection.Execute($"UPDATE {evaluation.NeedResultsTable} SET reason = $1 WHERE sid = (SELECT min(sid) FROM {evaluation.NeedResultsTable})", reason);
        Assert.Contains(evaluation.Needs, n => n.Reason == reason);
        Assert.Equal(DotNetCsv(evaluation), StreamedCsv(evaluation));
        // A reason that could run as a formula has a ' in front, in both writers; the raw files keep it as it is.
        var protectedText = Encoding.UTF8.GetString(StreamedCsv(evaluation));
        var rawText = Encoding.UTF8.GetString(StreamedCsv(evaluation, raw: true));
        Assert.Equal(rawText, Encoding.UTF8.GetString(DotNetCsv(evaluation, raw: true)));
        if (CsvCells.FormulaStarts.Contains(reason[0], StringComparison.Ordinal))
        {
            Assert.Contains($",\"'{reason}\",", protectedText, StringComparison.Ordinal);
            Assert.DoesNotContain($",\"'{reason}\",", rawText, StringComparison.Ordinal);
        }
        else Assert.Equal(protectedText, rawText);
    }

    [Fact]
    public void TwoEvaluations_OnOneConnection_KeepTheirOwnRows()
    {
        var connection = fixture.Connection;
        using var strict = Evaluator.Run(connection, Phase3, Phase3.Bind(ParameterSet.ParsePairs(["attendance_threshold=99"])), AsAt);
        using var normal = Evaluator.Run(connection, Phase3, Phase3.Bind(), AsAt);
        Assert.NotEqual(strict.NeedResultsTable, normal.NeedResultsTable);
        // Read in the opposite order to the runs: the first run's rows are still its own.
        var normalMet = normal.Needs.Count(n => n.NeedCode == "1.1" && n.Status == "met");
        var strictMet = strict.Needs.Count(n => n.NeedCode == "1.1" && n.Status == "met");
        Assert.True(strictMet < normalMet, $"{strictMet} met at 99% against {normalMet} at the default threshold");
        Assert.Contains(strict.Needs, n => n.NeedCode == "1.1" && n.Detail.Contains("\"threshold_percent\":99", StringComparison.Ordinal));
        Assert.DoesNotContain(normal.Needs, n => n.NeedCode == "1.1" && n.Detail.Contains("\"threshold_percent\":99", StringComparison.Ordinal));
    }

    [Fact]
    public void Dispose_DropsTheTables_RowsAlreadyReadStay()
    {
        var connection = fixture.Connection;
        var read = Evaluator.Run(connection, Phase3, Phase3.Bind(), AsAt, onlyFamily: "F0000007");
        var unread = Evaluator.Run(connection, Phase3, Phase3.Bind(), AsAt, onlyFamily: "F0000007");
        var rows = read.Needs;
        read.Dispose();
        unread.Dispose();
        Assert.Same(rows, read.Needs);
        Assert.Throws<ObjectDisposedException>(() => unread.Needs);
        Assert.Throws<ObjectDisposedException>(() => unread.WriteNeedsCsv(Path.Combine(Path.GetTempPath(), "never.csv")));
        Assert.Equal(0L, connection.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE table_name IN ($1, $2)", read.NeedResultsTable, unread.NeedResultsTable));
        Assert.Single(unread.Claims);
    }

    [Fact]
    public void Needs_AfterTheConnectionCloses_SayWhatToDo()
    {
        using var data = TestData.FromSample();
        OutcomeAnalytics.Evaluation.EvaluationRun evaluation;
        using (var connection = Database.Open())
        {
            new DataLoader().Load(connection, data.Folder);
            evaluation = Evaluator.Run(connection, Phase3, Phase3.Bind(), new DateOnly(2025, 10, 1));
        }
        var error = Assert.Throws<InvalidOperationException>(() => evaluation.Needs);
        Assert.Contains("before closing it", error.Message);
        error = Assert.Throws<InvalidOperationException>(() => Explainer.Explain(evaluation, "F002"));
        Assert.Contains("before closing it", error.Message);
        evaluation.Dispose();
    }

    [Theory]
    [InlineData]
    [InlineData("require_verified=true", "min_change=2", "outcome_terms=3", "baseline_terms=1")]
    public void DecisionsOnly_GivesTheSameDecisionsReasonsAndClaims_WithoutDetails(params string[] overrides)
    {
        // Every measure kind of phase 3 compiles without details; what is left is the same, row for row.
        var parameters = Phase3.Bind(ParameterSet.ParsePairs(overrides));
        using var own = overrides.Length == 0 ? null : Evaluator.Run(fixture.Connection, Phase3, parameters, AsAt);
        var full = own ?? fixture.Run;
        using var lean = Evaluator.Run(fixture.Connection, Phase3, parameters, AsAt, details: false);
        Assert.True(full.HasDetails);
        Assert.False(lean.HasDetails);
        Assert.Equal(full.Claims, lean.Claims);
        Assert.Equal(full.Needs.Select(n => n with { Detail = "" }), lean.Needs);
        Assert.Contains(lean.Needs, n => n.ReliableImprovement == true);
        Assert.All(lean.Needs, n => Assert.Equal("", n.Detail));
        Assert.Equal(0, fixture.Connection.Scalar<long>($"SELECT count(*) FROM {lean.NeedDetailsView}"));
        var error = Assert.Throws<InvalidOperationException>(() => lean.WriteNeedsCsv(Path.Combine(Path.GetTempPath(), "never-written.csv")));
        Assert.Contains("kept decisions only", error.Message);
        error = Assert.Throws<InvalidOperationException>(() => Explainer.Explain(lean, lean.Claims[0].FamilyId));
        Assert.Contains("kept decisions only", error.Message);
    }
}
