using System.Globalization;
using System.Text.RegularExpressions;
using OutcomeAnalytics.Cli;
using OutcomeAnalytics.Cohorts;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Generation;
using OutcomeAnalytics.Impact;
using OutcomeAnalytics.Loading;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Reporting;
using OutcomeAnalytics.Reports;
using OutcomeAnalytics.Tests.Cli;
using OutcomeAnalytics.Tests.Generation;

[assembly: AssemblyFixture(typeof(OutcomeAnalytics.Tests.Reports.BoardDatabase))]

namespace OutcomeAnalytics.Tests.Reports;

/// <summary>
/// A small generated council (400 families) loaded into a database file on first use, shared by the board report
/// tests, which only read it (the report opens it read-only); removed when the run ends.
/// </summary>
public sealed class BoardDatabase : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "oa-board-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly Lazy<DateOnly> _asAt;
    private readonly Lazy<BoardReport> _defaultReport;

    public BoardDatabase()
    {
        _defaultReport = new(() => Build(null, null));
        _asAt = new(() =>
        {
            var generated = ExtractGenerator.Generate(new GenerateOptions { Families = 400, Seed = 7 }, Path.Combine(_folder, "extracts"));
            using var connection = Database.Open(Path.Combine(_folder, "board.duckdb"));
            new DataLoader().Load(connection, Path.Combine(_folder, "extracts"), new LoadOptions { Clock = GeneratedExtract.ClockAfter(generated.AsAt) });
            return generated.AsAt;
        });
    }

    /// <summary>The folder holding the extracts and the database (the tests write their outputs beside them).</summary>
    public string Folder
    {
        get
        {
            _ = _asAt.Value;
            return _folder;
        }
    }

    /// <summary>The database file.</summary>
    public string Path_ => Path.Combine(Folder, "board.duckdb");

    /// <summary>The extract date; the first to ask generates and loads the council.</summary>
    public DateOnly AsAt => _asAt.Value;

    public string AsAtText => AsAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The report on this database, under <paramref name="control"/>. The report with neither given is built once and
    /// shared: a built report is only read.
    /// </summary>
    public BoardReport Report(DisclosureControl? control = null, Period? period = null) =>
        control is null && period is null ? _defaultReport.Value : Build(control, period);

    private BoardReport Build(DisclosureControl? control, Period? period)
    {
        using var connection = Database.Open(Path_, readOnly: true);
        var phase3 = FrameworkLoader.Get("phase3");
        using var evaluation = Evaluator.Run(connection, phase3, phase3.Bind(), AsAt, details: false);
        return BoardReport.Build(connection, evaluation, "Test council", period, control);
    }

    public void Dispose()
    {
        try { if (Directory.Exists(_folder)) Directory.Delete(_folder, true); }
        catch (IOException) { }
    }
}

public sealed class BoardReportTests(BoardDatabase database)
{
    [Fact]
    public void Claims_ReconcileWithOutcomesClaims_ByStatus()
    {
        var report = database.Report();
        var claims = ClaimsCsv();
        foreach (var (status, label) in BoardReport.ClaimStatuses)
        {
            var row = report.Claims.Source.RowLabels.ToList().IndexOf(label);
            Assert.Equal(claims.Count(c => c.Status == status), report.Claims.Source[row, 0]);
        }
        Assert.Equal(claims.Count, report.Claims.Source.GrandTotal);
        // Due by the end of the next quarter: pending claims with a due date after the evaluation date.
        Assert.Equal(claims.Count(c => c.Status == "pending" && c.Due > database.AsAt && c.Due <= report.NextQuarter.To), report.ClaimsDue.Source.GrandTotal);
        AssertShownEqualsProtected(report.Claims);
        AssertShownEqualsProtected(report.ClaimsDue);
    }

