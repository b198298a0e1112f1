using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;

namespace OutcomeAnalytics.Impact;

/// <summary>An estimate with its standard error, 95% interval and two-sided p-value for no difference.</summary>
public readonly record struct Interval(double Estimate, double StandardError, double Lower, double Upper, double P)
{
    /// <summary>Whether the interval excludes <paramref name="value"/>.</summary>
    public bool Excludes(double value) => Lower > value || Upper < value;
}

/// <summary>The estimators behind the three designs, each checked against statsmodels in the tests.</summary>
public static class ImpactStatistics
{
    /// <summary>The normal quantile of a two-sided 95% interval.</summary>
    public static double Z95 { get; } = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 0.975);

    /// <summary>
    /// The mean of paired changes with Student's t interval (n - 1 degrees of freedom): statsmodels'
    /// <c>OLS(change, constant)</c>.
    /// </summary>
    public static Interval MeanChange(IReadOnlyList<double> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count < 2) throw new ArgumentException("A mean change needs at least 2 families.", nameof(changes));
        var mean = changes.Mean();
        var se = Math.Sqrt(changes.Variance() / changes.Count);
        var df = changes.Count - 1;
        var t = StudentT.InvCDF(0, 1, df, 0.975);
        var p = se > 0 ? 2 * (1 - StudentT.CDF(0, 1, df, Math.Abs(mean / se))) : mean == 0 ? 1 : 0;
        return new Interval(mean, se, mean - t * se, mean + t * se, p);
    }

    /// <summary>
    /// The difference of two group means (treated minus comparison) with the unequal-variance (Welch) standard error and
    /// a normal interval: statsmodels' <c>OLS(y, [1, treated]).fit(cov_type="HC2")</c>, which gives the same standard error.
    /// </summary>
    public static Interval DifferenceOfMeans(IReadOnlyList<double> treated, IReadOnlyList<double> comparison)
    {
        ArgumentNullException.ThrowIfNull(treated);
        ArgumentNullException.ThrowIfNull(comparison);
        if (treated.Count < 2 || comparison.Count < 2) throw new ArgumentException("A difference of means needs at least 2 families in each group.");
        var estimate = treated.Mean() - comparison.Mean();
        return NormalInterval(estimate, Math.Sqrt(treated.Variance() / treated.Count + comparison.Variance() / comparison.Count));
    }

    /// <summary>
    /// The matched difference: the mean of the matched treated minus the mean of their comparison families weighted by
    /// how often each was used, with the robust (HC1) standard error of the weighted regression on the matched sample and
    /// a normal interval: statsmodels' <c>WLS(y, [1, treated], weights).fit(cov_type="HC1")</c>. It treats the matches
    /// as given, so it leaves out the uncertainty of the propensity model.
    /// </summary>
    public static Interval WeightedDifference(IReadOnlyList<double> treated, IReadOnlyList<double> comparison, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(treated);
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(weights);
        if (comparison.Count != weights.Count) throw new ArgumentException("Each comparison family needs one weight.", nameof(weights));
        if (treated.Count < 1 || comparison.Count < 1 || treated.Count + comparison.Count < 3) throw new ArgumentException("A matched difference needs treated and comparison families.");
        var meanT = treated.Mean();
        var totalW = weights.Sum();
        var meanC = comparison.Zip(weights, (y, w) => y * w).Sum() / totalW;
        var sumT = treated.Sum(y => (y - meanT) * (y - meanT)) / ((double)treated.Count * treated.Count);
        var sumC = comparison.Zip(weights, (y, w) => w * w * (y - meanC) * (y - meanC)).Sum() / (totalW * totalW);
        var n = treated.Count + comparison.Count;
        return NormalInterval(meanT - meanC, Math.Sqrt((sumT + sumC) * n / (n - 2.0)));
    }

    /// <summary>The standardised mean difference: the difference of means over the square root of the mean of the two variances.</summary>
    public static double StandardisedDifference(double meanTreated, double meanComparison, double varianceTreated, double varianceComparison)
    {
        var sd = Math.Sqrt((varianceTreated + varianceComparison) / 2);
        return sd > 0 ? (meanTreated - meanComparison) / sd : 0;
    }

    /// <summary>
    /// Logistic regression by iteratively reweighted least squares (Newton's method), each step solved by MathNet's
    /// Cholesky decomposition. <paramref name="x"/> holds the covariates without the constant, which is added. Returns
    /// the coefficients, the constant first; throws when the fit does not converge (perfect separation).
    /// </summary>
    public static double[] Logistic(Matrix<double> x, IReadOnlyList<bool> y, int maxIterations = 50)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var design = x.InsertColumn(0, Vector<double>.Build.Dense(x.RowCount, 1.0));
        var outcome = Vector<double>.Build.Dense(y.Count, i => y[i] ? 1 : 0);
        var beta = Vector<double>.Build.Dense(design.ColumnCount);
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var eta = design * beta;
            var mu = eta.Map(e => 1 / (1 + Math.Exp(-e)));
            var w = mu.Map(m => Math.Max(m * (1 - m), 1e-12));
            var weighted = design.Clone();
            weighted.MapIndexedInplace((i, _, v) => v * w[i]);
            var information = design.TransposeThisAndMultiply(weighted);
            Vector<double> step;
            try
            {
                step = information.Cholesky().Solve(design.TransposeThisAndMultiply(outcome - mu));
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException("The propensity model cannot be fitted: some recorded characteristics are exact combinations of others in these families (for example, two that always move together).", e);
            }
            beta += step;
            if (step.AbsoluteMaximum() < 1e-10) return [.. beta];
        }
        throw new InvalidOperationException("The propensity model did not converge: some recorded characteristic separates supported and waiting-list families completely (every family with it is in one group), so no family can be matched on it.");
    }

    private static Interval NormalInterval(double estimate, double se)
    {
        var p = se > 0 ? 2 * (1 - MathNet.Numerics.Distributions.Normal.CDF(0, 1, Math.Abs(estimate / se))) : estimate == 0 ? 1 : 0;
        return new Interval(estimate, se, estimate - Z95 * se, estimate + Z95 * se, p);
    }
}
