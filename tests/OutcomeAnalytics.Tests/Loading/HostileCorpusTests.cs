using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Tests.Cli;

namespace OutcomeAnalytics.Tests.Loading;

/// <summary>
/// The hostile corpus: each file in <c>Loading/Hostile</c> is a small extract (one contract file, written over the
/// sample's or added to its end) and the exact outcome of <c>outcomes load</c> on a database that holds the sample: the
/// exit code, the error or every rejected row's located message, the warnings, the rows of the file loaded and rejected.
/// Every case also checks that nothing else changed: a failed load leaves the database exactly as it was; a load that
/// goes on leaves every other table as it was, and no row is lost (each row read is loaded or rejected). A case's load
/// reads the required files, its own and those it adds lines to, not the whole sample: the other tables are loaded already.
/// </summary>
/// <remarks>
/// A case file has <c>name: value</c> lines, then <c>---</c> and the file's text. Names: <c>file</c> (the contract
/// file), <c>mode</c> (<c>replace</c> the sample's file, or <c>append</c> lines to it), <c>encoding</c> (<c>utf-8</c>, or
/// <c>utf-16le</c> / <c>utf-16be</c> with a byte-order mark), <c>exit</c>, <c>error</c> (a failed load's message),
/// <c>reject</c> and <c>warning</c> (each repeatable, in order), <c>loaded</c> and <c>rejected</c> (rows of the file), and
/// <c>extra</c> (<c>file=line</c>: a line added to another contract file, whose table is then not compared, repeatable), <c>stored</c> (<c>column=value</c>: a value that must be stored exactly so, once, repeatable, with the escapes below). In the text, <c>\r \n \t \0 \\</c>,
/// <c>\xHH</c> (one byte) and <c>\uHHHH</c> stand for what they say; each line of the case file ends in <c>\n</c>.
/// </remarks>
public sealed class HostileCorpusTests
{
    private static readonly string Folder = Path.Combine(Repository.Root, "tests", "OutcomeAnalytics.Tests", "Loading", "Hostile");

    public static TheoryData<string> Cases => [.. Directory.GetFiles(Folder, "*.case").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)];

    [Fact]
    public void Corpus_HasAtLeastFortyCases() => Assert.True(Cases.Count >= 40, $"{Cases.Count} cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name)
    {
        var c = HostileCase.Read(Path.Combine(Folder, name + ".case"));
        // The load reads the required files, the case's file and those it adds lines to; the rest of the sample is in
        // the database already, and is checked unchanged with the tables the load replaces.
        var required = OutcomeAnalytics.Dictionary.DataDictionary.Default.Tables.Where(t => t.RequiredFile).Select(t => t.FileName).ToHashSet();
        using var data = TestData.FromSample(f => required.Contains(f) || f == c.File || c.Extra.Any(e => e.File == f));
        using var output = TestData.Empty();
        var db = output.PathOf("hostile.duckdb");
        File.Copy(Baseline.Value.Db, db);
        var before = Baseline.Value.Tables;
        var table = Path.GetFileNameWithoutExtension(c.File);
        var bytes = c.Body();
        File.WriteAllBytes(data.PathOf(c.File), c.Mode == "append" ? [.. File.ReadAllBytes(data.PathOf(c.File)), .. bytes] : bytes);
        foreach (var (file, line) in c.Extra) File.AppendAllText(data.PathOf(file), line + "\n");

        var (code, _, err) = CliTests.Run("load", "--data", data.Folder, "--db", db, "--quiet");
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(c.Exit, code);
        using var connection = Database.Open(db, readOnly: true);
        var after = Snapshot(connection);
        if (c.Error is not null)
        {
            Assert.Equal(["error: " + c.Error], lines);
            Assert.Equal(before, after);
            return;
        }
        Assert.Equal(c.Warnings, lines.Where(l => l.StartsWith("warning: ", StringComparison.Ordinal)).Select(l => l["warning: ".Length..]));
        Assert.Equal(c.Rejects, lines.Where(l => l.StartsWith("  ", StringComparison.Ordinal) && !l.StartsWith("  ... and", StringComparison.Ordinal)).Select(l => l[2..]));
        foreach (var (t, rows) in before.Where(t => t.Key != table && !t.Key.StartsWith("load_", StringComparison.Ordinal) && c.Extra.All(e => e.File != t.Key + ".csv")))
            Assert.True(rows == after[t], $"{t} changed");
        var log = connection.Rows("SELECT rows_read, rows_loaded, rows_rejected FROM load_log WHERE table_name = $1 ORDER BY load_id DESC LIMIT 1",
            r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)), table)[0];
        Assert.Equal((c.Loaded + c.Rejected, c.Loaded, c.Rejected), log);
        Assert.Equal(c.Loaded, connection.Scalar<long>($"SELECT count(*) FROM {table}"));
        Assert.Equal(c.Rejected, connection.Scalar<long>("SELECT count(DISTINCT line) FROM load_rejects WHERE table_name = $1", table));
        foreach (var (column, value) in c.Stored)
            // A NUL cannot be bound as a parameter (the text would end there): it is compared as the text \u0000.
            Assert.True(connection.Scalar<long>($"SELECT count(*) FROM {table} WHERE replace(CAST({column} AS VARCHAR), chr(0), '\\u0000') = $1",
                value.Replace("\0", "\\u0000", StringComparison.Ordinal)) == 1, $"{column} = '{value}' is not stored once");
    }

    /// <summary>A database holding the sample (one load), made once, and its tables.</summary>
    private static readonly Lazy<(string Db, Dictionary<string, string> Tables)> Baseline = new(() =>
    {
        using var data = TestData.FromSample();
        var db = Path.Combine(Path.GetTempPath(), $"oa-hostile-baseline-{Guid.NewGuid():N}.duckdb");
        Assert.Equal(0, CliTests.Run("load", "--data", data.Folder, "--db", db, "--quiet", "--rejects", db + ".rejects.csv").Code);
        return (db, Snapshot(db));
    });

    /// <summary>Every table's rows, in order, as text.</summary>
    internal static Dictionary<string, string> Snapshot(string db)
    {
        using var connection = Database.Open(db, readOnly: true);
        return Snapshot(connection);
    }

    private static Dictionary<string, string> Snapshot(DuckDBConnection connection) =>
        Tables(connection).ToDictionary(t => t, t => string.Join("\n", connection.Rows($"SELECT * FROM {t} ORDER BY ALL")
            .Select(row => string.Join("\u001f", row.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))))));

    private static IEnumerable<string> Tables(DuckDBConnection connection) =>
        OutcomeAnalytics.Dictionary.DataDictionary.Default.Tables.Select(t => t.Name).Concat(["load_log", "load_rejects"]);
}

