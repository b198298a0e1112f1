using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using OutcomeAnalytics.Cohorts;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Notebooks;
using OutcomeAnalytics.Reporting;
using OutcomeAnalytics.Reports;

namespace OutcomeAnalytics.Cli;

/// <summary>What a board report run wrote: the files, and a sentence when the PDF could not be printed.</summary>
internal sealed record BoardReportFiles(IReadOnlyList<WrittenFile> Written, NotebookFailure? Failure, string? PdfProblem);

/// <summary><c>outcomes report board</c>: the board's quarterly outcome report, the notebook run headlessly.</summary>
internal static partial class ReportCommand
{
    /// <summary>The board report notebook, embedded in the tool so that it is found wherever the tool is installed.</summary>
    private const string BoardNotebookResource = "OutcomeAnalytics.Cli.20-board-report.ipynb";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var db = new Option<FileInfo>("--db") { Description = "A database written by 'outcomes load'.", Required = true };
        var asAt = new Option<string>("--as-at") { Description = "The evaluation date (YYYY-MM-DD): every need and claim is judged at it.", Required = true };
        var period = new Option<string?>("--period")
        {
            Description = "The financial-year quarter reported on, such as \"2025/26 Q2\" (July to September 2025; Q1 is April to June). "
                + "Default: the quarter holding the evaluation date. A calendar form such as 2025-Q2 is refused, because it could mean either.",
        };
        var council = new Option<string?>("--la-name") { Description = "The council's name for the title page (default: the local authority code in the data)." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for board-report.html and board-report.pdf (default: out).", DefaultValueFactory = _ => new DirectoryInfo("out") };
        var formats = new Option<string?>("--format") { Description = "Any of html, pdf, ipynb, comma-separated (default: html,pdf; without Chromium the PDF is skipped with a note)." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only errors." };
        var board = new Command("board",
            "The quarterly outcome report for a strategic board (councillors, directors, partners): families supported, claims,\n"
            + "outcomes by headline with 95% intervals and their trend, localities, reasons needs were not met, data quality,\n"
            + "method and parameters, glossary. Runs the board report notebook headlessly and writes HTML and an A4 PDF without\n"
            + "code; every count is disclosure-controlled. Exit codes: 0 written; 1 the report failed; 2 usage error.\n\n"
            + "Example:\n  outcomes report board --db outcomes.duckdb --as-at 2025-09-30 --period \"2025/26 Q2\" --la-name \"Herefordshire Council\" --out out")
        {
            db, asAt, period, council, output, formats, quiet,
        };
        board.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(db)!;
            DateOnly date;
            Period quarter;
            NotebookFormats chosen;
            try
            {
                date = DateOnly.TryParseExact(parse.GetValue(asAt), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? d : throw new FormatException($"--as-at: '{parse.GetValue(asAt)}' is not a date (expected YYYY-MM-DD).");
                quarter = parse.GetValue(period) is { } text ? ParseQuarter(text) : Period.QuarterOf(date);
                if (quarter.From > date)
                    throw new FormatException($"--period: {quarter.Label} starts after the evaluation date {date:yyyy-MM-dd}; choose a quarter up to it.");
                chosen = NotebookOutputs.ParseFormats(parse.GetValue(formats) ?? "html,pdf");
            }
            catch (FormatException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.UsageOrFatal;
            }
            if (!file.Exists)
            {
                stderr.WriteLine($"error: the database '{file.FullName}' does not exist; create it with 'outcomes load'.");
                return ExitCodes.UsageOrFatal;
            }
            var pdfAsked = parse.GetValue(formats) is not null && chosen.HasFlag(NotebookFormats.Pdf);
            var isQuiet = parse.GetValue(quiet);
            var result = await RunBoardAsync(file.FullName, date, quarter, parse.GetValue(council), parse.GetValue(output)!.FullName, chosen,
                isQuiet ? null : cell => stderr.WriteLine($"cell {cell.Number}: {cell.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s"), cancellationToken);
            if (!isQuiet) foreach (var written in result.Written) stdout.WriteLine($"Wrote {written.Path} ({written.Bytes / 1024.0:N0} KB)");
            if (result.Failure is { } failure)
            {
                stderr.WriteLine($"error: the board report failed at {failure}");
                return ExitCodes.Rejected;
            }
            if (result.PdfProblem is { } problem)
            {
                stderr.WriteLine(pdfAsked ? $"error: no PDF written: {problem}" : $"note: no PDF written: {problem}");
                return pdfAsked ? ExitCodes.UsageOrFatal : ExitCodes.Success;
            }
            return ExitCodes.Success;
        });
        return new Command("report", "Reports produced from a loaded database.\n\nExample:\n  outcomes report board --db outcomes.duckdb --as-at 2025-09-30") { board };
    }

