using OutcomeAnalytics.Cli;
using OutcomeAnalytics.Notebooks;

namespace OutcomeAnalytics.Tests.Notebooks;

/// <summary>Every notebook in notebooks/ runs headlessly (this is how CI runs them).</summary>
[Collection(nameof(NotebookRuns))]
public sealed class AllNotebooksTests(DemoCouncil demo)
{
    public static TheoryData<string> AllNotebooks() =>
        [.. Directory.GetFiles(Path.Combine(Repository.Root, "notebooks"), "*.ipynb").Select(f => Path.GetFileName(f)).Order()];

    /// <summary>
    /// Each notebook's headless run, made once and shared by the tests that check it (its outputs and its agreement
    /// with Jupyter's run): the tests of this collection run one at a time.
    /// </summary>
    private static readonly Dictionary<string, Task<NotebookRunResult>> HeadlessRuns = [];

    private static Task<NotebookRunResult> HeadlessRun(string name)
    {
        if (!HeadlessRuns.TryGetValue(name, out var run) || run.IsFaulted || run.IsCanceled)
            HeadlessRuns[name] = run = NotebookRunner.RunAsync(Path.Combine(Repository.Root, "notebooks", name), cancellationToken: CancellationToken.None);
        return run;
    }

    [Theory]
    [MemberData(nameof(AllNotebooks))]
    public async Task Notebook_RunsHeadlessly_AndWritesValidOutputs(string name)
    {
        using var data = TestData.Empty();
        var path = Path.Combine(Repository.Root, "notebooks", name);
        var result = await HeadlessRun(name);
        Assert.True(result.Succeeded, $"{name} {result.Failure}");
        var written = await NotebookOutputs.WriteAsync(result, path, data.Folder, NotebookFormats.Html | NotebookFormats.Ipynb,
            new DateOnly(2025, 1, 16), TestContext.Current.CancellationToken);
        Assert.Equal(2, written.Count);
        var html = File.ReadAllText(written.Single(w => w.Path.EndsWith(".html", StringComparison.Ordinal)).Path);
        Assert.DoesNotContain("class=\"output output-error\"", html);
        var executed = written.Single(w => w.Path.EndsWith(".ipynb", StringComparison.Ordinal)).Path;
        Assert.All(NotebookDocument.Load(executed).Cells.Where(c => c.IsCode), c => Assert.NotNull(c.ExecutionCount));
        ValidateWithNbformat(executed);
    }

