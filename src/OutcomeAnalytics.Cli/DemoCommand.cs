using System.CommandLine;
using System.Globalization;
using OutcomeAnalytics.Cohorts;
using OutcomeAnalytics.Notebooks;
using OutcomeAnalytics.Pipeline;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Cli;

internal static class DemoCommand
{
    /// <summary>The council the demonstration's board report is written for.</summary>
    internal const string DemoCouncil = "Demo council (synthetic data)";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var out_ = new Option<DirectoryInfo>("--out") { Description = "Folder for the extracts, database and outputs (default: demo).", DefaultValueFactory = _ => new DirectoryInfo("demo") };
        var families = new Option<int>("--families") { Description = "Families to generate (default: 3000, one council).", DefaultValueFactory = _ => 3000 };
        var seed = new Option<long>("--seed") { Description = "Random seed (default: 1).", DefaultValueFactory = _ => 1 };
        var command = new Command("demo",
            "Run the toolkit end to end on synthetic data: generate a council's extracts, load and validate them into DuckDB,\n"
            + "evaluate phase 3 at the extract date, write needs.csv and claims.csv, print a summary, and write the board's\n"
            + "quarterly outcome report (board-report.html, and board-report.pdf when Chromium is installed).\n\n"
            + "Example:\n  outcomes demo --families 3000 --out demo")
        { out_, families, seed };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(out_)!.FullName;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var r = Demo.Run(folder, parse.GetValue(families), parse.GetValue(seed), s => stderr.WriteLine($"  {s} ..."));
            var c = CultureInfo.InvariantCulture;
            stdout.WriteLine(string.Create(c, $"Generated {r.Generated.TotalRows:N0} rows for {parse.GetValue(families):N0} families (extract date {r.Generated.AsAt:yyyy-MM-dd}); loaded {r.Loaded.RowsLoaded:N0}, rejected {r.Loaded.RowsRejected:N0}."));
            stdout.WriteLine(string.Create(c, $"Phase 3 evaluated at {r.Evaluation.AsAt:yyyy-MM-dd}: {r.Evaluation.Needs.Count:N0} need decisions, {r.Evaluation.Claims.Count:N0} families ({clock.Elapsed.TotalSeconds:0.0} s in all)."));
            stdout.WriteLine();
            stdout.WriteLine($"{"claim status",-20} {"families",10}");
            foreach (var (status, count) in r.ClaimsByStatus) stdout.WriteLine(string.Create(c, $"{status,-20} {count,10:N0}"));
            stdout.WriteLine();
            stdout.WriteLine($"{"headline",-58} {"decisions",9} {"met",7} {"not met",8} {"met of decided",15}");
            foreach (var (number, title, decisions, met, notMet) in r.NeedsByHeadline)
            {
                var rate = met + notMet == 0 ? "" : (100.0 * met / (met + notMet)).ToString("0", c) + "%";
                stdout.WriteLine(string.Create(c, $"{$"{number}. {title}",-58} {decisions,9:N0} {met,7:N0} {notMet,8:N0} {rate,15}"));
            }
            stdout.WriteLine();
            stdout.WriteLine($"Outputs: {r.Database}, {r.NeedsFile}, {r.ClaimsFile}");
            var formats = PdfPrinter.FindChromium() is null ? NotebookFormats.Html : NotebookFormats.Html | NotebookFormats.Pdf;
            var report = await ReportCommand.RunBoardAsync(r.Database, r.Evaluation.AsAt, Period.QuarterOf(r.Evaluation.AsAt), DemoCouncil, folder, formats,
                null, cancellationToken);
            if (report.Failure is { } failure)
            {
                stderr.WriteLine($"error: the board report failed at {failure}");
                return ExitCodes.Rejected;
            }
            var board = report.Written.FirstOrDefault(w => w.Path.EndsWith(".pdf", StringComparison.Ordinal)) ?? report.Written[^1];
            stdout.WriteLine(string.Create(c, $"Board report: {board.Path} ({clock.Elapsed.TotalSeconds:0.0} s in all)"));
            if (formats == NotebookFormats.Html || report.PdfProblem is not null)
                stdout.WriteLine($"No PDF: {report.PdfProblem ?? $"Chromium was not found; {PdfPrinter.InstallHint}."}");
            stdout.WriteLine($"Next: outcomes explain --family {r.Evaluation.Claims.FirstOrDefault(x => x.Status == "claimable")?.FamilyId ?? r.Evaluation.Claims[0].FamilyId} --as-at {r.Evaluation.AsAt:yyyy-MM-dd} --db {r.Database}");
            return ExitCodes.Success;
        });
        return command;
    }
}
