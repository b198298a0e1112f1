using OutcomeAnalytics.Notebooks;

namespace OutcomeAnalytics.Tests.Notebooks;

/// <summary>
/// The packages as .NET users install them: the library's NuGet package from a folder feed, added to a notebook with
/// <c>#r "nuget:OutcomeAnalytics"</c> in the real kernel (through Jupyter), and the <c>outcomes</c> .NET tool.
/// Each source is packed under a version of its own (see <see cref="PackedFeed"/>), so no build of other source is taken
/// from the package cache.
/// </summary>
[Collection(nameof(NotebookRuns))]
public sealed class PackageTests(PackageRuns runs) : IClassFixture<PackageRuns>
{
    private string Version => runs.Packed.Version;
    private Lazy<string> Feed => runs.Packed.Feed;

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
        AssertRendered(NotebookDocument.Load(await runs.ThroughJupyter()));
    }

    [Fact]
    public async Task LibraryPackage_ThroughTheHeadlessRunner_RendersAsInTheRealKernel()
    {
        using var data = TestData.Empty();
        var result = await NotebookRunner.RunAsync(runs.PackageNotebook(), data.PathOf("package.ipynb"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.Failure?.ToString());
        AssertRendered(result.Notebook);
    }

    [Fact]
    public async Task ToolPackage_InstallsTheOutcomesCommand_WhichRunsTheGettingStartedNotebook()
    {
        var (install, run, html) = await runs.Tool();
        Assert.True(install.Code == 0, $"dotnet tool install failed:\n{install.Output}\n{install.Error}");
        Assert.True(run.Code == 0, $"outcomes notebook run failed:\n{run.Output}\n{run.Error}");
        Assert.Contains("<caption>Families by locality and status</caption>", File.ReadAllText(html));
    }
}

/// <summary>
/// The package tests' feed, and their two slow runs, each in processes of its own: the library's notebook through
/// Jupyter, and the tool's install and its run of the getting-started notebook. The first test to ask for either run
/// starts both, so that they share the two cores; the folder they write in is removed once both have ended.
/// </summary>
public sealed class PackageRuns : IDisposable
{
    private readonly TestData _folder = TestData.Empty();
    private readonly Lock _lock = new();
    private (Task<string>? Jupyter, Task<ToolRun> Tool)? _runs;

    /// <summary>The install of the tool and its run of the notebook, as (exit code, output, error), and the HTML the run wrote.</summary>
    public sealed record ToolRun((int Code, string Output, string Error) Install, (int Code, string Output, string Error) Run, string Html);

    public PackedFeed Packed { get; } = new();

    /// <summary>A notebook that adds the library's package from the feed and renders a data frame and a count table with it.</summary>
    public NotebookDocument PackageNotebook()
    {
        var notebook = NotebookDocument.CreateCSharp();
        notebook.Cells.Add(NotebookCell.Code($"#i \"nuget:{Packed.Feed.Value}\"\n#r \"nuget:OutcomeAnalytics, {Packed.Version}\""));
        // No using lines: the kernel extension imports the library's namespaces.
        notebook.Cells.Add(NotebookCell.Code("var db = Database.Open();\ndb.Frame(\"SELECT 'North' AS locality, 3 AS families\")"));
        notebook.Cells.Add(NotebookCell.Code("display(CountTable.OneWay(\"Families\", \"Locality\", \"Families\", [(\"North\", 3), (\"South\", 12)]));"));
        return notebook;
    }

    /// <summary>The path of <see cref="PackageNotebook"/> executed through Jupyter.</summary>
    public Task<string> ThroughJupyter() => Start().Jupyter ?? throw new InvalidOperationException("Jupyter is not installed.");

    /// <summary>The tool installed from the feed and its run of the getting-started notebook.</summary>
    public Task<ToolRun> Tool() => Start().Tool;