    [Fact]
    public void GettingStarted_FirstCell_ReferencesTheLibraryBuildByARelativePath()
    {
        var notebook = NotebookDocument.Load(Path.Combine(Repository.Root, "notebooks", "00-getting-started.ipynb"));
        var first = notebook.Cells.First(c => c.IsCode).Source;
        Assert.StartsWith("#r \"../artifacts/bin/OutcomeAnalytics/", first);
        Assert.Contains(notebook.Cells, c => c.HasTag("parameters"));
        Assert.Equal(".net-csharp", notebook.Metadata["kernelspec"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Cli_NotebookRun_WithAParameter_WritesHtmlAndIpynb()
    {
        using var data = TestData.Empty();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = OutcomesCli.Run(["notebook", "run", Path.Combine(Repository.Root, "notebooks", "00-getting-started.ipynb"),
            "--param", "protectSmallNumbers=false", "--out", data.Folder, "--quiet"], stdout, stderr);
        Assert.True(code == ExitCodes.Success, stderr.ToString());
        var executed = NotebookDocument.Load(data.PathOf("00-getting-started.ipynb"));
        Assert.Contains(executed.Cells, c => c.HasTag("injected-parameters") && c.Source.Contains("protectSmallNumbers = false;"));
        Assert.True(File.Exists(data.PathOf("00-getting-started.html")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CohortExplorer_OnAGeneratedCouncil_ShowsProfileRatesNearlyThereAndTheComparison(bool protect)
    {
        var result = await NotebookRunner.RunAsync(Path.Combine(Repository.Root, "notebooks", "10-cohort-explorer.ipynb"), new NotebookRunOptions
        {
            Parameters = new Dictionary<string, string>
            {
                ["database"] = demo.Database, ["asAt"] = demo.AsAtText,
                ["cohort"] = "closed", ["compareWith"] = "child_under_5", ["protectSmallNumbers"] = protect ? "true" : "false",
            },
        }, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        var outputs = result.Notebook.Cells.Where(c => c.IsCode).SelectMany(c => c.Outputs).ToList();
        string Html(System.Text.Json.Nodes.JsonObject o) => NotebookDocument.MultilineText(o["data"]?["text/html"] ?? o["data"]?["text/markdown"] ?? o["text"]);
        var all = string.Join("\n", outputs.Select(Html));
        Assert.Contains("cohort 'Closed by the evaluation date'", all);
        Assert.Contains(protect ? "Counts are protected" : "Disclosure control is off", all);
        Assert.Contains("<caption>Families by locality: Closed by the evaluation date</caption>", all);
        Assert.Contains("<caption>Members by age: Closed by the evaluation date</caption>", all);
        Assert.Contains(">Shortfall</th>", all);
        Assert.Contains("Claim status: ", all);
        Assert.Contains("Difference (Closed by the evaluation date minus With a child under 5)", all);
        Assert.Contains(outputs, o => o["data"]?["image/svg+xml"] is not null && NotebookDocument.MultilineText(o["data"]!["text/html"]).Contains("Needs met by headline", StringComparison.Ordinal));
        Assert.DoesNotContain(outputs, o => o["output_type"]!.GetValue<string>() == "error");
        // With control on, the protected tables show no count of 1 to 4.
        if (protect)
            Assert.DoesNotMatch(@"<td class=""num"">[1-4]</td>", string.Join("\n", outputs.Select(Html).Where(h => h.Contains("fewer than 5", StringComparison.Ordinal))));
    }

    [Fact]
    public void Cli_NotebookRun_FailingCell_ExitsOne_NamingCellAndLine()
    {
        using var data = TestData.Empty();
        var notebook = NotebookDocument.CreateCSharp();
        notebook.Cells.Add(NotebookCell.Code("var a = 1;\nthrow new InvalidOperationException(\"no data\");"));
        notebook.Save(data.PathOf("bad.ipynb"));
        var stderr = new StringWriter();
        var code = OutcomesCli.Run(["notebook", "run", data.PathOf("bad.ipynb"), "--out", data.PathOf("out"), "--quiet"], new StringWriter(), stderr);
        Assert.Equal(ExitCodes.Rejected, code);
        Assert.Contains("bad.ipynb cell 1, line 2: InvalidOperationException: no data", stderr.ToString());
        Assert.True(File.Exists(data.PathOf("out/bad.html")), "the HTML is written with the error in place");
    }

    [Theory]
    [InlineData("--param", "nonsense")]
    [InlineData("--param", "nosuch=1")]
    [InlineData("--format", "docx")]
    public void Cli_NotebookRun_BadUsage_ExitsTwo(string option, string value)
    {
        using var data = TestData.Empty();
        var stderr = new StringWriter();
        var code = OutcomesCli.Run(["notebook", "run", Path.Combine(Repository.Root, "notebooks", "00-getting-started.ipynb"), option, value, "--out", data.Folder],
            new StringWriter(), stderr);
        Assert.Equal(ExitCodes.UsageOrFatal, code);
        Assert.StartsWith("error: ", stderr.ToString());
    }

    /// <summary>
    /// Jupyter, an independent client of the same kernel: <c>nbconvert --execute</c> runs the notebook through the
    /// installed <c>.net-csharp</c> kernel (dotnet-interactive), and every cell's outputs match the in-process run's:
    /// the same output types, the same MIME types and the same HTML tables and charts.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllNotebooks))]
    public async Task Notebook_ThroughJupyter_GivesTheSameOutputsAsTheHeadlessRunner(string name)
    {
        Jupyter.SkipUnlessInstalled();
        using var data = TestData.Empty();
        var path = Path.Combine(Repository.Root, "notebooks", name);
        var executed = Jupyter.Execute(path, data.Folder);
        var jupyter = NotebookDocument.Load(executed);
        var headless = (await HeadlessRun(name)).Notebook;

        var jupyterCells = jupyter.Cells.Where(c => c.IsCode).ToList();
        var headlessCells = headless.Cells.Where(c => c.IsCode).ToList();
        Assert.Equal(headlessCells.Count, jupyterCells.Count);
        for (var i = 0; i < headlessCells.Count; i++)
        {
            var expected = headlessCells[i].Outputs;
            var actual = jupyterCells[i].Outputs.Where(o => !Jupyter.IsFrontEndBootstrap(o)).ToList();
            Assert.Equal(expected.Select(Shape), actual.Select(Shape));
            for (var o = 0; o < expected.Count; o++)
                if (expected[o]["output_type"]!.GetValue<string>() == "display_data")
                    Assert.Equal(NotebookDocument.MultilineText(expected[o]["data"]!["text/html"]), NotebookDocument.MultilineText(actual[o]["data"]!["text/html"]));
        }
        Assert.DoesNotContain(jupyterCells.SelectMany(c => c.Outputs), o => o["output_type"]!.GetValue<string>() == "error");
        ValidateWithNbformat(executed);

        static string Shape(System.Text.Json.Nodes.JsonObject output) =>
            output["output_type"]!.GetValue<string>() + ":" + string.Join(",", (output["data"]?.AsObject().Select(p => p.Key) ?? []).Order(StringComparer.Ordinal));
    }

    /// <summary>An independent check with Jupyter's own validator (Debian python3-nbformat).</summary>
    private static void ValidateWithNbformat(string path)
    {
        var (code, output, error) = Jupyter.Python("-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], 4)); print('valid')", path);
        if (error.Contains("No module named 'nbformat'", StringComparison.Ordinal))
            Assert.Skip("Python's nbformat is not installed, so the executed notebook was not validated: apt-get install -y python3-nbformat");
        Assert.True(code == 0 && output.Contains("valid", StringComparison.Ordinal), $"nbformat rejects {path}: {error}");
    }
}
