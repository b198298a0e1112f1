using System.Globalization;
using System.Text;
using OutcomeAnalytics.Cohorts;
using OutcomeAnalytics.Impact;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Reports;

public sealed partial class BoardReport
{
    /// <summary>The title page: council, period, evaluation date, framework and version, and how small numbers are shown. Printed on a page of its own.</summary>
    public ReportFragment TitlePage()
    {
        (string Term, string Value)[] facts =
        [
            ("Council", Council),
            ("Period", $"{Period.Label}: {Span()}"),
            ("Evaluation date", Day(AsAt)),
            ("Outcome framework", $"{Framework.Title}, version {Framework.Version}"),
            ("Prepared for", "Councillors, directors and partners of the strategic board"),
            ("Small numbers", Control.IsActive ? Control.Note : "Not protected: this copy is for the data team only."),
        ];
        var html = new StringBuilder("<div class=\"title-page\">\n<p class=\"title-lead\">").Append(Html.Encode(Council)).Append("</p>\n<dl class=\"title-facts\">\n");
        foreach (var (term, value) in facts) html.Append("<dt>").Append(Html.Encode(term)).Append("</dt><dd>").Append(Html.Encode(value)).Append("</dd>\n");
        html.Append("</dl>\n</div>\n");
        return new ReportFragment(html.ToString(), Council + "\n" + string.Join("\n", facts.Select(f => $"{f.Term}: {f.Value}")));
    }

    /// <summary>The summary of the quarter, as a list of its five sentences.</summary>
    public ReportFragment SummaryText() => ReportFragment.List(Summary);

    /// <summary>Families supported, started, closed and still supported, with totals.</summary>
    public ReportTable FamiliesTable() => Families.ToReportTable();

    /// <summary>Every family's claim status at the evaluation date, with the total.</summary>
    public ReportTable ClaimsTable() => Claims.ToReportTable();

    /// <summary>Claims made in the period.</summary>
    public ReportTable ClaimsMadeTable() => ClaimsMade.ToReportTable();

    /// <summary>Claims falling due by the end of the next quarter, by month, as a bar chart with its table.</summary>
    public Chart ClaimsDueChart() => Charts.Bar(ClaimsDue.Source, Control,
        $"Bar chart of the families whose claim falls due in each month up to {Day(NextQuarter.To)}, if their outcomes are met; {ClaimsDue.GrandTotal.Text} in all.");

    /// <summary>Need decisions per headline by status, with the share met and its 95% interval.</summary>
    public ReportTable HeadlineTable()
    {
        var percent = new ReportColumn("Share met", ColumnFormat.Percent, 0);
        var columns = new List<ReportColumn> { new("Headline", ColumnFormat.Text) };
        columns.AddRange(NeedStatuses.Select(s => new ReportColumn(s.Label, ColumnFormat.Count)));
        columns.Add(new ReportColumn("Total", ColumnFormat.Count));
        columns.Add(percent);
        columns.Add(new ReportColumn("95% interval", ColumnFormat.Text));
        var rows = new List<IReadOnlyList<object?>>();
        var rates = HeadlineRates.Append(OverallRate).ToList();
        for (var r = 0; r <= Needs.Source.RowCount; r++)
        {
            var row = new List<object?> { r == Needs.Source.RowCount ? "All headlines" : Needs.Source.RowLabels[r] };
            for (var c = 0; c <= Needs.Source.ColumnCount; c++) row.Add(Needs[r, c]);
            row.Add(rates[r].Rate?.Value);
            row.Add(rates[r].Rate is { } p ? $"{Percent(p.Lower)[..^1]}–{Percent(p.Upper)}" : "not shown");
            rows.Add(row);
        }
        return new ReportTable(Needs.Source.Title, columns, rows)
        {
            HasTotalRow = true,
            Note = "Share met: needs met out of needs judged (met or not met); a need still to be judged or lacking data is not counted. " + Control.Note,
        };
    }

    /// <summary>Each headline's share of needs met with its 95% interval, as a forest plot against the rate for all headlines.</summary>
    public Chart HeadlineChart()
    {
        var shown = HeadlineRates.Where(r => r.Rate is not null).ToList();
        var overall = OverallRate.Rate?.Value ?? 0;
        var (best, worst) = (shown.MaxBy(r => r.Rate!.Value.Value), shown.MinBy(r => r.Rate!.Value.Value));
        var summary = $"Each headline's share of judged needs met, with its 95% interval; the dashed line is the rate for all headlines ({Percent(overall)})."
            + (best is null || worst is null ? "" : $" Highest: {Name(best)} ({Percent(best.Rate!.Value.Value)}); lowest: {Name(worst)} ({Percent(worst.Rate!.Value.Value)}).");
        // Its figures are the headline table's share and interval: print shows that table, not a second copy.
        var chart = Charts.Forest("Share of needs met by headline", "Headline", "Share of needs met", shown.Select(r => r.ToEstimate()!), overall, ColumnFormat.Percent, summary);
        chart.PrintsData = false;
        return chart;
    }

