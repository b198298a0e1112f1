using System.Globalization;
using System.Text;
using OutcomeAnalytics.Generation;
using OutcomeAnalytics.Impact;
using OutcomeAnalytics.Tests.Generation;

namespace OutcomeAnalytics.Tests.Impact;

/// <summary>
/// The three designs on a generated council (1,500 families) against Debian's statsmodels on the same data, exported as
/// CSV: prepost as <c>OLS(change, 1)</c>, did as <c>OLS(change, [1, treated])</c> with HC2 errors, the propensity model as
/// <c>Logit</c> and the matched estimate as <c>WLS(after, [1, treated], weights)</c> with HC1 errors.
/// </summary>
public sealed class StatsmodelsAgreementTests
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import sys
        try:
            import numpy as np
            import statsmodels.api as sm
        except ImportError:
            sys.exit(3)
        for path in sys.argv[1:]:
            d = np.genfromtxt(path, delimiter=',', names=True)
            t = d['treated'] == 1
            change = d['after'] - d['before']
            r = sm.OLS(change[t], np.ones(t.sum())).fit()
            lo, hi = r.conf_int()[0]
            print('prepost', repr(r.params[0]), repr(r.bse[0]), repr(lo), repr(hi))
            r = sm.OLS(change, sm.add_constant(t.astype(float))).fit(cov_type='HC2')
            lo, hi = r.conf_int()[1]
            print('did', repr(r.params[1]), repr(r.bse[1]), repr(lo), repr(hi))
            x = sm.add_constant(np.column_stack([d[n] for n in d.dtype.names if n.startswith('x')]))
            m = sm.Logit(t.astype(float), x).fit(disp=0, method='newton', maxiter=100, tol=1e-12)
            print('logit', repr(float(np.max(np.abs(x @ m.params - d['logit'])))), 0, 0, 0)
            k = d['weight'] > 0
            r = sm.WLS(d['after'][k], sm.add_constant(t[k].astype(float)), weights=d['weight'][k]).fit(cov_type='HC1')
            lo, hi = r.conf_int()[1]
            print('psm', repr(r.params[1]), repr(r.bse[1]), repr(lo), repr(hi))
        """;

    [Fact]
    public void Designs_AgreeWithStatsmodels_OnAGeneratedCouncil()
    {
        if (!File.Exists(Python)) Assert.Skip("Python 3 is not installed, so the impact designs were not checked against statsmodels: apt-get install -y python3 python3-statsmodels");
        using var extract = new GeneratedExtract(new GenerateOptions { Families = 1_500, Seed = 11 });
        var options = new ImpactOptions { AsAt = extract.Result.AsAt, Outcomes = [ImpactOutcome.Attendance, ImpactOutcome.Incidents, ImpactOutcome.Wemwbs] };
        var analysis = ImpactAnalysis.Run(extract.Connection, options);
        var files = options.Outcomes.Select(o => Export(analysis, o, Path.Combine(extract.Folder, $"impact-{o.Name}.csv"))).ToList();

        var (code, output, error) = ExternalProcess.Run(Python, ["-c", Script, .. files]);
        if (code == 3) Assert.Skip("Python's statsmodels is not installed, so the impact designs were not checked against it: apt-get install -y python3-statsmodels");
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
        Assert.Equal(4 * options.Outcomes.Count, lines.Count);
        for (var o = 0; o < options.Outcomes.Count; o++)
        {
            var outcome = options.Outcomes[o];
            foreach (var line in lines.Skip(4 * o).Take(4))
            {
                var figures = line.Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                if (line[0] == "logit")
                {
                    Assert.True(figures[0] < 1e-6, $"{outcome.Name}: the propensity logits differ from statsmodels' by up to {figures[0]}");
                    continue;
                }
                var design = ImpactAnalysis.ParseDesign(line[0]);
                var ours = analysis.Estimates.Single(e => e.Design == design && e.Outcome == outcome).Value!.Value;
                double[] mine = [ours.Estimate, ours.StandardError, ours.Lower, ours.Upper];
                for (var k = 0; k < 4; k++)
                    Assert.True(Math.Abs(mine[k] - figures[k]) <= 1e-9 * Math.Max(1, Math.Abs(figures[k])),
                        $"{line[0]} {outcome.Name}: ours {string.Join(", ", mine)}; statsmodels {string.Join(", ", figures)}");
            }
        }
    }

    /// <summary>One outcome's analysis data: group, before, after, the propensity logit, the matching weight and the covariates the model used.</summary>
    private static string Export(ImpactAnalysis analysis, ImpactOutcome outcome, string path)
    {
        var values = analysis.Data.Values[outcome.Name];
        var rows = values.Select(v => (double[])[.. analysis.Data.Covariates[v.Family], v.Before]).ToList();
        var matching = PropensityMatching.Fit(rows, values.Select(v => v.Treated).ToList(), analysis.Options.Seed);
        var weights = matching.Weights();
        var text = new StringBuilder("treated,before,after,logit,weight," + string.Join(",", matching.UsedColumns.Select(c => "x" + c)) + "\n");
        for (var i = 0; i < values.Length; i++)
        {
            var weight = values[i].Treated ? (matching.Match[i] >= 0 ? 1 : 0) : weights[i];
            double[] cells = [values[i].Treated ? 1 : 0, values[i].Before, values[i].After, matching.Logits[i], weight, .. matching.UsedColumns.Select(c => rows[i][c])];
            text.AppendJoin(',', cells.Select(c => c.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
