using System.CommandLine;
using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Cli;

/// <summary><c>outcomes frameworks coverage ID</c>: every measure of a framework as records, evidence or not encodable.</summary>
internal static class FrameworkCoverageCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("coverage",
            "List every measure of a framework as computed from records, evidence only, or not encodable (with the reason), as CSV, then the counts.\n\n"
            + "Example:\n  outcomes frameworks coverage herefordshire-2020");
        var framework = new Argument<string>("framework") { Description = "A built-in framework id (phase3, phase3-sfop, herefordshire-2020, outcome-plan-c1-c6, sunderland-2015) or a framework file." };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write the CSV to this file instead of standard output." };
        command.Add(framework);
        command.Add(outFile);
        command.SetAction(parse =>
        {
            var f = FrameworkLoader.Resolve(parse.GetValue(framework)!);
            var rows = Coverage.Of(f);
            if (parse.GetValue(outFile) is { } file)
            {
                using var writer = new StreamWriter(file.FullName, false, new System.Text.UTF8Encoding(false));
                Coverage.WriteCsv(writer, rows);
            }
            else Coverage.WriteCsv(stdout, rows);
            var (records, evidence, notEncodable) = Coverage.Counts(rows);
            // With the CSV on standard output, the counts go to standard error so the CSV can be piped.
            (parse.GetValue(outFile) is null ? stderr : stdout).WriteLine(
                $"{f.Id}: {rows.Count} measures: {records} from records, {evidence} evidence only, {notEncodable} not encodable.");
            return ExitCodes.Success;
        });
        return command;
    }
}
