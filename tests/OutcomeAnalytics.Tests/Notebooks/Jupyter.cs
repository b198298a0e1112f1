using System.Text.Json.Nodes;

namespace OutcomeAnalytics.Tests.Notebooks;

/// <summary>Debian's Jupyter (nbconvert) with the .NET Interactive kernel, as an analyst installs them.</summary>
internal static class Jupyter
{
    private const string PythonPath = "/usr/bin/python3";
    private const string Install =
        "apt-get install -y jupyter-client jupyter-nbconvert python3-nbclient python3-nbformat; " +
        "dotnet tool install -g Microsoft.dotnet-interactive; dotnet interactive jupyter install";

    private static readonly Lazy<string?> Missing = new(() =>
    {
        if (!File.Exists(PythonPath)) return "Debian's /usr/bin/python3 is not installed";
        var (code, output, error) = Python("-c",
            "import nbconvert; from jupyter_client.kernelspec import KernelSpecManager; print('.net-csharp' in KernelSpecManager().find_kernel_specs())");
        if (code != 0) return "Jupyter's nbconvert is not installed (" + error.Trim().Split('\n')[^1] + ")";
        return output.Trim() == "True" ? null : "the .net-csharp Jupyter kernel is not installed";
    });

    /// <summary>Skips the test, saying what to install, unless nbconvert and the <c>.net-csharp</c> kernel are installed.</summary>
    public static void SkipUnlessInstalled()
    {
        if (Missing.Value is { } missing) Assert.Skip($"{missing}; install them with: {Install}");
    }

    /// <summary>
    /// HTTP port ranges for kernels started at the same time (<see cref="Execute"/>'s <c>ports</c>), one per concurrent
    /// run, none overlapping: the notebooks' two lanes, then the package notebook's run.
    /// </summary>
    public static readonly string[] NotebookLanePorts = ["2048-2499", "2500-3000"];

    /// <inheritdoc cref="NotebookLanePorts"/>
    public const string PackagePorts = "3001-3500";

    /// <summary>Whether nbconvert and the <c>.net-csharp</c> kernel are installed.</summary>
    public static bool Installed => Missing.Value is null;

    /// <summary>
    /// Executes a notebook as <c>nbconvert --execute</c> does (nbconvert's <c>ExecutePreprocessor</c>, a new kernel for
    /// the notebook) with <paramref name="runIn"/> as the kernel's current directory (by default the notebook's folder,
    /// as with <c>nbconvert</c>), and returns the executed copy's path in <paramref name="folder"/>.
    /// </summary>
    /// <param name="notebook">The notebook.</param>
    /// <param name="folder">Where the executed copy is written.</param>
    /// <param name="runIn">The kernel's current directory.</param>
    /// <param name="ports">
    /// The HTTP ports the kernel may take (the installed kernelspec's <c>--http-port-range</c>, by default), given to
    /// the installed kernelspec through a copy of it: kernels started at the same time need ranges of their own, or two
    /// can bind the same free port and one fails to start.
    /// </param>
    public static string Execute(string notebook, string folder, string? runIn = null, string? ports = null)
    {
        var output = Path.Combine(folder, "jupyter-" + Path.GetFileName(notebook));
        var (code, _, error) = Python("-c",
            "import sys, os, json, tempfile, nbformat\n"
            + "from jupyter_client.kernelspec import KernelSpecManager\n"
            + "from nbconvert.preprocessors import ExecutePreprocessor\n"
            + "if sys.argv[4]:\n"
            + "    spec = KernelSpecManager().get_kernel_spec('.net-csharp'); argv = list(spec.argv)\n"
            + "    if '--http-port-range' in argv: argv[argv.index('--http-port-range') + 1] = sys.argv[4]\n"
            + "    else: argv += ['--http-port-range', sys.argv[4]]\n"
            + "    home = tempfile.mkdtemp(dir=sys.argv[5]); os.makedirs(os.path.join(home, 'kernels', '.net-csharp'))\n"
            + "    json.dump(dict(spec.to_dict(), argv=argv), open(os.path.join(home, 'kernels', '.net-csharp', 'kernel.json'), 'w'))\n"
            + "    os.environ['JUPYTER_PATH'] = home\n"
            + "nb = nbformat.read(sys.argv[1], 4)\n"
            + "ExecutePreprocessor(kernel_name='.net-csharp', timeout=300).preprocess(nb, {'metadata': {'path': sys.argv[3]}}); nbformat.write(nb, sys.argv[2])",
            notebook, output, runIn ?? Path.GetDirectoryName(Path.GetFullPath(notebook))!, ports ?? "", folder);
        Assert.True(code == 0, $"nbconvert failed on {notebook}:\n{error}");
        return output;
    }

    /// <summary>The display the Jupyter front end's script bootstrap adds to a kernel's first output (not the notebook's).</summary>
    public static bool IsFrontEndBootstrap(JsonObject output) =>
        output["data"]?["text/html"] is { } html && OutcomeAnalytics.Notebooks.NotebookDocument.MultilineText(html).Contains("dotnet-interactive-this-cell", StringComparison.Ordinal);

    /// <summary>
    /// Runs Debian's Python with the arguments; returns its exit code, standard output and standard error. The .NET
    /// tools folder is on its PATH, where <c>dotnet tool install -g</c> put the kernel that the <c>.net-csharp</c> kernelspec starts.
    /// </summary>
    public static (int Code, string Output, string Error) Python(params string[] arguments) =>
        // Run in the repository: a test may have moved the process's current directory into a folder it then deletes.
        ExternalProcess.Run(PythonPath, arguments, Repository.Root, environment: new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") + Path.PathSeparator + Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools"),
        });
}
