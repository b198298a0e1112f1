using System.Globalization;
using System.Text.Json.Nodes;

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

/// <summary>
/// Builds <see cref="Chart"/>s: bar, stacked bar, line over time with a confidence band, forest (dot and interval)
/// and funnel plots. Charts of counts apply disclosure control (the default: <see cref="DisclosureControl.Publication"/>):
/// hidden counts are not drawn, and show as <c>&lt;5</c> or <c>[c]</c> in the chart's table.
/// </summary>
public static class Charts
{
    /// <summary>The colours of series, in order: the Government Analysis Function's categorical palette, each at least 3:1 against white.</summary>
    public static IReadOnlyList<string> Palette { get; } = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"];

    private const int Width = 560;
    private const int Height = 280;

    /// <summary>A bar chart of counts by category, from a one-column count table.</summary>
    public static Chart Bar(CountTable counts, DisclosureControl? control = null, string? summary = null)
    {
        control ??= DisclosureControl.Publication;
        var table = control.Protect(counts);
        var category = counts.RowHeader;
        var value = counts.ColumnLabels[0];
        var values = new JsonArray();
        var shown = new List<(string, long)>();
        for (var r = 0; r < counts.RowCount; r++)
        {
            var figure = table[r, 0];
            values.Add(new JsonObject { ["category"] = counts.RowLabels[r], ["value"] = figure.Value, ["text"] = figure.Text });
            if (figure.Value is { } v) shown.Add((counts.RowLabels[r], v));
        }
        var spec = new JsonObject
        {
            ["width"] = Width,
            ["height"] = Height,
            ["data"] = new JsonObject { ["values"] = values },
            ["mark"] = new JsonObject { ["type"] = "bar", ["color"] = Palette[0] },
            ["encoding"] = new JsonObject
            {
                ["x"] = Field("category", "nominal", category, sortNone: true),
                ["y"] = Field("value", "quantitative", value),
                ["tooltip"] = Tooltip(("category", "nominal", category, ColumnFormat.Count), ("text", "nominal", value, ColumnFormat.Count)),
            },
        };
        summary ??= $"Bar chart of {Lower(value)} by {Lower(category)}." + Extremes(shown.Select(s => (s.Item1, (double)s.Item2, s.Item2.ToString("N0"))))
            + HiddenSentence(table, counts.RowCount, 1);
        return new Chart("bar", counts.Title, category, value, summary, table.ToReportTable(), spec);
    }

    /// <summary>A bar chart of measured values (rates, averages) by category; nothing is suppressed.</summary>
    public static Chart Bar(string title, string categoryTitle, string valueTitle, IEnumerable<(string Category, double Value)> values,
        ColumnFormat format = ColumnFormat.Decimal, string? summary = null)
    {
        var list = values.ToList();
        var column = new ReportColumn(valueTitle, format);
        var spec = new JsonObject
        {
            ["width"] = Width,
            ["height"] = Height,
            ["data"] = new JsonObject { ["values"] = new JsonArray(list.Select(v => (JsonNode)new JsonObject { ["category"] = v.Category, ["value"] = v.Value }).ToArray()) },
            ["mark"] = new JsonObject { ["type"] = "bar", ["color"] = Palette[0] },
            ["encoding"] = new JsonObject
            {
                ["x"] = Field("category", "nominal", categoryTitle, sortNone: true),
                ["y"] = Field("value", "quantitative", valueTitle, format),
                ["tooltip"] = Tooltip(("category", "nominal", categoryTitle, ColumnFormat.Count), ("value", "quantitative", valueTitle, format)),
            },
        };
        summary ??= $"Bar chart of {Lower(valueTitle)} by {Lower(categoryTitle)}." + Extremes(list.Select(v => (v.Category, v.Value, ReportTable.FormatValue(v.Value, column))));
        var data = new ReportTable(title, [new(categoryTitle, ColumnFormat.Text), column], list.Select(v => (IReadOnlyList<object?>)[v.Category, v.Value]).ToList());
        return new Chart("bar", title, categoryTitle, valueTitle, summary, data, spec);
    }

