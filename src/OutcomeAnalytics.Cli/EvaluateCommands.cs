using System.CommandLine;
using System.Globalization;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Loading;
using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Cli;

/// <summary>evaluate, claims, explain, params and sql: the framework commands.</summary>
internal static class EvaluateCommands
{
    private sealed record Common(Option<string> Framework, Option<string> AsAt, Option<FileInfo?> Db, Option<DirectoryInfo?> Data, Option<string[]> Params, Option<FileInfo?> Out)
    {
        /// <summary>On evaluate and claims: judge needs recorded under another framework, through the crosswalks.</summary>
        public Option<string?>? NeedsFramework { get; init; }
    }

    /// <summary>The --needs-framework option: whose recorded needs the framework judges, through the crosswalks.</summary>
    internal static Option<string?> NeedsFrameworkOption() => new("--needs-framework")
    {
        Description = "Judge the needs recorded under this framework (an id or a file), carried to --framework through the crosswalks in models/crosswalks "
            + "(default: the needs recorded under --framework itself). A recorded need with no counterpart is reported, not judged.",
    };

    /// <summary>The --framework option every command shares: a built-in id or a framework file.</summary>
    private static Option<string> FrameworkOption() =>
        new Option<string>("--framework") { Description = "Framework id (default: phase3), or the path of a framework YAML file.", DefaultValueFactory = _ => "phase3" };

    /// <summary>The --raw-csv option of every command that writes CSV for people.</summary>
    internal static Option<bool> RawCsvOption() => new("--raw-csv")
    {
        Description = "Write every value exactly as it is, for programs: by default a text cell starting with = + - @, a tab or a carriage return "
            + "gets a ' in front, so a spreadsheet shows it as text instead of running it as a formula.",
    };

    private static Common Options(bool withOut = true) => new(
        FrameworkOption(),
        new Option<string>("--as-at") { Description = "The evaluation date T (YYYY-MM-DD).", Required = true },
        new Option<FileInfo?>("--db") { Description = "A database written by 'outcomes load'." },
        new Option<DirectoryInfo?>("--data") { Description = "A folder of contract CSVs, loaded into memory first (instead of --db)." },
        new Option<string[]>("--param") { Description = "Override a model parameter: name=value (repeatable; see 'outcomes params').", AllowMultipleArgumentsPerToken = false },
        new Option<FileInfo?>("--out") { Description = withOut ? "Write the rows as CSV to this file (default: standard output)." : "Write the text to this file." });

    private static void AddTo(Command command, Common o)
    {
        command.Add(o.Framework);
        command.Add(o.AsAt);
        command.Add(o.Db);
        command.Add(o.Data);
        command.Add(o.Params);
        command.Add(o.Out);
        if (o.NeedsFramework is not null) command.Add(o.NeedsFramework);
    }

    public static IEnumerable<Command> Create(TextWriter stdout, TextWriter stderr)
    {
        var evaluate = new Command("evaluate",
            "Decide every identified need of every family: one row per need per person in scope, with status, reason and detail (JSON).\n\n"
            + "Example:\n  outcomes evaluate --framework phase3 --as-at 2025-10-01 --db outcomes.duckdb --out needs.csv");
        var e = Options() with { NeedsFramework = NeedsFrameworkOption() };
        AddTo(evaluate, e);
        var eRaw = RawCsvOption();
        evaluate.Add(eRaw);
        evaluate.SetAction(parse => Run(parse, e, stdout, stderr, (evaluation, writer) => evaluation.WriteNeedsCsv(writer, parse.GetValue(eRaw)),
            writeFile: (evaluation, path) => evaluation.WriteNeedsCsv(path, parse.GetValue(eRaw))));

        var claims = new Command("claims",
            "Decide each family's claim status: claimable, not_met, pending, open, not_eligible, insufficient_data or already_claimed.\n\n"
            + "Example:\n  outcomes claims --framework phase3 --as-at 2025-10-01 --db outcomes.duckdb --out claims.csv");
        var c = Options() with { NeedsFramework = NeedsFrameworkOption() };
        AddTo(claims, c);
        var cRaw = RawCsvOption();
        claims.Add(cRaw);
        claims.SetAction(parse => Run(parse, c, stdout, stderr, (evaluation, writer) => EvaluationCsv.WriteClaims(writer, evaluation.Claims, parse.GetValue(cRaw)), details: false));

        var explain = new Command("explain",
            "Explain one family's decisions for an auditor: every need with its decision, the windows, the records counted and the thresholds.\n\n"
            + "Example:\n  outcomes explain --family F001 --as-at 2025-10-01 --db outcomes.duckdb");
        var x = Options(withOut: false);
        var family = new Option<string>("--family") { Description = "The family id.", Required = true };
        AddTo(explain, x);
        explain.Add(family);
        explain.SetAction(parse => Run(parse, x, stdout, stderr, (evaluation, writer) => writer.Write(Explainer.Explain(evaluation, parse.GetValue(family)!)), parse.GetValue(family)));

        var paramsCommand = new Command("params", "List a framework's parameters with their defaults and meaning.\n\nExample:\n  outcomes params --framework phase3");
        var pf = FrameworkOption();
        paramsCommand.Add(pf);
        paramsCommand.SetAction(parse =>
        {
            var framework = FrameworkLoader.Resolve(parse.GetValue(pf)!);
            foreach (var p in framework.Parameters)
            {
                stdout.WriteLine($"{p.Name} = {ParameterDefinition.Format(p.Default)}  ({p.Type.ToString().ToLowerInvariant()}{(p.Choices.Count > 0 ? ": " + string.Join(" | ", p.Choices) : "")}{(p.Range.Length > 0 ? ", " + p.Range : "")})");
                stdout.WriteLine($"    {p.Meaning}");
            }
            return ExitCodes.Success;
        });

        var sqlCommand = new Command("sql", "Print the SQL a framework (or one need) compiles to, with comments naming where each part came from; a whole framework ends with the statement that decides each family's claim.\n\n"
            + "Example:\n  outcomes sql --framework phase3 --need 7.1 --as-at 2025-10-01");
        var sf = FrameworkOption();
        var sn = new Option<string?>("--need") { Description = "Only this need." };
        var sa = new Option<string>("--as-at") { Description = "The evaluation date (default: 2025-10-01; it is a bound parameter).", DefaultValueFactory = _ => "2025-10-01" };
        var sp = new Option<string[]>("--param") { Description = "Override a model parameter: name=value." };
        sqlCommand.Add(sf);
        sqlCommand.Add(sn);
        sqlCommand.Add(sa);
        sqlCommand.Add(sp);
        sqlCommand.SetAction(parse =>
        {
            var framework = FrameworkLoader.Resolve(parse.GetValue(sf)!);
            var parameters = framework.Bind(ParameterSet.ParsePairs(parse.GetValue(sp) ?? []));
            var compiler = new FrameworkCompiler(framework, parameters, ParseDate(parse.GetValue(sa)!));
            var need = parse.GetValue(sn);
            // The whole framework ends with the claim statement, which reads every need's results.
            var statements = need is null ? [.. compiler.Compile(), Evaluator.ClaimStatement(compiler)] : compiler.Compile(need);
            stdout.WriteLine(string.Join("\n\n", statements.Select(s => s.ToDisplayString())));
            return ExitCodes.Success;
        });
        var measures = new Command("measures", "List the measure kinds a framework rule can use, with their arguments and defaults.\n\nExample:\n  outcomes measures");
        measures.SetAction(_ =>
        {
            foreach (var kind in Model.Measures.MeasureKinds.All)
            {
                stdout.WriteLine($"{kind.Name}: {kind.Description}");
                foreach (var a in kind.Arguments)
                    stdout.WriteLine($"    {a.Name} ({a.Type.ToString().ToLowerInvariant()}{(a.Default is null ? ", required" : $", default {a.Default}")}): {a.Meaning}"
                        + (a.Choices is { Count: > 0 } choices ? $" Values: {string.Join(", ", choices)}." : ""));
            }
            return ExitCodes.Success;
        });
        return [evaluate, claims, explain, paramsCommand, sqlCommand, measures];
    }

