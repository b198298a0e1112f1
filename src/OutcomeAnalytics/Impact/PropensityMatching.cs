using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;

namespace OutcomeAnalytics.Impact;

/// <summary>
/// Propensity score matching of one outcome's families: a logistic regression of being supported (rather than on the
/// waiting list) on the baseline covariates, then 1:1 nearest-neighbour matching on the logit of the score, with
/// replacement, within a caliper of 0.2 pooled standard deviations of the logit (the square root of the mean of the two groups' variances; Austin 2011). A supported family with no comparison family
/// that close is off common support and left out of the estimate.
/// </summary>
public sealed class PropensityMatching
{
    /// <summary>The caliper as a share of the pooled standard deviation of the logit, sqrt((var treated + var comparison) / 2).</summary>
    public const double CaliperSd = 0.2;

    private PropensityMatching(double[] logits, bool[] treated, int[] match, double caliper, IReadOnlyList<int> used)
    {
        Logits = logits;
        Treated = treated;
        Match = match;
        Caliper = caliper;
        UsedColumns = used;
    }

    /// <summary>The logit of each family's propensity score.</summary>
    public IReadOnlyList<double> Logits { get; }

    /// <summary>Whether each family is supported (true) or in the comparison pool.</summary>
    public IReadOnlyList<bool> Treated { get; }

    /// <summary>For each supported family the row of its matched comparison family; -1 when none lies within the caliper (and for comparison rows).</summary>
    public IReadOnlyList<int> Match { get; }

    /// <summary>The caliper on the logit scale.</summary>
    public double Caliper { get; }

    /// <summary>The covariate columns the model used (the others did not vary in the sample).</summary>
    public IReadOnlyList<int> UsedColumns { get; }

    /// <summary>How many times each row is used as a match (0 for supported families and unused comparison families).</summary>
    public int[] Weights()
    {
        var weights = new int[Match.Count];
        foreach (var m in Match.Where(m => m >= 0)) weights[m]++;
        return weights;
    }

    /// <summary>The propensity score of row <paramref name="row"/>.</summary>
    public double Score(int row) => 1 / (1 + Math.Exp(-Logits[row]));

    /// <summary>
    /// Fits the model on <paramref name="covariates"/> (one row per family) and matches. Columns that do not vary are left
    /// out; the others are standardised before fitting, which leaves the scores unchanged. Ties between comparison families
    /// equally close are broken by a random draw seeded with <paramref name="seed"/>, so runs repeat.
    /// </summary>
    public static PropensityMatching Fit(IReadOnlyList<double[]> covariates, IReadOnlyList<bool> treated, int seed)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        ArgumentNullException.ThrowIfNull(treated);
        var n = covariates.Count;
        var width = n == 0 ? 0 : covariates[0].Length;
        var used = new List<int>();
        var centres = new List<(double Mean, double Sd)>();
        for (var c = 0; c < width; c++)
        {
            var column = covariates.Select(r => r[c]).ToArray();
            var sd = column.StandardDeviation();
            if (sd > 1e-12)
            {
                used.Add(c);
                centres.Add((column.Mean(), sd));
            }
        }
        var x = Matrix<double>.Build.Dense(n, used.Count, (i, j) => (covariates[i][used[j]] - centres[j].Mean) / centres[j].Sd);
        var beta = ImpactStatistics.Logistic(x, treated);
        var logits = new double[n];
        for (var i = 0; i < n; i++)
        {
            var eta = beta[0];
            for (var j = 0; j < used.Count; j++) eta += beta[j + 1] * x[i, j];
            logits[i] = eta;
        }
        // Austin (2011): the caliper is a share of the pooled standard deviation of the logit, sqrt((var treated + var comparison) / 2).
        var logitsT = logits.Where((_, i) => treated[i]).ToArray();
        var logitsC = logits.Where((_, i) => !treated[i]).ToArray();
        var pooled = Math.Sqrt((Variance(logitsT) + Variance(logitsC)) / 2);
        var caliper = CaliperSd * pooled;
        return new PropensityMatching(logits, [.. treated], Nearest(logits, treated, caliper, seed), caliper, used);
    }

    private static double Variance(double[] values) => values.Length >= 2 ? values.Variance() : 0;

    /// <summary>Each treated row's nearest comparison row on <paramref name="logits"/>, with replacement, within <paramref name="caliper"/>.</summary>
    public static int[] Nearest(IReadOnlyList<double> logits, IReadOnlyList<bool> treated, double caliper, int seed)
    {
        var pool = Enumerable.Range(0, logits.Count).Where(i => !treated[i]).OrderBy(i => logits[i]).ThenBy(i => i).ToArray();
        var sorted = pool.Select(i => logits[i]).ToArray();
        var random = new Random(seed);
        var match = new int[logits.Count];
        Array.Fill(match, -1);
        for (var i = 0; i < logits.Count; i++)
        {
            if (!treated[i] || pool.Length == 0) continue;
            var at = Array.BinarySearch(sorted, logits[i]);
            if (at < 0) at = ~at;
            var best = double.PositiveInfinity;
            var ties = new List<int>();
            // The nearest lie next to the insertion point; equal values may run either way.
            for (var k = at - 1; k >= 0 && logits[i] - sorted[k] <= best; k--) Consider(k);
            for (var k = at; k < sorted.Length && sorted[k] - logits[i] <= best; k++) Consider(k);
            if (best <= caliper) match[i] = pool[ties.Count == 1 ? ties[0] : ties.Order().ElementAt(random.Next(ties.Count))];

            void Consider(int k)
            {
                var d = Math.Abs(sorted[k] - logits[i]);
                if (d < best)
                {
                    best = d;
                    ties.Clear();
                }
                if (d == best) ties.Add(k);
            }
        }
        return match;
    }
}