    /// <summary>
    /// A stacked bar chart of counts: one bar per row of <paramref name="counts"/>, one segment per column. Disclosure
    /// control protects the table with its totals; hidden segments are not drawn.
    /// </summary>
    public static Chart StackedBar(CountTable counts, string valueTitle, string seriesTitle, DisclosureControl? control = null, string? summary = null)
    {
        control ??= DisclosureControl.Publication;
        var table = control.Protect(counts);
        var values = new JsonArray();
        for (var r = 0; r < counts.RowCount; r++)
            for (var c = 0; c < counts.ColumnCount; c++)
            {
                var figure = table[r, c];
                values.Add(new JsonObject
                {
                    ["category"] = counts.RowLabels[r], ["series"] = counts.ColumnLabels[c], ["order"] = c,
                    ["value"] = figure.Value, ["text"] = figure.Text,
                });
            }
        var spec = new JsonObject
        {
            ["width"] = Width,
            ["height"] = Height,
            ["data"] = new JsonObject { ["values"] = values },
            ["mark"] = new JsonObject { ["type"] = "bar", ["stroke"] = "#ffffff", ["strokeWidth"] = 1 },
            ["encoding"] = new JsonObject
            {
                ["x"] = Field("category", "nominal", counts.RowHeader, sortNone: true),
                ["y"] = Field("value", "quantitative", valueTitle),
                ["color"] = new JsonObject
                {
                    ["field"] = "series", ["type"] = "nominal", ["title"] = seriesTitle,
                    ["sort"] = new JsonArray(counts.ColumnLabels.Select(l => (JsonNode)JsonValue.Create(l)).ToArray()),
                    ["scale"] = new JsonObject { ["range"] = PaletteArray() },
                },
                ["order"] = new JsonObject { ["field"] = "order", ["type"] = "quantitative" },
                ["tooltip"] = Tooltip(("category", "nominal", counts.RowHeader, ColumnFormat.Count), ("series", "nominal", seriesTitle, ColumnFormat.Count), ("text", "nominal", valueTitle, ColumnFormat.Count)),
            },
        };
        var totals = Enumerable.Range(0, counts.RowCount).Where(r => table.RowTotal(r).Value is not null)
            .Select(r => (counts.RowLabels[r], (double)table.RowTotal(r).Value!.Value, table.RowTotal(r).Text));
        summary ??= $"Stacked bar chart of {Lower(valueTitle)} by {Lower(counts.RowHeader)}, split by {Lower(seriesTitle)} ({string.Join(", ", counts.ColumnLabels)})."
            + Extremes(totals, "total") + HiddenSentence(table, counts.RowCount, counts.ColumnCount);
        return new Chart("stacked-bar", counts.Title, counts.RowHeader, valueTitle, summary, table.ToReportTable(), spec);
    }

    /// <summary>A line over time with a shaded confidence band (for example a quarterly outcome rate with its 95% interval).</summary>
    public static Chart LineWithBand(string title, string periodTitle, string valueTitle, IEnumerable<TimePoint> points,
        ColumnFormat format = ColumnFormat.Percent, string interval = "95% confidence interval", string? summary = null)
    {
        var list = points.ToList();
        var values = new JsonArray(list.Select(p => (JsonNode)new JsonObject
        {
            ["period"] = p.Period, ["value"] = p.Value, ["lower"] = p.Lower, ["upper"] = p.Upper,
        }).ToArray());
        var x = Field("period", "ordinal", periodTitle, sortNone: true);
        if (list.Count > 6) x["axis"] = new JsonObject { ["labelAngle"] = -40, ["labelAlign"] = "right", ["labelLimit"] = 140 };
        var spec = new JsonObject
        {
            ["width"] = Width,
            ["height"] = Height,
            ["data"] = new JsonObject { ["values"] = values },
            ["encoding"] = new JsonObject { ["x"] = x },
            ["layer"] = new JsonArray(
                new JsonObject
                {
                    ["mark"] = new JsonObject { ["type"] = "area", ["color"] = Palette[0], ["opacity"] = 0.2 },
                    ["encoding"] = new JsonObject
                    {
                        ["y"] = Field("lower", "quantitative", valueTitle, format),
                        ["y2"] = new JsonObject { ["field"] = "upper" },
                    },
                },
                new JsonObject
                {
                    ["mark"] = new JsonObject { ["type"] = "line", ["color"] = Palette[0], ["point"] = true },
                    ["encoding"] = new JsonObject
                    {
                        ["y"] = Field("value", "quantitative", valueTitle, format),
                        ["tooltip"] = Tooltip(("period", "ordinal", periodTitle, ColumnFormat.Count), ("value", "quantitative", valueTitle, format), ("lower", "quantitative", "Lower limit", format), ("upper", "quantitative", "Upper limit", format)),
                    },
                }),
        };
        var column = new ReportColumn(valueTitle, format);
        if (summary is null && list.Count > 0)
        {
            var (first, last) = (list[0], list[^1]);
            summary = $"Line chart of {Lower(valueTitle)} over {list.Count} {Lower(periodTitle)}s, from {ReportTable.FormatValue(first.Value, column)} in {first.Period} "
                + $"to {ReportTable.FormatValue(last.Value, column)} in {last.Period}; the shaded band is the {interval}.";
        }
        var data = new ReportTable(title,
            [new(periodTitle, ColumnFormat.Text), column, new("Lower limit", format), new("Upper limit", format)],
            list.Select(p => (IReadOnlyList<object?>)[p.Period, p.Value, p.Lower, p.Upper]).ToList());
        return new Chart("line", title, periodTitle, valueTitle, summary ?? "An empty line chart.", data, spec);
    }

