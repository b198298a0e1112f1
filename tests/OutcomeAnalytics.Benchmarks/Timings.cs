namespace OutcomeAnalytics.Benchmarks;

/// <summary>Summaries of repeated timings, shared by the benchmarks.</summary>
internal static class Timings
{
    /// <summary>The middle value (the mean of the two middle values for an even count).</summary>
    public static double Median(IEnumerable<double> times)
    {
        var sorted = times.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