    /// <summary>The share of needs met among families whose support closed in each quarter of the trend, with its 95% band.</summary>
    public Chart TrendChart()
    {
        var points = TrendOverall.Where(r => r.Rate is not null).ToList();
        var summary = points.Count == 0 ? "No quarter has enough judged needs to show a rate."
            : $"Line chart of the share of judged needs met among families whose support closed in each quarter, from {Percent(points[0].Rate!.Value.Value)} in {points[0].Label} "
              + $"to {Percent(points[^1].Rate!.Value.Value)} in {points[^1].Label}; the shaded band is the 95% interval.";
        // Its shares are the trend table's last row, which print shows; the intervals are in the page's copy of its data.
        var chart = Charts.LineWithBand("Share of needs met by quarter support closed", "Quarter support closed", "Share of needs met", points.Select(p => p.ToTimePoint()!), summary: summary);
        chart.PrintsData = false;
        return chart;
    }

    /// <summary>Each headline's share of needs met by quarter of closure over the trend's quarters (a rate not shown is marked).</summary>
    public ReportTable TrendTable()
    {
        var columns = new List<ReportColumn> { new("Headline", ColumnFormat.Text) };
        columns.AddRange(TrendQuarters.Select(q => new ReportColumn(q.Label, ColumnFormat.Percent, 0)));
        var rows = new List<IReadOnlyList<object?>>();
        for (var h = 0; h < Framework.Headlines.Count; h++)
            rows.Add([Needs.Source.RowLabels[h], .. TrendByHeadline.Select(q => (object?)(q[h].Rate?.Value ?? (object)"–"))]);
        rows.Add(["All headlines", .. TrendOverall.Select(q => (object?)(q.Rate?.Value ?? (object)"–"))]);
        return new ReportTable("Share of needs met by headline and quarter support closed", columns, rows)
        {
            HasTotalRow = true,
            Note = "– : not shown, because no need was judged or a count it rests on is hidden to protect small numbers. Needs of families who closed recently are mostly still to be judged.",
        };
    }

    /// <summary>
    /// Localities on a funnel plot: the share of families with every need met, against the council's rate, with 95% and
    /// 99.8% limits; null when no locality has a family whose claim is decided.
    /// </summary>
    public Chart? LocalityChart() => Localities.Count == 0 ? null : Charts.Funnel("Families with every need met, by locality", "Locality", "Share with every need met", Localities, Control,
        LocalityWords() + " Localities further from the line by more than the funnel allows differ by more than chance alone would explain.",
        eventsTitle: "Every need met", denominatorTitle: "Families with a decided claim");

    /// <summary>The most common reasons needs were not met (a need decision may count under more than one reason).</summary>
    public ReportTable NotMetTable() => ReasonTable(NotMetReasons);

    /// <summary>Why needs could not be decided for lack of data.</summary>
    public ReportTable UndecidedTable() => ReasonTable(UndecidedReasons);

    /// <summary>Rows loaded and rejected per source (null when the database has no load log).</summary>
    public ReportTable? LoadsTable() => Loads?.ToReportTable();

    /// <summary>Every parameter of the framework's reading with the value used and what it decides, as a compact list for print.</summary>
    public ReportFragment ParametersList() => ReportFragment.Definitions(Parameters.Select(p =>
        ($"{p.Name} = {p.Value.Replace(",", ", ", StringComparison.Ordinal)}{(p.Changed ? $" (default {p.Default})" : "")}", p.Meaning))) with { Compact = true };

    /// <summary>Every parameter of the framework's reading with the value this report used, as a table.</summary>
    public ReportTable ParametersTable() => new("Parameters used (the framework's default unless marked)",
        [new("Parameter", ColumnFormat.Text), new("Value used", ColumnFormat.Text), new("What it decides", ColumnFormat.Text)],
        [.. Parameters.Select(p => (IReadOnlyList<object?>)[p.Name, p.Changed ? $"{p.Value} (default {p.Default})" : p.Value, p.Meaning])])
    {
        FullWidth = true,
    };

