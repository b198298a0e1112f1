using System.Globalization;
using System.Text;
using System.Xml;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace OutcomeAnalytics.Reporting;

/// <summary>
/// The house style of <see cref="Charts"/> in ScottPlot: near-black text on white in a sans-serif font, grey frame and
/// grid, the palette of <see cref="Charts.Palette"/> with a marker shape and a line pattern for each series, numbers
/// on axes written like the tables write them, and helpers for category axes, direct labels and legends.
/// </summary>
internal static class ChartStyle
{
    public const int Width = 640;
    public const int Height = 360;

    /// <summary>Text: 19:1 on white.</summary>
    public static readonly Color Ink = Color.FromHex("#0b0c0c");
    /// <summary>Secondary text, frame and ticks: 7:1 on white.</summary>
    public static readonly Color SecondaryInk = Color.FromHex("#505a5f");
    public static readonly Color GridLine = Color.FromHex("#e1e1e1");
    public static readonly Color Paper = Colors.White;

    /// <summary>Marker shapes of series, in palette order, so that series differ by more than colour.</summary>
    public static readonly MarkerShape[] Shapes =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleDown, MarkerShape.OpenCircle];

    /// <summary>The font the drawing is measured in: DejaVu Sans where installed (fonts-dejavu-core), else another sans-serif.</summary>
    public static readonly string FontName =
        new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica" }.FirstOrDefault(SkiaSharp.SKFontManager.Default.GetFontFamilies().Contains) ?? Fonts.Sans;

    /// <summary>The font list written into the SVG: the measured font first, a generic sans-serif last.</summary>
    public static readonly string FontFamilies = string.Join(", ", new[] { FontName, "DejaVu Sans", "Helvetica", "Arial", "sans-serif" }.Distinct());

    public static Color Colour(int series) => Color.FromHex(Charts.Palette[series % Charts.Palette.Count]);

    public static MarkerShape Shape(int series) => Shapes[series % Shapes.Length];

    /// <summary>Text as ScottPlot may draw it: characters that XML cannot hold are left out.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) clean.Append(text, i++, 2);
            else if (XmlConvert.IsXmlChar(text[i])) clean.Append(text[i]);
        }
        return clean.ToString();
    }

    /// <summary>A plot in the house style with its title and axis titles.</summary>
    public static Plot NewPlot(string title, string xTitle, string yTitle)
    {
        var plot = new Plot();
        plot.Title(Clean(title), 16);
        plot.Axes.Title.Label.Bold = true;
        plot.XLabel(Clean(xTitle), 14);
        plot.YLabel(Clean(yTitle), 14);
        plot.FigureBackground.Color = Paper;
        plot.DataBackground.Color = Paper;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.ForeColor = Ink;
            axis.Label.Bold = false;
            axis.TickLabelStyle.ForeColor = Ink;
            axis.TickLabelStyle.FontSize = 12;
            axis.MajorTickStyle.Color = SecondaryInk;
            axis.MinorTickStyle.Length = 0;
            axis.FrameLineStyle.Color = SecondaryInk;
        }
        plot.Axes.Title.Label.ForeColor = Ink;
        plot.Grid.MajorLineColor = GridLine;
        return plot;
    }

    /// <summary>Sets the font of every piece of text, the plottables' labels included.</summary>
    public static void Finish(Plot plot)
    {
        plot.Font.Set(FontName);
        plot.Legend.FontName = FontName;
        foreach (var text in plot.GetPlottables<ScottPlot.Plottables.Text>()) text.LabelFontName = FontName;
    }

    /// <summary>Numbers on an axis in a column format: 1,200, 45%, 0.25.</summary>
    public static void NumberTicks(IAxis axis, ColumnFormat format) =>
        axis.TickGenerator = new NumericAutomatic
        {
            LabelFormatter = format switch
            {
                ColumnFormat.Percent => v => v.ToString("0.##%", CultureInfo.InvariantCulture),
                ColumnFormat.Count => v => v.ToString("#,0", CultureInfo.InvariantCulture),
                _ => v => v.ToString("#,0.###", CultureInfo.InvariantCulture),
            },
            IntegerTicksOnly = format == ColumnFormat.Count,
        };

    /// <summary>
    /// Category labels at 0, 1, 2… on the horizontal axis; labels too long for their place are slanted, and the axis
    /// is made tall enough to hold them. Returns the estimated height of the plotting area in pixels.
    /// </summary>
    public static double CategoryTicksBottom(Plot plot, IReadOnlyList<string> labels, bool legend = false)
    {
        var axis = plot.Axes.Bottom;
        axis.SetTicks(labels.Select((_, i) => (double)i).ToArray(), labels.Select(Clean).ToArray());
        var place = DataWidth / Math.Max(1, labels.Count);
        var longest = labels.Count == 0 ? 0 : labels.Max(l => TextWidth(l, 12));
        var axisHeight = 50.0;
        if (longest > place * 0.9)
        {
            axis.TickLabelStyle.Rotation = -35;
            axis.TickLabelStyle.Alignment = Alignment.MiddleRight;
            axis.TickLabelStyle.OffsetY = 4;
            axisHeight = Math.Min(longest, 220) * Math.Sin(35 * Math.PI / 180) + 40;
            axis.MinimumSize = axis.MaximumSize = (float)axisHeight;
        }
        return Height - 45 - axisHeight - (legend ? 40 : 0);
    }

    /// <summary>The estimated width of the plotting area of a chart with numbers on its vertical axis.</summary>
    public const double DataWidth = Width - 75.0;

    /// <summary>Category labels on the vertical axis, the first at the top.</summary>
    public static void CategoryTicksLeft(Plot plot, IReadOnlyList<string> labels) =>
        plot.Axes.Left.SetTicks(labels.Select((_, i) => (double)(labels.Count - 1 - i)).ToArray(), labels.Select(Clean).ToArray());

    /// <summary>The vertical position of row <paramref name="index"/> of <paramref name="count"/> rows listed from the top.</summary>
    public static double Row(int index, int count) => count - 1 - index;

    /// <summary>The height of a chart with one row per category (forest, tornado, love plots).</summary>
    public static int HeightForRows(int rows, bool legend) => Math.Clamp(130 + 36 * rows + (legend ? 40 : 0), 240, 1400);

    /// <summary>A text label at a data position, in the house font.</summary>
    public static ScottPlot.Plottables.Text Label(Plot plot, string text, double x, double y, Alignment alignment, float offsetX = 0, float offsetY = 0, Color? colour = null, float size = 12)
    {
        var label = plot.Add.Text(Clean(text), x, y);
        label.LabelAlignment = alignment;
        label.LabelOffsetX = offsetX;
        label.LabelOffsetY = offsetY;
        label.LabelFontSize = size;
        label.LabelFontColor = colour ?? Ink;
        label.LabelFontName = FontName;
        label.LabelBackgroundColor = Colors.Transparent;
        label.LabelBorderWidth = 0;
        return label;
    }

    /// <summary>A legend of the given items under the chart, in a row (outside the data, so it never covers it).</summary>
    public static void Legend(Plot plot, IEnumerable<LegendItem> items)
    {
        plot.Legend.ManualItems.Clear();
        foreach (var item in items)
        {
            item.LabelText = Clean(item.LabelText);
            plot.Legend.ManualItems.Add(item);
        }
        plot.Legend.DisplayPlottableLegendItems = false;
        plot.Legend.FontName = FontName;
        plot.Legend.FontSize = 12;
        plot.Legend.FontColor = Ink;
        plot.Legend.OutlineColor = Colors.Transparent;
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.Legend.SymbolWidth = 24;
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.ShowLegend(Edge.Bottom);
    }

    /// <summary>A legend entry for a series drawn as markers (and, with a line pattern, a line).</summary>
    public static LegendItem MarkerItem(string label, Color colour, MarkerShape shape, LinePattern? line = null) => new()
    {
        LabelText = label,
        MarkerShape = shape,
        MarkerSize = 10,
        MarkerFillColor = colour,
        MarkerLineColor = colour,
        MarkerLineWidth = 1.5f,
        LineWidth = line is null ? 0 : 2,
        LineColor = colour,
        LinePattern = line ?? LinePattern.Solid,
    };

    /// <summary>A legend entry for a line.</summary>
    public static LegendItem LineItem(string label, Color colour, LinePattern pattern, float width = 2) => new()
    {
        LabelText = label,
        LineWidth = width,
        LineColor = colour,
        LinePattern = pattern,
        MarkerShape = MarkerShape.None,
    };

    /// <summary>A legend entry for a filled area, with a marker drawn on it where the chart draws one too.</summary>
    public static LegendItem FillItem(string label, Color colour, MarkerShape marker = MarkerShape.None) => new()
    {
        LabelText = label,
        FillColor = colour,
        MarkerShape = marker,
        MarkerSize = 8,
        MarkerFillColor = TextOn(colour),
        MarkerLineColor = TextOn(colour),
    };

    /// <summary>Near-black or white, whichever is the more legible on <paramref name="fill"/>.</summary>
    public static Color TextOn(Color fill) => Contrast(fill, Colors.White) >= Contrast(fill, Ink) ? Colors.White : Ink;

    /// <summary>The WCAG contrast ratio of two colours.</summary>
    public static double Contrast(Color a, Color b)
    {
        double la = Luminance(a), lb = Luminance(b);
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(Color c)
    {
        static double Channel(byte v)
        {
            var s = v / 255.0;
            return s <= 0.04045 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(c.R) + 0.7152 * Channel(c.G) + 0.0722 * Channel(c.B);
    }

    /// <summary>An estimate of a text's width in pixels (DejaVu Sans averages about 0.6 of its size per character).</summary>
    public static double TextWidth(string text, double size) => text.Length * size * 0.6;
}
