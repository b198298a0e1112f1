using System.CommandLine;
using System.Globalization;
using System.Text;
using OutcomeAnalytics.Cohorts;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Impact;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Cli;

/// <summary><c>outcomes impact</c>: the three impact designs over the outcomes; every figure comes from <see cref="ImpactAnalysis"/>.</summary>
internal static class ImpactCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var db = new Option<FileInfo>("--db") { Description = "A database written by 'outcomes load'.", Required = true };
        var asAt = new Option<string>("--as-at") { Description = "The analysis date (YYYY-MM-DD): every follow-up window must have ended by then.", Required = true };
        var designs = new Option<string>("--design") { Description = "Designs, comma-separated: prepost, did, psm (default: all three).", DefaultValueFactory = _ => "prepost,did,psm" };
        var outcomes = new Option<string?>("--outcome") { Description = $"Outcomes, comma-separated (default: all): {string.Join(", ", ImpactOutcome.All.Select(o => o.Name))}." };
        var cohort = new Option<string?>("--cohort") { Description = "Only the families of this cohort of models/cohorts.yaml (phase 3 evaluated at --as-at), in both groups." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the estimates as CSV to this file (default: a table on standard output)." };
        var balance = new Option<FileInfo?>("--balance") { Description = "Write the psm balance table (standardised mean differences before and after matching) as CSV." };
        var seed = new Option<int>("--seed") { Description = "Seed of the draw breaking ties between equally close comparison families (default: 1).", DefaultValueFactory = _ => 1 };
        var raw = EvaluateCommands.RawCsvOption();
        var command = new Command("impact",
            "Estimate what the programme caused: supported families against the waiting list's families before their support began.\n"
            + "prepost: change within supported families (NOT an effect: families improve anyway, regression to the mean);\n"
            + "did: difference in differences over equal windows, with a trend check on an earlier period;\n"
            + "psm: propensity score matching on baseline covariates (1:1 nearest neighbour, caliper 0.2 pooled SD of the logit).\n"
            + "Counts in the outputs go through disclosure control (counts of 1-4 show as <5 and their estimate is left out).\n\n"
            + "Example:\n  outcomes impact --db outcomes.duckdb --as-at 2025-09-30 --design did,psm --outcome attendance,incidents --out impact.csv --balance balance.csv")
        {
            db, asAt, designs, outcomes, cohort, output, balance, seed, raw,
        };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(db)!;
            if (!file.Exists)
            {
                stderr.WriteLine($"error: the database '{file.FullName}' does not exist; create it with 'outcomes load'.");
                return ExitCodes.UsageOrFatal;
            }
            ImpactOptions options;
            try
            {
                options = new ImpactOptions
                {
                    AsAt = DateOnly.TryParseExact(parse.GetValue(asAt), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                        ? d : throw new ArgumentException($"--as-at '{parse.GetValue(asAt)}' is not a date (expected YYYY-MM-DD)."),
                    Designs = [.. Split(parse.GetValue(designs) ?? "").Select(ImpactAnalysis.ParseDesign)],
                    Outcomes = parse.GetValue(outcomes) is { } names ? [.. Split(names).Select(ImpactOutcome.Get)] : ImpactOutcome.All,
                    Seed = parse.GetValue(seed),
                };
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.UsageOrFatal;
            }
            using var connection = Database.Open(file.FullName, readOnly: true);
            if (parse.GetValue(cohort) is { } name)
            {
                var phase3 = FrameworkLoader.Get("phase3");
                using var evaluation = Evaluator.Run(connection, phase3, phase3.Bind(), options.AsAt, details: false);
                using var explorer = new CohortExplorer(connection, evaluation);
                options = options with { Families = [.. explorer.FamilyIds(explorer[name])] };
            }
            var analysis = ImpactAnalysis.Run(connection, options);
            var isRaw = parse.GetValue(raw);
            if (parse.GetValue(output) is { } outFile) OutputFiles.Write(outFile.FullName, path => WriteFile(path, w => analysis.WriteCsv(w, raw: isRaw)));
            else Print(analysis, stdout);
            if (parse.GetValue(balance) is { } balanceFile) OutputFiles.Write(balanceFile.FullName, path => WriteFile(path, w => analysis.WriteBalanceCsv(w, isRaw)));
            foreach (var t in analysis.TrendChecks) stderr.WriteLine((t.PublishedVerdict(DisclosureControl.Publication) == "failed" ? "warning: " : "") + t.PublishedSentence(DisclosureControl.Publication));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string[] Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void WriteFile(string path, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        write(writer);
    }

    private static void Print(ImpactAnalysis analysis, TextWriter stdout)
    {
        var control = DisclosureControl.Publication;
        stdout.WriteLine($"{"design",-8} {"outcome",-11} {"estimate",10} {"95% interval",24} {"treated",8} {"comparison",10}  unit");
        foreach (var e in analysis.Estimates)
        {
            var (t, c) = (control.Protect(e.Treated), control.Protect(e.Comparison));
            var shown = e.Published(control);
            var value = shown is { } v ? F(v.Estimate) : "-";
            var interval = shown is { } i ? $"{F(i.Lower)} to {F(i.Upper)}" : "-";
            stdout.WriteLine($"{e.DesignName,-8} {e.Outcome.Name,-11} {value,10} {interval,24} {t.Text,8} {(e.Design == ImpactDesign.PrePost ? "" : c.Text),10}  {e.Outcome.Unit}");
        }
        if (analysis.Estimates.Any(e => e.Design == ImpactDesign.PrePost)) stdout.WriteLine($"prepost: {ImpactAnalysis.PrePostCaveat}");
    }

    private static string F(double x) => x.ToString("0.####", CultureInfo.InvariantCulture);
}
