using System.Globalization;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Impact;

public sealed partial class ImpactAnalysis
{
    /// <summary>The estimates as a report table; counts through <paramref name="control"/> (estimates resting on a hidden count left out).</summary>
    public ReportTable EstimatesTable(DisclosureControl? control = null)
    {
        control ??= DisclosureControl.Publication;
        var protectedSupport = ProtectedSupport(control);
        return new ReportTable("Impact estimates: supported families against the waiting list",
        [
            new("Design", ColumnFormat.Text), new("Outcome", ColumnFormat.Text), new("Estimate", ColumnFormat.Decimal, 3), new("95% interval", ColumnFormat.Text),
            new("Supported families", ColumnFormat.Count), new("Comparison families", ColumnFormat.Count), new("Unit", ColumnFormat.Text),
        ],
        [.. Estimates.Select(e =>
        {
            var (t, c) = (control.Protect(e.Treated), control.Protect(e.Comparison));
            var v = e.Published(control);
            if (e.Design == ImpactDesign.Psm && PsmCountsHidden(e.Outcome, control, protectedSupport)) (t, c) = (Secondary(t), Secondary(c));
            return (IReadOnlyList<object?>)[e.Design == ImpactDesign.PrePost ? "prepost (not an effect)" : e.DesignName, e.Outcome.Name, v?.Estimate,
                v is { } i ? $"{F(i.Lower)} to {F(i.Upper)}" : "", t, e.Design == ImpactDesign.PrePost ? null : c, e.Outcome.Unit];
        })]);
    }

    /// <summary>The did design's trend checks as a report table.</summary>
    public ReportTable TrendTable(DisclosureControl? control = null)
    {
        control ??= DisclosureControl.Publication;
        return new("Trend check: did the groups already diverge before support?",
            [new("Outcome", ColumnFormat.Text), new("Verdict", ColumnFormat.Text), new("Placebo difference", ColumnFormat.Decimal, 4), new("95% interval", ColumnFormat.Text)],
            [.. TrendChecks.Select(t => (IReadOnlyList<object?>)[t.Outcome.Name, t.PublishedVerdict(control), t.Published(control)?.Estimate,
                t.Published(control) is { } v ? $"{F(v.Lower)} to {F(v.Upper)}" : ""])]);
    }

    /// <summary><paramref name="count"/> hidden as a secondary suppression, unless it is already hidden as a small count.</summary>
    private static DisclosedCount Secondary(DisclosedCount count) => count.Value is null ? count : new(null, CellProtection.Secondary, DisclosureControl.SecondaryText);

    /// <summary>Common support of the propensity scores as a report table; counts through <paramref name="control"/>.</summary>
    public ReportTable SupportTable(DisclosureControl? control = null)
    {
        control ??= DisclosureControl.Publication;
        var protectedSupport = ProtectedSupport(control);
        return new ReportTable("Common support: propensity scores of the two groups and the supported families matched",
        [
            new("Outcome", ColumnFormat.Text), new("Supported: scores", ColumnFormat.Text), new("Comparison: scores", ColumnFormat.Text), new("Caliper (logit)", ColumnFormat.Decimal, 3),
            new("Supported families", ColumnFormat.Count), new("Matched", ColumnFormat.Count), new("Off support", ColumnFormat.Count), new("Comparison families used", ColumnFormat.Count),
        ],
        [.. Support.Select((s, i) => (IReadOnlyList<object?>)[s.Outcome.Name, $"{F(s.TreatedMin)} to {F(s.TreatedMax)}", $"{F(s.ComparisonMin)} to {F(s.ComparisonMax)}", s.Caliper,
            protectedSupport!.RowTotal(i), protectedSupport[i, 0], protectedSupport[i, 1], control.Protect(s.ComparisonUsed)])]);
    }

    /// <summary>
    /// The matched and off-support counts protected together, supported families as each row's total (rows in
    /// <see cref="Support"/> order), so that a hidden figure cannot be worked out from the others; null when no outcome was matched.
    /// </summary>
    internal ProtectedTable? ProtectedSupport(DisclosureControl control)
    {
        if (Support.Count == 0) return null;
        var cells = new long[Support.Count, 2];
        for (var i = 0; i < Support.Count; i++) (cells[i, 0], cells[i, 1]) = (Support[i].Matched, Support[i].OffSupport);
        return control.Protect(new CountTable("Common support", "Outcome", [.. Support.Select(s => s.Outcome.Name)], ["Matched", "Off support"], cells));
    }