    /// <summary>
    /// What support caused, in one table: for each impact outcome, the effect estimated by each design with its 95%
    /// interval and what it means in words. An estimate resting on a count <see cref="Control"/> hides is not shown.
    /// </summary>
    public ReportTable ImpactTable()
    {
        var rows = Impact.Options.Outcomes.SelectMany(outcome => Impact.Estimates.Where(e => e.Outcome == outcome).Select(e =>
        {
            var shown = e.Published(Control);
            var trendFailed = e.Design == ImpactDesign.Did && Impact.TrendChecks.FirstOrDefault(t => t.Outcome == outcome) is { } t && t.PublishedVerdict(Control) == "failed";
            var reading = shown is not { } v ? (e.Value is null ? "No estimate: too few families to compare" : "Not shown: it rests on a figure too small to publish")
                : trendFailed ? "Not to be trusted: the groups were already diverging before support"
                : !v.Excludes(0) ? "No clear difference from the waiting list"
                : v.Estimate > 0 == outcome.HigherIsBetter ? "Better with support than without" : "Worse with support than without";
            return (IReadOnlyList<object?>)[$"{outcome.Name} ({outcome.Direction})", e.Design == ImpactDesign.Did ? "Difference in differences" : "Matched families",
                shown?.Estimate, shown is { } i ? $"{Number(i.Lower)} to {Number(i.Upper)}" : "", outcome.Unit, reading];
        })).ToList();
        return new ReportTable($"What support changed: supported families against families waiting to start, on {Day(AsAt)}",
            [new("Outcome", ColumnFormat.Text), new("Design", ColumnFormat.Text), new("Effect", ColumnFormat.Decimal, 3), new("95% interval", ColumnFormat.Text),
             new("Measured in", ColumnFormat.Text), new("Reading", ColumnFormat.Text)], rows)
        {
            FullWidth = true,
            Note = "The effect is the change in supported families beyond the change in comparable families still waiting for support. "
                + "An interval that includes 0 cannot tell an effect from none.",
        };
    }

    /// <summary>What can and cannot be concluded from <see cref="ImpactTable"/>, in plain words, with the limits every reading carries.</summary>
    public ReportFragment ImpactText() => ReportFragment.List(Impact.Conclusions(Control));

    /// <summary>How the figures were made, in plain English.</summary>
    public ReportFragment MethodText()
    {
        var changed = Parameters.Where(p => p.Changed).ToList();
        return ReportFragment.Paragraphs(
        [
            $"Every need identified for a family is judged against the {Framework.Title} (version {Framework.Version}) as it stood on the evaluation date, {Day(AsAt)}, "
                + "using the council's records loaded into the toolkit. A need that applies to several people (each child of school age, say) is judged for each of them.",
            "A need is met when its outcome is reached and sustained as the framework requires; most outcomes are judged in the months after support closes, so a need stays "
                + "'still to be judged' until then. A need 'lacks data' when a record the rule needs is missing.",
            "Shares are given with a 95% interval (Wilson's method): the range within which the true share is likely to lie, given the number of needs judged. "
                + "The funnel's lines show how far a locality can differ from the council's share by chance.",
            Control.IsActive ? $"Small numbers are protected. {Control.Note}" : "Small numbers are not protected in this copy, which is for the data team only.",
            changed.Count == 0 ? "Every parameter of the framework's reading took its default value, listed below."
                : $"The parameters changed from their defaults for this report: {string.Join(", ", changed.Select(p => $"{p.Name} = {p.Value} (default {p.Default})"))}.",
        ]);
    }

    /// <summary>Claims falling due by the end of the next quarter, by month, with the total.</summary>
    public ReportTable ClaimsDueTable() => ClaimsDue.ToReportTable();

