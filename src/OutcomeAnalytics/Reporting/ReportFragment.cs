namespace OutcomeAnalytics.Reporting;

/// <summary>
/// A piece of a report made by the library — a title page, a few sentences, a list — as trusted HTML with its plain
/// text, for a notebook to show (<c>display(...)</c>) or a <see cref="ReportPage"/> to add.
/// </summary>
/// <param name="Html">The HTML fragment (its text already encoded).</param>
/// <param name="Text">The same content as plain text.</param>
public sealed record ReportFragment(string Html, string Text)
{
    /// <summary>True to set the fragment in smaller type, for long reference lists. The default is false.</summary>
    public bool Compact { get; init; }

    /// <summary>The HTML as it is shown: <see cref="Html"/>, in a smaller-type block when <see cref="Compact"/>.</summary>
    public string ToHtml() => Compact ? $"<div class=\"compact\">\n{Html}</div>\n" : Html;

    /// <summary>Paragraphs of plain text.</summary>
    public static ReportFragment Paragraphs(IEnumerable<string> paragraphs)
    {
        var list = paragraphs.ToList();
        return new(string.Concat(list.Select(p => $"<p>{Reporting.Html.Encode(p)}</p>\n")), string.Join("\n\n", list));
    }

    /// <summary>A bulleted list of plain-text items.</summary>
    public static ReportFragment List(IEnumerable<string> items)
    {
        var list = items.ToList();
        return new("<ul>\n" + string.Concat(list.Select(p => $"<li>{Reporting.Html.Encode(p)}</li>\n")) + "</ul>\n", string.Join("\n", list.Select(i => "- " + i)));
    }

    /// <summary>Terms and their meanings as a description list.</summary>
    public static ReportFragment Definitions(IEnumerable<(string Term, string Meaning)> terms)
    {
        var list = terms.ToList();
        return new("<dl class=\"definitions\">\n" + string.Concat(list.Select(t => $"<dt>{Reporting.Html.Encode(t.Term)}</dt><dd>{Reporting.Html.Encode(t.Meaning)}</dd>\n")) + "</dl>\n",
            string.Join("\n", list.Select(t => $"{t.Term}: {t.Meaning}")));
    }
}