    /// <summary>A forest plot: each estimate as a dot with its interval as a line, and a reference line (no effect).</summary>
    public static Chart Forest(string title, string labelTitle, string valueTitle, IEnumerable<Estimate> estimates, double reference = 0,
        ColumnFormat format = ColumnFormat.Decimal, string? summary = null)
    {
        var list = estimates.ToList();
        var values = new JsonArray(list.Select(e => (JsonNode)new JsonObject
        {
            ["label"] = e.Label, ["value"] = e.Value, ["lower"] = e.Lower, ["upper"] = e.Upper,
        }).ToArray());
        var y = Field("label", "nominal", labelTitle, sortNone: true);
        var spec = new JsonObject
        {
            ["width"] = Width,
            ["height"] = Math.Max(80, 28 * list.Count),
            ["layer"] = new JsonArray(
                new JsonObject
                {
                    ["data"] = new JsonObject { ["values"] = values },
                    ["mark"] = new JsonObject { ["type"] = "rule", ["color"] = Palette[0], ["strokeWidth"] = 2 },
                    ["encoding"] = new JsonObject
                    {
                        ["y"] = y,
                        ["x"] = Field("lower", "quantitative", valueTitle, format),
                        ["x2"] = new JsonObject { ["field"] = "upper" },
                    },
                },
                new JsonObject
                {
                    ["data"] = new JsonObject { ["values"] = values.DeepClone() },
                    ["mark"] = new JsonObject { ["type"] = "point", ["filled"] = true, ["size"] = 80, ["color"] = Palette[0] },
                    ["encoding"] = new JsonObject
                    {
                        ["y"] = y.DeepClone(),
                        ["x"] = Field("value", "quantitative", valueTitle, format),
                        ["tooltip"] = Tooltip(("label", "nominal", labelTitle, ColumnFormat.Count), ("value", "quantitative", valueTitle, format), ("lower", "quantitative", "Lower limit", format), ("upper", "quantitative", "Upper limit", format)),
                    },
                },
                new JsonObject
                {
                    ["data"] = new JsonObject { ["values"] = new JsonArray(new JsonObject { ["reference"] = reference }) },
                    ["mark"] = new JsonObject { ["type"] = "rule", ["color"] = Palette[4], ["strokeDash"] = new JsonArray(4, 4) },
                    ["encoding"] = new JsonObject { ["x"] = new JsonObject { ["field"] = "reference", ["type"] = "quantitative" } },
                }),
        };
        var column = new ReportColumn(valueTitle, format);
        var excluding = list.Count(e => e.Lower > reference || e.Upper < reference);
        summary ??= $"Forest plot of {list.Count} estimates of {Lower(valueTitle)}, each with its interval; {excluding} of {list.Count} intervals "
            + $"exclude {ReportTable.FormatValue(reference, column)} (the dashed line).";
        var data = new ReportTable(title,
            [new(labelTitle, ColumnFormat.Text), column, new("Lower limit", format), new("Upper limit", format)],
            list.Select(e => (IReadOnlyList<object?>)[e.Label, e.Value, e.Lower, e.Upper]).ToList());
        return new Chart("forest", title, valueTitle, labelTitle, summary, data, spec);
    }