    private static int Run(ParseResult parse, Common o, TextWriter stdout, TextWriter stderr, Action<EvaluationRun, TextWriter> write, string? onlyFamily = null,
        Action<EvaluationRun, string>? writeFile = null, bool details = true)
    {
        var framework = FrameworkLoader.Resolve(parse.GetValue(o.Framework)!);
        var parameters = framework.Bind(ParameterSet.ParsePairs(parse.GetValue(o.Params) ?? []));
        var asAt = ParseDate(parse.GetValue(o.AsAt)!);
        var recordedUnder = o.NeedsFramework is null || parse.GetValue(o.NeedsFramework) is not { } needsFramework ? framework : FrameworkLoader.Resolve(needsFramework);
        using var connection = OpenData(parse.GetValue(o.Db), parse.GetValue(o.Data), stderr);
        if (connection is null) return ExitCodes.UsageOrFatal;
        using var needs = Review.NeedTranslation.Create(connection, framework, recordedUnder);
        foreach (var warning in needs.Warnings()) stderr.WriteLine($"warning: {warning}");
        using var evaluation = Evaluator.Run(connection, framework, parameters, asAt, needs.Table, onlyFamily: onlyFamily, details: details);
        foreach (var warning in evaluation.Warnings()) stderr.WriteLine($"warning: {warning}");
        var file = parse.GetValue(o.Out);
        if (file is not null && writeFile is not null) OutputFiles.Write(file.FullName, path => writeFile(evaluation, path));
        else if (file is not null)
            OutputFiles.Write(file.FullName, path =>
            {
                using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false));
                write(evaluation, writer);
            });
        else write(evaluation, stdout);
        return ExitCodes.Success;
    }

    /// <summary>
    /// Opens the database of --db, or loads the folder of --data into memory; null (with the error written) when neither
    /// or both are given, or the database does not exist.
    /// </summary>
    internal static DuckDB.NET.Data.DuckDBConnection? OpenData(FileInfo? db, DirectoryInfo? data, TextWriter stderr)
    {
        if ((db is null) == (data is null))
        {
            stderr.WriteLine("error: give exactly one of --db FILE or --data DIR.");
            return null;
        }
        if (db is not null && !db.Exists)
        {
            stderr.WriteLine($"error: the database '{db.FullName}' does not exist; create it with 'outcomes load'.");
            return null;
        }
        var connection = Database.Open(db?.FullName);
        if (data is null) return connection;
        try
        {
            var loaded = new DataLoader().Load(connection, data.FullName);
            if (loaded.RowsRejected > 0)
                stderr.WriteLine($"warning: {loaded.RowsRejected} row(s) of {data.Name} were rejected while loading; run 'outcomes load' to see them.");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    internal static DateOnly ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new FormatException($"'{text}' is not a date (expected YYYY-MM-DD).");
}
