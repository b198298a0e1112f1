using System.Diagnostics;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Loading;
using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Tests.Faults;

/// <summary>
/// Fifty rounds on one database file, loads alternating with evaluations, each round opening and closing the file:
/// the file and the process's memory stay bounded.
/// </summary>
[Collection(nameof(FaultRuns))]
public sealed class SoakTests(ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 50;
    private const int Settled = 5;
    private readonly string _folder = Directory.CreateTempSubdirectory("oa-soak-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void FiftyRoundsOfLoadsAndEvaluations_OnOneFile_KeepItsSizeAndTheProcesssMemoryBounded()
    {
        var clock = Stopwatch.StartNew();
        // Two extracts loaded in turn, so that every load replaces every table's rows with others.
        string[] extracts = [DatabaseIntegrity.Generate(_folder, 100, 1), DatabaseIntegrity.Generate(_folder, 100, 2)];
        var db = Path.Combine(_folder, "soak.duckdb");
        var framework = FrameworkLoader.Get("phase3");
        var parameters = framework.Bind();
        var asAt = new DateOnly(2025, 10, 1);
        var figures = new Dictionary<int, (long Managed, long WorkingSet)>();
        var sizes = new List<long>();
        var claims = new int[2];
        for (var round = 1; round <= Rounds; round++)
        {
            // Odd rounds load the next extract; even rounds evaluate what the round before loaded.
            var extract = (round + 1) / 2 % 2;
            using (var connection = Database.Open(db))
            {
                if (round % 2 == 1)
                    Assert.Equal(0, new DataLoader().Load(connection, extracts[extract]).RowsRejected);
                else
                {
                    using var evaluation = Evaluator.Run(connection, framework, parameters, asAt);
                    evaluation.WriteNeedsCsv(TextWriter.Null);
                    EvaluationCsv.WriteClaims(TextWriter.Null, evaluation.Claims);
                    // The same extract gives the same claims every time.
                    if (claims[extract] == 0) claims[extract] = evaluation.Claims.Count;
                    Assert.Equal(claims[extract], evaluation.Claims.Count);
                }
            }
            sizes.Add(new FileInfo(db).Length);
            if (round is Settled or Rounds)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                using var self = Process.GetCurrentProcess();
                figures[round] = (GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64);
            }
        }

        // The file's size swings with which extract it holds (DuckDB frees the blocks a load replaced at the next
        // checkpoint, and gives back those at the end of the file), so the first rounds' largest is the measure.
        var (firstFile, lastFile) = (sizes.Take(Settled).Max(), sizes.Skip(Rounds - Settled).Max());
        var (first, last) = (figures[Settled], figures[Rounds]);
        static string Mb(long bytes) => $"{bytes / 1048576.0:0.0} MB";
        output.WriteLine($"{Rounds} rounds ({Rounds / 2} loads, {Rounds / 2} evaluations) in {clock.Elapsed.TotalSeconds:0.0} s. "
            + $"Largest file in the first and last {Settled} rounds: {Mb(firstFile)} and {Mb(lastFile)}; after rounds {Settled} and {Rounds}: "
            + $"managed memory {Mb(first.Managed)} and {Mb(last.Managed)}, working set {Mb(first.WorkingSet)} and {Mb(last.WorkingSet)}.");
        Assert.False(File.Exists(db + ".wal"), "Closing the database did not checkpoint it.");
        Assert.True(lastFile <= firstFile * 1.5, $"The file grew from {Mb(firstFile)} to {Mb(lastFile)}.");
        Assert.True(last.Managed <= first.Managed * 1.5 + 16 * 1048576, $"Managed memory grew from {Mb(first.Managed)} to {Mb(last.Managed)}.");
        Assert.True(last.WorkingSet <= first.WorkingSet * 1.5 + 64 * 1048576, $"The working set grew from {Mb(first.WorkingSet)} to {Mb(last.WorkingSet)}.");
    }
}
