using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Loading;

namespace OutcomeAnalytics.Benchmarks;

/// <summary>
/// End-to-end load of a large attendance file (with the four required tables it references), validation
/// included, into a DuckDB file: rows per second and peak memory.
/// </summary>
public static class LoadBenchmark
{
    public static void Run(TextWriter output, int attendanceRows, double dirtyRate)
    {
        var folder = Path.Combine(Path.GetTempPath(), "oa-load-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        try
        {
            var generate = Stopwatch.StartNew();
            var (pupils, dirty) = Write(folder, attendanceRows, dirtyRate);
            var bytes = new FileInfo(Path.Combine(folder, "attendance.csv")).Length;
            output.WriteLine($"generated {attendanceRows:N0} attendance rows for {pupils:N0} pupils ({bytes / 1e6:0} MB, {dirty:N0} dirty) in {generate.Elapsed.TotalSeconds:0.0} s");

            Profile(output, folder, Path.Combine(folder, "bench.duckdb"), attendanceRows);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    /// <summary>
    /// Loads an existing folder of extracts (a generated national extract, say) into a new database file and prints the
    /// same figures: rows per second end to end, time per table and step, the slowest statements and peak memory.
    /// </summary>
    public static void RunFolder(TextWriter output, string folder)
    {
        var db = Path.Combine(Path.GetTempPath(), "oa-load-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".duckdb");
        try
        {
            Profile(output, folder, db, null);
        }
        finally
        {
            foreach (var file in new[] { db, db + ".wal" }) File.Delete(file);
        }
    }

    private static void Profile(TextWriter output, string folder, string db, int? attendanceRows)
    {
        var statements = new List<(string Sql, TimeSpan Took)>();
        // When each statement ended and on which thread, for the lanes' busy time.
        var ends = new List<(double End, double Took, int Thread)>();
        var clock = Stopwatch.StartNew();
        LoadResult result;
        using (var connection = Database.Open(db))
        {
            // OA_THREADS=1 runs each statement on its caller's thread only, so that a statement's time is its CPU time.
            if (Environment.GetEnvironmentVariable("OA_THREADS") is { Length: > 0 } threads)
                connection.Execute($"SET threads = {int.Parse(threads, CultureInfo.InvariantCulture)}");
            result = new DataLoader().Load(connection, folder, new LoadOptions
            {
                OnStatement = (sql, took) =>
                {
                    statements.Add((sql, took));
                    ends.Add((clock.Elapsed.TotalSeconds, took.TotalSeconds, Environment.CurrentManagedThreadId));
                },
            });
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var total = result.Tables.Sum(t => t.RowsRead);
        output.WriteLine($"loaded {total:N0} rows ({result.RowsLoaded:N0} loaded, {result.RowsRejected:N0} rejected) in {seconds:0.00} s: {total / seconds:N0} rows/s end to end");
        output.WriteLine($"  the load until its commit {result.Elapsed.TotalSeconds:0.00} s; opening, the checkpoints and closing {seconds - result.Elapsed.TotalSeconds:0.00} s");
        foreach (var lane in ends.GroupBy(e => e.Thread).OrderBy(g => g.Min(e => e.End - e.Took)))
            output.WriteLine($"  a connection's statements from {lane.Min(e => e.End - e.Took):0.00} s to {lane.Max(e => e.End):0.00} s: busy {lane.Sum(e => e.Took):0.00} s");
        // Two connections read and check tables at once, so time is shown per table and step, summed over the step's
        // statements.
        var steps = statements.Select(s => (Step: Step(s.Sql), s.Took)).Where(s => s.Step is not null)
            .GroupBy(s => s.Step!.Value).ToDictionary(g => g.Key, g => g.Sum(s => s.Took.TotalSeconds));
        double Took(string table, string step) => steps.GetValueOrDefault((table, step));
        var attendanceSeconds = Took("attendance", "read") + Took("attendance", "check") + Took("attendance", "store");
        if (attendanceRows is { } rows)
            output.WriteLine($"attendance's own statements (read, check, store; the other tables are read, checked and stored alongside its read): {attendanceSeconds:0.00} s, {rows / attendanceSeconds:N0} rows/s");
        foreach (var table in result.Tables.Select(t => t.Table))
            output.WriteLine($"  {table,-16} read {Took(table, "read"),5:0.00} s   check {Took(table, "check"),5:0.00} s   store {Took(table, "store"),5:0.00} s");
        if (Environment.GetEnvironmentVariable("OA_DUMP_SQL") is { Length: > 0 } dump)
            File.WriteAllLines(dump, statements.Select(s => $"-- {s.Took.TotalSeconds:0.000} s\n{s.Sql};"));
        output.WriteLine("slowest statements:");
        foreach (var (sql, took) in statements.OrderByDescending(s => s.Took).Take(6))
            output.WriteLine($"  {took.TotalSeconds,6:0.00} s  {(sql.Length > 150 ? sql[..150] + "..." : sql)}");
        using var process = Process.GetCurrentProcess();
        output.WriteLine($"peak working set: {process.PeakWorkingSet64 / 1024.0 / 1024:N0} MB; database file {new FileInfo(db).Length / 1e6:0} MB");
    }

    /// <summary>The table and step (read, check or store) a load statement belongs to, from the tables it names.</summary>
    private static (string Table, string Step)? Step(string sql)
    {
        if (Regex.Match(sql, @"^CREATE TABLE \w+_stg_(\w+) ") is { Success: true } read) return (read.Groups[1].Value, "read");
        if (Regex.Match(sql, @"^(?:ALTER TABLE|DELETE FROM) \w+_stg_(\w+) ") is { Success: true } store) return (store.Groups[1].Value, "store");
        if (Regex.Match(sql, @"(?:_stg|\.flt)_(\w+)") is { Success: true } check) return (check.Groups[1].Value, "check");
        return null;
    }

    private static (int Pupils, int Dirty) Write(string folder, int rows, double dirtyRate)
    {
        string[] years = ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25"];
        string[] terms = ["autumn", "spring", "summer"];
        var perPupil = years.Length * terms.Length;
        var pupils = (rows + perPupil - 1) / perPupil;
        var families = (pupils + 1) / 2;
        var random = new Random(42);
        var dirty = 0;
        using (var w = Writer("families.csv"))
        {
            w.Write("family_id,attached_date,closure_date,closure_reason,la_code,locality\n");
            for (var f = 0; f < families; f++)
                w.Write($"F{f:D7},2023-0{1 + f % 9}-15,,,E06000019,L{f % 12}\n");
        }
        using (var p = Writer("people.csv"))
        using (var m = Writer("family_members.csv"))
        using (var n = Writer("needs.csv"))
        {
            p.Write("person_id,date_of_birth,sex\n");
            m.Write("family_id,person_id,role\n");
            n.Write("family_id,need_code,person_id\n");
            for (var i = 0; i < pupils; i++)
            {
                p.Write($"{i:D8},{2008 + i % 10}-0{1 + i % 9}-1{i % 10},{(i % 2 == 0 ? "female" : "male")}\n");
                m.Write($"F{i / 2:D7},{i:D8},child\n");
                n.Write($"F{i / 2:D7},1.1,{i:D8}\n");
            }
        }
        using (var a = Writer("attendance.csv"))
        {
            a.Write("person_id,academic_year,term,possible_sessions,attended_sessions,authorised_absence,unauthorised_absence\n");
            var written = 0;
            for (var i = 0; i < pupils && written < rows; i++)
                foreach (var y in years)
                    foreach (var t in terms)
                    {
                        if (written++ >= rows) break;
                        var possible = 110 + random.Next(30);
                        var attended = possible - random.Next(40);
                        var authorised = (possible - attended) / 2;
                        var unauthorised = possible - attended - authorised;
                        if (dirtyRate > 0 && random.NextDouble() < dirtyRate)
                        {
                            dirty++;
                            unauthorised++; // sessions no longer add up
                        }
                        a.Write($"{i:D8},{y},{t},{possible},{attended},{authorised},{unauthorised}\n");
                    }
        }
        return (pupils, dirty);

        StreamWriter Writer(string name) => new(Path.Combine(folder, name), false, new UTF8Encoding(false), 1 << 20);
    }
}
