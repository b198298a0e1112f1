using OutcomeAnalytics.Cli;
using OutcomeAnalytics.Dictionary;
using OutcomeAnalytics.Generation;

namespace OutcomeAnalytics.Tests.Generation;

public sealed class GeneratorTests
{
    private static string TempFolder() => Path.Combine(Path.GetTempPath(), "oa-gen-" + Guid.NewGuid().ToString("N")[..12]);

    private static void Delete(params string[] folders)
    {
        foreach (var f in folders)
            try { Directory.Delete(f, true); }
            catch (IOException) { }
    }

    private static void AssertSameFiles(string a, string b)
    {
        var names = Directory.GetFiles(a).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names, Directory.GetFiles(b).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
        foreach (var name in names)
            Assert.True(File.ReadAllBytes(Path.Combine(a, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, name!))), $"{name} differs");
    }

    [Fact]
    public void Generate_SameSeed_IsByteIdentical()
    {
        string a = TempFolder(), b = TempFolder();
        try
        {
            // More than one batch of blocks, so the parallel generation's ordering is exercised.
            var options = new GenerateOptions { Families = ExtractGenerator.BlockSize * 9 + 17, Seed = 99, DirtyRate = 0.01 };
            ExtractGenerator.Generate(options, a);
            ExtractGenerator.Generate(options, b);
            AssertSameFiles(a, b);
        }
        finally
        {
            Delete(a, b);
        }
    }

    [Fact]
    public void Generate_DifferentSeed_GivesDifferentFamilies()
    {
        string a = TempFolder(), b = TempFolder();
        try
        {
            ExtractGenerator.Generate(new GenerateOptions { Families = 50, Seed = 1 }, a);
            ExtractGenerator.Generate(new GenerateOptions { Families = 50, Seed = 2 }, b);
            Assert.NotEqual(File.ReadAllText(Path.Combine(a, "families.csv")), File.ReadAllText(Path.Combine(b, "families.csv")));
            Assert.Equal(File.ReadAllText(Path.Combine(a, "term_dates.csv")), File.ReadAllText(Path.Combine(b, "term_dates.csv")));
        }
        finally
        {
            Delete(a, b);
        }
    }

    [Fact]
    public void Generate_Clean_LoadsEveryTableWithZeroRejects()
    {
        using var extract = new GeneratedExtract(new GenerateOptions { Families = 400, Seed = 5 });
        Assert.Empty(extract.Load.Rejects);
        Assert.Empty(extract.Load.Warnings);
        Assert.Equal(15, extract.Load.Tables.Count);
        foreach (var t in extract.Result.Tables)
        {
            Assert.True(t.Rows > 0, $"{t.Table} is empty");
            Assert.Equal(t.Rows, extract.Load.Tables.Single(l => l.Table == t.Table).RowsLoaded);
        }
    }

    [Fact]
    public void Generate_Headers_AreTheDictionaryColumnsInOrder()
    {
        var folder = TempFolder();
        try
        {
            ExtractGenerator.Generate(new GenerateOptions { Families = 3, Seed = 3 }, folder);
            foreach (var table in DataDictionary.Default.Tables)
                Assert.Equal(string.Join(",", table.Columns.Select(c => c.Name)), File.ReadLines(Path.Combine(folder, table.FileName)).First());
        }
        finally
        {
            Delete(folder);
        }
    }

    [Fact]
    public void Generate_Dirty_ManifestMatchesTheLoadersRejectsRowForRow()
    {
        using var extract = new GeneratedExtract(new GenerateOptions { Families = 600, Seed = 11, DirtyRate = 0.03 });
        var manifest = DirtManifest.Read(extract.Result.ManifestPath!);
        var rows = manifest.Where(m => m.Kind != DirtKinds.ExtraColumn).ToList();
        Assert.True(rows.Count > 300, $"only {rows.Count} problems");

        var expected = rows.Select(m => $"{m.File}:{m.Line}:{m.Column}:{m.Rule}").Order(StringComparer.Ordinal).ToList();
        var actual = extract.Load.Rejects.Select(r => $"{r.File}:{r.Line}:{r.Column}:{r.Rule}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        foreach (var m in rows) Assert.Contains(m.Rule, DirtKinds.Rules(m.Kind));

        // A duplicate names the line it duplicates (the row just before it), which was kept.
        foreach (var d in rows.Where(m => m.Kind == DirtKinds.DuplicateId))
            Assert.Contains($"line {d.Line - 1} has the same key and was kept", extract.Load.Rejects.Single(r => r.File == d.File && r.Line == d.Line).Message);

        // Extra columns are warnings naming the column, and the manifest lists them on line 1.
        var extras = manifest.Where(m => m.Kind == DirtKinds.ExtraColumn).ToList();
        Assert.NotEmpty(extras);
        foreach (var e in extras)
        {
            Assert.Equal(1, e.Line);
            Assert.Contains(extract.Load.Warnings, w => w.StartsWith(e.File, StringComparison.Ordinal) && w.Contains(e.Column, StringComparison.Ordinal));
        }
        Assert.Equal(rows.Count + extras.Count, extract.Result.DirtyCount);
    }

    [Fact]
    public void Generate_Dirty_AtAScaleDuckDbReadsInParallel_RejectsKeepTheirLines()
    {
        // 30,000 families (about 90 MB, attendance 19 MB): DuckDB reads each large file on several threads. A staging
        // read that DuckDB planned as a join (an IN list of codes, a subquery) stored the rows out of the file's
        // order, and about 45% of the rejects were reported at another row's line.
        using var extract = new GeneratedExtract(new GenerateOptions { Families = 30_000, Seed = 5, DirtyRate = 0.002 }, severalThreads: true);
        var rows = DirtManifest.Read(extract.Result.ManifestPath!).Where(m => m.Kind != DirtKinds.ExtraColumn).ToList();
        Assert.True(rows.Count > 3_000, $"only {rows.Count} problems");
        var expected = rows.Select(m => $"{m.File}:{m.Line}:{m.Column}:{m.Rule}").Order(StringComparer.Ordinal).ToList();
        var actual = extract.Load.Rejects.Select(r => $"{r.File}:{r.Line}:{r.Column}:{r.Rule}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Generate_Dirty_InjectsEveryKindAtAboutTheRate()
    {
        using var extract = new GeneratedExtract(new GenerateOptions { Families = 600, Seed = 12, DirtyRate = 0.05 });
        var manifest = DirtManifest.Read(extract.Result.ManifestPath!);
        Assert.Equal(DirtKinds.All.Order(StringComparer.Ordinal), manifest.Select(m => m.Kind).Distinct().Order(StringComparer.Ordinal));
        // Each clean row is dirtied with probability 0.05 (a duplicate adds a row), term dates excepted.
        var dataRows = extract.Result.Tables.Where(t => t.Table != "term_dates").Sum(t => t.Rows);
        var share = manifest.Count(m => m.Kind != DirtKinds.ExtraColumn) / (double)dataRows;
        Assert.InRange(share, 0.04, 0.06);
        // Rows not in the manifest all loaded.
        Assert.Equal(dataRows + extract.Result.Tables.Single(t => t.Table == "term_dates").Rows - manifest.Count(m => m.Kind != DirtKinds.ExtraColumn), extract.Load.RowsLoaded);
    }

    [Fact]
    public void Generate_BadOptions_AreRejectedNamingTheOption()
    {
        var e = Assert.Throws<ArgumentException>(() => ExtractGenerator.Generate(new GenerateOptions { Families = 0 }, TempFolder()));
        Assert.Contains("--families", e.Message);
        e = Assert.Throws<ArgumentException>(() => ExtractGenerator.Generate(new GenerateOptions { DirtyRate = 0.9 }, TempFolder()));
        Assert.Contains("--dirty", e.Message);
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => Tests.Cli.CliTests.Run(args);

    [Fact]
    public void Cli_Generate_WritesTheFilesAndPrintsRowsPerTable()
    {
        var folder = TempFolder();
        try
        {
            var (code, output, error) = Run("generate", "--families", "20", "--seed", "4", "--out", folder, "--dirty", "0.05");
            Assert.True(code == ExitCodes.Success, error);
            Assert.Matches(@"attendance\s+\d+", output);
            Assert.Contains("dirty-manifest.csv", output);
            Assert.True(File.Exists(Path.Combine(folder, "families.csv")));
            Assert.True(File.Exists(Path.Combine(folder, "dirty-manifest.csv")));
        }
        finally
        {
            Delete(folder);
        }
    }

    [Fact]
    public void Cli_GenerateHelp_ShowsAnExample()
    {
        var (code, output, _) = Run("generate", "--help");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Example:", output);
        Assert.Contains("outcomes generate --families", output);
    }

    [Theory]
    [InlineData("generate", "--seed", "1", "--out", "x")]
    [InlineData("generate", "--families", "10", "--seed", "1", "--out", "x", "--start", "01/10/2022")]
    [InlineData("generate", "--families", "10", "--seed", "1", "--out", "x", "--dirty", "2")]
    public void Cli_GenerateBadUsage_ExitsTwo(params string[] args)
    {
        var (code, _, error) = Run(args);
        Assert.Equal(ExitCodes.UsageOrFatal, code);
        Assert.Contains("error", error);
        Assert.False(Directory.Exists("x") && File.Exists(Path.Combine("x", "families.csv")));
    }
}