    [Fact]
    public void NeedsPerHeadline_ReconcileWithOutcomesEvaluate()
    {
        var report = database.Report();
        var needs = NeedsCsv();
        var phase3 = FrameworkLoader.Get("phase3");
        for (var h = 0; h < phase3.Headlines.Count; h++)
        {
            var codes = phase3.Needs.Where(n => n.Headline == phase3.Headlines[h].Number).Select(n => n.Code).ToHashSet();
            for (var s = 0; s < BoardReport.NeedStatuses.Count; s++)
                Assert.Equal(needs.Count(n => codes.Contains(n.Code) && n.Status == BoardReport.NeedStatuses[s].Status), report.Needs.Source[h, s]);
        }
        Assert.Equal(needs.Count, report.Needs.Source.GrandTotal);
        var met = needs.Count(n => n.Status == "met");
        var decided = met + needs.Count(n => n.Status == "not_met");
        Assert.Equal(met / (double)decided, report.OverallRate.Rate!.Value.Value, 12);
        // The table shows exactly the protected figures, and the shares rest on shown counts only.
        var html = report.HeadlineTable().ToHtml();
        for (var h = 0; h <= phase3.Headlines.Count; h++)
            for (var s = 0; s <= BoardReport.NeedStatuses.Count; s++)
                Assert.Contains($">{System.Net.WebUtility.HtmlEncode(report.Needs[h, s].Text)}</td>", html);
        Assert.All(report.HeadlineRates.Zip(Enumerable.Range(0, phase3.Headlines.Count)), x =>
            Assert.True(x.First.Rate is null || (report.Needs[x.Second, 0].Value is not null && report.Needs[x.Second, 1].Value is not null)));
    }

    [Fact]
    public void Families_ReconcileWithTheFamiliesTable()
    {
        var report = database.Report(period: Period.Parse("2024/25 Q3"));
        using var connection = Database.Open(database.Path_, readOnly: true);
        var families = connection.Rows("SELECT attached_date, closure_date FROM families", r => (A: r.GetFieldValue<DateOnly>(0), C: r.Field<DateOnly?>(1)));
        var (from, to) = (new DateOnly(2024, 10, 1), new DateOnly(2024, 12, 31));
        var supported = families.Where(f => f.A <= to && (f.C is null || f.C >= from)).ToList();
        var t = report.Families.Source;
        Assert.Equal(supported.Count, t.GrandTotal);
        Assert.Equal(supported.Count(f => f.A >= from), t.RowTotal(1));
        Assert.Equal(supported.Count(f => f.C <= to), t.ColumnTotal(0));
        Assert.Equal(supported.Count(f => f.C is null || f.C > to), t.ColumnTotal(1));
        AssertShownEqualsProtected(report.Families);
    }

    [Fact]
    public void EveryCount_IsProtected_NoCellShowsOneToFour_AndHiddenRawCountsShowAsSymbols()
    {
        var report = database.Report();
        var tables = Tables(report);
        // The small council has small counts somewhere: the check is not vacuous.
        Assert.Contains(tables, t => t.AnyHidden);
        foreach (var table in tables)
            for (var r = 0; r <= table.Source.RowCount; r++)
                for (var c = 0; c <= table.Source.ColumnCount; c++)
                {
                    var raw = Raw(table.Source, r, c);
                    var shown = table[r, c];
                    if (raw is >= 1 and <= 4) Assert.NotEqual(CellProtection.Shown, shown.Protection);
                    if (shown.Value is { } v) Assert.Equal(raw, v);
                }
        // Every count cell of every table and chart the report renders, and every sentence.
        var page = Page(report).ToHtml();
        foreach (Match cell in Regex.Matches(page, "<td class=\"num[^\"]*\">([^<]*)</td>"))
            Assert.False(cell.Groups[1].Value is "1" or "2" or "3" or "4", $"a count cell shows {cell.Groups[1].Value}");
        foreach (var sentence in report.Summary) Assert.DoesNotMatch(SmallCount, WithoutDatesAndShares(sentence));
    }

