using System.Text.Json.Nodes;
using OutcomeAnalytics.Notebooks;

namespace OutcomeAnalytics.Tests.Notebooks;

/// <summary>
/// Notebook runs take the process's current directory: they run one at a time, apart from the parallel tests. The
/// demo council is written once for the collection's tests that read it, and the packages are packed (then installed and
/// run in the background) as the collection starts.
/// </summary>
[CollectionDefinition(nameof(NotebookRuns), DisableParallelization = true)]
public sealed class NotebookRuns : ICollectionFixture<DemoCouncil>, ICollectionFixture<PackedFeed>;

[Collection(nameof(NotebookRuns))]
public sealed class NotebookRunnerTests
{
    private static async Task<NotebookRunResult> Run(NotebookDocument notebook, params (string, string)[] parameters)
    {
        using var data = TestData.Empty();
        return await NotebookRunner.RunAsync(notebook, data.PathOf("test.ipynb"),
            new NotebookRunOptions { Parameters = parameters.ToDictionary(p => p.Item1, p => p.Item2) }, TestContext.Current.CancellationToken);
    }

    private static NotebookDocument Notebook(params NotebookCell[] cells)
    {
        var notebook = NotebookDocument.CreateCSharp();
        notebook.Cells.AddRange(cells);
        return notebook;
    }

    private static string Text(JsonObject output) =>
        NotebookDocument.MultilineText(output["text"] ?? output["data"]?["text/plain"]);

    [Fact]
    public async Task Run_CellsShareState_AndCaptureOutputs()
    {
        var result = await Run(Notebook(
            NotebookCell.Markdown("# Title"),
            NotebookCell.Code("#r \"OutcomeAnalytics.dll\"\nusing OutcomeAnalytics.Reporting;\nvar x = 41;"),
            NotebookCell.Code("Console.WriteLine(\"hello\");\ndisplay(CountTable.OneWay(\"Families\", \"Locality\", \"Families\", [(\"North\", 3), (\"South\", 12)]));\nx + 1")));

        Assert.True(result.Succeeded, result.Failure?.ToString());
        var outputs = result.Notebook.Cells[2].Outputs;
        Assert.Equal(["stream", "display_data", "execute_result"], outputs.Select(o => o["output_type"]!.GetValue<string>()));
        Assert.Equal("hello\n", Text(outputs[0]));
        // display(...) of a count table renders through the library's formatter, after disclosure control.
        var html = NotebookDocument.MultilineText(outputs[1]["data"]!["text/html"]);
        Assert.Contains("<caption>Families</caption>", html);
        Assert.Contains("<th scope=\"col\" class=\"num\">Families</th>", html);
        Assert.Contains("&lt;5", html);
        Assert.DoesNotContain(">3<", html);
        Assert.Contains("<5", Text(outputs[1]));
        // As in VS Code and Jupyter, the kernel formats a number as HTML only.
        Assert.Contains("<pre>42</pre>", NotebookDocument.MultilineText(outputs[2]["data"]!["text/html"]));
        Assert.Equal(2, result.Notebook.Cells[2].ExecutionCount);
        Assert.Equal(2, result.Cells.Count);
    }

    [Fact]
    public async Task Run_DataFrame_RendersAsAnHtmlTableWithItsHeaders()
    {
        var result = await Run(Notebook(NotebookCell.Code(
            "#r \"OutcomeAnalytics.dll\"\nusing OutcomeAnalytics.Engine;\nvar db = Database.Open();\ndb.Frame(\"SELECT 'North' AS locality, 12 AS families UNION ALL SELECT 'South', 7 ORDER BY 1\")")));

        Assert.True(result.Succeeded, result.Failure?.ToString());
        var data = result.Notebook.Cells[0].Outputs.Single()["data"]!;
        var html = NotebookDocument.MultilineText(data["text/html"]);
        Assert.Contains("<caption>2 rows &#215; 2 columns</caption>", html);
        Assert.Contains(">locality</th>", html);
        Assert.Contains(">families</th>", html);
        Assert.Contains("<td>South</td><td class=\"num\">7</td>", html);
        Assert.Contains("North | 12", NotebookDocument.MultilineText(data["text/plain"]));
    }

