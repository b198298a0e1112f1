using System.Text;

namespace OutcomeAnalytics.Tests;

/// <summary>A throw-away folder of contract CSVs, starting as a copy of the repository's sample data.</summary>
internal sealed class TestData : IDisposable
{
    public string Folder { get; }

    private TestData(string folder) => Folder = folder;

    public static string SampleFolder => Path.Combine(AppContext.BaseDirectory, "sample");

    public static TestData FromSample() => FromSample(_ => true);

    /// <summary>A copy of the sample's files that <paramref name="keep"/> (given a file name such as <c>people.csv</c>) keeps.</summary>
    public static TestData FromSample(Func<string, bool> keep)
    {
        var data = Empty();
        foreach (var f in Directory.GetFiles(SampleFolder, "*.csv").Where(f => keep(Path.GetFileName(f))))
            File.Copy(f, Path.Combine(data.Folder, Path.GetFileName(f)));
        return data;
    }

    public static TestData Empty()
    {
        var folder = Path.Combine(Path.GetTempPath(), "oa-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        return new TestData(folder);
    }

    public string PathOf(string file) => Path.Combine(Folder, file);

    public string DbPath => Path.Combine(Folder, "test.duckdb");

    public string[] Lines(string file) => File.ReadAllText(PathOf(file)).Split('\n').Where(l => l.Length > 0).ToArray();

    public TestData Write(string file, string text)
    {
        File.WriteAllText(PathOf(file), text, new UTF8Encoding(false));
        return this;
    }

    /// <summary>Replaces line <paramref name="line"/> (1-based, header = 1).</summary>
    public TestData ReplaceLine(string file, int line, string text)
    {
        var lines = Lines(file);
        lines[line - 1] = text;
        return Write(file, string.Join("\n", lines) + "\n");
    }

    public TestData AppendLine(string file, string text)
    {
        File.AppendAllText(PathOf(file), text + "\n");
        return this;
    }

    public TestData Delete(string file)
    {
        File.Delete(PathOf(file));
        return this;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, true); }
        catch (IOException) { }
    }
}
