using System.Globalization;
using DuckDB.NET.Data;
using MathNet.Numerics.Statistics;
using OutcomeAnalytics.Formats;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Impact;

/// <summary>The three impact designs.</summary>
public enum ImpactDesign
{
    /// <summary>Paired change within supported families: not an effect estimate.</summary>
    PrePost,

    /// <summary>Difference in differences against the waiting list's comparison pool.</summary>
    Did,

    /// <summary>Propensity score matching on baseline covariates.</summary>
    Psm,
}

/// <summary>What an impact analysis covers.</summary>
public sealed record ImpactOptions
{
    /// <summary>The analysis date: every follow-up window must have ended by then.</summary>
    public required DateOnly AsAt { get; init; }

    /// <summary>The designs to run. The default is all three.</summary>
    public IReadOnlyList<ImpactDesign> Designs { get; init; } = [ImpactDesign.PrePost, ImpactDesign.Did, ImpactDesign.Psm];

    /// <summary>The outcomes to estimate. The default is <see cref="ImpactOutcome.All"/>.</summary>
    public IReadOnlyList<ImpactOutcome> Outcomes { get; init; } = ImpactOutcome.All;

    /// <summary>Only these families (a cohort), in both groups; null for every family. The default is null.</summary>
    public IReadOnlyCollection<string>? Families { get; init; }

    /// <summary>Seeds the random draw that breaks ties between equally close comparison families in matching. The default is 1.</summary>
    public int Seed { get; init; } = 1;
}

/// <summary>One design's estimate for one outcome.</summary>
/// <param name="Design">The design.</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="Value">The estimate and its 95% interval; null when too few families had the outcome.</param>
/// <param name="Treated">Supported families the estimate rests on.</param>
/// <param name="Comparison">Comparison families it rests on (distinct families; 0 for prepost).</param>
/// <param name="Method">How the interval was computed.</param>
/// <param name="Note">What the figure is, and is not, in words.</param>
public sealed record ImpactEstimate(ImpactDesign Design, ImpactOutcome Outcome, Interval? Value, int Treated, int Comparison, string Method, string Note)
{
    /// <summary>The design's name in outputs: <c>prepost</c>, <c>did</c> or <c>psm</c>.</summary>
    public string DesignName => ImpactAnalysis.Name(Design);

    /// <summary>The estimate as it may be shown under <paramref name="control"/>: null when it rests on a count the control hides.</summary>
    public Interval? Published(DisclosureControl control)
    {
        ArgumentNullException.ThrowIfNull(control);
        return Value is { } v && control.Protect(Treated).Value is not null && (Design == ImpactDesign.PrePost || control.Protect(Comparison).Value is not null) ? v : null;
    }
}

/// <summary>The placebo check of the difference-in-differences design for one outcome.</summary>
/// <param name="Outcome">The outcome.</param>
/// <param name="Value">The difference in differences between the placebo period and the baseline window (before support started in either group); null when the outcome has no earlier period or too few families.</param>
/// <param name="Treated">Supported families with the earlier period.</param>
/// <param name="Comparison">Comparison families with the earlier period.</param>
public sealed record TrendCheck(ImpactOutcome Outcome, Interval? Value, int Treated, int Comparison)
{
    /// <summary><c>passed</c>, <c>failed</c> (the groups already diverged before support) or <c>not available</c>.</summary>
    public string Verdict => Value is not { } v ? "not available" : v.Excludes(0) ? "failed" : "passed";

    /// <summary>The check as it may be shown under <paramref name="control"/>: null when it rests on a count the control hides.</summary>
    public Interval? Published(DisclosureControl control)
    {
        ArgumentNullException.ThrowIfNull(control);
        return Value is { } v && control.Protect(Treated).Value is not null && control.Protect(Comparison).Value is not null ? v : null;
    }

    /// <summary>The <see cref="Sentence"/> as it may be shown under <paramref name="control"/>: without figures when the check rests on a hidden count.</summary>
    public string PublishedSentence(DisclosureControl control) => Value is not null && Published(control) is null
        ? $"{Outcome.Name}: the trend check rests on a count too small to publish, so it is not shown."
        : Sentence;