    private (Task<string>? Jupyter, Task<ToolRun> Tool) Start()
    {
        lock (_lock)
        {
            if (_runs is { } runs) return runs;
            _ = Packed.Feed.Value;
            Task<string>? jupyter = null;
            if (Jupyter.Installed)
            {
                var notebook = Path.Combine(_folder.Folder, "jupyter", "package.ipynb");
                Directory.CreateDirectory(Path.GetDirectoryName(notebook)!);
                PackageNotebook().Save(notebook);
                jupyter = Task.Run(() => Jupyter.Execute(notebook, Path.GetDirectoryName(notebook)!));
            }
            var tool = Task.Run(() =>
            {
                var tools = _folder.PathOf("tools");
                var install = ExternalProcess.Run("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", Packed.Feed.Value, "OutcomeAnalytics.Cli", "--version", Packed.Version]);
                if (install.Code != 0) return new ToolRun(install, (-1, "", "not run"), "");
                var outcomes = Path.Combine(tools, OperatingSystem.IsWindows() ? "outcomes.exe" : "outcomes");
                var run = ExternalProcess.Run(outcomes, ["notebook", "run", Path.Combine(Repository.Root, "notebooks", "00-getting-started.ipynb"),
                    "--out", _folder.PathOf("out"), "--format", "html", "--quiet"]);
                return new ToolRun(install, run, _folder.PathOf("out/00-getting-started.html"));
            });
            _runs = (jupyter, tool);
            return _runs.Value;
        }
    }

    public void Dispose()
    {
        if (_runs is var (jupyter, tool))
            Task.WhenAll(new Task?[] { jupyter, tool }.OfType<Task>()).ContinueWith(_ => { }, TaskScheduler.Default).Wait();
        _folder.Dispose();
    }
}

/// <summary>
/// The library and the tool packed into a folder feed once for a given source: the version and the folder are named by
/// a hash of everything the packages are built from (src/, the embedded dictionary, models and board notebook, the
/// README and the build files), so a run packs again whenever any of it changed, and a later run on the same source
/// reuses the feed instead of packing it again.
/// </summary>
public sealed class PackedFeed
{
    private static readonly string[] Projects = ["src/OutcomeAnalytics", "src/OutcomeAnalytics.Cli"];

    /// <summary>What the packages are built from: folders (searched whole) and single files, under the repository root.</summary>
    private static readonly string[] Inputs = ["src", "data-dictionary", "models", "notebooks", "README.md", "Directory.Build.props", "Directory.Packages.props"];

    private readonly string _sourceHash = HashSources();

    /// <summary>A version of this source's own.</summary>
    public string Version => "0.0.0-check." + _sourceHash;

    /// <summary>The folder feed, packed when first asked for (unless this source's feed is already there).</summary>
    public Lazy<string> Feed { get; }

    public PackedFeed() => Feed = new Lazy<string>(() =>
    {
        var feed = Path.Combine(Path.GetTempPath(), "outcomeanalytics-feed-" + _sourceHash);
        if (Projects.All(p => File.Exists(Path.Combine(feed, $"{PackageId(p)}.{Version}.nupkg")))) return feed;
        // Packed beside it, then moved into place whole: another run on the same source may be packing too.
        var packing = feed + "-" + Guid.NewGuid().ToString("N")[..8];
        // The library's pack builds the kernel extension, which no project the tests build references: restore it first.
        var restored = ExternalProcess.Run("dotnet", ["restore", Path.Combine(Repository.Root, "src/OutcomeAnalytics.Interactive")], timeout: TimeSpan.FromMinutes(5));
        Assert.True(restored.Code == 0, $"dotnet restore src/OutcomeAnalytics.Interactive failed:\n{restored.Output}\n{restored.Error}");
        foreach (var project in Projects)
        {
            var (code, output, error) = ExternalProcess.Run("dotnet", ["pack", Path.Combine(Repository.Root, project), "-c", "Release", "-o", packing, "-p:Version=" + Version],
                timeout: TimeSpan.FromMinutes(5));
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
    });

    private static string PackageId(string project) => Path.GetFileName(project);

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
