using System.Diagnostics;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Notebooks;

/// <summary>The files a run can write.</summary>
[Flags]
public enum NotebookFormats
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>The self-contained HTML page.</summary>
    Html = 1,
    /// <summary>The executed notebook (nbformat 4).</summary>
    Ipynb = 2,
    /// <summary>The HTML page printed to an A4 PDF with headless Chromium.</summary>
    Pdf = 4,
}

/// <summary>How the HTML page (and the PDF printed from it) presents a run.</summary>
public sealed record NotebookPageOptions
{
    /// <summary>The page title, also printed on every PDF page; the default is the notebook's first level-1 Markdown heading.</summary>
    public string? Title { get; init; }

    /// <summary>True to leave the code out of the page; the default follows the notebook's metadata (see <see cref="NotebookHtml.HidesCode"/>).</summary>
    public bool? HideCode { get; init; }

    /// <summary>The files' name without extension; the default is the source notebook's.</summary>
    public string? Name { get; init; }
}

/// <summary>A file written, with its size and how long it took.</summary>
public sealed record WrittenFile(string Path, long Bytes, TimeSpan Elapsed);

/// <summary>Writes a run's executed notebook, HTML page and PDF.</summary>
public static class NotebookOutputs
{
    /// <summary>Parses a comma-separated list such as <c>html,ipynb,pdf</c>.</summary>
    /// <exception cref="FormatException">An unknown format.</exception>
    public static NotebookFormats ParseFormats(string text)
    {
        var formats = NotebookFormats.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            formats |= part.ToLowerInvariant() switch
            {
                "html" => NotebookFormats.Html,
                "ipynb" => NotebookFormats.Ipynb,
                "pdf" => NotebookFormats.Pdf,
                _ => throw new FormatException($"--format: '{part}' is not one of html, ipynb, pdf."),
            };
        return formats == NotebookFormats.None ? throw new FormatException("--format: give at least one of html, ipynb, pdf.") : formats;
    }

    /// <summary>
    /// Writes <c>NAME.ipynb</c>, <c>NAME.html</c> and <c>NAME.pdf</c> (as asked) into <paramref name="folder"/>, named after
    /// the source notebook. The PDF is printed from the HTML; when Chromium is missing the other files are still
    /// written and <see cref="ChromiumNotFoundException"/> is thrown after them.
    /// </summary>
    /// <exception cref="IOException">The executed notebook would overwrite its source.</exception>
    /// <exception cref="ChromiumNotFoundException">A PDF was asked for and Chromium is not installed.</exception>
    public static Task<IReadOnlyList<WrittenFile>> WriteAsync(NotebookRunResult result, string sourcePath, string folder,
        NotebookFormats formats, DateOnly date, CancellationToken cancellationToken = default) =>
        WriteAsync(result, sourcePath, folder, formats, date, new NotebookPageOptions(), cancellationToken);

    /// <summary>As <see cref="WriteAsync(NotebookRunResult, string, string, NotebookFormats, DateOnly, CancellationToken)"/>, with the page's title, code and file name chosen.</summary>
    /// <exception cref="IOException">The executed notebook would overwrite its source.</exception>
    /// <exception cref="ChromiumNotFoundException">A PDF was asked for and Chromium is not installed.</exception>
    public static async Task<IReadOnlyList<WrittenFile>> WriteAsync(NotebookRunResult result, string sourcePath, string folder,
        NotebookFormats formats, DateOnly date, NotebookPageOptions page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(folder);
        var name = page.Name ?? Path.GetFileNameWithoutExtension(sourcePath);
        var written = new List<WrittenFile>();
        if (formats.HasFlag(NotebookFormats.Ipynb))
        {
            var target = Path.Combine(folder, name + ".ipynb");
            if (string.Equals(Path.GetFullPath(target), Path.GetFullPath(sourcePath), StringComparison.Ordinal))
                throw new IOException($"Writing the executed notebook to '{target}' would overwrite the notebook itself; choose another --out folder.");
            var clock = Stopwatch.StartNew();
            result.Notebook.Save(target);
            written.Add(new WrittenFile(target, new FileInfo(target).Length, clock.Elapsed));
        }
        if (!formats.HasFlag(NotebookFormats.Html) && !formats.HasFlag(NotebookFormats.Pdf)) return written;

        var rendered = NotebookHtml.Render(result.Notebook, date, page.Title, page.HideCode);
        var html = formats.HasFlag(NotebookFormats.Html) ? Path.Combine(folder, name + ".html") : Path.Combine(folder, $".{name}.print.html");
        var htmlClock = Stopwatch.StartNew();
        var bytes = rendered.Save(html);
        if (formats.HasFlag(NotebookFormats.Html)) written.Add(new WrittenFile(html, bytes, htmlClock.Elapsed));
        if (!formats.HasFlag(NotebookFormats.Pdf)) return written;
        try
        {
            var pdf = Path.Combine(folder, name + ".pdf");
            var printed = await new PdfPrinter().PrintAsync(html, pdf, rendered.Title, rendered.DateText, cancellationToken);
            written.Add(new WrittenFile(pdf, printed.Bytes, printed.Elapsed));
            return written;
        }
        finally
        {
            if (!formats.HasFlag(NotebookFormats.Html)) File.Delete(html);
        }
    }
}