    [Fact]
    public void Summary_IsFiveSentences_StatingOnlyShownFigures()
    {
        var report = database.Report();
        Assert.Equal(5, report.Summary.Count);
        Assert.All(report.Summary, s => Assert.EndsWith(".", s));
        // Counts of the tables, and needs judged (met plus not met, both shown).
        var shown = Tables(report).SelectMany(t => Figures(t)).Append(report.OverallRate.Denominator).Where(f => f.Value is not null).Select(f => f.Text).ToHashSet();
        foreach (Match number in Regex.Matches(string.Join(" ", report.Summary.Select(WithoutDatesAndShares)), @"\b\d[\d,]*\b"))
            Assert.Contains(number.Value, shown);
        Assert.DoesNotContain(report.Summary, s => s.Contains(DisclosureControl.SecondaryText, StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutControl_NothingIsHidden_AndFiguresEqualTheProtectedOnesWhereShown()
    {
        var open = database.Report(DisclosureControl.None);
        var controlled = database.Report();
        Assert.All(Tables(open), t => Assert.False(t.AnyHidden));
        foreach (var (a, b) in Tables(open).Zip(Tables(controlled)))
            foreach (var (x, y) in Figures(a).Zip(Figures(b)))
                if (y.Value is not null) Assert.Equal(x.Value, y.Value);
    }

    [Fact]
    public void Impact_DidAndPsmPerOutcome_AsTheImpactAnalysisGivesThem_ReadInWords()
    {
        var report = database.Report();
        var table = report.ImpactTable();
        Assert.Equal(2 * ImpactOutcome.All.Count, table.Rows.Count);
        using var connection = Database.Open(database.Path_, readOnly: true);
        var analysis = ImpactAnalysis.Run(connection, new ImpactOptions { AsAt = database.AsAt, Designs = [ImpactDesign.Did, ImpactDesign.Psm] });
        var control = DisclosureControl.Publication;
        foreach (var (row, e) in table.Rows.Zip(ImpactOutcome.All.SelectMany(o => analysis.Estimates.Where(e => e.Outcome == o))))
        {
            Assert.StartsWith(e.Outcome.Name + " (", (string)row[0]!, StringComparison.Ordinal);
            Assert.Equal(e.Design == ImpactDesign.Did ? "Difference in differences" : "Matched families", row[1]);
            var shown = e.Published(control);
            Assert.Equal(shown?.Estimate, (double?)row[2]);
            var reading = (string)row[5]!;
            if (shown is not { } v) Assert.StartsWith("N", reading, StringComparison.Ordinal);
            else if (!v.Excludes(0)) Assert.Equal("No clear difference from the waiting list", reading);
            else if (!reading.StartsWith("Not to be trusted", StringComparison.Ordinal))
                Assert.Equal(v.Estimate > 0 == e.Outcome.HigherIsBetter ? "Better with support than without" : "Worse with support than without", reading);
        }
        // At council size the headline outcome has figures under both designs.
        Assert.All(table.Rows.Take(2), r => Assert.IsType<double>(r[2]));
        var words = report.ImpactText().ToHtml();
        Assert.Contains("did and psm compare supported families with families waiting to start", words, StringComparison.Ordinal);
        Assert.DoesNotContain("prepost", words, StringComparison.Ordinal);
    }

    [Fact]
    public void Period_AfterTheEvaluationDate_IsRefused() =>
        Assert.Throws<ArgumentException>(() => database.Report(period: Period.QuarterOf(database.AsAt.AddMonths(4))));

    [Fact]
    public void Page_IsAccessible_HeadingsInOrder_ChartsWithTextAndData_TableHeadersScoped()
    {
        var html = Page(database.Report()).ToHtml();
        AssertAccessible(html);
    }

    [Fact]
    public void Parameters_ListEveryParameterWithTheValueUsed()
    {
        using var connection = Database.Open(database.Path_, readOnly: true);
        var phase3 = FrameworkLoader.Get("phase3");
        using var evaluation = Evaluator.Run(connection, phase3, phase3.Bind([new("attendance_threshold", "95")]), database.AsAt, details: false);
        var report = BoardReport.Build(connection, evaluation);
        Assert.Equal(phase3.Parameters.Select(p => p.Name), report.Parameters.Select(p => p.Name));
        var changed = Assert.Single(report.Parameters, p => p.Changed);
        Assert.Equal(("attendance_threshold", "95", "90"), (changed.Name, changed.Value, changed.Default));
        Assert.Contains("attendance_threshold = 95 (default 90)", report.MethodText().Text);
        Assert.StartsWith("Local authority E0", report.Council);
    }

    /// <summary>Accessibility basics of a page: language, one h1, headings without skips, charts with text and data, scoped headers, no code.</summary>
    internal static void AssertAccessible(string html)
    {
        Assert.Contains("<html lang=\"en-GB\">", html);
        var levels = Regex.Matches(html, "<h([1-6])[ >]").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(1, levels[0]);
        Assert.Single(levels, l => l == 1);
        for (var i = 1; i < levels.Count; i++) Assert.True(levels[i] <= levels[i - 1] + 1, $"heading h{levels[i]} follows h{levels[i - 1]}");
        var figures = Regex.Matches(html, "<figure class=\"chart\".*?</figure>", RegexOptions.Singleline);
        Assert.NotEmpty(figures);
        foreach (Match figure in figures)
        {
            Assert.Matches("<svg [^>]*role=\"img\"[^>]*aria-label=\"[^\"]{20,}\"", figure.Value);
            Assert.Matches("<figcaption>.*chart-summary\">[^<]{20,}<", figure.Value);
            Assert.Matches("<details class=\"chart-data[^\"]*\"><summary>Data for this chart</summary>\\s*<div class=\"table-wrap\"[^>]*>\\s*<table", figure.Value);
        }
        foreach (Match head in Regex.Matches(html, "<thead>(.*?)</thead>", RegexOptions.Singleline))
            Assert.All(Regex.Matches(head.Groups[1].Value, "<th[ >][^>]*").Select(m => m.Value), th => Assert.Contains("scope=\"col\"", th));
        Assert.All(Regex.Matches(html, "<caption>([^<]*)</caption>"), m => Assert.NotEmpty(m.Groups[1].Value.Trim()));
        Assert.DoesNotContain("language-csharp", html);
    }

    /// <summary>Numbers 1 to 4 standing alone: dates, quarters, shares and codes are taken out first.</summary>
    internal static readonly Regex SmallCount = new(@"(?<![\d.,/])\b[1-4]\b(?![\d.,%/])");

    internal static string WithoutDatesAndShares(string text)
    {
        text = Regex.Replace(text, @"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b", "DATE");
        text = Regex.Replace(text, @"\b\d{4}/\d{2}( Q[1-4])?", "PERIOD");
        text = Regex.Replace(text, @"\b\d{4}\b", "YEAR");
        text = Regex.Replace(text, @"\b\d+(\.\d+)?%", "SHARE");
        return Regex.Replace(text, @"95% interval|fewer than 5", "");
    }

    private static ReportPage Page(BoardReport report)
    {
        var page = new ReportPage(report.Title, report.AsAt).AddHtml(report.TitlePage().ToHtml()).AddHeading("Summary").AddHtml(report.SummaryText().ToHtml())
            .AddHeading("Families").AddTable(report.FamiliesTable()).AddHeading("Claims").AddTable(report.ClaimsTable()).AddTable(report.ClaimsDueTable())
            .AddChart(report.ClaimsDueChart()).AddHeading("Outcomes").AddTable(report.HeadlineTable()).AddChart(report.HeadlineChart())
            .AddChart(report.TrendChart()).AddTable(report.TrendTable());
        if (report.LocalityChart() is { } localities) page.AddChart(localities);
        page.AddHeading("Impact").AddTable(report.ImpactTable()).AddHtml(report.ImpactText().ToHtml());
        page.AddHeading("Reasons").AddTable(report.NotMetTable()).AddHeading("Data quality").AddHeading("Rejected rows", 3);
        if (report.LoadsTable() is { } loads) page.AddTable(loads);
        return page.AddHeading("Needs not judged", 3).AddTable(report.UndecidedTable()).AddHeading("Method").AddHtml(report.MethodText().ToHtml())
            .AddHtml(report.ParametersList().ToHtml()).AddTable(report.ParametersTable()).AddHeading("Glossary").AddHtml(BoardReport.Glossary().ToHtml());
    }

    private static List<ProtectedTable> Tables(BoardReport report) =>
        [report.Families, report.Claims, report.ClaimsMade, report.ClaimsDue, report.Needs, report.NotMetReasons, report.UndecidedReasons, .. report.Loads is { } l ? [l] : Array.Empty<ProtectedTable>()];

    private static IEnumerable<DisclosedCount> Figures(ProtectedTable table)
    {
        for (var r = 0; r <= table.Source.RowCount; r++)
            for (var c = 0; c <= table.Source.ColumnCount; c++)
                yield return table[r, c];
    }

    private static long Raw(CountTable table, int r, int c) => (r == table.RowCount, c == table.ColumnCount) switch
    {
        (false, false) => table[r, c],
        (false, true) => table.RowTotal(r),
        (true, false) => table.ColumnTotal(c),
        _ => table.GrandTotal,
    };

    /// <summary>What the report's table renders is what protection allows, figure by figure.</summary>
    private static void AssertShownEqualsProtected(ProtectedTable table)
    {
        var html = table.ToReportTable().ToHtml();
        foreach (var figure in Figures(table)) Assert.Contains($">{System.Net.WebUtility.HtmlEncode(figure.Text)}</", html);
    }

    private List<(string Family, string Status, DateOnly? Due)> ClaimsCsv()
    {
        var file = Path.Combine(database.Folder, $"claims-{Guid.NewGuid():N}.csv");
        var (code, _, error) = CliTests.Run("claims", "--as-at", database.AsAtText, "--db", database.Path_, "--out", file);
        Assert.True(code == 0, error);
        return [.. File.ReadAllLines(file).Skip(1).Select(l => l.Split(',')).Select(f => (f[0], f[1], f[4].Length == 0 ? (DateOnly?)null : DateOnly.Parse(f[4], CultureInfo.InvariantCulture)))];
    }

    private List<(string Code, string Status)> NeedsCsv()
    {
        var file = Path.Combine(database.Folder, $"needs-{Guid.NewGuid():N}.csv");
        var (code, _, error) = CliTests.Run("evaluate", "--as-at", database.AsAtText, "--db", database.Path_, "--out", file);
        Assert.True(code == 0, error);
        // family_id, need_code, person_id and status come first and hold no commas.
        return [.. File.ReadLines(file).Skip(1).Select(l => l.Split(',', 5)).Select(f => (f[1], f[3]))];
    }
}

/// <summary><c>outcomes report board</c>: usage errors, the HTML without code, and the PDF (with Chromium) page by page.</summary>
[Collection(nameof(OutcomeAnalytics.Tests.Reporting.Browser))]
public sealed class BoardReportCliTests(BoardDatabase database)
{
    [Theory]
    [InlineData("2025-Q2", "2025/26 Q2")]
    [InlineData("2025Q3", "2025/26 Q3")]
    [InlineData("2025/26 Q5", "2025/26 Q2")]
    [InlineData("2025/26", "2025/26 Q2")]
    public void BadPeriod_ExitsTwo_SuggestingTheFinancialQuarter(string period, string suggested)
    {
        var (code, _, error) = CliTests.Run("report", "board", "--db", database.Path_, "--as-at", database.AsAtText, "--period", period, "--out", database.Folder);
        Assert.Equal(ExitCodes.UsageOrFatal, code);
        Assert.StartsWith("error: --period:", error);
        Assert.Contains(suggested, error);
    }

    [Fact]
    public void CalendarQuarter_IsRefused_NamingBothReadings()
    {
        var (_, _, error) = CliTests.Run("report", "board", "--db", database.Path_, "--as-at", database.AsAtText, "--period", "2025-Q2");
        Assert.Contains("2025/26 Q1, April to June 2025", error);
        Assert.Contains("2025/26 Q2, July to September 2025", error);
    }

    [Theory]
    [InlineData("--as-at", "30/09/2025")]
    [InlineData("--db", "missing.duckdb")]
    [InlineData("--format", "docx")]
    public void BadUsage_ExitsTwo(string option, string value)
    {
        string[] args = ["report", "board", "--db", database.Path_, "--as-at", database.AsAtText, "--out", database.Folder];
        var i = Array.IndexOf(args, option);
        if (i >= 0) args[i + 1] = option == "--db" ? Path.Combine(database.Folder, value) : value;
        else args = [.. args, option, value];
        var (code, _, error) = CliTests.Run(args);
        Assert.Equal(ExitCodes.UsageOrFatal, code);
        Assert.StartsWith("error: ", error);
    }

    [Fact]
    public void MissingDatabaseOption_ExitsTwo() =>
        Assert.Equal(ExitCodes.UsageOrFatal, CliTests.Run("report", "board", "--as-at", database.AsAtText).Code);

    [Fact]
    public async Task Report_WritesHtmlAndPdf_WithoutCode_TitledOnEveryPage_AndNoSmallCountShown()
    {
        var folder = Path.Combine(database.Folder, "out-" + Guid.NewGuid().ToString("N")[..8]);
        var withPdf = File.Exists("/usr/bin/chromium") && File.Exists("/usr/bin/pdftotext");
        var (code, output, error) = CliTests.Run("report", "board", "--db", database.Path_, "--as-at", database.AsAtText, "--la-name", "Test council",
            "--out", folder, "--format", withPdf ? "html,pdf" : "html", "--quiet");
        Assert.True(code == ExitCodes.Success, error + output);
        var html = await File.ReadAllTextAsync(Path.Combine(folder, "board-report.html"), TestContext.Current.CancellationToken);
        BoardReportTests.AssertAccessible(html);
        var period = Period.QuarterOf(database.AsAt).Label;
        Assert.Contains($"<title>Supporting Families outcomes: Test council, {period}</title>", html);
        Assert.DoesNotContain("<details class=\"code\"", html);
        Assert.DoesNotContain("#r ", html);
        Assert.DoesNotContain("class=\"output output-error\"", html);
        foreach (Match cell in Regex.Matches(html, "<td class=\"num[^\"]*\">([^<]*)</td>"))
            Assert.False(cell.Groups[1].Value is "1" or "2" or "3" or "4", $"a count cell shows {cell.Groups[1].Value}");
        if (!withPdf) Assert.Skip("Chromium or poppler-utils is not installed, so the PDF was not checked: apt-get install -y chromium poppler-utils fonts-dejavu-core");

        var pdf = Path.Combine(folder, "board-report.pdf");
        var pages = ExternalText("/usr/bin/pdftotext", "-layout", pdf, "-").Split('\f').Where(p => p.Trim().Length > 0).ToList();
        Assert.InRange(pages.Count, 6, 12);
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.Contains($"Supporting Families outcomes: Test council, {period}", pages[i]);
            Assert.Contains($"Page {i + 1} of {pages.Count}", pages[i]);
        }
        var text = string.Join("\n", pages);
        Assert.DoesNotContain("using OutcomeAnalytics", text);
        Assert.DoesNotContain("BoardReport.", text);
        // Lines with words (table rows, sentences; not the fragments of rotated axis labels) before the method's parameters.
        var body = text[..text.IndexOf("Method and parameters", StringComparison.Ordinal)];
        foreach (var line in body.Split('\n').Where(l => Regex.IsMatch(l, "[A-Za-z]{3}") && !Regex.IsMatch(l, @"Page \d+ of \d+")))
            Assert.DoesNotMatch(BoardReportTests.SmallCount, BoardReportTests.WithoutDatesAndShares(line));
    }

    [Fact]
    public void Demo_EndsWithTheBoardReport_AndPrintsItsPath()
    {
        var folder = Path.Combine(database.Folder, "demo-" + Guid.NewGuid().ToString("N")[..8]);
        var (code, output, error) = CliTests.Run("demo", "--families", "300", "--out", folder);
        Assert.True(code == ExitCodes.Success, error);
        var chromium = PdfPrinter.FindChromium() is not null;
        var report = Path.Combine(folder, chromium ? "board-report.pdf" : "board-report.html");
        Assert.Contains($"Board report: {report}", output);
        Assert.True(File.Exists(report));
        Assert.True(File.Exists(Path.Combine(folder, "board-report.html")));
        if (!chromium) Assert.Contains("No PDF: Chromium was not found", output);
        Assert.Contains("Demo council (synthetic data)", File.ReadAllText(Path.Combine(folder, "board-report.html")));
    }

    [Fact]
    public void NotebookHtml_HideCode_FromMetadataOrOption_LeavesOutputsOnly()
    {
        var notebook = OutcomeAnalytics.Notebooks.NotebookDocument.CreateCSharp();
        var cell = OutcomeAnalytics.Notebooks.NotebookCell.Code("var secret = 42;\nsecret");
        cell.Outputs.Add(new System.Text.Json.Nodes.JsonObject { ["output_type"] = "execute_result", ["data"] = new System.Text.Json.Nodes.JsonObject { ["text/plain"] = "42" } });
        notebook.Cells.Add(cell);
        notebook.Cells.Add(OutcomeAnalytics.Notebooks.NotebookCell.Code("var quiet = 1;"));
        var date = new DateOnly(2025, 9, 30);
        Assert.Contains("var secret", OutcomeAnalytics.Notebooks.NotebookHtml.Render(notebook, date).ToHtml());
        var hidden = OutcomeAnalytics.Notebooks.NotebookHtml.Render(notebook, date, hideCode: true).ToHtml();
        Assert.DoesNotContain("var secret", hidden);
        Assert.DoesNotContain("<section class=\"cell\">\n</section>", hidden);
        Assert.Contains(">42</pre>", hidden);
        notebook.Metadata[OutcomeAnalytics.Notebooks.NotebookHtml.MetadataKey] = new System.Text.Json.Nodes.JsonObject { ["hide_code"] = true };
        Assert.True(OutcomeAnalytics.Notebooks.NotebookHtml.HidesCode(notebook));
        Assert.DoesNotContain("var secret", OutcomeAnalytics.Notebooks.NotebookHtml.Render(notebook, date).ToHtml());
        Assert.Contains("var secret", OutcomeAnalytics.Notebooks.NotebookHtml.Render(notebook, date, hideCode: false).ToHtml());
    }

    private static string ExternalText(string program, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
