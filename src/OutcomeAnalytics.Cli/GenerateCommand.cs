using System.CommandLine;
using System.Globalization;
using OutcomeAnalytics.Generation;

namespace OutcomeAnalytics.Cli;

internal static class GenerateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var families = new Option<int>("--families") { Description = "Family episodes to generate.", Required = true };
        var seed = new Option<long>("--seed") { Description = "Seed: the same arguments give byte-identical files.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write the CSV files to (created if missing).", Required = true };
        var start = new Option<string?>("--start") { Description = "First attachment date, YYYY-MM-DD (default: 2022-10-01, the start of phase 3)." };
        var end = new Option<string?>("--end") { Description = "Last attachment date, YYYY-MM-DD (default: 2025-03-31, the end of phase 3)." };
        var asAt = new Option<string?>("--as-at") { Description = "Date the extract is taken; nothing is dated later (default: six months after --end)." };
        var dirty = new Option<double>("--dirty") { Description = "Share of rows given one injected problem, 0 to 0.5 (default: 0); writes dirty-manifest.csv." };
        var effect = new Option<double>("--effect") { Description = "Size of the programme effect: 0 none, 1 calibrated default, 2 double.", DefaultValueFactory = _ => 1.0 };
        var waiting = new Option<double>("--waiting-list") { Description = "Share of families on a waiting list, the comparison pool (default: 0.2).", DefaultValueFactory = _ => 0.2 };
        var laCode = new Option<string>("--la-code") { Description = "ONS code written in la_code (default: E06000019).", DefaultValueFactory = _ => "E06000019" };
        var manifest = new Option<FileInfo?>("--manifest") { Description = "Where to write the dirty manifest (default: <out>/dirty-manifest.csv)." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only errors." };
        var truth = new Option<bool>("--truth")
        {
            Description = "Also write truth.csv (outcome,true_att,n_treated): for each impact outcome, the supported families' mean value after support "
                + "minus their value when generated with --effect 0 (same seed, same people and baselines), measured at the extract date. "
                + "Not with --dirty: the truth describes the clean extract, not the one written (a usage error).",
        };

        var command = new Command("generate",
            "Write a realistic synthetic council extract: one CSV per contract table, loadable with 'outcomes load'.\n"
            + "Families are attached across the phase 3 period with needs, school attendance, police and ASB records,\n"
            + "referrals, plans, questionnaires, evidence, employment, NEET statuses and claims; some wait for support\n"
            + "(the comparison pool). --dirty injects real-extract problems and lists each one in a manifest.\n"
            + "See data-dictionary/synthetic-data.md for every assumption and its source.\n\n"
            + "Example:\n  outcomes generate --families 3000 --seed 42 --out extract/\n"
            + "  outcomes generate --families 500 --seed 7 --out dirty/ --dirty 0.02 --effect 0.5\n"
            + "  outcomes generate --families 3000 --seed 1 --out extract/ --effect 2 --truth")
        {
            families, seed, output, start, end, asAt, dirty, effect, waiting, laCode, manifest, quiet, truth,
        };
        command.SetAction(parse =>
        {
            GenerateOptions options;
            try
            {
                var defaults = new GenerateOptions();
                options = new GenerateOptions
                {
                    Families = parse.GetValue(families),
                    Seed = parse.GetValue(seed),
                    Start = Date(parse.GetValue(start), "--start") ?? defaults.Start,
                    End = Date(parse.GetValue(end), "--end") ?? defaults.End,
                    AsAt = Date(parse.GetValue(asAt), "--as-at"),
                    DirtyRate = parse.GetValue(dirty),
                    Effect = parse.GetValue(effect),
                    WaitingListShare = parse.GetValue(waiting),
                    LaCode = parse.GetValue(laCode)!,
                    ManifestPath = parse.GetValue(manifest)?.FullName,
                };
                options.Validate();
                if (parse.GetValue(truth) && options.DirtyRate > 0)
                    throw new ArgumentException("--truth cannot be used with --dirty: the truth describes a clean extract, not the dirty one written. Generate the truth without --dirty.");
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.UsageOrFatal;
            }
            var result = ExtractGenerator.Generate(options, parse.GetValue(output)!.FullName);
            IReadOnlyList<Impact.TrueEffect>? truths = null;
            if (parse.GetValue(truth))
            {
                truths = Impact.ImpactTruth.Compute(options);
                var path = Path.Combine(result.Folder, "truth.csv");
                OutputFiles.Write(path, p => Impact.ImpactTruth.WriteCsv(p, truths));
            }
            if (!parse.GetValue(quiet))
            {
                stdout.WriteLine($"Generated {options.Families:N0} families into {result.Folder} in {result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s (extract date {result.AsAt:yyyy-MM-dd})");
                stdout.WriteLine();
                stdout.WriteLine($"{"table",-16} {"rows",12}");
                foreach (var t in result.Tables) stdout.WriteLine($"{t.Table,-16} {t.Rows,12:N0}");
                stdout.WriteLine($"{"total",-16} {result.TotalRows,12:N0}");
                if (result.ManifestPath is not null)
                    stdout.WriteLine($"{result.DirtyCount:N0} problems injected; manifest: {result.ManifestPath}");
                if (truths is not null)
                {
                    stdout.WriteLine();
                    stdout.WriteLine($"Planted effect on the supported families (truth.csv, measured at {result.AsAt:yyyy-MM-dd}):");
                    foreach (var line in Impact.ImpactTruth.Describe(truths)) stdout.WriteLine("  " + line);
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static DateOnly? Date(string? text, string option)
    {
        if (text is null) return null;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new ArgumentException($"{option} '{text}' is not a date (expected YYYY-MM-DD).");
    }
}
