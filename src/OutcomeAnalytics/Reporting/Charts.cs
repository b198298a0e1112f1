using System.Globalization;
using ScottPlot;

namespace OutcomeAnalytics.Reporting;

/// <summary>A point of a time series with its confidence interval.</summary>
/// <param name="Period">The period's label, such as "2023/24 Q1" (points are drawn in the order given).</param>
/// <param name="Value">The estimate.</param>
/// <param name="Lower">The lower confidence limit.</param>
/// <param name="Upper">The upper confidence limit.</param>
public sealed record TimePoint(string Period, double Value, double Lower, double Upper);

/// <summary>An estimate with its confidence interval, for a forest plot.</summary>
/// <param name="Label">What is estimated, such as a headline or a subgroup.</param>
/// <param name="Value">The estimate.</param>
/// <param name="Lower">The lower confidence limit.</param>
/// <param name="Upper">The upper confidence limit.</param>
public sealed record Estimate(string Label, double Value, double Lower, double Upper);

/// <summary>Events out of a denominator for one unit (a locality, a team), for a funnel plot.</summary>
/// <param name="Unit">The unit's name.</param>
/// <param name="Events">How many had the outcome.</param>
/// <param name="Denominator">How many could have had it.</param>
public sealed record UnitRate(string Unit, long Events, long Denominator);

/// <summary>How a result changes with one parameter of a model, for a tornado chart (one-way sensitivity analysis).</summary>
/// <param name="Parameter">The parameter, such as "Discount rate (1.5% to 6%)".</param>
/// <param name="Low">The result with the parameter at its low value (the others at their base values).</param>
/// <param name="High">The result with the parameter at its high value.</param>
public sealed record SensitivityRange(string Parameter, double Low, double High);

/// <summary>The balance of one covariate between two groups, for a love plot.</summary>
/// <param name="Covariate">The covariate, such as "Age of the eldest child".</param>
/// <param name="Before">The standardised mean difference before matching (or weighting).</param>
/// <param name="After">The standardised mean difference after matching.</param>
public sealed record CovariateBalance(string Covariate, double Before, double After);

/// <summary>
/// Builds <see cref="Chart"/>s: bar, stacked bar, line over time with a confidence band, forest, funnel, tornado and
/// love plots, drawn by ScottPlot. Charts of counts apply disclosure control (the default:
/// <see cref="DisclosureControl.Publication"/>): hidden counts are not drawn, and show as <c>&lt;5</c> or <c>[c]</c>
/// in the chart's table and in place of their bars. Series differ by marker shape or line pattern as well as colour.
/// </summary>
public static class Charts
{
    /// <summary>The colours of series, in order: the Government Analysis Function's categorical palette, each at least 3:1 against white.</summary>
    public static IReadOnlyList<string> Palette { get; } = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"];

    /// <summary>A bar chart of counts by category, from a one-column count table.</summary>
    public static Chart Bar(CountTable counts, DisclosureControl? control = null, string? summary = null)
    {
        control ??= DisclosureControl.Publication;
        var table = control.Protect(counts);
        var category = counts.RowHeader;
        var value = counts.ColumnLabels[0];
        var bars = Enumerable.Range(0, counts.RowCount)
            .Select(r => new BarValue(counts.RowLabels[r], table[r, 0].Value, table[r, 0].Text)).ToList();
        summary ??= $"Bar chart of {Lower(value)} by {Lower(category)}."
            + Extremes(bars.Where(b => b.Value is not null).Select(b => (b.Category, b.Value!.Value, b.Text)))
            + HiddenSentence(table, counts.RowCount, 1);
        return new Chart("bar", counts.Title, category, value, summary, table.ToReportTable(), ChartStyle.Height,
            plot => DrawBars(plot, bars, ColumnFormat.Count));
    }

