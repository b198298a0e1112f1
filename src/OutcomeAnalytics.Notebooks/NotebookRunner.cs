using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OutcomeAnalytics.Notebooks;

/// <summary>How a notebook is run.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>Overrides of the variables of the cell tagged <c>parameters</c> (name → text). The default is none.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    /// <summary>Told when each code cell has run, for progress displays. The default is none.</summary>
    public Action<CellRun>? OnCell { get; init; }
}

/// <summary>One code cell's run.</summary>
/// <param name="Number">The cell's 1-based position in the notebook (Markdown cells counted, injected parameters not).</param>
/// <param name="Elapsed">How long it took, compilation included.</param>
/// <param name="CodeCells">How many code cells the notebook has.</param>
public sealed record CellRun(int Number, TimeSpan Elapsed, int CodeCells);

/// <summary>Where and why a notebook stopped.</summary>
/// <param name="CellNumber">The cell's 1-based position in the notebook.</param>
/// <param name="Line">The line in the cell (1-based), when known.</param>
/// <param name="Message">What went wrong, such as <c>error CS0103: The name 'x' does not exist in the current context</c>.</param>
public sealed record NotebookFailure(int CellNumber, int? Line, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"cell {CellNumber}{(Line is { } line ? $", line {line}" : "")}: {Message}";
}

/// <summary>The outcome of a run: the executed notebook (outputs in place) and timings.</summary>
public sealed record NotebookRunResult(NotebookDocument Notebook, NotebookFailure? Failure, IReadOnlyList<CellRun> Cells, TimeSpan Total)
{
    /// <summary>True when every cell ran.</summary>
    public bool Succeeded => Failure is null;
    /// <summary>The first code cell's time (it pays for starting the compiler).</summary>
    public TimeSpan FirstCell => Cells.Count > 0 ? Cells[0].Elapsed : TimeSpan.Zero;
}

