using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using OutcomeAnalytics.Impact;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Tests.Impact;

/// <summary>The designs' estimators on small cases worked by hand.</summary>
public sealed class ImpactStatisticsTests
{
    private static void Near(double expected, double actual, double tolerance = 1e-4) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected}, got {actual}");

    [Fact]
    public void PrePost_FourChanges_StudentT()
    {
        // Changes 1, 2, 3, 4: mean 2.5, variance 5/3, standard error sqrt(5/12) = 0.6455; t(3, 0.975) = 3.1824.
        var i = ImpactStatistics.MeanChange([1, 2, 3, 4]);
        Near(2.5, i.Estimate);
        Near(0.645497, i.StandardError, 1e-6);
        Near(2.5 - 3.182446 * 0.645497, i.Lower);
        Near(2.5 + 3.182446 * 0.645497, i.Upper);
    }

    [Fact]
    public void Did_TwoGroups_WelchStandardError()
    {
        // Treated changes 1, 2, 3 (mean 2, variance 1), comparison 0, 0, 3 (mean 1, variance 3): 1 with SE sqrt(1/3 + 3/3).
        var i = ImpactStatistics.DifferenceOfMeans([1, 2, 3], [0, 0, 3]);
        Near(1, i.Estimate);
        Near(Math.Sqrt(4.0 / 3), i.StandardError, 1e-9);
        Near(1 - 1.959964 * Math.Sqrt(4.0 / 3), i.Lower);
        Assert.False(i.Excludes(0));
    }

    [Fact]
    public void Psm_WeightedDifference_RobustHc1()
    {
        // Treated 2, 4 (mean 3); comparison 1 used once and 3 used once (mean 2): 1. HC0 variance (1 + 1)/4 + (1 + 1)/4 = 1,
        // HC1 scales by n/(n - 2) = 4/2: variance 2.
        var i = ImpactStatistics.WeightedDifference([2, 4], [1, 3], [1, 1]);
        Near(1, i.Estimate);
        Near(Math.Sqrt(2), i.StandardError, 1e-9);
        // A comparison family used twice counts twice in the mean: (1 * 2 + 4 * 1) / 3 = 2.
        Near(3 - 2, ImpactStatistics.WeightedDifference([2, 4], [1, 4], [2, 1]).Estimate, 1e-12);
    }

    [Fact]
    public void Logistic_OneBinaryCovariate_GroupLogOdds()
    {
        // x = 0: 1 of 4 treated (log odds ln(1/3)); x = 1: 3 of 4 (ln 3). The fit reproduces each group's log odds.
        var x = Matrix<double>.Build.DenseOfColumnArrays(new double[] { 0, 0, 0, 0, 1, 1, 1, 1 });
        var beta = ImpactStatistics.Logistic(x, [true, false, false, false, true, true, true, false]);
        Near(Math.Log(1.0 / 3), beta[0], 1e-8);
        Near(2 * Math.Log(3), beta[1], 1e-8);
    }

    [Fact]
    public void Logistic_PerfectSeparation_SaysSo()
    {
        var x = Matrix<double>.Build.DenseOfColumnArrays(new double[] { 0, 0, 1, 1 });
        var e = Assert.Throws<InvalidOperationException>(() => ImpactStatistics.Logistic(x, [false, false, true, true]));
        Assert.Contains("separates", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matching_NearestWithinCaliper_WithReplacement()
    {
        // Rows 0-2 treated at 0, 1 and 5; rows 3-5 comparison at 0.1, 0.9, 0.95. Caliper 0.5: 0 -> 0.1, 1 -> 0.95, 5 -> none.
        double[] logits = [0, 1, 5, 0.1, 0.9, 0.95];
        bool[] treated = [true, true, true, false, false, false];
        Assert.Equal([3, 5, -1, -1, -1, -1], PropensityMatching.Nearest(logits, treated, 0.5, seed: 1));
        // With replacement: two treated at 0.9 both take the one comparison family (row 2).
        Assert.Equal([2, 2, -1], PropensityMatching.Nearest([0.9, 0.9, 0.9], [true, true, false], 0.1, seed: 1));
    }

    [Fact]
    public void Matching_Ties_BrokenBySeed_Repeatably()
    {
        // Treated at 0.5, comparison families at 0.4 and 0.6: equally close; the same seed always picks the same one.
        double[] logits = [0.5, 0.4, 0.6];
        bool[] treated = [true, false, false];
        var picks = Enumerable.Range(1, 40).Select(seed => PropensityMatching.Nearest(logits, treated, 1, seed)[0]).ToList();
        Assert.Equal(picks, Enumerable.Range(1, 40).Select(seed => PropensityMatching.Nearest(logits, treated, 1, seed)[0]));
        Assert.Equal([1, 2], picks.Distinct().Order());
    }

    [Fact]
    public void StandardisedDifference_PooledVariances()
    {
        // Means 1 and 0, variances 1 and 3: 1 / sqrt(2).
        Near(1 / Math.Sqrt(2), ImpactStatistics.StandardisedDifference(1, 0, 1, 3), 1e-12);
    }

    [Fact]
    public void Run_CovariateSeparatesGroups_PsmEmptyWithNoteOthersCarryOn()
    {
        // Eight families; the first covariate is 1 for every supported family and 0 for every waiting-list family, so the
        // propensity model cannot be fitted. psm must be left empty with a note; prepost and did still come out.
        bool[] treated = [true, true, true, true, false, false, false, false];
        double[][] covariates = [.. treated.Select((t, i) => new double[] { t ? 1 : 0, 2 + i % 3 })];
        var values = treated.Select((t, i) => new OutcomeValue(i, t, 80 + i, 85 + i + (i % 2), 78 + i)).ToArray();
        var data = new ImpactData([.. treated.Select((_, i) => $"F{i}")], [.. treated.Select(t => !t)], ["Flag", "Children"], covariates,
            new Dictionary<string, OutcomeValue[]> { [ImpactOutcome.Attendance.Name] = values });
        var analysis = ImpactAnalysis.Run(data, new ImpactOptions { AsAt = new DateOnly(2025, 3, 31), Outcomes = [ImpactOutcome.Attendance] });

        var psm = analysis.Estimates.Single(e => e.Design == ImpactDesign.Psm);
        Assert.Null(psm.Value);
        Assert.Contains("No estimate", psm.Note, StringComparison.Ordinal);
        Assert.Contains("separates supported and waiting-list families", psm.Note, StringComparison.Ordinal);
        Assert.NotNull(analysis.Estimates.Single(e => e.Design == ImpactDesign.Did).Value);
        Assert.NotNull(analysis.Estimates.Single(e => e.Design == ImpactDesign.PrePost).Value);
        Assert.Empty(analysis.Support);
        var csv = new StringWriter();
        analysis.WriteCsv(csv, DisclosureControl.None);
        Assert.Contains("No estimate", csv.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Support_TwoOffSupport_CountsProtectedWithTheirTotals_EstimateAndDifferencesStillShown()
    {
        // Comparison families at 0-19 on one covariate, supported ones at 5-19 and at 22 and 23: 15 matched exactly, the two
        // beyond the caliper (about 1.1 of the covariate's steps) off support. 2 is hidden, and so must be 15 or 17, else
        // 17 - 15 gives it away; the psm row's counts and the balance's means go with them. The estimate, its interval and
        // the standardised differences are not counts and rest on 15 families each side: they stay.
        var analysis = OffSupportAnalysis(Enumerable.Range(0, 20), [.. Enumerable.Range(5, 15).Select(i => (double)i), 22, 23]);

        var support = analysis.Support.Single();
        Assert.Equal((17, 15, 2), (support.Treated, support.Matched, support.OffSupport));
        var control = DisclosureControl.Publication;
        var table = analysis.ProtectedSupport(control)!;
        Assert.Null(table[0, 1].Value);
        Assert.False(table[0, 0].Value is not null && table.RowTotal(0).Value is not null, "matched and supported both shown");
        var csv = new StringWriter();
        analysis.WriteCsv(csv, control);
        var psm = csv.ToString().Split('\n')[1].Split(',');
        var estimate = analysis.Estimates.Single(e => e.Design == ImpactDesign.Psm).Value!.Value;
        Assert.Equal(("psm", G10(estimate.Estimate), G10(estimate.Lower), "[c]", "[c]"), (psm[0], psm[2], psm[3], psm[5], psm[6]));
        Assert.DoesNotContain("2 supported families", csv.ToString(), StringComparison.Ordinal);
        var balance = new StringWriter();
        analysis.WriteBalanceCsv(balance, control: control);
        var row = analysis.Balance.First(b => b.Covariate == "Score");
        Assert.Equal($"attendance,Score,,,{G10(row.Before)},,,{G10(row.After)}", balance.ToString().Split('\n')[1].TrimEnd('\r'));
        Assert.Equal("psm", analysis.ForestRows(ImpactOutcome.Attendance, control).Single().Label);
        Assert.Contains(new CovariateBalance("Score", row.Before, row.After), analysis.LoveRows(ImpactOutcome.Attendance, control));
        Assert.Contains(analysis.EstimatesTable(control).Rows, r => Equals(r[0], "psm") && r[2] is double && r[4] is DisclosedCount { Protection: CellProtection.Secondary });
    }

    [Fact]
    public void Support_FewMatched_EstimateBalanceAndLovePlotHidden()
    {
        // Comparison families at 0-19, supported ones at 0-3 (four matched) and at 40-49 (ten off support): the estimate rests
        // on four matched families, below the threshold of five, so nothing of the psm design is shown under publication
        // control, though all of it is without control.
        var analysis = OffSupportAnalysis(Enumerable.Range(0, 20), [.. Enumerable.Range(0, 4).Select(i => (double)i), .. Enumerable.Range(40, 10).Select(i => (double)i)]);
        Assert.Equal(4, analysis.Support.Single().Matched);
        var control = DisclosureControl.Publication;
        var csv = new StringWriter();
        analysis.WriteCsv(csv, control);
        var psm = csv.ToString().Split('\n')[1].Split(',');
        Assert.Equal(("", "<5", "<5"), (psm[2], psm[5], psm[6]));
        var balance = new StringWriter();
        analysis.WriteBalanceCsv(balance, control: control);
        Assert.Equal("attendance,Score,,,,,,", balance.ToString().Split('\n')[1].TrimEnd('\r'));
        Assert.Empty(analysis.ForestRows(ImpactOutcome.Attendance, control));
        Assert.Empty(analysis.LoveRows(ImpactOutcome.Attendance, control));
        Assert.Equal(analysis.Balance.Count, analysis.LoveRows(ImpactOutcome.Attendance, DisclosureControl.None).Count);
    }

    private static string G10(double x) => x.ToString("G10", CultureInfo.InvariantCulture);

    /// <summary>A psm-only analysis of one covariate: comparison families at <paramref name="comparison"/>, supported ones at <paramref name="supported"/>.</summary>
    private static ImpactAnalysis OffSupportAnalysis(IEnumerable<int> comparison, double[] supported)
    {
        var x = comparison.Select(i => (Treated: false, X: (double)i)).Concat(supported.Select(v => (Treated: true, X: v))).ToList();
        var values = x.Select((f, i) => new OutcomeValue(i, f.Treated, 80, 80 + f.X / 4 + (i % 3), null)).ToArray();
        var data = new ImpactData([.. x.Select((_, i) => $"F{i}")], [.. x.Select(f => !f.Treated)], ["Score"], [.. x.Select(f => new[] { f.X })],
            new Dictionary<string, OutcomeValue[]> { [ImpactOutcome.Attendance.Name] = values });
        return ImpactAnalysis.Run(data, new ImpactOptions { AsAt = new DateOnly(2025, 3, 31), Outcomes = [ImpactOutcome.Attendance], Designs = [ImpactDesign.Psm] });
    }
}