    /// <summary>A bar chart of measured values (rates, averages) by category; nothing is suppressed.</summary>
    public static Chart Bar(string title, string categoryTitle, string valueTitle, IEnumerable<(string Category, double Value)> values,
        ColumnFormat format = ColumnFormat.Decimal, string? summary = null)
    {
        var list = values.ToList();
        var column = new ReportColumn(valueTitle, format);
        var bars = list.Select(v => new BarValue(v.Category, v.Value, ReportTable.FormatValue(v.Value, column))).ToList();
        summary ??= $"Bar chart of {Lower(valueTitle)} by {Lower(categoryTitle)}." + Extremes(bars.Select(b => (b.Category, b.Value!.Value, b.Text)));
        var data = new ReportTable(title, [new(categoryTitle, ColumnFormat.Text), column], list.Select(v => (IReadOnlyList<object?>)[v.Category, v.Value]).ToList());
        return new Chart("bar", title, categoryTitle, AxisTitle(valueTitle, format), summary, data, ChartStyle.Height,
            plot => DrawBars(plot, bars, format));
    }

    /// <summary>
    /// A stacked bar chart of counts: one bar per row of <paramref name="counts"/>, one segment per column. Disclosure
    /// control protects the table with its totals; hidden segments are not drawn. Each segment tall enough carries its
    /// series' marker shape (as in the legend) and its count; the bar's total stands on top.
    /// </summary>
    public static Chart StackedBar(CountTable counts, string valueTitle, string seriesTitle, DisclosureControl? control = null, string? summary = null)
    {
        control ??= DisclosureControl.Publication;
        var table = control.Protect(counts);
        var totals = Enumerable.Range(0, counts.RowCount).Where(r => table.RowTotal(r).Value is not null)
            .Select(r => (counts.RowLabels[r], (double)table.RowTotal(r).Value!.Value, table.RowTotal(r).Text));
        summary ??= $"Stacked bar chart of {Lower(valueTitle)} by {Lower(counts.RowHeader)}, split by {Lower(seriesTitle)} ({string.Join(", ", counts.ColumnLabels)})."
            + Extremes(totals, "total") + HiddenSentence(table, counts.RowCount, counts.ColumnCount);
        return new Chart("stacked-bar", counts.Title, counts.RowHeader, valueTitle, summary, table.ToReportTable(), ChartStyle.Height,
            plot => DrawStackedBars(plot, counts, table));
    }

    /// <summary>A line over time with a shaded confidence band (for example a quarterly outcome rate with its 95% interval).</summary>
    public static Chart LineWithBand(string title, string periodTitle, string valueTitle, IEnumerable<TimePoint> points,
        ColumnFormat format = ColumnFormat.Percent, string interval = "95% confidence interval", string? summary = null)
    {
        var list = points.ToList();
        var column = new ReportColumn(valueTitle, format);
        if (summary is null && list.Count > 0)
        {
            var (first, last) = (list[0], list[^1]);
            summary = $"Line chart of {Lower(valueTitle)} over {list.Count} {Lower(periodTitle)}s, from {ReportTable.FormatValue(first.Value, column)} in {first.Period} "
                + $"to {ReportTable.FormatValue(last.Value, column)} in {last.Period}; the shaded band is the {interval}.";
        }
        var data = IntervalTable(title, periodTitle, column, list.Select(p => (p.Period, p.Value, p.Lower, p.Upper)));
        return new Chart("line", title, periodTitle, AxisTitle(valueTitle, format), summary ?? "An empty line chart.", data, ChartStyle.Height, plot =>
        {
            var xs = list.Select((_, i) => (double)i).ToArray();
            var colour = ChartStyle.Colour(0);
            if (list.Count > 0)
            {
                var band = plot.Add.FillY(xs, list.Select(p => p.Lower).ToArray(), list.Select(p => p.Upper).ToArray());
                band.FillColor = colour.WithAlpha(0.22);
                band.LineWidth = 0;
                var line = plot.Add.Scatter(xs, list.Select(p => p.Value).ToArray(), colour);
                line.LineWidth = 2.5f;
                line.MarkerShape = ChartStyle.Shape(0);
                line.MarkerSize = 8;
            }
            ChartStyle.CategoryTicksBottom(plot, list.Select(p => p.Period).ToList(), legend: true);
            ChartStyle.NumberTicks(plot.Axes.Left, format);
            plot.Axes.SetLimitsX(-0.5, Math.Max(0.5, list.Count - 0.5));
            SetPaddedLimitsY(plot, list.SelectMany(p => new[] { p.Lower, p.Upper, p.Value }), 0.1);
            ChartStyle.Legend(plot, [ChartStyle.MarkerItem(valueTitle, colour, ChartStyle.Shape(0), LinePattern.Solid), ChartStyle.FillItem(Capitalise(interval), colour.WithAlpha(0.22))]);
        });
    }

