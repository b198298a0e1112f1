using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Generation;
using OutcomeAnalytics.Loading;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Tests.Oracle;

namespace OutcomeAnalytics.Benchmarks;

/// <summary>
/// Phase 3 evaluation at scale: generates N families, loads them into a DuckDB file, then times the compiled SQL
/// (<c>Evaluator.Run</c>) and the oracle (the test project's plain C# reading of the rules, linked into this
/// project) on the same data and checks that they agree. Prints both times, the ratio, peak working set after each,
/// the decisions made and, with <c>--profile</c>, the slowest SQL statements; with <c>--repeat N</c>, the median, least
/// and greatest of N full and N decisions-only runs, alternating, and the oracle's ratio to the medians. It also times
/// the engine floor (<see cref="EngineFloor"/>): DuckDB's least work for any evaluation of these tables, a bound on
/// what the SQL could reach.
/// </summary>
public static class EvaluateBenchmark
{
    public static void Run(TextWriter output, int families, string? folder, bool profile, bool skipOracle, int repeat = 1)
    {
        var keep = folder is not null;
        folder ??= Path.Combine(Path.GetTempPath(), "oa-evaluate-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var db = Path.Combine(folder, "bench.duckdb");
        var asAt = new GenerateOptions().ExtractDate;
        try
        {
            if (!File.Exists(db))
            {
                var generated = ExtractGenerator.Generate(new GenerateOptions { Families = families, Seed = 1 }, folder);
                output.WriteLine(Invariant($"generated {families:N0} families ({generated.TotalRows:N0} rows) in {generated.Elapsed.TotalSeconds:0.0} s"));
                var watch = Stopwatch.StartNew();
                using var loadConnection = Database.Open(db);
                var loaded = new DataLoader().Load(loadConnection, folder, new LoadOptions { Clock = new GenerateBenchmark.Fixed(asAt.AddDays(1)) });
                output.WriteLine(Invariant($"loaded {loaded.RowsLoaded:N0} rows into {db} in {watch.Elapsed.TotalSeconds:0.0} s"));
            }
            else
            {
                output.WriteLine($"reusing {db}");
            }

            using var connection = Database.Open(db);
            var framework = FrameworkLoader.Get("phase3");
            var parameters = framework.Bind();
            var statements = new List<(CompiledStatement Statement, TimeSpan Took, TimeSpan Cpu)>();
            using var process = Process.GetCurrentProcess();
            var cpuMark = process.TotalProcessorTime;
            var peakBefore = GenerateBenchmark.PeakMb();

            var sqlWatch = Stopwatch.StartNew();
            var evaluation = Evaluator.Run(connection, framework, parameters, asAt, (s, t) =>
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                statements.Add((s, t, cpu - cpuMark));
                cpuMark = cpu;
            });
            var sqlSeconds = sqlWatch.Elapsed.TotalSeconds;
            var sqlPeak = GenerateBenchmark.PeakMb();
            output.WriteLine(Invariant(
                $"SQL (Evaluator.Run: every decision and detail, kept in DuckDB) at {asAt:yyyy-MM-dd}: {sqlSeconds:0.00} s, {evaluation.NeedCount:N0} need rows, {evaluation.Claims.Count:N0} claims; peak working set {sqlPeak:N0} MB (before: {peakBefore:N0} MB) on {Environment.ProcessorCount} cores"));

            var copyWatch = Stopwatch.StartNew();
            var copied = Path.Combine(folder, "needs-copy.csv");
            evaluation.WriteNeedsCsv(copied);
            output.WriteLine(Invariant($"needs CSV streamed from DuckDB's memory (WriteNeedsCsv, what 'outcomes evaluate --out' does) in {copyWatch.Elapsed.TotalSeconds:0.00} s ({new FileInfo(copied).Length / 1e6:N0} MB); peak working set {GenerateBenchmark.PeakMb():N0} MB"));

            var readWatch0 = Stopwatch.StartNew();
            var needCount = evaluation.Needs.Count;
            var readSeconds0 = readWatch0.Elapsed.TotalSeconds;
            output.WriteLine(Invariant($"need rows read into .NET (EvaluationRun.Needs, first use) in {readSeconds0:0.00} s ({needCount:N0} rows); peak working set {GenerateBenchmark.PeakMb():N0} MB; Run + read: {sqlSeconds + readSeconds0:0.00} s"));
            if (profile)
            {
                output.WriteLine("slowest statements:");
                foreach (var (statement, took, cpu) in statements.OrderByDescending(s => s.Took).Take(16))
                    output.WriteLine(Invariant($"  {took.TotalSeconds,7:0.000} s ({cpu.TotalSeconds,6:0.00} s CPU)  {statement.Comment.Split('\n')[0]}"));
                output.WriteLine(Invariant($"  {statements.Sum(s => s.Took.TotalSeconds),7:0.000} s ({statements.Sum(s => s.Cpu.TotalSeconds),6:0.00} s CPU)  in {statements.Count} statements"));
            }
            var csvWatch = Stopwatch.StartNew();
            var csv = Path.Combine(folder, "needs-dotnet.csv"); // not needs.csv: that is the extract's own needs table
            using (var writer = new StreamWriter(csv, false, new System.Text.UTF8Encoding(false))) EvaluationCsv.WriteNeeds(writer, evaluation.Needs);
            output.WriteLine(Invariant($"needs CSV written from .NET (EvaluationCsv.WriteNeeds) in {csvWatch.Elapsed.TotalSeconds:0.00} s ({new FileInfo(csv).Length / 1e6:N0} MB); ")
                + (File.ReadAllBytes(csv).AsSpan().SequenceEqual(File.ReadAllBytes(copied)) ? "the same bytes as the DuckDB-written file" : "DIFFERENT from the DuckDB-written file"));
            File.Delete(csv);
            File.Delete(copied);

            var family = evaluation.Claims[evaluation.Claims.Count / 2].FamilyId;
            var explainWatch = Stopwatch.StartNew();
            using var one = Evaluator.Run(connection, framework, parameters, asAt, onlyFamily: family);
            var explained = Explainer.Explain(one, family);
            output.WriteLine(Invariant($"explain one family ({family}): {explainWatch.Elapsed.TotalSeconds:0.00} s, {explained.Split('\n').Length:N0} lines"));

            // Decisions only (what 'outcomes claims' runs): the full run's rows were read above, so its tables can go.
            evaluation.Dispose();
            var leanWatch = Stopwatch.StartNew();
            using var lean = Evaluator.Run(connection, framework, parameters, asAt, details: false);
            var leanSeconds = leanWatch.Elapsed.TotalSeconds;
            var sameClaims = lean.Claims.SequenceEqual(evaluation.Claims);
            output.WriteLine(Invariant($"SQL, decisions only (Evaluator.Run with details: false, what 'outcomes claims' runs): {leanSeconds:0.00} s; ")
                + (sameClaims ? "the same claims as the full run" : "claims DIFFERENT from the full run"));
            // More runs of each, alternating, in this process: on a noisy machine the median says more than one run.
            var fullTimes = new List<double> { sqlSeconds };
            var leanTimes = new List<double> { leanSeconds };
            if (repeat > 1)
            {
                lean.Dispose();
                for (var r = 1; r < repeat; r++)
                {
                    fullTimes.Add(TimeRun(connection, framework, parameters, asAt, details: true));
                    leanTimes.Add(TimeRun(connection, framework, parameters, asAt, details: false));
                }
                output.WriteLine(Invariant($"SQL over {repeat} runs each, alternating: full {Spread(fullTimes)}; decisions only {Spread(leanTimes)}"));
                (sqlSeconds, leanSeconds) = (Timings.Median(fullTimes), Timings.Median(leanTimes));
            }
            var floorSeconds = EngineFloor.Measure(connection, asAt);
            output.WriteLine(Invariant($"engine floor (no rules: each table the rules read joined and grouped once, one row per need, one per family; median of 3): {floorSeconds:0.00} s; SQL decisions only / floor: {leanSeconds / floorSeconds:0.0}x, full / floor: {sqlSeconds / floorSeconds:0.0}x"));
            var keyedSeconds = EngineFloor.MeasureKeyed(connection, asAt);
            output.WriteLine(Invariant($"engine floor with integer family and person keys (copies of the tables made untimed, as a load could store them; median of 3): {keyedSeconds:0.00} s"));
            if (skipOracle) return;

            var readWatch = Stopwatch.StartNew();
            var data = OracleData.Read(connection);
            var readSeconds = readWatch.Elapsed.TotalSeconds;
            var oracleWatch = Stopwatch.StartNew();
            var expected = new Phase3Oracle(parameters).Evaluate(data, asAt);
            var oracleSeconds = oracleWatch.Elapsed.TotalSeconds;
            output.WriteLine(Invariant(
                $"oracle: {readSeconds + oracleSeconds:0.00} s ({readSeconds:0.00} s reading the tables into lists, {oracleSeconds:0.00} s deciding), {expected.Needs.Count:N0} need rows, {expected.Claims.Count:N0} claims; peak working set {GenerateBenchmark.PeakMb():N0} MB"));
            var against = repeat > 1 ? Invariant($" (the SQL's medians over {repeat} runs)") : "";
            output.WriteLine(Invariant($"oracle / SQL{against}: {(readSeconds + oracleSeconds) / sqlSeconds:0.0}x ({oracleSeconds / sqlSeconds:0.0}x deciding only); against Run + reading the need rows into .NET: {(readSeconds + oracleSeconds) / (sqlSeconds + readSeconds0):0.0}x"));
            output.WriteLine(Invariant($"oracle / SQL decisions only (the oracle makes no details either): {(readSeconds + oracleSeconds) / leanSeconds:0.0}x ({oracleSeconds / leanSeconds:0.0}x deciding only)"));
            output.WriteLine(Invariant($"oracle / engine floor: {(readSeconds + oracleSeconds) / floorSeconds:0.0}x ({(readSeconds + oracleSeconds) / keyedSeconds:0.0}x with integer keys), the greatest ratio any SQL evaluation could reach on this machine"));

            var sqlStatuses = evaluation.Needs.ToDictionary(n => (n.FamilyId, n.NeedCode, n.PersonId ?? ""), n => n.Status);
            var differ = expected.Needs.Count(n => !sqlStatuses.TryGetValue((n.FamilyId, n.NeedCode, n.PersonId ?? ""), out var s) || s != n.Status)
                + Math.Abs(expected.Needs.Count - evaluation.Needs.Count);
            var claims = evaluation.Claims.ToDictionary(c => c.FamilyId);
            differ += expected.Claims.Count(c => !claims.TryGetValue(c.FamilyId, out var s) || s.Status != c.Status || s.NeedsMet != c.NeedsMet || s.ClaimDueDate != c.ClaimDueDate);
            output.WriteLine(differ == 0 ? "SQL and oracle agree on every decision" : Invariant($"SQL and oracle DISAGREE on {differ:N0} decisions (run the differential tests)"));
        }
        finally
        {
            if (!keep && Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    private static double TimeRun(DuckDBConnection connection, Framework framework, ParameterSet parameters, DateOnly asAt, bool details)
    {
        var watch = Stopwatch.StartNew();
        using var run = Evaluator.Run(connection, framework, parameters, asAt, details: details);
        return watch.Elapsed.TotalSeconds;
    }

    private static string Spread(List<double> times) =>
        Invariant($"median {Timings.Median(times):0.00} s (min {times.Min():0.00}, max {times.Max():0.00})");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