    [Fact]
    public async Task Run_Charts_RenderAsSvgFiguresWithPngAlternatives_AndScottPlotPlotsAsSvg()
    {
        var result = await Run(Notebook(
            NotebookCell.Code("#r \"OutcomeAnalytics.dll\"\nusing OutcomeAnalytics.Reporting;\n" +
                "display(Charts.Bar(\"Rate by locality\", \"Locality\", \"Rate\", [(\"North\", 0.4), (\"South\", 0.6)], ColumnFormat.Percent));"),
            NotebookCell.Code("var plot = new ScottPlot.Plot();\nplot.Add.Bars(new double[] { 1, 2 });\nplot.Axes.Left.Label.Text = \"Points\";\nplot")));

        Assert.True(result.Succeeded, result.Failure?.ToString());
        var chart = result.Notebook.Cells[0].Outputs.Single()["data"]!.AsObject();
        Assert.Equal(["text/html", "image/svg+xml", "image/png", "text/plain"], chart.Select(p => p.Key));
        var figure = NotebookDocument.MultilineText(chart["text/html"]);
        Assert.StartsWith("<figure class=\"chart\"", figure);
        Assert.Contains("<svg", figure);
        Assert.DoesNotContain("<script", figure);
        var svg = System.Xml.Linq.XDocument.Parse(NotebookDocument.MultilineText(chart["image/svg+xml"])).Root!;
        Assert.Equal("img", svg.Attribute("role")!.Value);
        Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "text" && e.Value == "Rate by locality");
        var png = Convert.FromBase64String(chart["image/png"]!.GetValue<string>());
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));

        var plot = result.Notebook.Cells[1].Outputs.Single()["data"]!.AsObject();
        Assert.Equal(["image/svg+xml", "image/png", "text/plain"], plot.Select(p => p.Key));
        Assert.Contains(System.Xml.Linq.XDocument.Parse(NotebookDocument.MultilineText(plot["image/svg+xml"])).Root!.Descendants(),
            e => e.Name.LocalName == "text" && e.Value.Trim() == "Points");
        Assert.Equal("ScottPlot chart (Points)", Text(result.Notebook.Cells[1].Outputs.Single()));
    }

    [Fact]
    public async Task Run_NugetReference_RestoresThePackageAndUsesIt()
    {
        // The package is restored from the configured package source (as in VS Code and Jupyter).
        var result = await Run(Notebook(
            NotebookCell.Code("#r \"nuget:Humanizer.Core, 2.14.1\""),
            NotebookCell.Code("using Humanizer;\n\"SupportedFamilies\".Humanize()")));

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal("Supported families", Text(result.Notebook.Cells[1].Outputs.Single()));
    }

    [Fact]
    public async Task Parameters_Overrides_AreInjectedAfterTheParametersCell_TypedLikeTheDefaults()
    {
        var result = await Run(Notebook(
            NotebookCell.Code("int year = 2023;\nstring locality = \"North\";\nbool protect = true;\ndouble rate = 0.5;\nDateOnly asAt = new DateOnly(2024, 3, 31);", "parameters"),
            NotebookCell.Code("$\"{year + 1} {locality} {protect} {rate * 2} {asAt:yyyy-MM-dd}\"")),
            ("year", "2024"), ("locality", "South \"quoted\""), ("protect", "false"), ("rate", "0.25"), ("asAt", "2025-03-31"));

        Assert.True(result.Succeeded, result.Failure?.ToString());
        var injected = result.Notebook.Cells[1];
        Assert.True(injected.HasTag("injected-parameters"));
        Assert.Contains("year = 2024;", injected.Source);
        Assert.Equal("2025 South \"quoted\" False 0.5 2025-03-31", Text(result.Notebook.Cells[2].Outputs.Single()));
    }

    [Fact]
    public async Task Parameters_WrongType_IsRejectedNamingTheParameter()
    {
        var notebook = Notebook(NotebookCell.Code("int year = 2023;", "parameters"), NotebookCell.Code("year"));
        var e = await Assert.ThrowsAsync<NotebookParameterException>(() => Run(notebook, ("year", "last")));
        Assert.Contains("--param year=last: 'last' is not a whole number", e.Message);
    }

    [Theory]
    [InlineData("rate", "NaN", "a number")]
    [InlineData("rate", "1e400", "a number")]
    [InlineData("day", "42", "one of Sunday")]
    public async Task Parameters_ValuesWithNoLiteral_AreUsageErrors(string name, string value, string expected)
    {
        var notebook = Notebook(NotebookCell.Code("double rate = 0.5;\nDayOfWeek day = DayOfWeek.Monday;", "parameters"));
        var e = await Assert.ThrowsAsync<NotebookParameterException>(() => Run(notebook, (name, value)));
        Assert.Contains($"--param {name}={value}: '{value}' is not {expected}", e.Message);
    }

    [Fact]
    public async Task Run_JsonOutputs_AreStoredAsJson_AndCrlfCellsStillReferenceTheLoadedLibrary()
    {
        var result = await Run(Notebook(
            NotebookCell.Code("#r \"../somewhere/OutcomeAnalytics.dll\"\r\nusing OutcomeAnalytics.Reporting;\r\nvar x = 1;"),
            NotebookCell.Code("display(System.Text.Json.JsonDocument.Parse(\"{\\\"a\\\": 1}\").RootElement, \"application/json\");")));

        Assert.True(result.Succeeded, result.Failure?.ToString());
        var json = result.Notebook.Cells[1].Outputs.Single()["data"]!["application/json"];
        Assert.IsType<System.Text.Json.Nodes.JsonObject>(json);
        Assert.Equal(1, json!["a"]!.GetValue<int>());
    }

    [Fact]
    public async Task Parameters_UnknownName_IsRejectedListingTheParameters()
    {
        var notebook = Notebook(NotebookCell.Code("int year = 2023;\nstring locality = \"North\";", "parameters"));
        var e = await Assert.ThrowsAsync<NotebookParameterException>(() => Run(notebook, ("yeer", "2024")));
        Assert.Contains("its parameters are: year, locality", e.Message);
    }

    [Fact]
    public async Task Run_CompileError_StopsNamingTheCellAndLine()
    {
        var result = await Run(Notebook(
            NotebookCell.Markdown("intro"),
            NotebookCell.Code("var a = 1;"),
            NotebookCell.Code("var b = 2;\nvar c = undefinedName;"),
            NotebookCell.Code("var never = 3;")));

        Assert.False(result.Succeeded);
        Assert.Equal(3, result.Failure!.CellNumber);
        Assert.Equal(2, result.Failure.Line);
        Assert.Contains("CS0103", result.Failure.Message);
        Assert.Equal("error", result.Notebook.Cells[2].Outputs.Last()["output_type"]!.GetValue<string>());
        Assert.Null(result.Notebook.Cells[3].ExecutionCount);
    }

    [Fact]
    public async Task Run_Exception_StopsNamingTheCellAndLine()
    {
        var result = await Run(Notebook(
            NotebookCell.Code("int Divide(int x, int y) => x / y;"),
            NotebookCell.Code("var ok = 1;\nConsole.WriteLine(\"before\");\nvar bad = Divide(1, ok - 1);")));

        Assert.Equal(2, result.Failure!.CellNumber);
        Assert.Equal(3, result.Failure.Line);
        Assert.Equal("cell 2, line 3: DivideByZeroException: Attempted to divide by zero.", result.Failure.ToString());
        Assert.Equal("before\n", Text(result.Notebook.Cells[1].Outputs[0]));
    }

    [Fact]
    public void Document_RoundTrip_KeepsPolyglotMetadataAndTags()
    {
        var notebook = Notebook(NotebookCell.Code("int year = 2023;", "parameters"), NotebookCell.Markdown("text\nmore"));
        var again = NotebookDocument.Parse(notebook.ToJson());
        Assert.Equal("csharp", again.Metadata["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());
        Assert.Equal("csharp", again.Cells[0].Metadata["polyglot_notebook"]!["kernelName"]!.GetValue<string>());
        Assert.True(again.Cells[0].HasTag("parameters"));
        Assert.Equal("text\nmore", again.Cells[1].Source);
        Assert.Equal(notebook.ToJson(), again.ToJson());
    }

    [Fact]
    public void Document_NotNbformat4_IsRejectedNamingTheFile()
    {
        var e = Assert.Throws<NotebookFormatException>(() => NotebookDocument.Parse("{\"nbformat\": 3, \"cells\": []}", "old.ipynb"));
        Assert.StartsWith("old.ipynb: only nbformat 4", e.Message);
    }
}
