using System.CommandLine;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Reporting;
using OutcomeAnalytics.Review;

namespace OutcomeAnalytics.Cli;

/// <summary>frameworks (list, diff), compare and sensitivity: reviewing frameworks against each other.</summary>
internal static class ReviewCommands
{
    public static IEnumerable<Command> Create(TextWriter stdout, TextWriter stderr) => [Frameworks(stdout), Compare(stdout, stderr), SensitivityCommand(stdout, stderr)];

    private static Command Frameworks(TextWriter stdout)
    {
        var list = new Command("frameworks", "List the frameworks: id, title, the framework it is written as changes to, and how many needs it has.\n\n"
            + "Examples:\n  outcomes frameworks\n  outcomes frameworks diff phase3 phase3-sfop");
        list.SetAction(_ =>
        {
            foreach (var line in FrameworkCatalog.Table(FrameworkCatalog.BuiltIn())) stdout.WriteLine(line);
            return ExitCodes.Success;
        });
        var diff = new Command("diff", "List, rule by rule, what differs between two frameworks (ids or files): parameters, eligibility, claim, headlines and needs.\n\n"
            + "Example:\n  outcomes frameworks diff phase3 phase3-sfop");
        var a = new Argument<string>("a") { Description = "The first framework." };
        var b = new Argument<string>("b") { Description = "The second framework." };
        diff.Add(a);
        diff.Add(b);
        diff.SetAction(parse =>
        {
            var (fa, fb) = (FrameworkLoader.Resolve(parse.GetValue(a)!), FrameworkLoader.Resolve(parse.GetValue(b)!));
            var differences = FrameworkDiff.Compare(fa, fb);
            stdout.WriteLine($"{differences.Count} difference(s) from {fa.Id} to {fb.Id}:");
            foreach (var d in differences)
            {
                stdout.WriteLine($"{d.Element} ({d.Aspect})");
                stdout.WriteLine($"  {fa.Id}: {d.A ?? "(absent)"}");
                stdout.WriteLine($"  {fb.Id}: {d.B ?? "(absent)"}");
            }
            return ExitCodes.Success;
        });
        list.Add(diff);
        return list;
    }

    private static Command Compare(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("compare",
            "Evaluate two frameworks on the same data and date: families.csv and needs.csv side by side (row-level, for the data team) in --out, "
            + "and the agreement matrix of family statuses (through disclosure control) with the rule difference behind each flip.\n\n"
            + "Example:\n  outcomes compare --framework phase3 --framework phase3-sfop --db outcomes.duckdb --as-at 2025-10-01 --out review");
        var frameworks = new Option<string[]>("--framework") { Description = "The two frameworks, A then B (ids or files): give --framework twice.", Required = true };
        var asAt = new Option<string>("--as-at") { Description = "The evaluation date T (YYYY-MM-DD).", Required = true };
        var db = new Option<FileInfo?>("--db") { Description = "A database written by 'outcomes load'." };
        var data = new Option<DirectoryInfo?>("--data") { Description = "A folder of contract CSVs, loaded into memory first (instead of --db)." };
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder to write families.csv and needs.csv in (created if missing).", Required = true };
        var needsFramework = EvaluateCommands.NeedsFrameworkOption();
        needsFramework.Description = "The framework the needs are recorded under (default: phase3); each side judges them through the crosswalks.";
        var raw = EvaluateCommands.RawCsvOption();
        foreach (var o in new Option[] { frameworks, asAt, db, data, output, needsFramework, raw }) command.Add(o);
        command.SetAction(parse =>
        {
            var ids = parse.GetValue(frameworks) ?? [];
            if (ids.Length != 2)
            {
                stderr.WriteLine($"error: give --framework exactly twice (A and B); {ids.Length} given.");
                return ExitCodes.UsageOrFatal;
            }
            var (a, b) = (FrameworkLoader.Resolve(ids[0]), FrameworkLoader.Resolve(ids[1]));
            var recordedUnder = FrameworkLoader.Resolve(parse.GetValue(needsFramework) ?? Crosswalk.Hub);
            var date = EvaluateCommands.ParseDate(parse.GetValue(asAt)!);
            using var connection = EvaluateCommands.OpenData(parse.GetValue(db), parse.GetValue(data), stderr);
            if (connection is null) return ExitCodes.UsageOrFatal;
            var comparison = FrameworkComparison.Run(connection, a, b, date, recordedUnder, step => stderr.WriteLine($"compare: {step}"));
            var folder = parse.GetValue(output)!;
            Directory.CreateDirectory(folder.FullName);
            WriteCsv(Path.Combine(folder.FullName, "families.csv"), w => comparison.WriteFamiliesCsv(w, parse.GetValue(raw)));
            WriteCsv(Path.Combine(folder.FullName, "needs.csv"), w => comparison.WriteNeedsCsv(w, parse.GetValue(raw)));
            stdout.Write(comparison.Summary(DisclosureControl.Publication));
            stdout.WriteLine($"Row-level files for the data team: {Path.Combine(folder.FullName, "families.csv")}, {Path.Combine(folder.FullName, "needs.csv")}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command SensitivityCommand(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("sensitivity",
            "Vary every parameter of a framework over its alternatives and bounds, one at a time, and count the claimable families at each value "
            + "(parameter,value,claimable,change; raw counts, for the data team).\n\n"
            + "Example:\n  outcomes sensitivity --framework phase3 --db outcomes.duckdb --as-at 2025-10-01 --out sensitivity.csv");
        var framework = new Option<string>("--framework") { Description = "Framework id (default: phase3), or the path of a framework YAML file.", DefaultValueFactory = _ => Crosswalk.Hub };
        var db = new Option<FileInfo>("--db") { Description = "A database written by 'outcomes load'.", Required = true };
        var asAt = new Option<string>("--as-at") { Description = "The evaluation date T (YYYY-MM-DD).", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "Write the rows as CSV to this file (default: standard output)." };
        var raw = EvaluateCommands.RawCsvOption();
        foreach (var o in new Option[] { framework, db, asAt, output, raw }) command.Add(o);
        command.SetAction(parse =>
        {
            var f = FrameworkLoader.Resolve(parse.GetValue(framework)!);
            var date = EvaluateCommands.ParseDate(parse.GetValue(asAt)!);
            using var connection = EvaluateCommands.OpenData(parse.GetValue(db), null, stderr);
            if (connection is null) return ExitCodes.UsageOrFatal;
            var result = Sensitivity.Run(connection, f, date, (p, v) => stderr.WriteLine($"sensitivity: {p} = {v}"));
            if (parse.GetValue(output) is { } file) WriteCsv(file.FullName, w => result.WriteCsv(w, parse.GetValue(raw)));
            else result.WriteCsv(stdout, parse.GetValue(raw));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteCsv(string path, Action<TextWriter> write) => OutputFiles.Write(path, p =>
    {
        using var writer = new StreamWriter(p, false, new System.Text.UTF8Encoding(false));
        write(writer);
    });
}