/// <summary>
/// Runs a C# notebook headlessly through the .NET Interactive C# kernel (the kernel of VS Code's Polyglot Notebooks and
/// of Jupyter's <c>.net-csharp</c>), hosted in this process: code cells run in order with shared state, and each cell's
/// standard output, <c>display(...)</c> calls and returned value become nbformat outputs, formatted by the same
/// formatters an analyst sees (see <see cref="KernelFormatters"/>). <c>#r "nuget:…"</c> restores packages from the
/// configured package sources and loads their kernel extensions. The papermill convention is honoured: after the cell
/// tagged <c>parameters</c> a cell tagged <c>injected-parameters</c> assigns the overrides, converted to the types of
/// the defaults. The first failing cell stops the run, recorded as an <c>error</c> output naming the cell and line.
/// Cells run with the notebook's folder as the current directory (as in Jupyter and VS Code), so the run takes the
/// process's current directory for its duration: run one notebook at a time per process.
/// </summary>
public static class NotebookRunner
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Runs a notebook file.</summary>
    /// <exception cref="NotebookParameterException">An override names no parameter or has the wrong type.</exception>
    public static async Task<NotebookRunResult> RunAsync(string path, NotebookRunOptions? options = null, CancellationToken cancellationToken = default) =>
        await RunAsync(NotebookDocument.Load(path), Path.GetFullPath(path), options, cancellationToken);

    /// <summary>Runs a notebook; <paramref name="path"/> locates it (relative <c>#r</c> paths and files are relative to its folder).</summary>
    /// <exception cref="NotebookParameterException">An override names no parameter or has the wrong type.</exception>
    public static async Task<NotebookRunResult> RunAsync(NotebookDocument source, string path, NotebookRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NotebookRunOptions();
        path = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(path) ?? Directory.GetCurrentDirectory();
        var notebook = source.Clone();
        notebook.Cells.RemoveAll(c => c.HasTag("injected-parameters"));
        var parametersCell = notebook.Cells.FindIndex(c => c.IsCode && c.HasTag("parameters"));
        CheckParameterNames(notebook, parametersCell, options.Parameters);

        await OneAtATime.WaitAsync(cancellationToken);
        var previousDirectory = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(folder);
            KernelFormatters.Register();
            using var kernel = NotebookKernel.Create();
            return await RunCellsAsync(kernel, notebook, path, parametersCell, options, cancellationToken);
        }
        finally
        {
            Directory.SetCurrentDirectory(previousDirectory);
            OneAtATime.Release();
        }
    }

    private static async Task<NotebookRunResult> RunCellsAsync(NotebookKernel kernel, NotebookDocument notebook, string path, int parametersCell,
        NotebookRunOptions options, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var codeCells = notebook.Cells.Count(c => c.IsCode) + (options.Parameters.Count > 0 ? 1 : 0);
        var runs = new List<CellRun>();
        var executionCount = 0;
        var name = Path.GetFileName(path);

        for (var index = 0; index < notebook.Cells.Count; index++)
        {
            var cell = notebook.Cells[index];
            var number = index + 1 - (parametersCell >= 0 && index > parametersCell && options.Parameters.Count > 0 ? 1 : 0);
            if (!cell.IsCode) continue;
            var clock = Stopwatch.StartNew();
            var cellPath = Path.Combine(Path.GetDirectoryName(path)!, $"{name}[cell {number}].csx");
            var run = await kernel.RunAsync(PrepareSource(cell.Source), cellPath, executionCount + 1, cancellationToken);
            NotebookFailure? failure = run.Failure is { } f ? new NotebookFailure(number, f.Line, f.Message) : null;
            if (failure is not null) run.Outputs.Add(ErrorOutput(run.Failure!.Name, failure.ToString(), run.Failure.Traceback));
            cell.ExecutionCount = ++executionCount;
            cell.Outputs = run.Outputs;
            runs.Add(new CellRun(number, clock.Elapsed, codeCells));
            options.OnCell?.Invoke(runs[^1]);
            if (failure is not null) return new NotebookRunResult(notebook, failure, runs, total.Elapsed);

            if (index == parametersCell && options.Parameters.Count > 0)
            {
                var injected = NotebookCell.Code(InjectedSource(kernel.VariableTypes(), options.Parameters), "injected-parameters");
                notebook.Cells.Insert(index + 1, injected);
                // The injected cell runs next, numbered like the parameters cell it follows.
            }
        }
        return new NotebookRunResult(notebook, null, runs, total.Elapsed);
    }

    private static void CheckParameterNames(NotebookDocument notebook, int parametersCell, IReadOnlyDictionary<string, string> parameters)
    {
        if (parameters.Count == 0) return;
        if (parametersCell < 0)
            throw new NotebookParameterException($"The notebook has no code cell tagged 'parameters', so --param {parameters.Keys.First()} cannot be applied.");
        var declared = DeclaredNames(notebook.Cells[parametersCell].Source);
        foreach (var name in parameters.Keys)
            if (!declared.Contains(name))
                throw new NotebookParameterException($"--param {name}: the notebook has no such parameter; its parameters are: {string.Join(", ", declared)}.");
    }

    /// <summary>The variables declared at the top level of a cell, in order.</summary>
    public static IReadOnlyList<string> DeclaredNames(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(kind: SourceCodeKind.Script)).GetCompilationUnitRoot();
        var names = new List<string>();
        foreach (var member in root.Members)
        {
            var declaration = member switch
            {
                FieldDeclarationSyntax field => field.Declaration,
                GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax local } => local.Declaration,
                _ => null,
            };
            if (declaration is not null) names.AddRange(declaration.Variables.Select(v => v.Identifier.ValueText));
        }
        return names;
    }

    private static string InjectedSource(IReadOnlyDictionary<string, Type> variables, IReadOnlyDictionary<string, string> parameters)
    {
        var text = new StringBuilder("// Parameters given for this run (outcomes notebook run --param).\n");
        foreach (var (name, value) in parameters)
            text.Append(name).Append(" = ").Append(NotebookParameters.ToLiteral(name, value, variables[name])).Append(";\n");
        return text.ToString();
    }

    /// <summary>
    /// Polyglot kernel selectors (<c>#!csharp</c>, <c>#!c#</c>) are blanked, keeping line numbers: every cell runs in
    /// the C# kernel.
    /// </summary>
    private static string PrepareSource(string source) =>
        string.Join('\n', source.Split('\n').Select(line => line.Trim() is "#!csharp" or "#!c#" ? "" : line));

    private static JsonObject ErrorOutput(string name, string value, IEnumerable<string> traceback) => new()
    {
        ["output_type"] = "error",
        ["ename"] = name,
        ["evalue"] = value,
        ["traceback"] = new JsonArray(traceback.Select(l => (JsonNode)JsonValue.Create(l)).ToArray()),
    };
}
