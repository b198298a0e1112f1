using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

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
/// Runs a C# notebook headlessly with Roslyn scripting: code cells in order with shared state, each cell's standard
/// output, <see cref="Display"/> calls and final value captured as nbformat outputs. The papermill convention is
/// honoured: after the cell tagged <c>parameters</c> a cell tagged <c>injected-parameters</c> assigns the overrides,
/// converted to the types of the defaults. The first failing cell stops the run, recorded as an <c>error</c> output.
/// Cells run with the notebook's folder as the current directory (as in Jupyter and VS Code), so the run takes the
/// process's current directory for its duration: run one notebook at a time per process.
/// </summary>
public static class NotebookRunner
{
    /// <summary>The namespaces every cell sees, as in Polyglot Notebooks.</summary>
    public static IReadOnlyList<string> DefaultImports { get; } =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Text", "System.Threading.Tasks"];

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
        var previousOut = Console.Out;
        try
        {
            Directory.SetCurrentDirectory(folder);
            return await RunCellsAsync(notebook, path, folder, parametersCell, options, cancellationToken);
        }
        finally
        {
            Console.SetOut(previousOut);
            Directory.SetCurrentDirectory(previousDirectory);
            OneAtATime.Release();
        }
    }

    private static async Task<NotebookRunResult> RunCellsAsync(NotebookDocument notebook, string path, string folder, int parametersCell,
        NotebookRunOptions options, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var scriptOptions = ScriptOptions.Default
            .WithImports(DefaultImports)
            .WithReferences(typeof(Display).Assembly, typeof(DuckDB.NET.Data.DuckDBConnection).Assembly, typeof(System.Data.Common.DbConnection).Assembly)
            .WithMetadataResolver(new HostAwareResolver(ScriptMetadataResolver.Default.WithBaseDirectory(folder)))
            .WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, folder))
            .WithEmitDebugInformation(true)
            .WithFileEncoding(Encoding.UTF8);
        var codeCells = notebook.Cells.Count(c => c.IsCode) + (options.Parameters.Count > 0 ? 1 : 0);
        var runs = new List<CellRun>();
        ScriptState<object>? state = null;
        var executionCount = 0;
        var name = Path.GetFileName(path);

        for (var index = 0; index < notebook.Cells.Count; index++)
        {
            var cell = notebook.Cells[index];
            var number = index + 1 - (parametersCell >= 0 && index > parametersCell && options.Parameters.Count > 0 ? 1 : 0);
            if (!cell.IsCode) continue;
            var clock = Stopwatch.StartNew();
            var outputs = new List<JsonObject>();
            var stdout = new CapturingWriter(outputs);
            Console.SetOut(stdout);
            var cellPath = Path.Combine(folder, $"{name}[cell {number}].csx");
            NotebookFailure? failure = null;
            try
            {
                using (Display.Capture(bundle => { stdout.FlushText(); outputs.Add(DisplayData(bundle)); }))
                {
                    var code = PrepareSource(cell.Source);
                    var cellOptions = scriptOptions.WithFilePath(cellPath);
                    state = state is null
                        ? await CSharpScript.RunAsync(code, cellOptions, cancellationToken: cancellationToken)
                        : await state.ContinueWithAsync(code, cellOptions, cancellationToken);
                    stdout.FlushText();
                    if (state.ReturnValue is { } value && Display.Bundle(value) is { } bundle)
                        outputs.Add(new JsonObject { ["output_type"] = "execute_result", ["execution_count"] = executionCount + 1, ["data"] = bundle, ["metadata"] = new JsonObject() });
                }
            }
            catch (CompilationErrorException e)
            {
                stdout.FlushText();
                var errors = e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                var first = errors.Count > 0 ? errors[0] : e.Diagnostics[0];
                failure = new NotebookFailure(number, first.Location.GetLineSpan().StartLinePosition.Line + 1, $"error {first.Id}: {first.GetMessage()}");
                outputs.Add(ErrorOutput("CompilationError", failure.ToString(),
                    errors.Select(d => $"line {d.Location.GetLineSpan().StartLinePosition.Line + 1}: error {d.Id}: {d.GetMessage()}")));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                stdout.FlushText();
                failure = new NotebookFailure(number, LineOf(e, cellPath), $"{e.GetType().Name}: {e.Message}");
                outputs.Add(ErrorOutput(e.GetType().Name, failure.ToString(), (e.ToString() ?? "").Split('\n').Select(l => l.TrimEnd('\r'))));
            }
            finally
            {
                stdout.FlushText();
            }
            cell.ExecutionCount = ++executionCount;
            cell.Outputs = outputs;
            runs.Add(new CellRun(number, clock.Elapsed, codeCells));
            options.OnCell?.Invoke(runs[^1]);
            if (failure is not null) return new NotebookRunResult(notebook, failure, runs, total.Elapsed);

            if (index == parametersCell && options.Parameters.Count > 0 && state is not null)
            {
                var injected = NotebookCell.Code(InjectedSource(state, options.Parameters), "injected-parameters");
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

    private static string InjectedSource(ScriptState<object> state, IReadOnlyDictionary<string, string> parameters)
    {
        var text = new StringBuilder("// Parameters given for this run (outcomes notebook run --param).\n");
        foreach (var (name, value) in parameters)
        {
            var variable = state.Variables.Last(v => v.Name == name);
            text.Append(name).Append(" = ").Append(NotebookParameters.ToLiteral(name, value, variable.Type)).Append(";\n");
        }
        return text.ToString();
    }

    /// <summary>Polyglot magic commands (<c>#!csharp</c>, <c>#!time</c>) are blanked, keeping line numbers.</summary>
    private static string PrepareSource(string source) =>
        string.Join('\n', source.Split('\n').Select(line => line.TrimStart().StartsWith("#!", StringComparison.Ordinal) ? "" : line));

    private static int? LineOf(Exception exception, string cellPath)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            foreach (var frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
                if (string.Equals(frame.GetFileName(), cellPath, StringComparison.Ordinal) && frame.GetFileLineNumber() > 0)
                    return frame.GetFileLineNumber();
        return null;
    }

    private static JsonObject DisplayData(JsonObject bundle) =>
        new() { ["output_type"] = "display_data", ["data"] = bundle, ["metadata"] = new JsonObject() };

    private static JsonObject ErrorOutput(string name, string value, IEnumerable<string> traceback) => new()
    {
        ["output_type"] = "error",
        ["ename"] = name,
        ["evalue"] = value,
        ["traceback"] = new JsonArray(traceback.Select(l => (JsonNode)JsonValue.Create(l)).ToArray()),
    };

    /// <summary>Collects a cell's standard output, turning each stretch of text into a <c>stream</c> output.</summary>
    private sealed class CapturingWriter(List<JsonObject> outputs) : StringWriter
    {
        public void FlushText()
        {
            var builder = GetStringBuilder();
            if (builder.Length == 0) return;
            outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = NotebookDocument.Lines(builder.ToString()) });
            builder.Clear();
        }
    }

    /// <summary>
    /// Resolves <c>#r</c> like Roslyn's default resolver, but when the file does not exist and an assembly of that name
    /// is already loaded by the host (the toolkit itself, under <c>outcomes notebook run</c>), uses the loaded one.
    /// </summary>
    private sealed class HostAwareResolver(ScriptMetadataResolver inner) : MetadataReferenceResolver
    {
        public override bool ResolveMissingAssemblies => inner.ResolveMissingAssemblies;

        public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties)
        {
            var resolved = inner.ResolveReference(reference, baseFilePath, properties);
            if (!resolved.IsDefaultOrEmpty) return resolved;
            var simpleName = Path.GetFileNameWithoutExtension(reference);
            var loaded = AppDomain.CurrentDomain.GetAssemblies()
                .FirstOrDefault(a => !a.IsDynamic && a.Location.Length > 0 && string.Equals(a.GetName().Name, simpleName, StringComparison.OrdinalIgnoreCase));
            return loaded is null ? resolved : [MetadataReference.CreateFromFile(loaded.Location, properties)];
        }

        public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity) =>
            inner.ResolveMissingAssembly(definition, referenceIdentity);

        public override bool Equals(object? other) => other is HostAwareResolver r && r.GetHashCode() == GetHashCode();
        public override int GetHashCode() => inner.GetHashCode();
    }
}
