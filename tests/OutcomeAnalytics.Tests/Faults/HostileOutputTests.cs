using System.Text.RegularExpressions;
using OutcomeAnalytics.Cli;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Notebooks;
using OutcomeAnalytics.Reporting;
using OutcomeAnalytics.Tests.Cli;
using OutcomeAnalytics.Tests.Notebooks;

namespace OutcomeAnalytics.Tests.Faults;

/// <summary>
/// An extract with values aimed at the outputs (script, formulas, SQL, control characters) in localities, ids and
/// free text, loaded once (<see cref="HostileExtract"/>) and written out as every kind of report: HTML escaped, no
/// formula cells, no small counts shown. The notebook's output is checked in <see cref="HostileNotebookTests"/>.
/// </summary>
public sealed partial class HostileOutputTests : IDisposable
{
    internal const string Script = "<script>alert(1)</script>";
    internal const string Formula = "=cmd|' /C calc'!A0";
    internal const string Sql = "\"; DROP TABLE families; --";
    internal const string Control = "Loc\u0007al\u001b[31m";
    private readonly string _folder = Directory.CreateTempSubdirectory("oa-hostile-out-").FullName;
    private readonly string _db;

    /// <summary>Each test has a copy of the loaded database, and a folder for what it writes.</summary>
    public HostileOutputTests() => _db = HostileExtract.Shared.Value.CopyTo(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void EvaluateAndClaimsCsvs_HaveNoFormulaCell_AndKeepTheValues()
    {
        foreach (var command in new[] { "evaluate", "claims" })
        {
            var csv = Path.Combine(_folder, command + ".csv");
            var (code, _, error) = CliTests.Run(command, "--as-at", "2025-10-01", "--db", _db, "--out", csv);
            Assert.True(code == ExitCodes.Success, error);
            var cells = Cells(File.ReadAllText(csv));
            Assert.DoesNotContain(cells, c => c.Length > 0 && "=+@\t\r".Contains(c[0], StringComparison.Ordinal));
            Assert.DoesNotContain(cells, c => c.StartsWith('-') && !double.TryParse(c, System.Globalization.CultureInfo.InvariantCulture, out _));
            // The hostile ids are there, protected.
            Assert.Contains("'" + Formula, cells);
            Assert.Contains(Script, cells);
        }
    }

    [Fact]
    public void ReportPage_EscapesEveryValue_AndShowsNoSmallCount()
    {
        using var connection = Database.Open(_db, readOnly: true);
        var counts = CountTable.OneWay("Families by locality", "Locality", "Families",
            connection.Rows("SELECT locality, count(*) FROM families GROUP BY 1 ORDER BY 1", r => (r.GetString(0), r.GetInt64(1))));
        var table = ReportTable.Counts(counts, DisclosureControl.Publication);
        var page = new ReportPage("Families " + Script, new DateOnly(2025, 10, 1))
            .AddParagraph("Locality " + Formula + Control)
            .AddTable(table)
            .AddChart(Charts.Bar(counts, DisclosureControl.Publication))
            .AddTable(ReportTable.From(connection.Reader("SELECT family_id, locality FROM families ORDER BY family_id LIMIT 20"), "Families " + Sql));
        var html = page.ToHtml();
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        AssertNoControlCharacters(html);
        AssertNoSmallCount(table.ToHtml());
    }

    [Fact]
    public async Task ReportPagePdf_PrintsHostileValuesAsText_AndNoCountFromOneToFourInTheControlledRows()
    {
        var chromium = PdfPrinter.FindChromium();
        if (chromium is null) Assert.Skip($"Chromium is not installed: {PdfPrinter.InstallHint}.");
        if (!File.Exists("/usr/bin/pdftotext")) Assert.Skip("poppler-utils is not installed; install it: apt-get install -y poppler-utils");
        using var connection = Database.Open(_db, readOnly: true);
        var rows = connection.Rows("SELECT locality, count(*) FROM families GROUP BY 1 ORDER BY 1", r => (r.GetString(0), r.GetInt64(1)));
        var counts = CountTable.OneWay("Families by locality", "Locality", "Families", rows);
        var page = new ReportPage("Families " + Script, new DateOnly(2025, 10, 1))
            .AddTable(ReportTable.Counts(counts, DisclosureControl.Publication))
            .AddChart(Charts.Bar(counts, DisclosureControl.Publication));
        var (html, pdf) = (Path.Combine(_folder, "page.html"), Path.Combine(_folder, "page.pdf"));
        page.Save(html);
        await new PdfPrinter(chromium).PrintAsync(html, pdf, page.Title, page.DateText, TestContext.Current.CancellationToken);
        var text = ExternalProcess.Run("/usr/bin/pdftotext", ["-layout", pdf, "-"]).Output;

        // Hostile values print as the text they are.
        Assert.Contains(Script, text, StringComparison.Ordinal);
        Assert.Contains(Formula, text, StringComparison.Ordinal);
        // Every line naming a locality of 1 to 4 families (in the table, and in the chart's data table) shows <5, never the count.
        var small = rows.Where(r => r.Item2 is >= 1 and <= 4).Select(r => r.Item1).ToList();
        Assert.Equal(3, small.Count);
        foreach (var locality in small)
        {
            // A control character shows as its picture (U+2400 on), which a font may lack: in the PDF's text it is then
            // one character of any kind, or none.
            var printed = new Regex(string.Concat(locality.Select(c => char.IsControl(c) ? ".?" : Regex.Escape(c.ToString()))));
            var lines = text.Split('\n').Where(l => printed.IsMatch(l)).ToList();
            Assert.True(lines.Count >= 2, $"'{printed}' is printed on {lines.Count} line(s) of:\n{text}");
            Assert.All(lines, l => Assert.Contains("<5", l, StringComparison.Ordinal));
            Assert.All(lines, l => Assert.DoesNotMatch(SmallCount(), printed.Replace(l, "")));
        }
    }

    internal static void AssertNoControlCharacters(string html) =>
        Assert.DoesNotContain(html, c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));

