using System.Globalization;

namespace OutcomeAnalytics.Benchmarks;

/// <summary>
/// Benchmarks, run on demand (never as tests):
///   dotnet run -c Release --project tests/OutcomeAnalytics.Benchmarks -- load [rows] [dirty-rate]
///   dotnet run -c Release --project tests/OutcomeAnalytics.Benchmarks -- read [rows]
///   dotnet run -c Release --project tests/OutcomeAnalytics.Benchmarks -- generate [families] [--out DIR] [--load] [--dirty RATE] [--writers]
///   dotnet run -c Release --project tests/OutcomeAnalytics.Benchmarks -- evaluate [families] [--out DIR] [--profile] [--sql-only] [--repeat N]
///     (phase 3: the SQL against the oracle on N generated families, default 3,000; --out keeps the folder and its
///     bench.duckdb, and reuses them when run again; --repeat N runs the full and the decisions-only evaluation N times
///     each, alternating, and compares the oracle with their medians)
///   dotnet run -c Release --project tests/OutcomeAnalytics.Benchmarks -- impact-coverage [--seeds 20] [--families 3000]
///   dotnet run -c Release --project tests/OutcomeAnalytics.Benchmarks -- soak [rounds]
///     (rounds on one database file, default 50, loads alternating with evaluations, as the soak test runs twenty:
///     the file's size and the process's memory, and whether they stayed within the test's bounds; exits 1 if not)
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var which = args.Length > 0 ? args[0] : "all";
        int Rows(int fallback) => args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : fallback;
        switch (which)
        {
            case "load" when Option(args, "--data") is { } data:
                LoadBenchmark.RunFolder(Console.Out, data);
                return 0;
            case "load":
                LoadBenchmark.Run(Console.Out, Rows(5_000_000), args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 0);
                return 0;
            case "read":
                ReadBenchmark.Run(Console.Out, Rows(1_000_000));
                return 0;
            case "generate":
                var folder = Option(args, "--out");
                var dirty = Option(args, "--dirty") is { } rate ? double.Parse(rate, CultureInfo.InvariantCulture) : 0;
                GenerateBenchmark.Run(Console.Out, args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3_000,
                    folder, args.Contains("--load"), dirty);
                if (args.Contains("--writers")) GenerateBenchmark.CompareWriters(Console.Out, 5_000_000);
                return 0;
            case "evaluate":
                var evaluateFolder = Option(args, "--out");
                EvaluateBenchmark.Run(Console.Out, args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3_000,
                    evaluateFolder, args.Contains("--profile"), args.Contains("--sql-only"),
                    Option(args, "--repeat") is { } repeat ? int.Parse(repeat, CultureInfo.InvariantCulture) : 1);
                return 0;
            case "impact-coverage":
                ImpactCoverageBenchmark.Run(Console.Out, Option(args, "--seeds") is { } seeds ? int.Parse(seeds, CultureInfo.InvariantCulture) : 20,
                    Option(args, "--families") is { } families ? int.Parse(families, CultureInfo.InvariantCulture) : 3_000);
                return 0;
            case "soak":
                var soakFolder = Directory.CreateTempSubdirectory("oa-soak-").FullName;
                try
                {
                    var soak = OutcomeAnalytics.Tests.Faults.SoakRounds.Run(soakFolder, Rows(50), 5);
                    Console.WriteLine(soak);
                    Console.WriteLine($"write-ahead log left: {soak.WalLeft}; within bounds: file {soak.FileBounded}, managed memory {soak.ManagedBounded}, working set {soak.WorkingSetBounded}");
                    return !soak.WalLeft && soak.FileBounded && soak.ManagedBounded && soak.WorkingSetBounded ? 0 : 1;
                }
                finally
                {
                    Directory.Delete(soakFolder, recursive: true);
                }
            case "all":
                LoadBenchmark.Run(Console.Out, 5_000_000, 0);
                ReadBenchmark.Run(Console.Out, 1_000_000);
                return 0;
            default:
                Console.Error.WriteLine("usage: load [rows] [dirty-rate] | read [rows] | generate [families] [--out DIR] [--load] [--dirty RATE] [--writers] | evaluate [families] [--out DIR] [--profile] [--sql-only] [--repeat N] | impact-coverage [--seeds N] [--families N] | soak [rounds] | all");
                return 2;
        }
    }

    /// <summary>The value after <paramref name="name"/> in the arguments, or null when it is absent.</summary>
    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and > 0 && i + 1 < args.Length ? args[i + 1] : null;
}