    /// <summary>
    /// A financial-year quarter as <see cref="Period.Parse"/> reads it (<c>2025/26 Q2</c>). The calendar-looking
    /// <c>2025-Q2</c> is refused with both readings spelled out, since councils use it for either.
    /// </summary>
    /// <exception cref="FormatException">Not a financial-year quarter.</exception>
    internal static Period ParseQuarter(string text)
    {
        if (CalendarQuarter().Match(text.Trim()) is { Success: true } m)
        {
            var year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var q = m.Groups[2].Value[0] - '0';
            var calendar = Period.QuarterOf(new DateOnly(year, 3 * q - 2, 1));
            var financial = Period.FinancialQuarter(year, q);
            throw new FormatException($"--period: '{text}' could mean calendar quarter {q} of {year} ({calendar.Label}, {Months(calendar)}) "
                + $"or quarter {q} of the financial year starting in April {year} ({financial.Label}, {Months(financial)}): write the financial-year quarter, such as \"{financial.Label}\".");
        }
        if (!Period.TryParse(text, out var period) || Period.QuarterOf(period.From) != period)
            throw new FormatException($"--period: '{text}' is not a financial-year quarter: write it as \"2025/26 Q2\" (July to September 2025; Q1 is April to June).");
        return period;

        static string Months(Period p) => $"{p.From.ToString("MMMM", CultureInfo.InvariantCulture)} to {p.To.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}";
    }

    [GeneratedRegex(@"^(\d{4})-?Q([1-4])$", RegexOptions.IgnoreCase)]
    private static partial Regex CalendarQuarter();

    /// <summary>
    /// Runs the embedded board report notebook on <paramref name="database"/> (written to a temporary folder, since
    /// the tool may be installed far from the repository; its <c>#r</c> of the library compiles against the tool's own
    /// copy) and writes <c>board-report.html</c>, <c>.pdf</c> and <c>.ipynb</c> as asked, without code, titled for
    /// the council and quarter. A PDF that cannot be printed (no Chromium) leaves the other files and a sentence saying why.
    /// </summary>
    internal static async Task<BoardReportFiles> RunBoardAsync(string database, DateOnly asAt, Period quarter, string? council, string folder, NotebookFormats formats,
        Action<CellRun>? onCell, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(council))
        {
            using var connection = Database.Open(database, readOnly: true);
            council = BoardReport.CouncilName(connection);
        }
        var work = Path.Combine(Path.GetTempPath(), "outcomes-board-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(work);
        try
        {
            var notebook = Path.Combine(work, "20-board-report.ipynb");
            await using (var resource = typeof(ReportCommand).Assembly.GetManifestResourceStream(BoardNotebookResource)
                ?? throw new InvalidOperationException($"The tool lacks its embedded board report notebook ({BoardNotebookResource})."))
            await using (var target = File.Create(notebook))
                await resource.CopyToAsync(target, cancellationToken);
            var result = await NotebookRunner.RunAsync(notebook, new NotebookRunOptions
            {
                Parameters = new Dictionary<string, string>
                {
                    ["database"] = database,
                    ["asAt"] = asAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["period"] = quarter.Label,
                    ["council"] = council.Trim(),
                },
                OnCell = onCell,
            }, cancellationToken);
            var page = new NotebookPageOptions { Title = BoardReport.TitleFor(council.Trim(), quarter), HideCode = true, Name = "board-report" };
            try
            {
                return new BoardReportFiles(await NotebookOutputs.WriteAsync(result, notebook, folder, formats, asAt, page, cancellationToken), result.Failure, null);
            }
            catch (Exception e) when (e is ChromiumNotFoundException or PdfException)
            {
                var written = await NotebookOutputs.WriteAsync(result, notebook, folder, formats & ~NotebookFormats.Pdf, asAt, page, cancellationToken);
                return new BoardReportFiles(written, result.Failure, e.Message);
            }
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); }
            catch (IOException) { }
        }
    }
}