    /// <summary>No cell of a disclosure-controlled table shows a count from 1 to 4.</summary>
    internal static void AssertNoSmallCount(string tableHtml)
    {
        Assert.NotEqual("", tableHtml);
        var numbers = NumberCell().Matches(tableHtml).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(numbers);
        Assert.DoesNotContain(numbers, n => n is "1" or "2" or "3" or "4");
        Assert.Contains("&lt;5", tableHtml);
    }

    /// <summary>A count from 1 to 4 standing alone (not part of a word, a larger number or a date).</summary>
    [GeneratedRegex(@"(?<![\w.,/])[1-4](?![\w.,/%])")]
    private static partial Regex SmallCount();

    [GeneratedRegex("""<td class="num">\s*([^<]*?)\s*</td>""")]
    private static partial Regex NumberCell();

    [GeneratedRegex("""<table>\s*<caption>Families by locality</caption>.*?</table>""", RegexOptions.Singleline)]
    internal static partial Regex TableCaptioned();

    internal static string Literal(string text) => "@\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The cells of a CSV file (quoted fields, doubled quotes, line breaks inside quotes).</summary>
    private static List<string> Cells(string csv)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') (cell, i) = (cell.Append('"'), i + 1);
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c is ',' or '\n')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (c != '\r') cell.Append(c);
        }
        if (cell.Length > 0) cells.Add(cell.ToString());
        return cells;
    }
}

/// <summary>The hostile extract's notebook: run by the headless runner, which takes the process's current directory.</summary>
[Collection(nameof(NotebookRuns))]
public sealed class HostileNotebookTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("oa-hostile-nb-").FullName;
    private readonly string _db;

    public HostileNotebookTests() => _db = HostileExtract.Shared.Value.CopyTo(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task NotebookHtml_EscapesEveryValue_AndShowsNoSmallCount()
    {
        var notebook = NotebookDocument.CreateCSharp();
        notebook.Cells.AddRange(
        [
            NotebookCell.Markdown("# Families"),
            NotebookCell.Code($"#r \"OutcomeAnalytics.dll\"\nusing OutcomeAnalytics.Engine;\nusing OutcomeAnalytics.Reporting;\nvar db = Database.Open({HostileOutputTests.Literal(_db)}, readOnly: true);"),
            NotebookCell.Code("var counts = CountTable.OneWay(\"Families by locality\", \"Locality\", \"Families\",\n"
                + "    db.Rows(\"SELECT locality, count(*) FROM families GROUP BY 1 ORDER BY 1\", r => (r.GetString(0), r.GetInt64(1))));\n"
                + "display(counts);\ndisplay(Charts.Bar(counts));"),
            NotebookCell.Code("Console.WriteLine(string.Join(\"\\n\", db.Rows(\"SELECT DISTINCT locality FROM families ORDER BY 1\", r => r.GetString(0))));\n"
                + "db.Frame(\"SELECT family_id, locality FROM families ORDER BY family_id LIMIT 20\")"),
        ]);
        var source = Path.Combine(_folder, "hostile.ipynb");
        var result = await NotebookRunner.RunAsync(notebook, source, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.Failure?.ToString());
        var written = await NotebookOutputs.WriteAsync(result, source, Path.Combine(_folder, "out"), NotebookFormats.Html, new DateOnly(2025, 10, 1),
            TestContext.Current.CancellationToken);
        var html = File.ReadAllText(written.Single().Path);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        HostileOutputTests.AssertNoControlCharacters(html);
        // The count table (the first with a count column) shows no count from 1 to 4.
        HostileOutputTests.AssertNoSmallCount(HostileOutputTests.TableCaptioned().Match(html).Value);
    }
}

