using System.CommandLine;
using System.Globalization;
using OutcomeAnalytics.Notebooks;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Cli;

internal static class NotebookCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var notebook = new Argument<FileInfo>("NOTEBOOK") { Description = "The .ipynb notebook to run." };
        var parameters = new Option<string[]>("--param")
        {
            Description = "Override a variable of the cell tagged 'parameters' (name=value; typed like its default). Repeat for several.",
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder for the executed notebook, the HTML page and the PDF (default: out).",
            DefaultValueFactory = _ => new DirectoryInfo("out"),
        };
        var formats = new Option<string>("--format")
        {
            Description = "What to write: any of html, ipynb, pdf, comma-separated (default: html,ipynb). pdf needs Chromium.",
            DefaultValueFactory = _ => "html,ipynb",
        };
        var date = new Option<string?>("--date") { Description = "The report date printed on the page, YYYY-MM-DD (default: today)." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only errors." };

        var run = new Command("run",
            "Run a C# notebook headlessly through the .NET Interactive C# kernel (the kernel of VS Code's Polyglot Notebooks\n"
            + "and Jupyter's .net-csharp), hosted in this process: code cells in order with shared state, outputs captured as\n"
            + "the kernel formats them. Writes the executed notebook (nbformat 4.5) and a self-contained HTML page (no script\n"
            + "or network needed to view it), and on request an A4 PDF. #r \"nuget:...\" restores from the configured sources.\n"
            + "Cells run with the notebook's folder as the current directory. A failing cell stops the run (exit code 1),\n"
            + "naming the cell and line; the files are still written, showing the error in place.\n\n"
            + "Example:\n  outcomes notebook run notebooks/00-getting-started.ipynb --param locality=North --out out --format html,pdf")
        {
            notebook, parameters, output, formats, date, quiet,
        };
        run.SetAction(async (parse, cancellationToken) =>
        {
            var source = parse.GetValue(notebook)!;
            NotebookFormats chosen;
            DateOnly reportDate;
            IReadOnlyDictionary<string, string> overrides;
            try
            {
                chosen = NotebookOutputs.ParseFormats(parse.GetValue(formats)!);
                reportDate = parse.GetValue(date) is { } text
                    ? DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : DateOnly.FromDateTime(DateTime.Now);
                overrides = NotebookParameters.Parse(parse.GetValue(parameters) ?? []);
            }
            catch (Exception e) when (e is FormatException or NotebookParameterException)
            {
                stderr.WriteLine($"error: {(e is FormatException && e.Message.StartsWith("--", StringComparison.Ordinal) ? e.Message : e is FormatException ? "--date: expected YYYY-MM-DD." : e.Message)}");
                return ExitCodes.UsageOrFatal;
            }
            if (!source.Exists)
            {
                stderr.WriteLine($"error: the notebook '{source.FullName}' does not exist.");
                return ExitCodes.UsageOrFatal;
            }
            var isQuiet = parse.GetValue(quiet);
            NotebookRunResult result;
            try
            {
                result = await NotebookRunner.RunAsync(source.FullName, new NotebookRunOptions
                {
                    Parameters = overrides,
                    OnCell = isQuiet ? null : cell => stderr.WriteLine($"cell {cell.Number}: {cell.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s"),
                }, cancellationToken);
            }
            catch (Exception e) when (e is NotebookParameterException or NotebookFormatException)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.UsageOrFatal;
            }

            var code = ExitCodes.Success;
            if (result.Failure is { } failure)
            {
                stderr.WriteLine($"error: {source.Name} {failure}");
                code = ExitCodes.Rejected;
            }
            else if (!isQuiet)
            {
                stdout.WriteLine($"Ran {result.Cells.Count} code cells of {source.Name} in {Seconds(result.Total)} (first cell {Seconds(result.FirstCell)}).");
            }
            try
            {
                var written = await NotebookOutputs.WriteAsync(result, source.FullName, parse.GetValue(output)!.FullName, chosen, reportDate, cancellationToken);
                if (!isQuiet)
                    foreach (var file in written)
                        stdout.WriteLine($"Wrote {file.Path} ({file.Bytes / 1024.0:N0} KB{(file.Path.EndsWith(".pdf", StringComparison.Ordinal) ? $", {Seconds(file.Elapsed)}" : "")})");
            }
            catch (ChromiumNotFoundException e)
            {
                stderr.WriteLine($"error: no PDF written: {e.Message} The other formats were written.");
                return ExitCodes.UsageOrFatal;
            }
            catch (PdfException e)
            {
                stderr.WriteLine($"error: no PDF written: {e.Message}");
                return ExitCodes.UsageOrFatal;
            }
            return code;
        });
        return new Command("notebook", "Run C# notebooks headlessly and render them as HTML and PDF.\n\nExample:\n  outcomes notebook run notebooks/00-getting-started.ipynb")
        {
            run,
        };
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
