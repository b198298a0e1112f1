using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OutcomeAnalytics.Generation;

/// <summary>Rows written to one file.</summary>
/// <param name="Table">The table.</param>
/// <param name="File">The file name.</param>
/// <param name="Rows">Data rows (the header not counted).</param>
public sealed record GeneratedTable(string Table, string File, long Rows);

/// <summary>What a generation run wrote.</summary>
public sealed record GenerateResult
{
    /// <summary>The output folder.</summary>
    public required string Folder { get; init; }
    /// <summary>Rows per table, in file order.</summary>
    public required IReadOnlyList<GeneratedTable> Tables { get; init; }
    /// <summary>The extract date: a load of the output needs a clock on or after it.</summary>
    public required DateOnly AsAt { get; init; }
    /// <summary>Problems injected (rows plus file-level extra columns); 0 for a clean extract.</summary>
    public long DirtyCount { get; init; }
    /// <summary>The manifest of injected problems, or null for a clean extract.</summary>
    public string? ManifestPath { get; init; }
    /// <summary>How long generation took.</summary>
    public TimeSpan Elapsed { get; init; }
    /// <summary>Rows across all tables.</summary>
    public long TotalRows => Tables.Sum(t => t.Rows);
}

/// <summary>
/// Writes a synthetic council extract: one CSV per contract table, loadable by <c>outcomes load</c> with no
/// rejects when clean. Families are generated in blocks of <see cref="BlockSize"/>, a few blocks at a time in
/// parallel, and each batch is appended to the files in family order before the next is generated, so memory
/// stays flat however many families are asked for and the output does not depend on the number of threads.
/// </summary>
public static class ExtractGenerator
{
    /// <summary>Families per block (a constant: the dirt stream is per block, so changing it changes dirty output).</summary>
    public const int BlockSize = 256;

    /// <summary>The manifest's file name in the output folder when no path is given.</summary>
    public const string ManifestFileName = "dirty-manifest.csv";

    private static readonly string[] ExtraColumnNames = ["notes", "source_system", "extract_run_id", "worker_team"];

    /// <summary>Generates the extract into <paramref name="folder"/> (created if missing; files of the same names are replaced).</summary>
    /// <param name="options">What to generate.</param>
    /// <param name="folder">The output folder.</param>
    /// <param name="progress">Told the number of families written so far, after each batch. The default is none.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static GenerateResult Generate(GenerateOptions options, string folder, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(folder);
        var asAt = options.ExtractDate;
        var extra = ExtraColumns(options);
        var layout = new ExtractLayout(options, extra);
        var calendar = new SchoolCalendar(options.Start.Year - 4, asAt.Year);
        var generator = new FamilyGenerator(options, calendar);

        var writers = new StreamWriter[ExtractTables.Count];
        var lines = new long[ExtractTables.Count];
        var manifestPath = options.DirtyRate > 0 ? options.ManifestPath ?? Path.Combine(folder, ManifestFileName) : null;
        StreamWriter? manifest = null;
        long dirty = 0;
        try
        {
            for (var t = 0; t < ExtractTables.Count; t++)
            {
                writers[t] = new StreamWriter(Path.Combine(folder, ExtractTables.Names[t] + ".csv"), false, new UTF8Encoding(false), 1 << 16);
                var header = string.Join(",", ExtractTables.Columns((ExtractTable)t));
                writers[t].Write(extra.TryGetValue((ExtractTable)t, out var name) ? header + "," + name + "\n" : header + "\n");
                lines[t] = 1;
            }
            if (manifestPath is not null)
            {
                manifest = new StreamWriter(manifestPath, false, new UTF8Encoding(false), 1 << 16);
                manifest.Write("file,line,column,kind,rule\n");
                foreach (var (table, column) in extra.OrderBy(e => e.Key))
                {
                    manifest.Write($"{ExtractTables.Names[(int)table]}.csv,1,{column},{DirtKinds.ExtraColumn},\n");
                    dirty++;
                }
            }

            // The calendar first: terms from four years before the first attachment to the extract's year.
            var terms = new ExtractBlock(layout, -1);
            foreach (var term in calendar.Terms)
                terms.Row(ExtractTable.TermDates, Text.AcademicYear(term.AcademicYear), term.Term, Text.Date(term.Start), Text.Date(term.End));
            dirty += Flush(terms, writers, lines, manifest);

            var blocks = (options.Families + BlockSize - 1) / BlockSize;
            var batch = Math.Max(2, Environment.ProcessorCount * 2);
            var buffers = new ExtractBlock[batch];
            for (var first = 0; first < blocks; first += batch)
            {
                var count = Math.Min(batch, blocks - first);
                Parallel.For(0, count, k =>
                {
                    var b = first + k;
                    var block = new ExtractBlock(layout, b);
                    var end = Math.Min(options.Families, (b + 1) * BlockSize);
                    for (var i = b * BlockSize; i < end; i++) generator.Generate(i, block);
                    buffers[k] = block;
                });
                for (var k = 0; k < count; k++)
                {
                    dirty += Flush(buffers[k], writers, lines, manifest);
                    buffers[k] = null!;
                }
                progress?.Invoke(Math.Min(options.Families, (first + count) * BlockSize));
            }
        }
        finally
        {
            foreach (var w in writers) w?.Dispose();
            manifest?.Dispose();
        }
        return new GenerateResult
        {
            Folder = folder,
            Tables = [.. Enumerable.Range(0, ExtractTables.Count).Select(t => new GeneratedTable(ExtractTables.Names[t], ExtractTables.Names[t] + ".csv", lines[t] - 1))],
            AsAt = asAt,
            DirtyCount = dirty,
            ManifestPath = manifestPath,
            Elapsed = clock.Elapsed,
        };
    }

    private static long Flush(ExtractBlock block, StreamWriter[] writers, long[] lines, StreamWriter? manifest)
    {
        if (manifest is not null)
            foreach (var d in block.Dirt)
            {
                var t = (int)d.Table;
                manifest.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{ExtractTables.Names[t]}.csv,{lines[t] + 1 + d.Row},{d.Column},{d.Kind},{d.Rule}\n"));
            }
        for (var t = 0; t < ExtractTables.Count; t++)
        {
            writers[t].Write(block.Text[t]);
            lines[t] += block.Rows[t];
        }
        return block.Dirt.Count;
    }

    /// <summary>
    /// Which files carry a column the contract does not have: none when clean; otherwise each table with
    /// probability 5 × the dirty rate (capped at 1), and always at least one.
    /// </summary>
    private static Dictionary<ExtractTable, string> ExtraColumns(GenerateOptions options)
    {
        var result = new Dictionary<ExtractTable, string>();
        if (options.DirtyRate <= 0) return result;
        var r = new Prng((ulong)options.Seed, 0xE87AC01UL);
        for (var t = 0; t < ExtractTables.Count - 1; t++)
            if (r.Chance(Math.Min(1, 5 * options.DirtyRate))) result[(ExtractTable)t] = r.Pick(ExtraColumnNames);
        if (result.Count == 0) result[(ExtractTable)r.Next(ExtractTables.Count - 1)] = r.Pick(ExtraColumnNames);
        return result;
    }
}

/// <summary>Reads a dirty manifest back.</summary>
public static class DirtManifest
{
    /// <summary>The records of a manifest written by <see cref="ExtractGenerator"/>.</summary>
    public static IReadOnlyList<DirtRecord> Read(string path) =>
        [.. File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(p =>
            new DirtRecord(p[0], int.Parse(p[1], CultureInfo.InvariantCulture), p[2], p[3], p[4]))];
}