    /// <summary>A forest plot: each estimate as a square with its interval as a line, and a dashed reference line (no effect).</summary>
    public static Chart Forest(string title, string labelTitle, string valueTitle, IEnumerable<Estimate> estimates, double reference = 0,
        ColumnFormat format = ColumnFormat.Decimal, string? summary = null)
    {
        var list = estimates.ToList();
        var column = new ReportColumn(valueTitle, format);
        var excluding = list.Count(e => e.Lower > reference || e.Upper < reference);
        summary ??= $"Forest plot of {list.Count} estimates of {Lower(valueTitle)}, each with its interval; {excluding} of {list.Count} intervals "
            + $"exclude {ReportTable.FormatValue(reference, column)} (the dashed line).";
        var data = IntervalTable(title, labelTitle, column, list.Select(e => (e.Label, e.Value, e.Lower, e.Upper)));
        return new Chart("forest", title, AxisTitle(valueTitle, format), labelTitle, summary, data, ChartStyle.HeightForRows(list.Count, legend: true), plot =>
        {
            var colour = ChartStyle.Colour(0);
            for (var i = 0; i < list.Count; i++)
            {
                var y = ChartStyle.Row(i, list.Count);
                var interval = plot.Add.Line(list[i].Lower, y, list[i].Upper, y);
                interval.LineColor = colour;
                interval.LineWidth = 2.5f;
                interval.MarkerSize = 0;
            }
            var shape = ChartStyle.Shape(1);
            plot.Add.Markers(list.Select(e => e.Value).ToArray(), list.Select((_, i) => ChartStyle.Row(i, list.Count)).ToArray(), shape, 11, colour);
            plot.Add.VerticalLine(reference, 1.5f, ChartStyle.Colour(4), LinePattern.Dashed);
            ChartStyle.CategoryTicksLeft(plot, list.Select(e => e.Label).ToList());
            ChartStyle.NumberTicks(plot.Axes.Bottom, format);
            SetRowLimits(plot, list.Count);
            SetPaddedLimitsX(plot, list.SelectMany(e => new[] { e.Lower, e.Upper }).Append(reference), 0.08);
            ChartStyle.Legend(plot,
            [
                ChartStyle.MarkerItem("Estimate", colour, shape),
                ChartStyle.LineItem("Interval", colour, LinePattern.Solid, 2.5f),
                ChartStyle.LineItem($"Reference ({ReportTable.FormatValue(reference, column)})", ChartStyle.Colour(4), LinePattern.Dashed, 1.5f),
            ]);
        });
    }