    /// <summary>The terms the report uses.</summary>
    public static ReportFragment Glossary() => ReportFragment.Definitions(
    [
        ("Attached", "The date a family started support under the programme."),
        ("Closed", "The date the family's support ended."),
        ("Need", "One of the framework's problems identified for a family, such as poor school attendance or domestic abuse."),
        ("Headline", "One of the framework's ten groups of needs, such as 'Getting a good education'."),
        ("Met", "The need's outcome was reached and sustained as the framework requires."),
        ("Still to be judged", "The time over which the outcome is measured has not yet finished (usually six months after support closed)."),
        ("Lacking data", "A record the rule needs (an attendance return, a follow-up questionnaire) is missing, so the need cannot be judged."),
        ("Claim", "A payment-by-results claim to the government department for a family whose every need was met."),
        ("Claimable", "Every need met and the claim has fallen due, but no claim made yet."),
        ("Due date", "When a family's claim can first be made: by default six months after support closed."),
        ("95% interval", "The range in which the true share (or effect) is likely to lie; narrower when more needs (or families) were counted."),
        ("Waiting list", "Families identified well before their support began (more than 90 days): until it began, they show what happens to families like those supported without support."),
        ("Difference in differences (did)", "The change in supported families minus the change in waiting-list families over the same length of time: what support added to the improvement families show anyway."),
        ("Matched families (psm)", "Each supported family compared with the waiting-list family most like it in what was recorded before support (propensity score matching)."),
        ("Funnel plot", "A chart that compares localities of different sizes with the overall rate; the funnel's lines show how far chance alone could take a locality."),
        ("Locality", "The area, team or hub that worked with the family."),
        ("Financial quarter", "A quarter of the year from 1 April: Q1 is April to June, Q2 July to September, Q3 October to December, Q4 January to March."),
        ("<5 and [c]", "A figure hidden to protect the families concerned: <5 means fewer than five; [c] marks a figure hidden so that a small one cannot be worked out from the totals."),
        ("Evaluation date", "The date at which every need and claim was judged: the date of the data extract."),
    ]) with { Compact = true };

    private ReportTable ReasonTable(ProtectedTable reasons)
    {
        var source = reasons.Source;
        var rows = Enumerable.Range(0, source.RowCount).Where(r => source[r, 0] > 0)
            .Select(r => (IReadOnlyList<object?>)[source.RowLabels[r], reasons[r, 0]]).ToList();
        if (rows.Count == 0) rows.Add(["None", reasons[0, 0]]);
        return new ReportTable(source.Title, [new("Reason", ColumnFormat.Text), new("Need decisions", ColumnFormat.Count)], rows)
        {
            FullWidth = true,
            Note = "A need can fall short for more than one reason, so these do not add up to the needs not met. " + (reasons.AnyHidden ? Control.Note : ""),
        };
    }

    /// <summary>Which localities stand out on the funnel plot (by name), in a sentence; localities with a hidden figure are not judged.</summary>
    private string LocalityWords()
    {
        var (above, below) = LocalitiesOutside();
        if (above.Count == 0 && below.Count == 0) return "No locality's share differs from the council's by more than chance alone would explain (95% limits).";
        var parts = new List<string>();
        if (above.Count > 0) parts.Add($"{JoinAnd(above)} {(above.Count == 1 ? "is" : "are")} above the 95% limits");
        if (below.Count > 0) parts.Add($"{JoinAnd(below)} {(below.Count == 1 ? "is" : "are")} below them");
        return Capitalise(string.Join("; ", parts)) + ".";
    }

    /// <summary>The localities whose shown share lies above or below the 95% limits around the overall share.</summary>
    internal (List<string> Above, List<string> Below) LocalitiesOutside()
    {
        var (above, below) = (new List<string>(), new List<string>());
        if (Localities.Count == 0) return (above, below);
        // The funnel's own protection decides which localities are shown, and so judged.
        var chart = Charts.Funnel("Localities", "Locality", "Rate", Localities, Control);
        var overall = Localities.Sum(u => u.Events) / (double)Localities.Sum(u => u.Denominator);
        foreach (var row in chart.Data.Rows)
        {
            if (row[3] is not double rate) continue;
            var unit = Localities.First(u => u.Unit == (string)row[0]!);
            var limit = 1.96 * Math.Sqrt(overall * (1 - overall) / unit.Denominator);
            if (rate > overall + limit) above.Add(unit.Unit);
            else if (rate < overall - limit) below.Add(unit.Unit);
        }
        return (above, below);
    }

