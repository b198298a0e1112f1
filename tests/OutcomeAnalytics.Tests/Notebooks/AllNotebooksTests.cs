using OutcomeAnalytics.Cli;
using OutcomeAnalytics.Notebooks;

namespace OutcomeAnalytics.Tests.Notebooks;

/// <summary>Every notebook in notebooks/ runs headlessly (this is how CI runs them).</summary>
[Collection(nameof(NotebookRuns))]
public sealed class AllNotebooksTests(DemoCouncil demo, NotebookRunsOnce runs) : IClassFixture<NotebookRunsOnce>
{
    public static TheoryData<string> AllNotebooks() => [.. Names()];

    /// <summary>The file name of every notebook in notebooks/, in order.</summary>
    public static IEnumerable<string> Names() =>
        Directory.GetFiles(Path.Combine(Repository.Root, "notebooks"), "*.ipynb").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(AllNotebooks))]
    public async Task Notebook_RunsHeadlessly_AndWritesValidOutputs(string name)
    {
        using var data = TestData.Empty();
        var path = Path.Combine(Repository.Root, "notebooks", name);
        var result = await runs.Headless(name);
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
    /// Jupyter, an independent client of the same kernel: nbconvert's executor runs the notebook through the installed
    /// <c>.net-csharp</c> kernel (dotnet-interactive), and every cell's outputs match the in-process run's: the same
    /// output types, the same MIME types and the same HTML tables and charts.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllNotebooks))]
    public async Task Notebook_ThroughJupyter_GivesTheSameOutputsAsTheHeadlessRunner(string name)
    {
        Jupyter.SkipUnlessInstalled();
        var executed = await runs.ThroughJupyter(name);
        var jupyter = NotebookDocument.Load(executed);
        var headless = (await runs.Headless(name)).Notebook;

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

/// <summary>
/// Each notebook's two runs, made once and shared by the tests that check them: the headless run (its outputs are
/// checked, and compared with Jupyter's) and, when Jupyter is installed, Jupyter's run of the same notebook with the same
/// parameters. Jupyter's runs start with the class, two at a time, beside the headless runs (a fixture of the class, not
/// of the collection, so that a run of another class of the collection does not start them).
/// </summary>
public sealed class NotebookRunsOnce : IDisposable
{
    /// <summary>
    /// The parameters a notebook is run with (none for the others). The framework review varies one parameter in its
    /// sensitivity section rather than every one: on the sample no family is claimable at any value of any parameter,
    /// so its chart and summary are the same whichever parameters vary (the sweep over every parameter is tested in
    /// Review.ReviewTests and Review.SensitivityAlternativesTests).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Dictionary<string, string>> Parameters = new Dictionary<string, Dictionary<string, string>>
    {
        ["40-framework-review.ipynb"] = new() { ["sensitivityParameters"] = "eligibility_min_needs" },
    };

    private readonly TestData _folder = TestData.Empty();
    private readonly Dictionary<string, Task<NotebookRunResult>> _headless = [];
    private readonly Dictionary<string, Task<string>> _jupyter = [];

    /// <summary>
    /// Starts Jupyter's run of every notebook, two at a time: each is a kernel process of its own, and each of the two
    /// lanes gives its kernels HTTP ports of their own (two kernels started at once in one range can both take its first
    /// free port, and one then fails to start).
    /// </summary>
    public NotebookRunsOnce()
    {
        if (!Jupyter.Installed) return;
        var lanes = new System.Collections.Concurrent.ConcurrentQueue<string>(Jupyter.NotebookLanePorts);
        var free = new SemaphoreSlim(lanes.Count);
        foreach (var name in AllNotebooksTests.Names())
        {
            var input = Path.Combine(Repository.Root, "notebooks", name);
            var runIn = Path.GetDirectoryName(input);
            if (Parameters.GetValueOrDefault(name) is { Count: > 0 } parameters)
            {
                // The cell the headless runner injects after the parameters cell, for nbconvert, which injects none.
                var notebook = NotebookDocument.Load(input);
                var injected = string.Concat(parameters.Select(p => $"{p.Key} = {NotebookParameters.ToLiteral(p.Key, p.Value, typeof(string))};\n"));
                notebook.Cells.Insert(notebook.Cells.FindIndex(c => c.HasTag("parameters")) + 1, NotebookCell.Code(injected, "injected-parameters"));
                input = _folder.PathOf(name);
                notebook.Save(input);
            }
            // Threads of their own: each run waits on a kernel process for seconds, which would hold a pool thread the tests need.
            _jupyter[name] = Task.Factory.StartNew(() =>
            {
                free.Wait();
                lanes.TryDequeue(out var ports);
                try
                {
                    return Jupyter.Execute(input, _folder.Folder, runIn, ports);
                }
                finally
                {
                    lanes.Enqueue(ports!);
                    free.Release();
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>The headless run of <c>notebooks/</c><paramref name="name"/>, made once (runs take the current directory: one at a time).</summary>
    public Task<NotebookRunResult> Headless(string name)
    {
        if (_headless.TryGetValue(name, out var run) && !run.IsFaulted && !run.IsCanceled) return run;
        var parameters = Parameters.GetValueOrDefault(name) ?? [];
        return _headless[name] = NotebookRunner.RunAsync(Path.Combine(Repository.Root, "notebooks", name), new NotebookRunOptions { Parameters = parameters }, CancellationToken.None);
    }

    /// <summary>The path of the notebook executed through Jupyter.</summary>
    public Task<string> ThroughJupyter(string name) => _jupyter.GetValueOrDefault(name) ?? throw new InvalidOperationException("Jupyter is not installed.");

    /// <summary>Waits for any Jupyter run no test asked for, so that none outlives the class, and removes the folder.</summary>
    public void Dispose()
    {
        foreach (var jupyter in _jupyter.Values)
            ((Task)jupyter).ContinueWith(_ => { }, TaskScheduler.Default).Wait();
        _folder.Dispose();
    }
}
