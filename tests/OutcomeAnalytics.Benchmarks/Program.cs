using System.Globalization;

namespace OutcomeAnalytics.Benchmarks;

/// <summary>
/// Benchmarks, run on demand (never as tests):
///   dotnet run -c Release --project tests/OutcomeAnalytics.Benchmarks -- load [rows] [dirty-rate]
///   dotnet run -c Release --project tests/OutcomeAnalytics.Benchmarks -- read [rows]
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var which = args.Length > 0 ? args[0] : "all";
        int Rows(int fallback) => args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : fallback;
        switch (which)
        {
            case "load":
                LoadBenchmark.Run(Console.Out, Rows(5_000_000), args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 0);
                return 0;
            case "read":
                ReadBenchmark.Run(Console.Out, Rows(1_000_000));
                return 0;
            case "all":
                LoadBenchmark.Run(Console.Out, 5_000_000, 0);
                ReadBenchmark.Run(Console.Out, 1_000_000);
                return 0;
            default:
                Console.Error.WriteLine("usage: load [rows] [dirty-rate] | read [rows] | all");
                return 2;
        }
    }
}