    /// <summary>The <see cref="Verdict"/> as it may be shown under <paramref name="control"/>: <c>suppressed</c> when it rests on a hidden count.</summary>
    public string PublishedVerdict(DisclosureControl control) => Value is not null && Published(control) is null ? "suppressed" : Verdict;

    /// <summary>The check in one sentence.</summary>
    public string Sentence => Value is not { } v
        ? $"{Outcome.Name}: no trend check ({(Outcome.HasPlacebo ? "too few families with an earlier period" : "the outcome has no earlier period")})."
        : v.Excludes(0)
            ? $"{Outcome.Name}: the trend check FAILS: before support, the supported families' {Outcome.Name} already changed by {Format(v.Estimate)} {Outcome.Unit} more than the comparison pool's (95% interval {Format(v.Lower)} to {Format(v.Upper)}), so the groups were not on parallel paths and the did estimate should not be trusted."
            : $"{Outcome.Name}: the trend check passes: no evidence of diverging trends before support (difference {Format(v.Estimate)} {Outcome.Unit}, 95% interval {Format(v.Lower)} to {Format(v.Upper)}).";

    private static string Format(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>Common support of one outcome's propensity scores.</summary>
public sealed record CommonSupport(ImpactOutcome Outcome, double TreatedMin, double TreatedMax, double ComparisonMin, double ComparisonMax, double Caliper,
    int Treated, int Matched, int ComparisonUsed)
{
    /// <summary>Supported families with no comparison family within the caliper, left out of the psm estimate.</summary>
    public int OffSupport => Treated - Matched;
}

/// <summary>One covariate's balance for one outcome's matching: means and standardised mean differences before and after.</summary>
public sealed record BalanceRow(ImpactOutcome Outcome, string Covariate, double MeanTreated, double MeanComparison, double Before,
    double MeanMatchedTreated, double MeanMatchedComparison, double After);

/// <summary>
/// What the programme caused: the three designs over the six outcomes (<see cref="ImpactOutcome"/>). Supported families
/// (identified at attachment) are compared with the waiting list's families before their support began; see
/// <see cref="ImpactData"/> for the groups and windows.
/// </summary>
public sealed partial class ImpactAnalysis
{
    /// <summary>The leading columns of the estimates CSV, in order (other tools read them).</summary>
    public static IReadOnlyList<string> Columns { get; } = ["design", "outcome", "estimate", "ci_low", "ci_high", "n_treated", "n_comparison", "unit"];

    /// <summary>The words every prepost figure carries.</summary>
    public const string PrePostCaveat = "Not an effect estimate: the change within supported families from before to after support. Families are identified at a low point and "
        + "improve without help (regression to the mean), so this change overstates what support caused.";

    private ImpactAnalysis(ImpactOptions options, ImpactData data, List<ImpactEstimate> estimates, List<TrendCheck> trends, List<CommonSupport> support, List<BalanceRow> balance)
    {
        Options = options;
        Data = data;
        Estimates = estimates;
        TrendChecks = trends;
        Support = support;
        Balance = balance;
    }

    /// <summary>The options of the run.</summary>
    public ImpactOptions Options { get; }

    /// <summary>The families and values the estimates came from.</summary>
    public ImpactData Data { get; }

    /// <summary>One estimate per design and outcome, in the order of the options.</summary>
    public IReadOnlyList<ImpactEstimate> Estimates { get; }

    /// <summary>The did design's placebo checks, one per outcome (when did was run).</summary>
    public IReadOnlyList<TrendCheck> TrendChecks { get; }

    /// <summary>Common support per outcome (when psm was run).</summary>
    public IReadOnlyList<CommonSupport> Support { get; }

    /// <summary>The balance table (when psm was run).</summary>
    public IReadOnlyList<BalanceRow> Balance { get; }

    /// <summary>The design's name in outputs.</summary>
    public static string Name(ImpactDesign design) => design switch { ImpactDesign.PrePost => "prepost", ImpactDesign.Did => "did", _ => "psm" };

    /// <summary>The design named <paramref name="name"/> (<c>prepost</c>, <c>did</c>, <c>psm</c>; any case).</summary>
    public static ImpactDesign ParseDesign(string name) => name.Trim().ToLowerInvariant() switch
    {
        "prepost" => ImpactDesign.PrePost,
        "did" => ImpactDesign.Did,
        "psm" => ImpactDesign.Psm,
        _ => throw new ArgumentException($"'{name}' is not a design (expected prepost, did or psm).", nameof(name)),
    };

    /// <summary>Runs the analysis on <paramref name="connection"/> (a database written by <c>outcomes load</c>).</summary>
    public static ImpactAnalysis Run(DuckDBConnection connection, ImpactOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = ImpactData.Read(connection, options.AsAt, options.Outcomes, options.Families);
        return Run(data, options);
    }

    /// <summary>Runs the designs on values already read.</summary>
    public static ImpactAnalysis Run(ImpactData data, ImpactOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var estimates = new List<ImpactEstimate>();
        var trends = new List<TrendCheck>();
        var support = new List<CommonSupport>();
        var balance = new List<BalanceRow>();
        foreach (var design in options.Designs.Distinct())
            foreach (var outcome in options.Outcomes)
            {
                var values = data.Values[outcome.Name];
                switch (design)
                {
                    case ImpactDesign.PrePost: estimates.Add(PrePost(outcome, values)); break;
                    case ImpactDesign.Did:
                        estimates.Add(Did(outcome, values));
                        trends.Add(Trend(outcome, values));
                        break;
                    default:
                        estimates.Add(Psm(outcome, data, values, options.Seed, support, balance));
                        break;
                }
            }
        return new ImpactAnalysis(options, data, estimates, trends, support, balance);
    }

    private static ImpactEstimate PrePost(ImpactOutcome outcome, OutcomeValue[] values)
    {
        var changes = values.Where(v => v.Treated).Select(v => v.After - v.Before).ToList();
        const string method = "Student's t interval of the mean paired change";
        return new ImpactEstimate(ImpactDesign.PrePost, outcome, changes.Count >= 2 ? ImpactStatistics.MeanChange(changes) : null, changes.Count, 0, method, PrePostCaveat);
    }

    private static ImpactEstimate Did(ImpactOutcome outcome, OutcomeValue[] values)
    {
        var t = values.Where(v => v.Treated).Select(v => v.After - v.Before).ToList();
        var c = values.Where(v => !v.Treated).Select(v => v.After - v.Before).ToList();
        const string method = "normal interval, unequal-variance (Welch) standard error";
        var note = "The supported families' change minus the comparison pool's change over windows of equal length from the index date (waiting-list families before their support began).";
        return new ImpactEstimate(ImpactDesign.Did, outcome, t.Count >= 2 && c.Count >= 2 ? ImpactStatistics.DifferenceOfMeans(t, c) : null, t.Count, c.Count, method, note);
    }

    private static TrendCheck Trend(ImpactOutcome outcome, OutcomeValue[] values)
    {
        var t = values.Where(v => v.Treated && v.Earlier is not null).Select(v => v.Before - v.Earlier!.Value).ToList();
        var c = values.Where(v => !v.Treated && v.Earlier is not null).Select(v => v.Before - v.Earlier!.Value).ToList();
        return new TrendCheck(outcome, outcome.HasPlacebo && t.Count >= 2 && c.Count >= 2 ? ImpactStatistics.DifferenceOfMeans(t, c) : null, t.Count, c.Count);
    }

    private static ImpactEstimate Psm(ImpactOutcome outcome, ImpactData data, OutcomeValue[] values, int seed, List<CommonSupport> support, List<BalanceRow> balance)
    {
        const string method = "normal interval, robust (HC1) standard error of the weighted difference on the matched sample (analytic; matches taken as given)";
        var note = "Supported families' outcome after minus that of their nearest waiting-list family on the propensity score (1:1, with replacement, caliper 0.2 pooled SD of the logit).";
        var treatedCount = values.Count(v => v.Treated);
        if (treatedCount < 2 || values.Length - treatedCount < 2)
            return new ImpactEstimate(ImpactDesign.Psm, outcome, null, treatedCount, values.Length - treatedCount, method, note + " Too few families to match.");
        var rows = values.Select(v => (double[])[.. data.Covariates[v.Family], v.Before]).ToList();
        var names = data.CovariateNames.Append($"Baseline {outcome.Name}").ToList();
        var treated = values.Select(v => v.Treated).ToList();
        PropensityMatching matching;
        try
        {
            matching = PropensityMatching.Fit(rows, treated, seed);
        }
        catch (InvalidOperationException e)
        {
            return new ImpactEstimate(ImpactDesign.Psm, outcome, null, treatedCount, values.Length - treatedCount, method,
                note + " No estimate: " + e.Message + " Matching needs families of both groups across every covariate; use the did figure, or a cohort with more varied families.");
        }
        var weights = matching.Weights();
        var matchedT = Enumerable.Range(0, values.Length).Where(i => treated[i] && matching.Match[i] >= 0).ToList();
        var usedC = Enumerable.Range(0, values.Length).Where(i => weights[i] > 0).ToList();
        var scoresT = Enumerable.Range(0, values.Length).Where(i => treated[i]).Select(matching.Score).ToList();
        var scoresC = Enumerable.Range(0, values.Length).Where(i => !treated[i]).Select(matching.Score).ToList();
        support.Add(new CommonSupport(outcome, scoresT.Min(), scoresT.Max(), scoresC.Min(), scoresC.Max(), matching.Caliper, treatedCount, matchedT.Count, usedC.Count));

        var allT = Enumerable.Range(0, values.Length).Where(i => treated[i]).ToList();
        var allC = Enumerable.Range(0, values.Length).Where(i => !treated[i]).ToList();
        for (var c = 0; c < names.Count; c++)
        {
            var column = c;
            var vt = allT.Select(i => rows[i][column]).ToList();
            var vc = allC.Select(i => rows[i][column]).ToList();
            var (mt, mc) = (vt.Mean(), vc.Mean());
            var (vart, varc) = (vt.Variance(), vc.Variance());
            var amt = matchedT.Count > 0 ? matchedT.Average(i => rows[i][column]) : double.NaN;
            var amc = usedC.Count > 0 ? usedC.Sum(i => weights[i] * rows[i][column]) / usedC.Sum(i => weights[i]) : double.NaN;
            balance.Add(new BalanceRow(outcome, names[c], mt, mc, ImpactStatistics.StandardisedDifference(mt, mc, vart, varc),
                amt, amc, ImpactStatistics.StandardisedDifference(amt, amc, vart, varc)));
        }
        var value = matchedT.Count >= 1 && usedC.Count >= 1 && matchedT.Count + usedC.Count >= 3
            ? ImpactStatistics.WeightedDifference(matchedT.Select(i => values[i].After).ToList(), usedC.Select(i => values[i].After).ToList(), usedC.Select(i => (double)weights[i]).ToList())
            : (Interval?)null;
        if (matchedT.Count < treatedCount) note += " Some supported families had no comparison family within the caliper (off common support) and are left out; the common support table gives how many where the counts can be published.";
        return new ImpactEstimate(ImpactDesign.Psm, outcome, value, matchedT.Count, usedC.Count, method, note);
    }

    /// <summary>
    /// Writes the estimates as CSV: the <see cref="Columns"/>, then <c>higher_is_better, standard_error, p_value, interval, trend_check, window,
    /// note</c>. Counts go through <paramref name="control"/> (the default: <see cref="DisclosureControl.Publication"/>); an
    /// estimate resting on a hidden count is left empty. Text is protected from formulas unless <paramref name="raw"/>.
    /// </summary>
    public void WriteCsv(TextWriter writer, DisclosureControl? control = null, bool raw = false)
    {
        control ??= DisclosureControl.Publication;
        var protectedSupport = ProtectedSupport(control);
        string[] header = [.. Columns, "higher_is_better", "standard_error", "p_value", "interval", "trend_check", "window", "note"];
        var rows = Estimates.Select(e =>
        {
            var (t, c) = (control.Protect(e.Treated), control.Protect(e.Comparison));
            var shown = e.Published(control);
            if (e.Design == ImpactDesign.Psm && PsmCountsHidden(e.Outcome, control, protectedSupport)) (t, c) = (Secondary(t), Secondary(c));
            var trend = e.Design == ImpactDesign.Did ? TrendChecks.First(x => x.Outcome == e.Outcome).PublishedVerdict(control) : "";
            return new object?[]
            {
                e.DesignName, e.Outcome.Name, shown?.Estimate, shown?.Lower, shown?.Upper, Count(t), e.Design == ImpactDesign.PrePost ? 0L : Count(c), e.Outcome.Unit,
                e.Outcome.HigherIsBetter ? "true" : "false", shown?.StandardError, shown?.P, e.Method, trend, e.Outcome.WindowText, e.Note,
            };
        });
        CsvFile.Write(writer, header, rows, raw);
    }

    /// <summary>
    /// Writes the balance table as CSV: <c>outcome, covariate, mean_treated, mean_comparison, smd_before, mean_matched_treated,
    /// mean_matched_comparison, smd_after</c> (standardised mean differences use the variances before matching; goal: below 0.1 after).
    /// Under <paramref name="control"/> (the default: <see cref="DisclosureControl.Publication"/>), an outcome whose psm
    /// estimate is hidden has its rows left empty but for the outcome and covariate; one whose common-support counts are
    /// hidden keeps its standardised differences but not its means (the means before and after matching would together
    /// give away the covariates of the few families left out).
    /// </summary>
    public void WriteBalanceCsv(TextWriter writer, bool raw = false, DisclosureControl? control = null)
    {
        control ??= DisclosureControl.Publication;
        var protectedSupport = ProtectedSupport(control);
        string[] header = ["outcome", "covariate", "mean_treated", "mean_comparison", "smd_before", "mean_matched_treated", "mean_matched_comparison", "smd_after"];
        CsvFile.Write(writer, header, Balance.Select(b => !PsmShown(b.Outcome, control)
            ? new object?[] { b.Outcome.Name, b.Covariate, null, null, null, null, null, null }
            : PsmCountsHidden(b.Outcome, control, protectedSupport)
                ? [b.Outcome.Name, b.Covariate, null, null, b.Before, null, null, b.After]
                : [b.Outcome.Name, b.Covariate, b.MeanTreated, b.MeanComparison, b.Before, b.MeanMatchedTreated, b.MeanMatchedComparison, b.After]), raw);
    }

    /// <summary>Whether the psm estimate for <paramref name="outcome"/> may be shown under <paramref name="control"/> (its matched families and the comparison families they used are not too few).</summary>
    private bool PsmShown(ImpactOutcome outcome, DisclosureControl control) =>
        Estimates.FirstOrDefault(e => e.Design == ImpactDesign.Psm && e.Outcome == outcome)?.Published(control) is not null;

    private static object Count(DisclosedCount count) => count.Value is { } v ? v : count.Text;

    /// <summary>The estimates of one outcome as forest-plot rows (one per design), leaving out any resting on a count <paramref name="control"/> hides.</summary>
    public IReadOnlyList<Estimate> ForestRows(ImpactOutcome outcome, DisclosureControl? control = null)
    {
        control ??= DisclosureControl.Publication;
        return [.. Estimates.Where(e => e.Outcome == outcome && e.Published(control) is not null)
            .Select(e => new Estimate(e.Design == ImpactDesign.PrePost ? "prepost (not an effect)" : e.DesignName, e.Value!.Value.Estimate, e.Value.Value.Lower, e.Value.Value.Upper))];
    }

    /// <summary>
    /// One outcome's balance as love-plot rows (standardised differences before and after matching); none when its psm
    /// estimate is hidden under <paramref name="control"/> (the default: <see cref="DisclosureControl.Publication"/>).
    /// </summary>
    public IReadOnlyList<CovariateBalance> LoveRows(ImpactOutcome outcome, DisclosureControl? control = null) =>
        PsmShown(outcome, control ?? DisclosureControl.Publication)
            ? [.. Balance.Where(b => b.Outcome == outcome).Select(b => new CovariateBalance(b.Covariate, b.Before, b.After))]
            : [];
}
