using System.Diagnostics;
using System.Globalization;
using OutcomeAnalytics.Impact;

namespace OutcomeAnalytics.Benchmarks;

/// <summary>
/// The impact designs on a known truth: for each seed a council's extract at --effect 0, 1 and 2, each design's
/// interval against the planted effect (<see cref="ImpactCoverage"/>). Prints coverage, bias and interval width per
/// design, outcome and effect.
/// </summary>
internal static class ImpactCoverageBenchmark
{
    public static void Run(TextWriter output, int seeds, int families)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"impact coverage: {seeds} seeds x {families:N0} families, effects 0, 1, 2"));
        var clock = Stopwatch.StartNew();
        var rows = ImpactCoverage.Run(seeds, families, [0, 1, 2], progress: line => Console.Error.WriteLine(line));
        foreach (var line in ImpactCoverage.Format(rows)) output.WriteLine(line);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:0} s"));
    }
}