    /// <summary>
    /// A funnel plot comparing units (localities): each unit's rate against its denominator, with the overall rate and
    /// 95% and 99.8% control limits (normal approximation to the binomial). Disclosure control protects the events and
    /// the denominators (each as a one-way table with its total); a unit with a hidden figure is not plotted.
    /// </summary>
    public static Chart Funnel(string title, string unitTitle, string rateTitle, IEnumerable<UnitRate> units, DisclosureControl? control = null, string? summary = null)
    {
        control ??= DisclosureControl.Publication;
        var list = units.ToList();
        if (list.Count == 0 || list.Any(u => u.Denominator <= 0 || u.Events < 0 || u.Events > u.Denominator))
            throw new ArgumentException($"The funnel plot '{title}' needs units with 0 ≤ events ≤ denominator and a positive denominator.", nameof(units));
        var events = control.Protect(CountTable.OneWay(title, unitTitle, "Events", list.Select(u => (u.Unit, u.Events))));
        var denominators = control.Protect(CountTable.OneWay(title, unitTitle, "Denominator", list.Select(u => (u.Unit, u.Denominator))));
        double totalEvents = list.Sum(u => u.Events), totalDenominator = list.Sum(u => u.Denominator);
        var overall = totalEvents / totalDenominator;

        var points = new JsonArray();
        var rows = new List<IReadOnlyList<object?>>();
        int above = 0, below = 0, plotted = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var (e, n) = (events[i, 0], denominators[i, 0]);
            var shown = e.Value is not null && n.Value is not null;
            double? rate = shown ? list[i].Events / (double)list[i].Denominator : null;
            rows.Add([list[i].Unit, e, n, rate]);
            if (rate is not { } p) continue;
            plotted++;
            var limit = 1.96 * Math.Sqrt(overall * (1 - overall) / list[i].Denominator);
            if (p > overall + limit) above++;
            else if (p < overall - limit) below++;
            points.Add(new JsonObject { ["unit"] = list[i].Unit, ["n"] = n.Value, ["rate"] = p });
        }

