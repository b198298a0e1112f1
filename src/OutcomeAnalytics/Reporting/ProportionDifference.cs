namespace OutcomeAnalytics.Reporting;

/// <summary>The difference of two proportions, first minus second, with its confidence interval.</summary>
/// <param name="Value">p1 − p2.</param>
/// <param name="Lower">The lower limit.</param>
/// <param name="Upper">The upper limit.</param>
public readonly record struct ProportionDifference(double Value, double Lower, double Upper)
{
    /// <summary>
    /// Newcombe's hybrid score interval for p1 − p2 (method 10 of Newcombe, 1998), built from each proportion's
    /// <see cref="Proportion.Wilson"/> interval (l, u): from d − √((p1 − l1)² + (u2 − p2)²) to
    /// d + √((u1 − p1)² + (p2 − l2)²). It stays inside −1..1 and behaves for small numbers and proportions near 0 or 1,
    /// where the simple normal interval does not.
    /// </summary>
    /// <param name="events1">Events in the first group.</param>
    /// <param name="trials1">Size of the first group.</param>
    /// <param name="events2">Events in the second group.</param>
    /// <param name="trials2">Size of the second group.</param>
    /// <param name="z">The normal quantile: 1.96 for 95%, the default.</param>
    /// <exception cref="ArgumentOutOfRangeException">A group is empty, or its events are outside 0..its size.</exception>
    public static ProportionDifference Newcombe(long events1, long trials1, long events2, long trials2, double z = 1.96)
    {
        var (first, second) = (Proportion.Wilson(events1, trials1, z), Proportion.Wilson(events2, trials2, z));
        var d = first.Value - second.Value;
        var below = Math.Sqrt(Square(first.Value - first.Lower) + Square(second.Upper - second.Value));
        var above = Math.Sqrt(Square(first.Upper - first.Value) + Square(second.Value - second.Lower));
        return new ProportionDifference(d, d - below, d + above);

        static double Square(double x) => x * x;
    }

    /// <summary>True when the interval excludes 0: the two proportions differ at the chosen level.</summary>
    public bool ExcludesZero => Lower > 0 || Upper < 0;

    /// <summary>This difference as an estimate of a forest plot.</summary>
    public Estimate ToEstimate(string label) => new(label, Value, Lower, Upper);
}
