using System.CommandLine;
using System.Data.Common;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Loading;

namespace OutcomeAnalytics.Cli;

/// <summary>The <c>outcomes</c> command line: parsing, dispatch and error reporting. Logic lives in the library.</summary>
public static class OutcomesCli
{
    /// <summary>Runs a command line and returns its exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand(
            "OutcomeAnalytics: load Supporting Families extracts into DuckDB and measure family outcomes.\n\n"
            + "Exit codes: 0 success; 1 input rejected or a check failed; 2 usage or fatal error.\n\n"
            + "Example:\n  outcomes load --data data-dictionary/sample --db outcomes.duckdb");
        root.Add(LoadCommand.Create(stdout, stderr));
        root.Add(DictionaryCommand.Create(stdout));
        root.Add(NotebookCommand.Create(stdout, stderr));
        root.Add(ReportCommand.Create(stdout, stderr));
        foreach (var command in EvaluateCommands.Create(stdout, stderr)) root.Add(command);
        foreach (var command in ReviewCommands.Create(stdout, stderr)) root.Add(command);
        root.Add(DemoCommand.Create(stdout, stderr));
        root.Add(GenerateCommand.Create(stdout, stderr));
        root.Add(ImpactCommand.Create(stdout, stderr));
        // `frameworks` groups the commands about frameworks; coverage is one of them, whichever file adds the group.
        var frameworks = root.Subcommands.FirstOrDefault(c => c.Name == "frameworks");
        if (frameworks is null)
        {
            frameworks = new Command("frameworks", "Commands about the frameworks.\n\nExample:\n  outcomes frameworks coverage phase3");
            root.Add(frameworks);
        }
        frameworks.Add(FrameworkCoverageCommand.Create(stdout, stderr));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) stderr.WriteLine($"error: {error.Message}");
            var command = parse.CommandResult.Command;
            stderr.WriteLine($"Run 'outcomes {(command == root ? "" : command.Name + " ")}--help' for usage.");
            return ExitCodes.UsageOrFatal;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is LoadException or ModelValidationException or DatabaseException or DbException or IOException or UnauthorizedAccessException or FormatException or KeyNotFoundException)
        {
            stderr.WriteLine($"error: {(e is DbException db ? OutputFiles.ExplainDatabaseWrite(db) : null) ?? e.Message}");
            return e is LoadException or ModelValidationException ? ExitCodes.Rejected : ExitCodes.UsageOrFatal;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("OUTCOMES_DEBUG") is null)
        {
            // Not the user's mistake: say so briefly; OUTCOMES_DEBUG=1 shows the stack trace.
            stderr.WriteLine($"error: unexpected {e.GetType().Name}: {e.Message}");
            stderr.WriteLine("This is a fault in OutcomeAnalytics, not in your input; run again with OUTCOMES_DEBUG=1 for details and report it.");
            return ExitCodes.UsageOrFatal;
        }
    }
}
