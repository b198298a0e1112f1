using System.CommandLine;
using System.Globalization;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Loading;

namespace OutcomeAnalytics.Cli;

internal static class LoadCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Folder of contract CSV files (families.csv, people.csv, ...).", Required = true };
        var db = new Option<FileInfo>("--db") { Description = "DuckDB database file to load into (created if missing).", Required = true };
        var dateFormat = new Option<string>("--date-format")
        {
            Description = "Format of every date in the load, built from DD, MM and YYYY (default: YYYY-MM-DD).",
            DefaultValueFactory = _ => "YYYY-MM-DD",
        };
        var strict = new Option<bool>("--strict") { Description = "Fail the whole load (and change nothing) if any row is rejected." };
        var rejects = new Option<FileInfo?>("--rejects") { Description = "Where to write rejected rows as CSV (default: next to the database, <db>.rejects.csv)." };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the per-table summary as CSV to this file." };
        var maxFileSize = new Option<string?>("--max-file-size")
        {
            Description = "The largest file the load reads, such as 4GB (default: 2GB; 0 for no limit). A larger file stops the load before anything is read.",
        };
        var quiet = new Option<bool>("--quiet") { Description = "Print only errors." };
        var rawCsv = EvaluateCommands.RawCsvOption();

        var command = new Command("load",
            "Load every contract CSV in a folder into a DuckDB database, validating every row.\n"
            + "Rejected rows are kept whole, with file, line, column, rule and message, in the database table\n"
            + "load_rejects and in a CSV file. The load replaces the data of the tables it loads, in one transaction.\n\n"
            + "Example:\n  outcomes load --data data-dictionary/sample --db outcomes.duckdb\n"
            + "  outcomes load --data extracts/ --db outcomes.duckdb --date-format DD/MM/YYYY --strict")
        {
            data, db, dateFormat, strict, rejects, output, maxFileSize, quiet, rawCsv,
        };
        command.SetAction(parse =>
        {
            var format = DateFormat.Parse(parse.GetValue(dateFormat)!);
            var maxBytes = parse.GetValue(maxFileSize) is { } size ? LoadOptions.ParseFileSize(size) : LoadOptions.DefaultMaxFileBytes;
            var dbFile = parse.GetValue(db)!;
            var rejectsFile = parse.GetValue(rejects) ?? new FileInfo(Path.ChangeExtension(dbFile.FullName, null) + ".rejects.csv");
            var isQuiet = parse.GetValue(quiet);
            var raw = parse.GetValue(rawCsv);
            // Checked before the database is opened, so that a mistyped folder does not leave a new, empty database behind.
            if (!parse.GetValue(data)!.Exists)
            {
                stderr.WriteLine($"error: The data folder '{parse.GetValue(data)!.FullName}' does not exist.");
                return ExitCodes.Rejected;
            }
            using var connection = Database.Open(dbFile.FullName);
            using var progress = isQuiet ? null : ProgressDisplay.Start(stderr);
            LoadResult result;
            try
            {
                result = new DataLoader().Load(connection, parse.GetValue(data)!.FullName, new LoadOptions
                {
                    DateFormat = format,
                    Strict = parse.GetValue(strict),
                    MaxFileBytes = maxBytes,
                    OnProgress = progress is null ? null : progress.Stage,
                    // The files are written before the load commits: a file that cannot be written leaves the database as it was.
                    BeforeCommit = r =>
                    {
                        const string notSaved = "; the load was not saved, so the database is as it was";
                        OutputFiles.Write(rejectsFile.FullName, path => RejectsCsv.Write(path, r.Rejects, raw), notSaved);
                        if (parse.GetValue(output) is { } outFile) OutputFiles.Write(outFile.FullName, path => LoadSummaryCsv.Write(path, r, raw), notSaved);
                    },
                });
            }
            catch (LoadException e) when (e.Rejects.Count > 0)
            {
                progress?.Dispose();
                OutputFiles.Write(rejectsFile.FullName, path => RejectsCsv.Write(path, e.Rejects, raw));
                stderr.WriteLine($"error: {e.Message}");
                PrintRejects(stderr, e.Rejects, rejectsFile.FullName);
                return ExitCodes.Rejected;
            }
            progress?.Dispose();
            if (!isQuiet) PrintSummary(stdout, result, dbFile.Name);
            foreach (var w in result.Warnings) stderr.WriteLine($"warning: {w}");
            if (result.Rejects.Count > 0) PrintRejects(stderr, result.Rejects, rejectsFile.FullName);
            return result.RowsRejected > 0 ? ExitCodes.Rejected : ExitCodes.Success;
        });
        return command;
    }

    private static void PrintSummary(TextWriter w, LoadResult r, string db)
    {
        w.WriteLine($"Load {r.LoadId} into {db} ({r.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)");
        w.WriteLine();
        w.WriteLine($"{"table",-16} {"rows read",12} {"loaded",12} {"rejected",10}");
        foreach (var t in r.Tables)
            w.WriteLine($"{t.Table,-16} {t.RowsRead,12:N0} {t.RowsLoaded,12:N0} {t.RowsRejected,10:N0}");
        w.WriteLine($"{"total",-16} {r.Tables.Sum(t => t.RowsRead),12:N0} {r.RowsLoaded,12:N0} {r.RowsRejected,10:N0}");
    }

    private static void PrintRejects(TextWriter w, IReadOnlyList<RejectedRow> rejects, string file)
    {
        const int shown = 20;
        w.WriteLine($"{rejects.Count} problem{(rejects.Count == 1 ? "" : "s")} in rejected rows (all of them: {file}, and the load_rejects table):");
        foreach (var r in rejects.Take(shown)) w.WriteLine("  " + r.Message);
        if (rejects.Count > shown) w.WriteLine($"  ... and {rejects.Count - shown} more");
    }
}
