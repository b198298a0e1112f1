using OutcomeAnalytics.Notebooks;

namespace OutcomeAnalytics.Tests.Notebooks;

/// <summary>
/// The packages as .NET users install them: the library's NuGet package from a folder feed, added to a notebook with
/// <c>#r "nuget:OutcomeAnalytics"</c> in the real kernel (through Jupyter), and the <c>outcomes</c> .NET tool.
/// Each source is packed under a version of its own (see <see cref="PackedFeed"/>), so no build of other source is taken
/// from the package cache.
/// </summary>
[Collection(nameof(NotebookRuns))]
public sealed class PackageTests(PackedFeed packed)
{
    private string Version => packed.Version;
    private Lazy<string> Feed => packed.Feed;

    [Fact]
    public void LibraryPackage_CarriesTheKernelExtension()
    {
        using var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(Feed.Value, $"OutcomeAnalytics.{Version}.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("lib/net10.0/OutcomeAnalytics.dll", entries);
        Assert.Contains("interactive-extensions/dotnet/OutcomeAnalytics.Interactive.dll", entries);
        Assert.Contains("README.md", entries);
    }

    private static void AssertRendered(NotebookDocument executed)
    {
        var loaded = string.Join("\n", executed.Cells[0].Outputs.Select(o => NotebookDocument.MultilineText(o["data"]?["text/markdown"] ?? o["data"]?["text/plain"] ?? o["text"])));
        Assert.Contains("OutcomeAnalytics is loaded", loaded);
        Assert.DoesNotContain("failed to load", loaded);
        var frame = NotebookDocument.MultilineText(executed.Cells[1].Outputs.Single()["data"]!["text/html"]);
        Assert.Contains("<caption>1 row &#215; 2 columns</caption>", frame);
        Assert.Contains(">locality</th>", frame);
        Assert.Contains("<td>North</td>", frame);
        var counts = NotebookDocument.MultilineText(executed.Cells[2].Outputs.Single()["data"]!["text/html"]);
        Assert.Contains("<caption>Families</caption>", counts);
        Assert.Contains("&lt;5", counts);
    }

    [Fact]
    public async Task LibraryPackage_InTheRealKernel_RendersTablesAndImportsTheNamespaces()
    {
        Jupyter.SkipUnlessInstalled();
        AssertRendered(NotebookDocument.Load(await packed.ThroughJupyter));
    }

    [Fact]
    public async Task LibraryPackage_ThroughTheHeadlessRunner_RendersAsInTheRealKernel()
    {
        using var data = TestData.Empty();
        var result = await NotebookRunner.RunAsync(packed.PackageNotebook(), data.PathOf("package.ipynb"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.Failure?.ToString());
        AssertRendered(result.Notebook);
    }

    [Fact]
    public async Task ToolPackage_InstallsTheOutcomesCommand_WhichRunsTheGettingStartedNotebook()
    {
        var (install, run, html) = await packed.ToolRun;
        Assert.True(install.Code == 0, $"dotnet tool install failed:\n{install.Output}\n{install.Error}");
        Assert.True(run!.Value.Code == 0, $"outcomes notebook run failed:\n{run.Value.Output}\n{run.Value.Error}");
        Assert.Contains("<caption>Families by locality and status</caption>", File.ReadAllText(html));
    }
}

/// <summary>
/// The library and the tool packed into a folder feed once for a given source: the version and the folder are named by
/// a hash of everything the packages are built from (src/, the embedded dictionary, models and board notebook, the
/// README and the build files), so a run packs again whenever any of it changed, and a later run on the same source
/// reuses the feed instead of packing it again. A fixture of the notebook collection: packing starts with the collection,
/// beside the notebooks' runs, rather than when the package tests come.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    private static readonly string[] Projects = ["src/OutcomeAnalytics", "src/OutcomeAnalytics.Cli"];

    /// <summary>What the packages are built from: folders (searched whole) and single files, under the repository root.</summary>
    private static readonly string[] Inputs = ["src", "data-dictionary", "models", "notebooks", "README.md", "Directory.Build.props", "Directory.Packages.props"];

    private readonly string _sourceHash = HashSources();

    /// <summary>A version of this source's own, built in this configuration.</summary>
    public string Version => $"0.0.0-check.{_sourceHash}.{Configuration.ToLowerInvariant()}";

    private readonly Task<string> _packing;
    private readonly TestData _folder = TestData.Empty();

    /// <summary>The folder feed, once packed (unless this source's feed was already there).</summary>
    public Lazy<string> Feed { get; }

    /// <summary>
    /// The package notebook (<see cref="PackageNotebook"/>) executed through Jupyter, started as soon as the feed is
    /// packed; its kernel takes HTTP ports of its own, apart from the notebooks' two lanes (<see cref="NotebookRunsOnce"/>).
    /// </summary>
    public Task<string> ThroughJupyter { get; }

    /// <summary>
    /// The tool installed from the feed, and <c>outcomes notebook run</c> of the getting-started notebook to HTML with
    /// it (null when the install failed), started as soon as the feed is packed; the HTML's path.
    /// </summary>
    public Task<((int Code, string Output, string Error) Install, (int Code, string Output, string Error)? Run, string Html)> ToolRun { get; }

    public PackedFeed()
    {
        // Threads of their own: these wait minutes on processes, which would hold pool threads the tests need.
        _packing = Task.Factory.StartNew(Pack, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Feed = new Lazy<string>(() => _packing.GetAwaiter().GetResult());
        ThroughJupyter = _packing.ContinueWith(_ =>
        {
            // Without Jupyter the test that reads this skips, saying what to install.
            if (!Jupyter.Installed) return "";
            var folder = Directory.CreateDirectory(_folder.PathOf("jupyter")).FullName;
            PackageNotebook().Save(Path.Combine(folder, "package.ipynb"));
            return Jupyter.Execute(Path.Combine(folder, "package.ipynb"), folder, ports: Jupyter.PackagePorts);
        }, CancellationToken.None, TaskContinuationOptions.LongRunning, TaskScheduler.Default);
        ToolRun = _packing.ContinueWith(_ => InstallAndRunTheTool(), CancellationToken.None, TaskContinuationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Waits for the packing and the runs that follow it, so that no process outlives the tests, and removes their folder.</summary>
    public void Dispose()
    {
        Task.WhenAll(_packing, ThroughJupyter, ToolRun).ContinueWith(_ => { }, TaskScheduler.Default).Wait();
        _folder.Dispose();
    }

    /// <summary>A notebook that adds the library's package from the feed and uses it without any using line.</summary>
    public NotebookDocument PackageNotebook()
    {
        var notebook = NotebookDocument.CreateCSharp();
        notebook.Cells.Add(NotebookCell.Code($"#i \"nuget:{Feed.Value}\"\n#r \"nuget:OutcomeAnalytics, {Version}\""));
        // No using lines: the kernel extension imports the library's namespaces.
        notebook.Cells.Add(NotebookCell.Code("var db = Database.Open();\ndb.Frame(\"SELECT 'North' AS locality, 3 AS families\")"));
        notebook.Cells.Add(NotebookCell.Code("display(CountTable.OneWay(\"Families\", \"Locality\", \"Families\", [(\"North\", 3), (\"South\", 12)]));"));
        return notebook;
    }

    private ((int, string, string) Install, (int, string, string)? Run, string Html) InstallAndRunTheTool()
    {
        var tools = _folder.PathOf("tools");
        // In the repository: a headless notebook run may have moved the process's current directory into a folder it then deletes.
        var install = ExternalProcess.Run("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", Feed.Value, "OutcomeAnalytics.Cli", "--version", Version],
            Repository.Root);
        if (install.Code != 0) return (install, null, "");
        var outcomes = Path.Combine(tools, OperatingSystem.IsWindows() ? "outcomes.exe" : "outcomes");
        var run = ExternalProcess.Run(outcomes, ["notebook", "run", Path.Combine(Repository.Root, "notebooks", "00-getting-started.ipynb"),
            "--out", _folder.PathOf("out"), "--format", "html", "--quiet"], Repository.Root);
        return (install, run, _folder.PathOf("out/00-getting-started.html"));
    }

    private string Pack()
    {
        var feed = Path.Combine(Path.GetTempPath(), $"outcomeanalytics-feed-{_sourceHash}-{Configuration.ToLowerInvariant()}");
        if (Projects.All(p => File.Exists(Path.Combine(feed, $"{PackageId(p)}.{Version}.nupkg")))) return feed;
        // Packed beside it, then moved into place whole: another run on the same source may be packing too.
        var packing = feed + "-" + Guid.NewGuid().ToString("N")[..8];
        // The library's pack builds the kernel extension, which no project the tests build references: restore it first.
        var restored = ExternalProcess.Run("dotnet", ["restore", Path.Combine(Repository.Root, "src/OutcomeAnalytics.Interactive")], Repository.Root, TimeSpan.FromMinutes(5));
        Assert.True(restored.Code == 0, $"dotnet restore src/OutcomeAnalytics.Interactive failed:\n{restored.Output}\n{restored.Error}");
        foreach (var project in Projects)
        {
            // The projects were built for this run (the tests reference both), in the tests' configuration: packed as built.
            var (code, output, error) = ExternalProcess.Run("dotnet", ["pack", Path.Combine(Repository.Root, project), "--no-build", "-c", Configuration, "-o", packing, "-p:PackageVersion=" + Version],
                Repository.Root, TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"dotnet pack {project} failed:\n{output}\n{error}");
        }
        try
        {
            if (Directory.Exists(feed)) Directory.Delete(feed, recursive: true);
            Directory.Move(packing, feed);
        }
        catch (IOException)
        {
            // Another run moved its feed of the same source into place first.
            if (Directory.Exists(packing)) Directory.Delete(packing, recursive: true);
        }
        return feed;
    }

    private static string PackageId(string project) => Path.GetFileName(project);

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static string HashSources()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var files = Inputs.Select(i => Path.Combine(Repository.Root, i))
            .SelectMany(i => Directory.Exists(i) ? Directory.EnumerateFiles(i, "*", SearchOption.AllDirectories) : [i])
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(f => Path.GetRelativePath(Repository.Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\n"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(Repository.Root, file)));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