/// <summary>A case of the hostile corpus (see <see cref="HostileCorpusTests"/>).</summary>
internal sealed record HostileCase(string File, string Mode, string Encoding, int Exit, string? Error, List<string> Rejects, List<string> Warnings,
    long Loaded, long Rejected, List<(string Column, string Value)> Stored, List<(string File, string Line)> Extra, string Text)
{
    public static HostileCase Read(string path)
    {
        var text = System.IO.File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = text.IndexOf("\n---\n", StringComparison.Ordinal);
        var head = text[..split].Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => (Name: l[..l.IndexOf(':', StringComparison.Ordinal)], Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
            .ToList();
        string? One(string name) => head.LastOrDefault(h => h.Name == name).Value;
        List<string> All(string name) => [.. head.Where(h => h.Name == name).Select(h => h.Value)];
        return new HostileCase(One("file")!, One("mode") ?? "append", One("encoding") ?? "utf-8", int.Parse(One("exit") ?? "0", CultureInfo.InvariantCulture),
            One("error"), All("reject"), All("warning"),
            long.Parse(One("loaded") ?? "0", CultureInfo.InvariantCulture), long.Parse(One("rejected") ?? "0", CultureInfo.InvariantCulture),
            [.. All("stored").Select(s => (s[..s.IndexOf('=', StringComparison.Ordinal)], Unescape(s[(s.IndexOf('=', StringComparison.Ordinal) + 1)..])))],
            [.. All("extra").Select(s => (s[..s.IndexOf('=', StringComparison.Ordinal)], s[(s.IndexOf('=', StringComparison.Ordinal) + 1)..]))], text[(split + 5)..]);
    }

    /// <summary>The file's bytes: the text with its escapes, in the case's encoding.</summary>
    public byte[] Body()
    {
        var bytes = new List<byte>();
        var run = new StringBuilder();
        void Flush()
        {
            bytes.AddRange(Encoding switch
            {
                "utf-16le" => System.Text.Encoding.Unicode.GetBytes(run.ToString()),
                "utf-16be" => System.Text.Encoding.BigEndianUnicode.GetBytes(run.ToString()),
                _ => System.Text.Encoding.UTF8.GetBytes(run.ToString()),
            });
            run.Clear();
        }
        if (Encoding == "utf-16le") bytes.AddRange([0xFF, 0xFE]);
        if (Encoding == "utf-16be") bytes.AddRange([0xFE, 0xFF]);
        for (var i = 0; i < Text.Length; i++)
        {
            if (Text[i] != '\\' || i + 1 == Text.Length) { run.Append(Text[i]); continue; }
            var next = Text[++i];
            if (next == 'x')
            {
                Flush();
                bytes.Add(byte.Parse(Text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else if (next == 'u')
            {
                run.Append((char)int.Parse(Text.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 4;
            }
            else run.Append(next switch { 'r' => '\r', 'n' => '\n', 't' => '\t', '0' => '\0', _ => next });
        }
        Flush();
        return [.. bytes];
    }

    /// <summary>The escapes <c>\r \n \t \\ \uHHHH</c> in a stored value (messages show control characters as <c>\uHHHH</c> text themselves).</summary>
    private static string Unescape(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"\\(u[0-9A-Fa-f]{4}|[rnt\\])", m => m.Groups[1].Value switch
        {
            "r" => "\r", "n" => "\n", "t" => "\t", "\\" => "\\",
            var u => ((char)int.Parse(u[1..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString(),
        });
}
