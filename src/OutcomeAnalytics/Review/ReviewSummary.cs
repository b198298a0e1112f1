using System.Globalization;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Review;

/// <summary>
/// The tables and the short written summary of a framework review (the review notebook's), made from the figures: every
/// count through disclosure control, no family named.
/// </summary>
public static class ReviewSummary
{
    /// <summary>The frameworks side by side: id, base, needs, headlines, whether a crosswalk carries needs to phase 3, title.</summary>
    public static ReportTable Frameworks(IReadOnlyList<FrameworkSummary> frameworks) => new("The frameworks",
        [new("Framework", ColumnFormat.Text), new("Written as changes to", ColumnFormat.Text), new("Needs", ColumnFormat.Count), new("Headlines", ColumnFormat.Count),
            new("Crosswalk to phase 3", ColumnFormat.Text), new("Title", ColumnFormat.Text)],
        [.. frameworks.Select(f => (IReadOnlyList<object?>)[f.Id, f.Base ?? "", f.Needs, f.Headlines, f.Crosswalk ? "yes" : "no", f.Title])]);

    /// <summary>The differences rule by rule: element, what differs, how each framework states it.</summary>
    public static ReportTable Differences(FrameworkComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return new ReportTable($"What differs from {comparison.A.Id} to {comparison.B.Id}",
            [new("Element", ColumnFormat.Text), new("Aspect", ColumnFormat.Text), new(comparison.A.Id, ColumnFormat.Text), new(comparison.B.Id, ColumnFormat.Text)],
            [.. comparison.Differences.Select(d => (IReadOnlyList<object?>)[d.Element, d.Aspect, d.A ?? "(absent)", d.B ?? "(absent)"])]);
    }

    /// <summary>
    /// The families that flip, each with both frameworks' statuses and reasons and the cause: row-level, for the data
    /// team (at most <paramref name="limit"/> rows).
    /// </summary>
    public static ReportTable Flipped(FrameworkComparison comparison, int limit = 20)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return new ReportTable($"Families whose status differs (first {limit})",
            [new("Family", ColumnFormat.Text), new(comparison.A.Id, ColumnFormat.Text), new(comparison.B.Id, ColumnFormat.Text), new("Cause", ColumnFormat.Text),
                new($"Why, under {comparison.A.Id}", ColumnFormat.Text), new($"Why, under {comparison.B.Id}", ColumnFormat.Text)],
            [.. comparison.Flipped.Take(limit).Select(f => (IReadOnlyList<object?>)[f.FamilyId, f.StatusA, f.StatusB, f.Cause,
                f.ReasonA, f.ReasonB + (f.Needs.Count == 0 ? "" : " " + string.Join(" ", f.Needs))])]);
    }

    /// <summary>
    /// A few sentences stating the shown figures: claimable families under each framework, how many keep their status,
    /// the difference that alone flips most families and the parameter the claims are most sensitive to.
    /// </summary>
    public static string Write(FrameworkComparison comparison, Sensitivity? sensitivity, DisclosureControl control)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(control);
        string N(long count) => control.Protect(count).Text;
        var (a, b) = (comparison.A.Id, comparison.B.Id);
        var claimableA = comparison.Families.Count(f => f.StatusA == "claimable");
        var claimableB = comparison.Families.Count(f => f.StatusB == "claimable");
        var text = new List<string>
        {
            $"At {comparison.AsAt.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}, {N(claimableA)} of {N(comparison.Families.Count)} families are claimable under {a} and {N(claimableB)} under {b}.",
            $"{N(comparison.Agreeing)} families have the same status under both; {N(comparison.Flipped.Count)} have a different one.",
        };
        var top = comparison.Flipped.SelectMany(f => f.Causes).GroupBy(c => c, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault();
        var unexplained = comparison.Flipped.Count(f => f.Causes.Count == 0);
        if (top is not null)
            text.Add($"Of the {comparison.Differences.Count} rule differences, {top.Key} alone gives {b}'s status to the most families ({N(top.Count())}).");
        if (unexplained > 0)
            text.Add($"{N(unexplained)} families flip through no single difference: the needs that decided each side say why.");
        var unmapped = comparison.UnmappedA.Concat(comparison.UnmappedB).Sum(u => u.Rows);
        if (unmapped > 0) text.Add($"{N(unmapped)} recorded need rows have no counterpart in one of the frameworks and were reported, not judged.");
        if (sensitivity is not null && sensitivity.Rows.Count > 0)
        {
            var widest = sensitivity.Rows.GroupBy(r => r.Parameter, StringComparer.Ordinal)
                .Select(g => (g.Key, Low: Math.Min(sensitivity.Baseline, g.Min(r => r.Claimable)), High: Math.Max(sensitivity.Baseline, g.Max(r => r.Claimable))))
                .OrderByDescending(x => x.High - x.Low).ThenBy(x => x.Key, StringComparer.Ordinal).First();
            text.Add(widest.High == widest.Low
                ? $"No parameter of {sensitivity.Framework.Id} changes the {N(sensitivity.Baseline)} claimable families over its alternatives."
                : $"Of {sensitivity.Framework.Id}'s parameters, {widest.Key} moves the claimable families most: from {N(widest.Low)} to {N(widest.High)}, against {N(sensitivity.Baseline)} at the defaults.");
        }
        return string.Join(" ", text);
    }
}
