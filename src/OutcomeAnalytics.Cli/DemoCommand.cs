using System.CommandLine;
using System.Globalization;
using OutcomeAnalytics.Pipeline;

namespace OutcomeAnalytics.Cli;

internal static class DemoCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var out_ = new Option<DirectoryInfo>("--out") { Description = "Folder for the extracts, database and outputs (default: demo).", DefaultValueFactory = _ => new DirectoryInfo("demo") };
        var families = new Option<int>("--families") { Description = "Families to generate (default: 3000, one council).", DefaultValueFactory = _ => 3000 };
        var seed = new Option<long>("--seed") { Description = "Random seed (default: 1).", DefaultValueFactory = _ => 1 };
        var command = new Command("demo",
            "Run the toolkit end to end on synthetic data: generate a council's extracts, load and validate them into DuckDB,\n"
            + "evaluate phase 3 at the extract date, write needs.csv and claims.csv, and print a summary.\n\n"
            + "Example:\n  outcomes demo --families 3000 --out demo")
        { out_, families, seed };
        command.SetAction(parse =>
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
            stdout.WriteLine($"Next: outcomes explain --family {r.Evaluation.Claims.FirstOrDefault(x => x.Status == "claimable")?.FamilyId ?? r.Evaluation.Claims[0].FamilyId} --as-at {r.Evaluation.AsAt:yyyy-MM-dd} --db {r.Database}");
            return ExitCodes.Success;
        });
        return command;
    }
}