        var limits = new JsonArray();
        var maxN = Math.Max(10, list.Max(u => u.Denominator));
        for (var step = 0; step <= 60; step++)
        {
            var n = Math.Max(1, maxN * step / 60.0);
            var se = Math.Sqrt(overall * (1 - overall) / n);
            foreach (var (name, z) in new[] { ("95% limits", 1.96), ("99.8% limits", 3.09) })
            {
                limits.Add(new JsonObject { ["n"] = n, ["limit"] = name, ["side"] = "upper " + name, ["rate"] = Math.Min(1, overall + z * se) });
                limits.Add(new JsonObject { ["n"] = n, ["limit"] = name, ["side"] = "lower " + name, ["rate"] = Math.Max(0, overall - z * se) });
            }
        }
        var x = Field("n", "quantitative", "Denominator");
        var spec = new JsonObject
        {
            ["width"] = Width,
            ["height"] = Height,
            ["layer"] = new JsonArray(
                new JsonObject
                {
                    ["data"] = new JsonObject { ["values"] = limits },
                    ["mark"] = new JsonObject { ["type"] = "line", ["strokeWidth"] = 1.5 },
                    ["encoding"] = new JsonObject
                    {
                        ["x"] = x,
                        ["y"] = Field("rate", "quantitative", rateTitle, ColumnFormat.Percent),
                        ["detail"] = new JsonObject { ["field"] = "side" },
                        ["color"] = new JsonObject { ["field"] = "limit", ["type"] = "nominal", ["title"] = "Control limits", ["scale"] = new JsonObject { ["range"] = new JsonArray(Palette[1], Palette[2]) } },
                        ["strokeDash"] = new JsonObject { ["field"] = "limit", ["type"] = "nominal", ["legend"] = null, ["scale"] = new JsonObject { ["range"] = new JsonArray(new JsonArray(6, 3), new JsonArray(2, 2)) } },
                    },
                },
                new JsonObject
                {
                    ["data"] = new JsonObject { ["values"] = new JsonArray(new JsonObject { ["rate"] = overall }) },
                    ["mark"] = new JsonObject { ["type"] = "rule", ["color"] = Palette[4] },
                    ["encoding"] = new JsonObject { ["y"] = new JsonObject { ["field"] = "rate", ["type"] = "quantitative" } },
                },
                new JsonObject
                {
                    ["data"] = new JsonObject { ["values"] = points },
                    ["mark"] = new JsonObject { ["type"] = "point", ["filled"] = true, ["size"] = 70, ["color"] = Palette[0] },
                    ["encoding"] = new JsonObject
                    {
                        ["x"] = x.DeepClone(),
                        ["y"] = Field("rate", "quantitative", rateTitle, ColumnFormat.Percent),
                        ["tooltip"] = Tooltip(("unit", "nominal", unitTitle, ColumnFormat.Count), ("n", "quantitative", "Denominator", ColumnFormat.Count), ("rate", "quantitative", rateTitle, ColumnFormat.Percent)),
                    },
                },
                new JsonObject
                {
                    ["data"] = new JsonObject { ["values"] = points.DeepClone() },
                    ["mark"] = new JsonObject { ["type"] = "text", ["align"] = "left", ["dx"] = 7, ["fontSize"] = 11, ["color"] = "#0b0c0c" },
                    ["encoding"] = new JsonObject { ["x"] = x.DeepClone(), ["y"] = new JsonObject { ["field"] = "rate", ["type"] = "quantitative" }, ["text"] = new JsonObject { ["field"] = "unit" } },
                }),
        };
        var percent = new ReportColumn(rateTitle, ColumnFormat.Percent);
        summary ??= $"Funnel plot of {Lower(rateTitle)} by {Lower(unitTitle)} ({list.Count} compared) against the overall rate of "
            + $"{ReportTable.FormatValue(overall, percent)} (solid line), with 95% and 99.8% control limits: {above} above and {below} below the 95% limits."
            + (plotted < list.Count ? $" {list.Count - plotted} not plotted because a figure is hidden to protect small numbers." : "");
        var data = new ReportTable(title,
            [new(unitTitle, ColumnFormat.Text), new("Events", ColumnFormat.Count), new("Denominator", ColumnFormat.Count), percent], rows)
        { Note = events.AnyHidden || denominators.AnyHidden ? control.Note : "" };
        return new Chart("funnel", title, "Denominator", rateTitle, summary, data, spec);
    }

    internal static JsonObject Config() => new()
    {
        ["font"] = "DejaVu Sans, Helvetica, Arial, sans-serif",
        ["background"] = "#ffffff",
        ["title"] = new JsonObject { ["fontSize"] = 15, ["color"] = "#0b0c0c", ["anchor"] = "start" },
        ["axis"] = new JsonObject
        {
            ["labelColor"] = "#0b0c0c", ["titleColor"] = "#0b0c0c", ["labelFontSize"] = 12, ["titleFontSize"] = 13,
            ["domainColor"] = "#505a5f", ["tickColor"] = "#505a5f", ["gridColor"] = "#e1e1e1",
        },
        ["legend"] = new JsonObject { ["labelColor"] = "#0b0c0c", ["titleColor"] = "#0b0c0c", ["labelFontSize"] = 12, ["titleFontSize"] = 13 },
        ["axisX"] = new JsonObject { ["labelAngle"] = 0 },
        ["range"] = new JsonObject { ["category"] = PaletteArray() },
    };

    private static JsonArray PaletteArray() => new(Palette.Select(c => (JsonNode)JsonValue.Create(c)).ToArray());

    private static JsonObject Field(string field, string type, string title, ColumnFormat format = ColumnFormat.Count, bool sortNone = false)
    {
        var node = new JsonObject { ["field"] = field, ["type"] = type, ["title"] = title };
        if (sortNone) node["sort"] = null;
        if (type == "quantitative") node["axis"] = new JsonObject { ["format"] = D3Format(format) };
        return node;
    }

    private static JsonArray Tooltip(params (string Field, string Type, string Title, ColumnFormat Format)[] fields) =>
        new(fields.Select(f =>
        {
            var node = new JsonObject { ["field"] = f.Field, ["type"] = f.Type, ["title"] = f.Title };
            if (f.Type == "quantitative") node["format"] = D3Format(f.Format);
            return (JsonNode)node;
        }).ToArray());

    private static string D3Format(ColumnFormat format) => format switch { ColumnFormat.Percent => ".1%", ColumnFormat.Count => ",d", _ => ",.1f" };

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