    /// <summary>The five sentences of the summary, each stating only figures that are shown.</summary>
    private List<string> Sentences()
    {
        var sentences = new List<string>();

        // 1. Families.
        var clauses = new List<string?>
        {
            Say(Families.RowTotal(1)) is { } started ? (started == "0" ? "none started support" : $"{started} started support") : null,
            Say(Families.ColumnTotal(0)) is { } closed ? $"{closed} closed" : null,
            Say(Families.ColumnTotal(1)) is { } open ? $"{open} were still being supported at the end of it" : null,
        };
        sentences.Add($"In {Period.Label} ({Span()}), {Council} supported {(Say(Families.GrandTotal) is { } all ? all + " " : "")}families"
            + (clauses.Any(c => c is not null) ? ": " + JoinAnd([.. clauses.OfType<string>()]) : "") + ".");

        // 2. Outcomes by headline.
        var shown = HeadlineRates.Where(r => r.Rate is not null).ToList();
        var judged = Say(OverallRate.Denominator);
        var outcome = OverallRate.Rate is { } rate
            ? $"Of the {(judged is null ? "" : judged + " ")}needs judged so far, {Percent(rate.Value)} were met (95% interval {Interval(rate)})"
            : "Too few needs have been judged to give a share met";
        if (shown.Count > 1)
            outcome += $"; the share was highest for {Name(shown.MaxBy(r => r.Rate!.Value.Value)!)} ({Percent(shown.Max(r => r.Rate!.Value.Value))})"
                + $" and lowest for {Name(shown.MinBy(r => r.Rate!.Value.Value)!)} ({Percent(shown.Min(r => r.Rate!.Value.Value))})";
        sentences.Add(outcome + ".");

        // 3. The trend.
        var points = TrendOverall.Where(r => r.Rate is not null).ToList();
        sentences.Add(points.Count switch
        {
            0 => "No quarter of the last two years has enough judged needs to show a trend.",
            1 => $"Among families whose support closed in {points[0].Label}, {Percent(points[0].Rate!.Value.Value)} of the needs judged were met; no other recent quarter has enough judged needs to compare with.",
            _ => $"Among families whose support closed in {points[^1].Label}, {Percent(points[^1].Rate!.Value.Value)} of the needs judged were met, "
                + $"{Compared(points[^1].Rate!.Value, points[0].Rate!.Value)} {Percent(points[0].Rate!.Value.Value)} for those who closed in {points[0].Label}.",
        });

        // 4. Claims.
        var made = Say(Claims[0, 0]);
        var claimable = Say(Claims[1, 0]);
        var due = Say(ClaimsDue.GrandTotal);
        var inPeriod = Say(ClaimsMade[0, 0]);
        var claimParts = new List<string>();
        if (made is not null) claimParts.Add($"claims have been made for {made} families{(inPeriod is null ? "" : $" ({inPeriod} of them in {Period.Label})")}");
        if (claimable is not null) claimParts.Add($"{claimable} more can be claimed now");
        if (due is not null) claimParts.Add($"claims for {due} fall due by {Day(NextQuarter.To)} if their outcomes are met");
        sentences.Add(claimParts.Count == 0 ? "The claim figures are too small to show." : Capitalise(JoinAnd(claimParts)) + ".");

        // 5. Where to look: localities and the most common reason.
        var reason = NotMetReasons.Source.RowCount > 0 && NotMetReasons.Source[0, 0] > 0 ? NotMetReasons.Source.RowLabels[0] : null;
        var reasonCount = reason is null ? null : Say(NotMetReasons[0, 0]);
        sentences.Add(LocalityWords().TrimEnd('.')
            + (reason is null ? "." : $"; the most common reason a need was not met: {Uncapitalise(reason)}{(reasonCount is null ? "" : $" ({reasonCount} needs)")}."));
        return sentences;
    }

    /// <summary>A count as a sentence may state it: its figure, "fewer than 5" when small, or null when hidden to protect another.</summary>
    private string? Say(DisclosedCount count) => count.Protection switch
    {
        CellProtection.Shown => count.Text,
        CellProtection.Primary => $"fewer than {Control.Threshold}",
        _ => null,
    };

    private static string Compared(Proportion now, Proportion then) =>
        now.Lower > then.Upper ? "up from" : now.Upper < then.Lower ? "down from" : "not clearly different from";

    /// <summary>The period's months in words, such as "July to September 2025" (its last day when the evaluation date cuts it short).</summary>
    private string Span()
    {
        var endsMonth = End.AddDays(1).Day == 1;
        var to = endsMonth ? End.ToString("MMMM yyyy", CultureInfo.InvariantCulture) : Day(End);
        var from = Period.From.Day == 1
            ? Period.From.ToString(Period.From.Year == End.Year ? "MMMM" : "MMMM yyyy", CultureInfo.InvariantCulture)
            : Day(Period.From);
        return from == End.ToString("MMMM", CultureInfo.InvariantCulture) && endsMonth ? to : $"{from} to {to}";
    }

    private string Name(CohortRate headline)
    {
        var h = Framework.Headlines[HeadlineRates.ToList().IndexOf(headline)];
        return Uncapitalise(h.Title);
    }

    private static string Percent(double value) => (value * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Number(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Interval(Proportion p) => $"{Percent(p.Lower)} to {Percent(p.Upper)}";

    private static string JoinAnd(List<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };

    private static string Capitalise(string text) => text.Length > 0 ? char.ToUpperInvariant(text[0]) + text[1..] : text;

    private static string Uncapitalise(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
