using System.Text;
using System.Text.Json.Nodes;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Notebooks;

/// <summary>
/// Renders an (executed) notebook as one self-contained HTML page: Markdown cells through Markdig, each code cell's
/// source folded away in a disclosure widget (readers who want it open it), and its outputs in place — HTML and
/// SVG charts inline, PNG images embedded, Markdown rendered, text and errors as preformatted text. Nothing needs a script.
/// A document for readers who never read code (a board report) leaves the code out altogether: the notebook's metadata
/// says so (<c>"outcomes": {"hide_code": true}</c>, see <see cref="HidesCode"/>), or the caller does.
/// </summary>
public static class NotebookHtml
{
    /// <summary>The notebook metadata key of the toolkit's own settings (<c>"outcomes": {"hide_code": true}</c>).</summary>
    public const string MetadataKey = "outcomes";

    /// <summary>The notebook as a <see cref="ReportPage"/>.</summary>
    /// <param name="notebook">The notebook, usually executed.</param>
    /// <param name="title">The page title; the default is the notebook's first level-1 Markdown heading, else "Notebook".</param>
    /// <param name="date">The report date shown on the page and on every printed page.</param>
    /// <param name="hideCode">
    /// True to leave every code cell's source out of the page (its outputs stay); the default is what the notebook's
    /// metadata says (<see cref="HidesCode"/>), else false.
    /// </param>
    public static ReportPage Render(NotebookDocument notebook, DateOnly date, string? title = null, bool? hideCode = null)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var withoutCode = hideCode ?? HidesCode(notebook);
        var page = new ReportPage(title ?? TitleOf(notebook) ?? "Notebook", date);
        var number = 0;
        foreach (var cell in notebook.Cells)
        {
            if (!cell.HasTag("injected-parameters")) number++;
            if (cell.CellType == "markdown")
            {
                page.AddMarkdown(cell.Source);
                continue;
            }
            if (!cell.IsCode) continue;
            var html = new StringBuilder("<section class=\"cell\">\n");
            if (cell.Source.Trim().Length > 0 && !withoutCode)
            {
                var label = cell.HasTag("injected-parameters") ? "Parameters given for this run"
                    : cell.HasTag("parameters") ? $"Code: cell {number} (parameters)" : $"Code: cell {number}";
                html.Append("<details class=\"code\"><summary>").Append(Html.Encode(label)).Append("</summary>")
                    .Append("<pre tabindex=\"0\"><code class=\"language-csharp\">").Append(Html.Encode(cell.Source)).Append("</code></pre></details>\n");
            }
            foreach (var output in cell.Outputs) html.Append(Output(output));
            html.Append("</section>\n");
            // Without its code, a cell with no output leaves nothing on the page.
            if (!withoutCode || cell.Outputs.Count > 0) page.AddHtml(html.ToString());
        }
        return page;
    }

    /// <summary>True when the notebook's metadata asks for its code to be left out of the page (<c>"outcomes": {"hide_code": true}</c>).</summary>
    public static bool HidesCode(NotebookDocument notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        return notebook.Metadata[MetadataKey] is JsonObject settings && settings["hide_code"] is JsonValue value && value.TryGetValue<bool>(out var hide) && hide;
    }

    /// <summary>The text of the first level-1 Markdown heading, if any.</summary>
    public static string? TitleOf(NotebookDocument notebook)
    {
        foreach (var cell in notebook.Cells.Where(c => c.CellType == "markdown"))
            foreach (var line in cell.Source.Split('\n'))
                if (line.StartsWith("# ", StringComparison.Ordinal)) return line[2..].Trim();
        return null;
    }

    private static string Output(JsonObject output)
    {
        var type = output["output_type"]?.GetValue<string>();
        switch (type)
        {
            case "stream":
                return Pre(NotebookDocument.MultilineText(output["text"]), output["name"]?.GetValue<string>() == "stderr" ? "output output-error" : "output");
            case "error":
                var traceback = output["traceback"] is JsonArray lines ? string.Join("\n", lines.Select(l => l?.GetValue<string>())) : "";
                var text = $"{output["ename"]}: {output["evalue"]}" + (traceback.Length > 0 ? "\n" + traceback : "");
                return Pre(text, "output output-error");
            case "display_data" or "execute_result" when output["data"] is JsonObject data:
                if (data["text/html"] is { } html) return "<div class=\"output\">\n" + NotebookDocument.MultilineText(html) + "\n</div>\n";
                if (data["image/svg+xml"] is { } svg) return "<div class=\"output\">\n" + NotebookDocument.MultilineText(svg) + "\n</div>\n";
                if (data["image/png"] is { } png)
                    return "<div class=\"output\"><img alt=\"" + Html.Encode(PlainOf(data)) + "\" src=\"data:image/png;base64,"
                        + Html.Encode(NotebookDocument.MultilineText(png).Trim()) + "\"></div>\n";
                if (data["text/markdown"] is { } markdown) return "<div class=\"output\">\n" + MarkdownText.ToHtml(NotebookDocument.MultilineText(markdown)) + "</div>\n";
                if (data["text/plain"] is { } plain) return Pre(NotebookDocument.MultilineText(plain), "output");
                return "";
            default:
                return "";
        }
    }

    private static string PlainOf(JsonObject data) => data["text/plain"] is { } plain ? NotebookDocument.MultilineText(plain) : "";

    private static string Pre(string text, string cssClass) =>
        $"<div class=\"{cssClass}\"><pre tabindex=\"0\">{Html.Encode(text.TrimEnd('\n'))}</pre></div>\n";
}
