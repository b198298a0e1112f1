namespace OutcomeAnalytics.Reporting;

/// <summary>A proportion with its confidence interval.</summary>
/// <param name="Value">Events ÷ trials.</param>
/// <param name="Lower">The lower limit.</param>
/// <param name="Upper">The upper limit.</param>
public readonly record struct Proportion(double Value, double Lower, double Upper)
{
    /// <summary>
    /// The Wilson score interval of <paramref name="events"/> out of <paramref name="trials"/> (z = 1.96 for 95%, the
    /// default): unlike the normal approximation it stays inside 0–1 and behaves for small numbers.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">trials ≤ 0, or events outside 0..trials.</exception>
    public static Proportion Wilson(long events, long trials, double z = 1.96)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trials);
        if (events < 0 || events > trials) throw new ArgumentOutOfRangeException(nameof(events), $"events ({events}) must be between 0 and trials ({trials}).");
        double n = trials, p = events / n, z2 = z * z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new Proportion(p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>This proportion as a point of a line chart with a band.</summary>
    public TimePoint ToTimePoint(string period) => new(period, Value, Lower, Upper);

    /// <summary>This proportion as an estimate of a forest plot.</summary>
    public Estimate ToEstimate(string label) => new(label, Value, Lower, Upper);
}
