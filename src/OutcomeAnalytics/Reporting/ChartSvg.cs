using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace OutcomeAnalytics.Reporting;

/// <summary>
/// Turns ScottPlot's SVG into what a page needs, working on the parsed XML (so every value stays escaped): a
/// <c>role="img"</c> with an <c>aria-label</c>, <c>title</c> and <c>desc</c> elements, a <c>viewBox</c> so that the
/// drawing scales down with the page, ids unique to the drawing, and a font list that ends in a generic sans-serif.
/// </summary>
internal static partial class ChartSvg
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static string Finish(string svgXml, string title, string summary)
    {
        var root = XDocument.Parse(svgXml).Root ?? throw new InvalidOperationException("ScottPlot returned an empty SVG document.");
        var width = root.Attribute("width")?.Value ?? "0";
        var height = root.Attribute("height")?.Value ?? "0";
        root.SetAttributeValue("viewBox", string.Create(CultureInfo.InvariantCulture, $"0 0 {width} {height}"));
        root.SetAttributeValue("role", "img");
        root.SetAttributeValue("aria-label", ChartStyle.Clean(Sentence(title) + " " + summary));
        root.AddFirst(new XElement(Svg + "title", ChartStyle.Clean(title)), new XElement(Svg + "desc", ChartStyle.Clean(summary)));
        foreach (var text in root.Descendants(Svg + "text"))
        {
            text.SetAttributeValue("font-family", ChartStyle.FontFamilies);
            // ScottPlot indents the text; SVG drops leading and trailing spaces anyway, text extraction does not.
            if (text.Nodes().All(n => n is XText)) text.Value = text.Value.Trim();
        }
        // ScottPlot numbers its ids with a counter shared by the process, so the same chart would differ from run to run:
        // ids are numbered in document order, then prefixed with a hash of the chart, unique on a page of many charts.
        RenameIds(root, n => "i" + n.ToString(CultureInfo.InvariantCulture));
        var prefix = "c" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root.ToString(SaveOptions.DisableFormatting))).AsSpan(0, 4)) + "-";
        RenameIds(root, n => prefix + n.ToString(CultureInfo.InvariantCulture));
        return root.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>Renames every id to <paramref name="name"/> of its position (1, 2, …), and every reference to it (<c>url(#id)</c>, <c>href="#id"</c>) too.</summary>
    private static void RenameIds(XElement root, Func<int, string> name)
    {
        var ids = root.DescendantsAndSelf().Select(e => e.Attribute("id")).OfType<XAttribute>().ToList();
        if (ids.Count == 0) return;
        var renamed = ids.Select(a => a.Value).Distinct().Select((id, i) => (id, i)).ToDictionary(p => p.id, p => name(p.i + 1));
        foreach (var id in ids) id.Value = renamed[id.Value];
        foreach (var attribute in root.DescendantsAndSelf().Attributes())
        {
            if (attribute.Name.LocalName == "href" && attribute.Value.StartsWith('#') && renamed.TryGetValue(attribute.Value[1..], out var target))
                attribute.Value = "#" + target;
            else if (attribute.Value.Contains("url(#", StringComparison.Ordinal))
                attribute.Value = UrlReference().Replace(attribute.Value, m => renamed.TryGetValue(m.Groups[1].Value, out var to) ? $"url(#{to})" : m.Value);
        }
    }

    private static string Sentence(string text)
    {
        var trimmed = text.TrimEnd();
        return trimmed.Length == 0 || trimmed[^1] is '.' or '!' or '?' ? trimmed : trimmed + ".";
    }

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlReference();
}
