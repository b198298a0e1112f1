using System.Diagnostics;
using OutcomeAnalytics.Dictionary;
using OutcomeAnalytics.Engine;

namespace OutcomeAnalytics.Tests.Faults;

/// <summary>
/// The fault tests time processes and measure memory: they run one at a time, after the parallel tests, so that other
/// tests neither slow them past their time budget nor swell the memory they measure.
/// </summary>
[CollectionDefinition(nameof(FaultRuns), DisableParallelization = true)]
public sealed class FaultRuns;

/// <summary>What a loaded database holds, and the checks every load must leave true.</summary>
internal static class DatabaseIntegrity
{
    /// <summary>The row count of every contract table, in the dictionary's order.</summary>
    public static long[] Counts(string db)
    {
        using var connection = Database.Open(db);
        return Counts(connection);
    }

    public static long[] Counts(System.Data.Common.DbConnection connection) =>
        [.. DataDictionary.Default.Tables.Select(t => connection.Scalar<long>($"SELECT count(*) FROM {t.Name}"))];

    /// <summary>
    /// The problems found in the database (none when it is whole): the last load's row counts in <c>load_log</c>
    /// against the tables, keys unique and every reference found.
    /// </summary>
    public static List<string> Problems(System.Data.Common.DbConnection connection)
    {
        var problems = new List<string>();
        var logged = connection.Rows(
            "SELECT table_name, rows_loaded FROM load_log WHERE load_id = (SELECT max(load_id) FROM load_log)",
            r => (Table: r.GetString(0), Rows: r.GetInt64(1)));
        if (logged.Count == 0) problems.Add("load_log has no load");
        foreach (var (table, rows) in logged)
        {
            var actual = connection.Scalar<long>($"SELECT count(*) FROM {table}");
            if (actual != rows) problems.Add($"{table}: load_log says {rows} rows, the table has {actual}");
        }
        foreach (var table in DataDictionary.Default.Tables)
        {
            if (table.Key.Count > 0)
            {
                var keys = string.Join(", ", table.Key);
                var duplicates = connection.Scalar<long>($"SELECT count(*) FROM (SELECT {keys} FROM {table.Name} GROUP BY {keys} HAVING count(*) > 1)");
                if (duplicates > 0) problems.Add($"{table.Name}: {duplicates} duplicate keys ({keys})");
            }
            foreach (var column in table.Columns.Where(c => c.References is not null))
            {
                var (target, key) = (column.References!.Table, column.References.Column);
                var orphans = connection.Scalar<long>(
                    $"SELECT count(*) FROM {table.Name} c WHERE c.{column.Name} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {target} p WHERE p.{key} = c.{column.Name})");
                if (orphans > 0) problems.Add($"{table.Name}.{column.Name}: {orphans} rows refer to no {target}.{key}");
            }
        }
        return problems;
    }

    /// <summary>Starts <c>outcomes</c> (the command line this test program was built with) as another process.</summary>
    public static ProcessStartInfo Outcomes(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(OutcomesDll);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>Writes a generated extract of <paramref name="families"/> families to a folder in <paramref name="parent"/>.</summary>
    public static string Generate(string parent, int families, int seed) => SoakRounds.Generate(parent, families, seed);

    /// <summary>
    /// Loads <paramref name="data"/> into a new database <paramref name="db"/> with <c>outcomes load</c> (and
    /// <paramref name="options"/>) for tests that each copy it: the load must succeed and leave no write-ahead log,
    /// which a copy of the database file alone would lose.
    /// </summary>
    public static void LoadToCopy(string data, string db, params string[] options)
    {
        var (code, _, error) = OutcomeAnalytics.Tests.Cli.CliTests.Run(["load", "--data", data, "--db", db, "--quiet", .. options]);
        Assert.True(code == OutcomeAnalytics.Cli.ExitCodes.Success, error);
        Assert.False(File.Exists(db + ".wal"), "The load left a write-ahead log, which a copy of the database alone would lose.");
    }

    /// <summary>The command line's assembly, copied next to the tests'.</summary>
    public static string OutcomesDll => Path.Combine(AppContext.BaseDirectory, "outcomes.dll");
}