    /// <summary>
    /// A funnel plot comparing units (localities): each unit's rate against its denominator, with the overall rate and
    /// 95% and 99.8% control limits (normal approximation to the binomial). Disclosure control protects the events and
    /// the units without them as one table (a unit's denominator is its row total); a unit with a hidden figure is not plotted.
    /// <paramref name="eventsTitle"/> and <paramref name="denominatorTitle"/> name the two counts in the data table (and
    /// the denominator on the horizontal axis) in the reader's words; the defaults are "Events" and "Denominator".
    /// </summary>
    public static Chart Funnel(string title, string unitTitle, string rateTitle, IEnumerable<UnitRate> units, DisclosureControl? control = null, string? summary = null,
        string eventsTitle = "Events", string denominatorTitle = "Denominator")
    {
        control ??= DisclosureControl.Publication;
        var list = units.ToList();
        if (list.Count == 0 || list.Any(u => u.Denominator <= 0 || u.Events < 0 || u.Events > u.Denominator))
            throw new ArgumentException($"The funnel plot '{title}' needs units with 0 ≤ events ≤ denominator and a positive denominator.", nameof(units));
        // Events and non-events as one table (the denominator is a row's total), so that neither a small number of events
        // nor a small number without them can be worked out from the figures shown.
        var cells = new long[list.Count, 2];
        for (var i = 0; i < list.Count; i++) (cells[i, 0], cells[i, 1]) = (list[i].Events, list[i].Denominator - list[i].Events);
        var table = control.Protect(new CountTable(title, unitTitle, [.. list.Select(u => u.Unit)], [eventsTitle, "Others"], cells));
        double totalEvents = list.Sum(u => u.Events), totalDenominator = list.Sum(u => u.Denominator);
        var overall = totalEvents / totalDenominator;

        var points = new List<(string Unit, double N, double Rate)>();
        var rows = new List<IReadOnlyList<object?>>();
        int above = 0, below = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var (e, n) = (table[i, 0], table.RowTotal(i));
            double? rate = e.Value is not null && table[i, 1].Value is not null && n.Value is not null ? list[i].Events / (double)list[i].Denominator : null;
            rows.Add([list[i].Unit, e, n, rate]);
            if (rate is not { } p) continue;
            var limit = 1.96 * Math.Sqrt(overall * (1 - overall) / list[i].Denominator);
            if (p > overall + limit) above++;
            else if (p < overall - limit) below++;
            points.Add((list[i].Unit, n.Value!.Value, p));
        }
        var percent = new ReportColumn(rateTitle, ColumnFormat.Percent);
        summary ??= $"Funnel plot of {Lower(rateTitle)} by {Lower(unitTitle)} ({list.Count} compared) against the overall rate of "
            + $"{ReportTable.FormatValue(overall, percent)} (solid line), with 95% and 99.8% control limits: {above} above and {below} below the 95% limits."
            + (points.Count < list.Count ? $" {list.Count - points.Count} not plotted because a figure is hidden to protect small numbers." : "");
        var data = new ReportTable(title,
            [new(unitTitle, ColumnFormat.Text), new(eventsTitle, ColumnFormat.Count), new(denominatorTitle, ColumnFormat.Count), percent], rows)
        { Note = table.AnyHidden ? control.Note : "" };
        var to = Math.Max(10, list.Max(u => u.Denominator)) * 1.05;
        return new Chart("funnel", title, denominatorTitle, AxisTitle(rateTitle, ColumnFormat.Percent), summary, data, ChartStyle.Height,
            plot => DrawFunnel(plot, points, overall, list.Min(u => u.Denominator), to, unitTitle));
    }

    /// <summary>
    /// A tornado chart of a one-way sensitivity analysis: for each parameter a horizontal bar from the result at its
    /// low value to the result at its high value, drawn out from the base case; the widest range at the top. Each bar
    /// end is labelled "low" or "high" with its result, so the chart does not rely on colour.
    /// </summary>
    /// <param name="title">The chart title.</param>
    /// <param name="parameterTitle">What the rows are, such as "Parameter".</param>
    /// <param name="resultTitle">The result, with its unit, such as "Net saving per family (£)".</param>
    /// <param name="ranges">The result at each parameter's low and high value.</param>
    /// <param name="baseValue">The result of the base case (every parameter at its base value).</param>
    /// <param name="format">How results are written.</param>
    /// <param name="summary">The text summary; the default describes the widest and narrowest ranges.</param>
    public static Chart Tornado(string title, string parameterTitle, string resultTitle, IEnumerable<SensitivityRange> ranges, double baseValue,
        ColumnFormat format = ColumnFormat.Decimal, string? summary = null)
    {
        var list = ranges.OrderByDescending(r => Math.Abs(r.High - r.Low)).ToList();
        var column = new ReportColumn(resultTitle, format);
        string F(double v) => ReportTable.FormatValue(v, column);
        if (summary is null && list.Count > 0)
        {
            var (widest, narrowest) = (list[0], list[^1]);
            summary = $"Tornado chart of how {Lower(resultTitle)} changes as each of {list.Count} {Lower(parameterTitle)}s moves from its low to its high value, "
                + $"around a base case of {F(baseValue)}: {widest.Parameter} moves it most ({F(widest.Low)} to {F(widest.High)})"
                + (list.Count > 1 ? $", {narrowest.Parameter} least ({F(narrowest.Low)} to {F(narrowest.High)})." : ".");
        }
        var data = new ReportTable(title,
            [new(parameterTitle, ColumnFormat.Text), new("Result at low value", format), new("Result at high value", format), new("Range", format)],
            list.Select(r => (IReadOnlyList<object?>)[r.Parameter, r.Low, r.High, Math.Abs(r.High - r.Low)]).ToList());
        return new Chart("tornado", title, AxisTitle(resultTitle, format), parameterTitle, summary ?? "An empty tornado chart.", data,
            ChartStyle.HeightForRows(list.Count, legend: true), plot => DrawTornado(plot, list, baseValue, format, F));
    }

    /// <summary>
    /// A love plot of covariate balance: each covariate's standardised mean difference before matching (open circles)
    /// and after (filled squares), with a solid line at 0 and dashed lines at ±<paramref name="threshold"/>.
    /// Covariates are drawn from the top in the order given.
    /// </summary>
    /// <param name="title">The chart title.</param>
    /// <param name="covariateTitle">What the rows are, such as "Covariate".</param>
    /// <param name="balance">The standardised mean differences.</param>
    /// <param name="threshold">The balance threshold drawn as dashed lines; the default is 0.1.</param>
    /// <param name="summary">The text summary; the default counts the covariates beyond the threshold before and after.</param>
    public static Chart LovePlot(string title, string covariateTitle, IEnumerable<CovariateBalance> balance, double threshold = 0.1, string? summary = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threshold);
        var list = balance.ToList();
        const string valueTitle = "Standardised mean difference";
        var limit = threshold.ToString("0.###", CultureInfo.InvariantCulture);
        summary ??= $"Love plot of the standardised mean difference of {list.Count} {Lower(covariateTitle)}s before and after matching: "
            + $"{list.Count(b => Math.Abs(b.Before) > threshold)} of {list.Count} beyond ±{limit} before matching and "
            + $"{list.Count(b => Math.Abs(b.After) > threshold)} after (the dashed lines).";
        var data = new ReportTable(title,
            [new(covariateTitle, ColumnFormat.Text), new("Before matching", ColumnFormat.Decimal, 3), new("After matching", ColumnFormat.Decimal, 3)],
            list.Select(b => (IReadOnlyList<object?>)[b.Covariate, b.Before, b.After]).ToList());
        return new Chart("love", title, valueTitle, covariateTitle, summary, data, ChartStyle.HeightForRows(list.Count, legend: true),
            plot => DrawLovePlot(plot, list, threshold, limit));
    }

    private sealed record BarValue(string Category, double? Value, string Text);

    private static void DrawBars(Plot plot, IReadOnlyList<BarValue> bars, ColumnFormat format)
    {
        var colour = ChartStyle.Colour(0);
        plot.Add.Bars(bars.Select((b, i) => (b, i)).Where(x => x.b.Value is not null)
            .Select(x => new ScottPlot.Bar { Position = x.i, Value = x.b.Value!.Value, FillColor = colour, LineWidth = 0, Size = 0.7 }).ToList());
        for (var i = 0; i < bars.Count; i++)
        {
            // A hidden count is not drawn: its place shows its protected text instead.
            var v = bars[i].Value ?? 0;
            ChartStyle.Label(plot, bars[i].Text, i, v, v < 0 ? Alignment.UpperCenter : Alignment.LowerCenter, offsetY: v < 0 ? 3 : -3,
                colour: bars[i].Value is null ? ChartStyle.SecondaryInk : null);
        }
        var plotHeight = ChartStyle.CategoryTicksBottom(plot, bars.Select(b => b.Category).ToList());
        ChartStyle.NumberTicks(plot.Axes.Left, format);
        plot.Axes.SetLimitsX(-0.6, Math.Max(0.6, bars.Count - 0.4));
        // Room for the labels above (and below) the bars.
        SetPaddedLimitsY(plot, bars.Select(b => b.Value ?? 0).Append(0), 30 / plotHeight);
    }

    private static void DrawStackedBars(Plot plot, CountTable counts, ProtectedTable table)
    {
        var stacks = new double[counts.RowCount];
        var segments = new List<(int Row, int Series, double From, double To, string Text)>();
        for (var r = 0; r < counts.RowCount; r++)
            for (var c = 0; c < counts.ColumnCount; c++)
                if (table[r, c].Value is { } v and > 0)
                {
                    segments.Add((r, c, stacks[r], stacks[r] + v, table[r, c].Text));
                    stacks[r] += v;
                }
        plot.Add.Bars(segments.Select(s => new ScottPlot.Bar
        {
            Position = s.Row, ValueBase = s.From, Value = s.To, FillColor = ChartStyle.Colour(s.Series), LineColor = ChartStyle.Paper, LineWidth = 1, Size = 0.7,
        }).ToList());
        var plotHeight = ChartStyle.CategoryTicksBottom(plot, counts.RowLabels, legend: true);
        var top = Math.Max(1, stacks.DefaultIfEmpty(0).Max()) * (1 + 30 / plotHeight);
        var pixelsPerBar = ChartStyle.DataWidth / Math.Max(1, counts.RowCount);
        foreach (var s in segments)
        {
            // Segments tall enough carry their series' marker (as in the legend) and, where it fits, their count.
            if ((s.To - s.From) / top * plotHeight < 14 || pixelsPerBar * 0.7 < 16) continue;
            var (middle, ink) = ((s.From + s.To) / 2, ChartStyle.TextOn(ChartStyle.Colour(s.Series)));
            var textWidth = ChartStyle.TextWidth(s.Text, 12);
            var withText = pixelsPerBar * 0.7 >= textWidth + 26;
            plot.Add.Marker(withText ? s.Row - (textWidth / 2 + 4) / pixelsPerBar : s.Row, middle, ChartStyle.Shape(s.Series), 8, ink);
            if (withText) ChartStyle.Label(plot, s.Text, s.Row, middle, Alignment.MiddleLeft, offsetX: (float)(-textWidth / 2 + 6), colour: ink);
        }
        for (var r = 0; r < counts.RowCount; r++)
            ChartStyle.Label(plot, table.RowTotal(r).Text, r, stacks[r], Alignment.LowerCenter, offsetY: -3,
                colour: table.RowTotal(r).Value is null ? ChartStyle.SecondaryInk : null);
        ChartStyle.NumberTicks(plot.Axes.Left, ColumnFormat.Count);
        plot.Axes.SetLimits(-0.6, Math.Max(0.6, counts.RowCount - 0.4), 0, top);
        ChartStyle.Legend(plot, counts.ColumnLabels.Select((label, c) => ChartStyle.FillItem(label, ChartStyle.Colour(c), ChartStyle.Shape(c))));
    }

    private static void DrawFunnel(Plot plot, List<(string Unit, double N, double Rate)> points, double overall, double smallest, double to, string unitTitle)
    {
        // The funnel from half the smallest unit's size: nearer zero it widens out of view.
        var from = Math.Max(1, smallest / 2);
        var ns = Enumerable.Range(0, 81).Select(i => from + (to - from) * i / 80).ToArray();
        var limits = new[]
        {
            (Name: "95% limits", Z: 1.96, Colour: ChartStyle.Colour(1), Pattern: LinePattern.Dashed),
            (Name: "99.8% limits", Z: 3.09, Colour: ChartStyle.Colour(2), Pattern: LinePattern.Dotted),
        };
        var ys = new List<double> { overall };
        foreach (var (_, z, colour, pattern) in limits)
            foreach (var sign in new[] { 1, -1 })
            {
                var curve = ns.Select(n => Math.Clamp(overall + sign * z * Math.Sqrt(overall * (1 - overall) / n), 0, 1)).ToArray();
                var line = plot.Add.ScatterLine(ns, curve, colour);
                line.LineWidth = 2;
                line.LinePattern = pattern;
                ys.Add(Math.Clamp(overall + sign * z * Math.Sqrt(overall * (1 - overall) / smallest), 0, 1));
            }
        plot.Add.HorizontalLine(overall, 1.5f, ChartStyle.Colour(4), LinePattern.Solid);
        var shape = ChartStyle.Shape(0);
        plot.Add.Markers(points.Select(p => p.N).ToArray(), points.Select(p => p.Rate).ToArray(), shape, 9, ChartStyle.Colour(0));
        foreach (var p in points) ChartStyle.Label(plot, p.Unit, p.N, p.Rate, Alignment.MiddleLeft, offsetX: 7);
        ChartStyle.NumberTicks(plot.Axes.Left, ColumnFormat.Percent);
        ChartStyle.NumberTicks(plot.Axes.Bottom, ColumnFormat.Count);
        // Room on the right for the names of the largest units.
        var labelRoom = (points.Count == 0 ? 0 : points.Max(p => ChartStyle.TextWidth(p.Unit, 12)) + 12) / (ChartStyle.Width - 110.0);
        plot.Axes.SetLimitsX(0, to / Math.Max(0.5, 1 - labelRoom));
        SetPaddedLimitsY(plot, ys.Concat(points.Select(p => p.Rate)), 0.08, 0, 1);
        ChartStyle.Legend(plot,
        [
            ChartStyle.MarkerItem(Capitalise(unitTitle), ChartStyle.Colour(0), shape),
            ChartStyle.LineItem("Overall rate", ChartStyle.Colour(4), LinePattern.Solid, 1.5f),
            .. limits.Select(l => ChartStyle.LineItem(l.Name, l.Colour, l.Pattern)),
        ]);
    }

    private static void DrawTornado(Plot plot, List<SensitivityRange> list, double baseValue, ColumnFormat axisFormat, Func<double, string> format)
    {
        var (low, high) = (ChartStyle.Colour(0), ChartStyle.Colour(1));
        var bars = new List<ScottPlot.Bar>();
        for (var i = 0; i < list.Count; i++)
        {
            var (y, r) = (ChartStyle.Row(i, list.Count), list[i]);
            var ends = new[] { (Value: r.Low, Colour: low, Name: "low"), (Value: r.High, Colour: high, Name: "high") }
                .OrderByDescending(e => Math.Abs(e.Value - baseValue)).ToList();
            // The end further from the base first, so that a nearer end on the same side stays in view on top of it.
            foreach (var end in ends) bars.Add(new ScottPlot.Bar { Position = y, ValueBase = baseValue, Value = end.Value, FillColor = end.Colour, LineWidth = 0, Size = 0.6 });
            if (Math.Sign(r.Low - baseValue) == Math.Sign(r.High - baseValue))
                Side(plot, y, ends[0].Value, baseValue, $"{ends[1].Name} {format(ends[1].Value)}, {ends[0].Name} {format(ends[0].Value)}");
            else
                foreach (var end in ends) Side(plot, y, end.Value, baseValue, $"{end.Name} {format(end.Value)}");
        }
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plot.Add.VerticalLine(baseValue, 2, ChartStyle.Ink, LinePattern.Solid);
        ChartStyle.CategoryTicksLeft(plot, list.Select(r => r.Parameter).ToList());
        ChartStyle.NumberTicks(plot.Axes.Bottom, axisFormat);
        SetRowLimits(plot, list.Count);
        var values = list.SelectMany(r => new[] { r.Low, r.High }).Append(baseValue).ToList();
        // Room at both ends for the labels ("high 12,345.6" is about 90 pixels in 12-pixel type).
        SetPaddedLimitsX(plot, values, 100.0 / (ChartStyle.Width - 260.0));
        ChartStyle.Legend(plot,
        [
            ChartStyle.FillItem("Result at the low value", low),
            ChartStyle.FillItem("Result at the high value", high),
            ChartStyle.LineItem($"Base case ({format(baseValue)})", ChartStyle.Ink, LinePattern.Solid),
        ]);
    }

    /// <summary>A label just beyond the end of a tornado bar, on the side away from the base.</summary>
    private static void Side(Plot plot, double y, double end, double baseValue, string text) =>
        ChartStyle.Label(plot, text, end, y, end < baseValue ? Alignment.MiddleRight : Alignment.MiddleLeft, offsetX: end < baseValue ? -4 : 4);

    private static void DrawLovePlot(Plot plot, List<CovariateBalance> list, double threshold, string limit)
    {
        var (before, after) = (ChartStyle.Colour(2), ChartStyle.Colour(0));
        var ys = list.Select((_, i) => ChartStyle.Row(i, list.Count)).ToArray();
        for (var i = 0; i < list.Count; i++)
        {
            var link = plot.Add.Line(list[i].Before, ys[i], list[i].After, ys[i]);
            link.LineColor = ChartStyle.SecondaryInk.WithAlpha(0.5);
            link.LineWidth = 1;
            link.MarkerSize = 0;
        }
        plot.Add.VerticalLine(0, 1.5f, ChartStyle.Ink, LinePattern.Solid);
        foreach (var x in new[] { -threshold, threshold }) plot.Add.VerticalLine(x, 1.5f, ChartStyle.SecondaryInk, LinePattern.Dashed);
        var beforeMarkers = plot.Add.Markers(list.Select(b => b.Before).ToArray(), ys, MarkerShape.OpenCircle, 11, before);
        beforeMarkers.MarkerLineWidth = 2;
        plot.Add.Markers(list.Select(b => b.After).ToArray(), ys, MarkerShape.FilledSquare, 10, after);
        ChartStyle.CategoryTicksLeft(plot, list.Select(b => b.Covariate).ToList());
        ChartStyle.NumberTicks(plot.Axes.Bottom, ColumnFormat.Decimal);
        SetRowLimits(plot, list.Count);
        var extent = list.SelectMany(b => new[] { Math.Abs(b.Before), Math.Abs(b.After) }).Append(threshold).Max() * 1.15;
        plot.Axes.SetLimitsX(-extent, extent);
        ChartStyle.Legend(plot,
        [
            ChartStyle.MarkerItem("Before matching", before, MarkerShape.OpenCircle),
            ChartStyle.MarkerItem("After matching", after, MarkerShape.FilledSquare),
            ChartStyle.LineItem($"±{limit}", ChartStyle.SecondaryInk, LinePattern.Dashed, 1.5f),
        ]);
    }

    private static ReportTable IntervalTable(string title, string labelTitle, ReportColumn column, IEnumerable<(string Label, double Value, double Lower, double Upper)> rows) =>
        new(title,
            [new(labelTitle, ColumnFormat.Text), column, new("Lower limit", column.Format), new("Upper limit", column.Format)],
            rows.Select(r => (IReadOnlyList<object?>)[r.Label, r.Value, r.Lower, r.Upper]).ToList());

    private static void SetRowLimits(Plot plot, int rows) => plot.Axes.SetLimitsY(-0.6, Math.Max(0.6, rows - 0.4));

    private static void SetPaddedLimitsX(Plot plot, IEnumerable<double> values, double padding)
    {
        var (min, max) = Padded(values, padding, double.NegativeInfinity, double.PositiveInfinity);
        plot.Axes.SetLimitsX(min, max);
    }

    private static void SetPaddedLimitsY(Plot plot, IEnumerable<double> values, double padding, double floor = double.NegativeInfinity, double ceiling = double.PositiveInfinity)
    {
        var (min, max) = Padded(values, padding, floor, ceiling);
        plot.Axes.SetLimitsY(min, max);
    }

    /// <summary>
    /// The range of <paramref name="values"/> widened by <paramref name="padding"/> of its width at each end, but not
    /// across zero (bars stand on it), and kept within floor and ceiling.
    /// </summary>
    private static (double Min, double Max) Padded(IEnumerable<double> values, double padding, double floor, double ceiling)
    {
        var list = values.Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        double min = list.Min(), max = list.Max();
        var width = max > min ? max - min : Math.Max(1, Math.Abs(max));
        double low = min - width * padding, high = max + width * padding;
        if (min >= 0 && low < 0) low = 0;
        if (max <= 0 && high > 0) high = 0;
        return (Math.Max(floor, low), Math.Min(ceiling, high));
    }

    private static string AxisTitle(string title, ColumnFormat format) =>
        format == ColumnFormat.Percent && !title.Contains('%', StringComparison.Ordinal) ? title + " (%)" : title;

    private static string Capitalise(string text) =>
        text.Length > 0 && char.IsLower(text[0]) ? char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..] : text;

    private static string Extremes(IEnumerable<(string Label, double Value, string Text)> values, string what = "")
    {
        var list = values.ToList();
        if (list.Count < 2) return "";
        var high = list.MaxBy(v => v.Value);
        var low = list.MinBy(v => v.Value);
        var prefix = what.Length > 0 ? what + " " : "";
        return $" Highest {prefix}{high.Label} ({high.Text}); lowest {prefix}{low.Label} ({low.Text}).";
    }

    private static string HiddenSentence(ProtectedTable table, int rows, int columns)
    {
        var hidden = 0;
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                if (table[r, c].Protection != CellProtection.Shown) hidden++;
        return hidden == 0 ? "" : $" {hidden} {(hidden == 1 ? "value is" : "values are")} hidden to protect small numbers and not drawn.";
    }

    private static string Lower(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLower(text[0], CultureInfo.InvariantCulture) + text[1..] : text;
}
