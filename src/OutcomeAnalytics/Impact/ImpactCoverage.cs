using System.Globalization;
using OutcomeAnalytics.Generation;

namespace OutcomeAnalytics.Impact;

/// <summary>How one design did on one outcome at one planted effect, over the seeds of a validation run.</summary>
/// <param name="Design">The design.</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="Effect">The generator's <c>--effect</c>.</param>
/// <param name="Runs">Seeds with an estimate.</param>
/// <param name="CoversTruth">Share of runs whose 95% interval holds the true effect on the supported families.</param>
/// <param name="CoversZero">Share of runs whose interval holds 0.</param>
/// <param name="Bias">Mean of estimate minus true effect.</param>
/// <param name="Width">Mean interval width.</param>
/// <param name="Estimate">Mean estimate.</param>
/// <param name="Truth">Mean true effect.</param>
public sealed record CoverageRow(ImpactDesign Design, ImpactOutcome Outcome, double Effect, int Runs, double CoversTruth, double CoversZero, double Bias, double Width,
    double Estimate, double Truth);

/// <summary>
/// Validation on a known truth: for each seed the generator makes a council's extract at each effect, the designs
/// estimate the effect, and <see cref="ImpactTruth"/> says what it was. Coverage, bias and interval width per design,
/// outcome and effect follow. The benchmark <c>impact-coverage</c> runs it at scale; tests run a small version.
/// </summary>
public static class ImpactCoverage
{
    /// <summary>Runs <paramref name="seeds"/> seeds (1, 2, …) of <paramref name="families"/> families at each of <paramref name="effects"/>.</summary>
    public static IReadOnlyList<CoverageRow> Run(int seeds, int families, IReadOnlyList<double> effects, IReadOnlyList<ImpactOutcome>? outcomes = null,
        Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(effects);
        outcomes ??= ImpactOutcome.All;
        var runs = new List<(double Effect, ImpactEstimate Estimate, double Truth)>();
        for (var seed = 1; seed <= seeds; seed++)
        {
            var baseOptions = new GenerateOptions { Families = families, Seed = seed, Effect = 0 };
            var none = ImpactTruth.Extract(baseOptions);
            foreach (var effect in effects)
            {
                var data = effect == 0 ? none : ImpactTruth.Extract(baseOptions with { Effect = effect });
                var truth = ImpactTruth.Compare(data, none).ToDictionary(t => t.Outcome.Name, t => t.TrueAtt);
                var analysis = ImpactAnalysis.Run(data, new ImpactOptions { AsAt = baseOptions.ExtractDate, Outcomes = outcomes, Seed = seed });
                runs.AddRange(analysis.Estimates.Where(e => e.Value is not null).Select(e => (effect, e, truth[e.Outcome.Name])));
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"seed {seed}, effect {effect}: done"));
            }
        }
        return [.. runs.GroupBy(r => (r.Estimate.Design, r.Estimate.Outcome, r.Effect))
            .OrderBy(g => g.Key.Design).ThenBy(g => ImpactOutcome.All.ToList().IndexOf(g.Key.Outcome)).ThenBy(g => g.Key.Effect)
            .Select(g => new CoverageRow(g.Key.Design, g.Key.Outcome, g.Key.Effect, g.Count(),
                g.Average(r => r.Estimate.Value!.Value.Excludes(r.Truth) ? 0.0 : 1.0),
                g.Average(r => r.Estimate.Value!.Value.Excludes(0) ? 0.0 : 1.0),
                g.Average(r => r.Estimate.Value!.Value.Estimate - r.Truth),
                g.Average(r => r.Estimate.Value!.Value.Upper - r.Estimate.Value!.Value.Lower),
                g.Average(r => r.Estimate.Value!.Value.Estimate),
                g.Average(r => r.Truth)))];
    }

    /// <summary>The rows as a fixed-width table.</summary>
    public static IEnumerable<string> Format(IEnumerable<CoverageRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        yield return $"{"design",-8} {"outcome",-11} {"effect",6} {"runs",5} {"covers truth",12} {"covers 0",9} {"bias",10} {"width",10} {"estimate",10} {"true_att",10}";
        foreach (var r in rows)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{ImpactAnalysis.Name(r.Design),-8} {r.Outcome.Name,-11} {r.Effect,6:0.##} {r.Runs,5} {r.CoversTruth,12:0%} {r.CoversZero,9:0%} {r.Bias,10:0.####} {r.Width,10:0.####} {r.Estimate,10:0.####} {r.Truth,10:0.####}");
    }
}
