using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsvHelper;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Generation;
using OutcomeAnalytics.Loading;

namespace OutcomeAnalytics.Benchmarks;

/// <summary>
/// Generation of a synthetic extract: time, peak memory and rows per table; optionally the load of the output
/// (into a DuckDB file next to it); and the CSV writing choice (the generator's plain writer against CsvHelper).
/// </summary>
public static class GenerateBenchmark
{
    public static void Run(TextWriter output, int families, string? folder, bool load, double dirty)
    {
        var keep = folder is not null;
        folder ??= Path.Combine(Path.GetTempPath(), "oa-generate-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            var options = new GenerateOptions { Families = families, Seed = 1, DirtyRate = dirty };
            var peakBefore = PeakMb();
            var result = ExtractGenerator.Generate(options, folder);
            var seconds = result.Elapsed.TotalSeconds;
            var bytes = Directory.GetFiles(folder, "*.csv").Sum(f => new FileInfo(f).Length);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"generated {families:N0} families: {result.TotalRows:N0} rows, {bytes / 1e6:N0} MB in {seconds:0.00} s ({result.TotalRows / seconds:N0} rows/s) on {Environment.ProcessorCount} cores"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set after generating: {PeakMb():N0} MB (before: {peakBefore:N0} MB)"));
            foreach (var t in result.Tables) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {t.Table,-16} {t.Rows,14:N0}"));
            if (load)
            {
                var db = Path.Combine(folder, "bench.duckdb");
                File.Delete(db);
                var clock = new Fixed(result.AsAt.AddDays(1));
                var watch = Stopwatch.StartNew();
                using (var connection = Database.Open(db))
                {
                    var loaded = new DataLoader().Load(connection, folder, new LoadOptions { Clock = clock });
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"loaded {loaded.RowsLoaded:N0} rows ({loaded.RowsRejected:N0} rejected) in {watch.Elapsed.TotalSeconds:0.0} s"));
                }
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set after loading: {PeakMb():N0} MB"));
            }
        }
        finally
        {
            if (!keep) Directory.Delete(folder, true);
        }
    }

    /// <summary>Writes the same rows with a plain StringBuilder-backed writer (what the generator does) and with CsvHelper.</summary>
    public static void CompareWriters(TextWriter output, int rows)
    {
        var path = Path.Combine(Path.GetTempPath(), "oa-writer-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".csv");
        string[] header = ["person_id", "academic_year", "term", "possible_sessions", "attended_sessions", "authorised_absence", "unauthorised_absence"];
        string[] terms = ["autumn", "spring", "summer"];
        var fields = new string[7];
        void Fill(int i)
        {
            fields[0] = (i / 12).ToString("D8", CultureInfo.InvariantCulture);
            fields[1] = "2023/24";
            fields[2] = terms[i % 3];
            fields[3] = "140";
            fields[4] = (100 + i % 40).ToString(CultureInfo.InvariantCulture);
            fields[5] = "20";
            fields[6] = (20 - i % 40).ToString(CultureInfo.InvariantCulture);
        }
        try
        {
            for (var round = 0; round < 2; round++)
            {
                var plain = Stopwatch.StartNew();
                using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
                {
                    writer.Write(string.Join(",", header) + "\n");
                    var sb = new StringBuilder(1 << 16);
                    for (var i = 0; i < rows; i++)
                    {
                        Fill(i);
                        for (var f = 0; f < fields.Length; f++)
                        {
                            if (f > 0) sb.Append(',');
                            sb.Append(fields[f]);
                        }
                        sb.Append('\n');
                        if (sb.Length > 60_000)
                        {
                            writer.Write(sb);
                            sb.Clear();
                        }
                    }
                    writer.Write(sb);
                }
                plain.Stop();
                var helper = Stopwatch.StartNew();
                using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
                using (var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, leaveOpen: false))
                {
                    csv.WriteHeader(header);
                    for (var i = 0; i < rows; i++)
                    {
                        Fill(i);
                        csv.WriteRecord(fields);
                    }
                }
                helper.Stop();
                if (round == 1)
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"writing {rows:N0} rows x 7 fields: plain {plain.Elapsed.TotalSeconds:0.00} s, CsvHelper {helper.Elapsed.TotalSeconds:0.00} s"));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The process's peak working set so far, in MB.</summary>
    internal static double PeakMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / 1024.0 / 1024.0;
    }

    /// <summary>A clock standing still at 09:00 on one day (the load's "today").</summary>
    internal sealed class Fixed(DateOnly today) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