    /// <summary>
    /// Whether the psm counts for <paramref name="outcome"/> must be held back because some count of its common support is
    /// hidden: the matched count shown beside the supported families elsewhere would give a hidden off-support count away.
    /// The estimate and its interval are not counts and stay shown (unless the matched families themselves are too few:
    /// <see cref="ImpactEstimate.Published"/>); so do the balance's standardised differences, but not its means, from
    /// which the covariates of the few families left out could be worked out.
    /// </summary>
    internal bool PsmCountsHidden(ImpactOutcome outcome, DisclosureControl control, ProtectedTable? protectedSupport)
    {
        var i = Support.ToList().FindIndex(s => s.Outcome == outcome);
        if (i < 0 || protectedSupport is null) return false;
        return protectedSupport[i, 0].Value is null || protectedSupport[i, 1].Value is null || protectedSupport.RowTotal(i).Value is null
            || control.Protect(Support[i].ComparisonUsed).Value is null;
    }

    /// <summary>
    /// What can and cannot be concluded, in plain words: one sentence per outcome from the figures shown (did and psm
    /// agreeing or not, the trend check, balance), then the limits every reading carries.
    /// </summary>
    public IReadOnlyList<string> Conclusions(DisclosureControl? control = null)
    {
        control ??= DisclosureControl.Publication;
        var lines = new List<string>();
        foreach (var outcome in Options.Outcomes)
        {
            var did = Estimates.FirstOrDefault(e => e.Design == ImpactDesign.Did && e.Outcome == outcome) is { } d ? d.Published(control) : null;
            var psm = Estimates.FirstOrDefault(e => e.Design == ImpactDesign.Psm && e.Outcome == outcome) is { } p ? p.Published(control) : null;
            var trend = TrendChecks.FirstOrDefault(t => t.Outcome == outcome);
            var worstAfter = Balance.Where(b => b.Outcome == outcome).Select(b => Math.Abs(b.After)).DefaultIfEmpty(0).Max();
            var found = new[] { ("did", did), ("psm", psm) }.Where(x => x.Item2 is not null).Select(x => (Name: x.Item1, Value: x.Item2!.Value)).ToList();
            if (found.Count == 0)
            {
                lines.Add($"{outcome.Name}: no effect estimate can be shown (too few families, or the counts are too small to publish).");
                continue;
            }
            var clear = found.Where(x => x.Value.Excludes(0)).ToList();
            var text = clear.Count == found.Count
                ? $"{outcome.Name}: {string.Join(" and ", found.Select(x => $"{x.Name} estimates {F(x.Value.Estimate)} {outcome.Unit} ({F(x.Value.Lower)} to {F(x.Value.Upper)})"))}; "
                    + (found.All(x => Math.Sign(x.Value.Estimate) == Math.Sign(found[0].Value.Estimate))
                        ? $"support {(found[0].Value.Estimate > 0 == outcome.HigherIsBetter ? "improved" : "worsened")} this outcome beyond what the waiting list shows."
                        : "the designs disagree on the direction, so no conclusion can be drawn.")
                : clear.Count == 0
                    ? $"{outcome.Name}: no design can tell the effect from no effect ({string.Join("; ", found.Select(x => $"{x.Name} {F(x.Value.Lower)} to {F(x.Value.Upper)} {outcome.Unit}"))}): the data neither show an effect nor rule out one of that size."
                    : $"{outcome.Name}: the designs differ ({string.Join("; ", found.Select(x => $"{x.Name} {F(x.Value.Estimate)}, {F(x.Value.Lower)} to {F(x.Value.Upper)}"))} {outcome.Unit}): treat any effect as uncertain.";
            if (trend?.Verdict == "failed") text += " The trend check failed, so the did figure should not be trusted.";
            if (psm is not null && worstAfter >= 0.1) text += $" After matching a covariate still differs by {F(worstAfter)} standard deviations (goal: under 0.1), so the psm figure may be biased.";
            lines.Add(text);
        }
        if (Options.Designs.Contains(ImpactDesign.PrePost))
            lines.Add("prepost is not an effect: supported families are identified at a low point and improve without help (regression to the mean), so their change overstates what support caused.");
        lines.Add("did and psm compare supported families with families waiting to start: they remove the improvement families show anyway and the differences the data record, not differences nobody recorded (why some families waited), and the waiting list's windows fall earlier in the calendar.");
        var sittings = Options.Outcomes.Where(o => o.Window == WindowKind.Sittings).Select(o => o.Name).ToList();
        if (sittings.Count > 0)
            lines.Add($"{string.Join(" and ", sittings)}: the two groups are not followed up at the same point (supported families: their last sitting up to {ImpactOutcome.SittingWindowMonths} months after the index date; waiting-list families: any sitting before their support began), so the did and psm figures for {(sittings.Count == 1 ? "it" : "them")} are biased by that difference and are not a fair effect estimate.");
        lines.Add("An interval that excludes 0 means the data are unlikely under no effect; it does not show what support will do for other families or in other years.");
        return lines;
    }

    private static string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