/// <summary>
/// The hostile extract, generated, rewritten and loaded by <c>outcomes load</c> once per test run for the tests that
/// read it (each copies the database); its folder is removed when the run ends.
/// </summary>
internal sealed class HostileExtract
{
    public static readonly Lazy<HostileExtract> Shared = new(() => new HostileExtract());

    private readonly string _folder = Directory.CreateTempSubdirectory("oa-hostile-extract-").FullName;
    private readonly string _db;

    private HostileExtract()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left in the temporary folder: nothing to report as the process ends.
            }
        };
        var data = DatabaseIntegrity.Generate(_folder, 150, 11);
        // Ids: three families and a person take hostile ids in every file that names them.
        var ids = new Dictionary<string, string>
        {
            ["F0000001"] = HostileOutputTests.Script, ["F0000002"] = HostileOutputTests.Formula, ["F0000003"] = HostileOutputTests.Sql,
            ["F0000004"] = "@SUM(1)" + HostileOutputTests.Control,
        };
        var person = File.ReadLines(Path.Combine(data, "people.csv")).Skip(1).First().Split(',')[0];
        ids[person] = "+" + HostileOutputTests.Script;
        foreach (var file in Directory.GetFiles(data, "*.csv"))
            Rewrite(file, (_, fields) => [.. fields.Select(f => ids.GetValueOrDefault(f, f))]);
        // Localities: 2, 7, 3 and 1 families in four hostile ones (small counts among them); free text too.
        string[] localities = [HostileOutputTests.Sql, HostileOutputTests.Sql, .. Enumerable.Repeat(HostileOutputTests.Script, 7),
            HostileOutputTests.Formula, HostileOutputTests.Formula, HostileOutputTests.Formula, HostileOutputTests.Control];
        Rewrite(Path.Combine(data, "families.csv"), (row, fields) => row <= localities.Length ? [.. fields[..5], localities[row - 1], .. fields[6..]] : fields);
        string[] text = [HostileOutputTests.Script, HostileOutputTests.Formula, HostileOutputTests.Sql, HostileOutputTests.Control];
        Rewrite(Path.Combine(data, "people.csv"), (row, fields) => row % 4 == 0 ? [.. fields[..3], text[row / 4 % 4]] : fields);
        _db = Path.Combine(_folder, "hostile.duckdb");
        DatabaseIntegrity.LoadToCopy(data, _db, "--rejects", Path.Combine(_folder, "rejects.csv"));
        using var connection = Database.Open(_db);
        Assert.Equal(7, connection.Scalar<long>("SELECT count(*) FROM families WHERE locality = $1", HostileOutputTests.Script));
        Assert.Equal(1, connection.Scalar<long>("SELECT count(*) FROM families WHERE family_id = $1", HostileOutputTests.Sql));
        Assert.Equal(1, connection.Scalar<long>("SELECT count(*) FROM people WHERE person_id = $1", "+" + HostileOutputTests.Script));
    }

    /// <summary>Copies the loaded database into <paramref name="folder"/>; its path.</summary>
    public string CopyTo(string folder)
    {
        var copy = Path.Combine(folder, "hostile.duckdb");
        File.Copy(_db, copy);
        return copy;
    }

    /// <summary>Rewrites a generated CSV file row by row; row 1 is the first after the header.</summary>
    private static void Rewrite(string file, Func<int, string[], string[]> row)
    {
        var lines = File.ReadAllLines(file);
        for (var i = 1; i < lines.Length; i++)
            lines[i] = string.Join(',', row(i, [.. lines[i].Split(',').Select(Unquote)]).Select(f =>
                f.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f));
        File.WriteAllLines(file, lines);
    }

    /// <summary>A field as <see cref="Rewrite"/> wrote it (hostile values hold no comma), without its quotes.</summary>
    private static string Unquote(string field) =>
        field.Length > 1 && field[0] == '"' && field[^1] == '"' ? field[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : field;
}
