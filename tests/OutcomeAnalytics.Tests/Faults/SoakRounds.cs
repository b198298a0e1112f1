using System.Diagnostics;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Generation;
using OutcomeAnalytics.Loading;
using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Tests.Faults;

/// <summary>
/// Rounds on one database file, loads alternating with evaluations, each round opening and closing the file, with
/// the file's size after every round and the process's memory measured after two of them. Used by
/// the soak test (SoakTests) and by the benchmarks' <c>soak</c> (a longer run, by hand).
/// </summary>
internal static class SoakRounds
{
    /// <summary>The process's managed memory and working set after a full collection.</summary>
    public readonly record struct Memory(long Managed, long WorkingSet);

    /// <summary>What the rounds measured.</summary>
    /// <param name="Rounds">The rounds run.</param>
    /// <param name="Settled">The round after which memory is first measured (the first rounds warm up the JIT and DuckDB's caches).</param>
    /// <param name="Elapsed">The time the rounds took, the extracts' generation included.</param>
    /// <param name="FirstFile">The largest size of the file over the first <paramref name="Settled"/> rounds.</param>
    /// <param name="LastFile">The largest size of the file over the last <paramref name="Settled"/> rounds.</param>
    /// <param name="First">Memory after round <paramref name="Settled"/>.</param>
    /// <param name="Last">Memory after the last round.</param>
    /// <param name="WalLeft">Whether a write-ahead log was left beside the closed file.</param>
    public sealed record Result(int Rounds, int Settled, TimeSpan Elapsed, long FirstFile, long LastFile, Memory First, Memory Last, bool WalLeft)
    {
        /// <summary>The file's size, at most half as large again at the end as at the start.</summary>
        public bool FileBounded => LastFile <= FirstFile * 1.5;

        /// <summary>Managed memory, at most half as much again plus 16 MB at the end.</summary>
        public bool ManagedBounded => Last.Managed <= First.Managed * 1.5 + 16 * 1048576;

        /// <summary>The working set, at most half as much again plus 64 MB at the end.</summary>
        public bool WorkingSetBounded => Last.WorkingSet <= First.WorkingSet * 1.5 + 64 * 1048576;

        public override string ToString() =>
            $"{Rounds} rounds ({Rounds / 2} loads, {Rounds / 2} evaluations) in {Elapsed.TotalSeconds:0.0} s. "
            + $"Largest file in the first and last {Settled} rounds: {Mb(FirstFile)} and {Mb(LastFile)}; after rounds {Settled} and {Rounds}: "
            + $"managed memory {Mb(First.Managed)} and {Mb(Last.Managed)}, working set {Mb(First.WorkingSet)} and {Mb(Last.WorkingSet)}.";
    }

    /// <summary>Megabytes, to one decimal place.</summary>
    public static string Mb(long bytes) => $"{bytes / 1048576.0:0.0} MB";

    /// <summary>
    /// Runs <paramref name="rounds"/> rounds in <paramref name="folder"/> on two generated extracts of 100 families,
    /// loaded in turn so that every load replaces every table's rows with others. Odd rounds load the next extract;
    /// even rounds evaluate phase 3 on what the round before loaded, writing the needs and claims. A load that rejects
    /// a row, or an evaluation whose claims differ from the same extract's before, throws.
    /// </summary>
    public static Result Run(string folder, int rounds, int settled)
    {
        var clock = Stopwatch.StartNew();
        string[] extracts = [Generate(folder, 100, 1), Generate(folder, 100, 2)];
        var db = Path.Combine(folder, "soak.duckdb");
        var framework = FrameworkLoader.Get("phase3");
        var parameters = framework.Bind();
        var asAt = new DateOnly(2025, 10, 1);
        var figures = new Dictionary<int, Memory>();
        var sizes = new List<long>();
        var claims = new int[2];
        for (var round = 1; round <= rounds; round++)
        {
            var extract = (round + 1) / 2 % 2;
            using (var connection = Database.Open(db))
            {
                if (round % 2 == 1)
                {
                    var rejected = new DataLoader().Load(connection, extracts[extract]).RowsRejected;
                    if (rejected != 0) throw new InvalidOperationException($"Round {round}: the load rejected {rejected} rows.");
                }
                else
                {
                    using var evaluation = Evaluator.Run(connection, framework, parameters, asAt);
                    evaluation.WriteNeedsCsv(TextWriter.Null);
                    EvaluationCsv.WriteClaims(TextWriter.Null, evaluation.Claims);
                    // The same extract gives the same claims every time.
                    if (claims[extract] == 0) claims[extract] = evaluation.Claims.Count;
                    if (evaluation.Claims.Count != claims[extract])
                        throw new InvalidOperationException($"Round {round}: {evaluation.Claims.Count} claims, where the same extract gave {claims[extract]}.");
                }
            }
            sizes.Add(new FileInfo(db).Length);
            if (round == settled || round == rounds)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                using var self = Process.GetCurrentProcess();
                figures[round] = new Memory(GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64);
            }
        }
        // The file's size swings with which extract it holds (DuckDB frees the blocks a load replaced at the next
        // checkpoint, and gives back those at the end of the file), so the first rounds' largest is the measure.
        return new Result(rounds, settled, clock.Elapsed, sizes.Take(settled).Max(), sizes.Skip(rounds - settled).Max(),
            figures[settled], figures[rounds], File.Exists(db + ".wal"));
    }

    /// <summary>Writes a generated extract of <paramref name="families"/> families to a folder in <paramref name="parent"/>.</summary>
    public static string Generate(string parent, int families, int seed)
    {
        var folder = Path.Combine(parent, $"extract-{seed}");
        ExtractGenerator.Generate(new GenerateOptions { Families = families, Seed = seed }, folder);
        return folder;
    }
}
