using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reactive.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace OutcomeAnalytics.Notebooks;

/// <summary>Why a cell failed, as the kernel reported it.</summary>
/// <param name="Name">The error's name: <c>CompilationError</c> or the exception's type name.</param>
/// <param name="Line">The line in the cell (1-based), when known.</param>
/// <param name="Message">What went wrong, such as <c>error CS0103: The name 'x' does not exist in the current context</c>.</param>
/// <param name="Traceback">Every compiler error, or the exception's stack trace, line by line.</param>
public sealed record CellFailure(string Name, int? Line, string Message, IReadOnlyList<string> Traceback);

/// <summary>What one cell produced: its nbformat outputs, and its failure if it failed.</summary>
public sealed record CellOutputs(List<JsonObject> Outputs, CellFailure? Failure);

/// <summary>
/// The .NET Interactive C# kernel hosted in this process, composed as <c>dotnet-interactive</c> composes it for VS Code
/// and Jupyter: the kernel helpers (<c>display(...)</c>), <c>#r "nuget:…"</c> with the packages' kernel extensions,
/// and the library's formatters. Cells are compiled with debug information and a file name per cell, so that an
/// exception names its line.
/// </summary>
public sealed partial class NotebookKernel : IDisposable
{
    private static readonly FieldInfo? ScriptOptionsField =
        typeof(CSharpKernel).GetField("_scriptOptions", BindingFlags.Instance | BindingFlags.NonPublic);

    private readonly CSharpKernel _kernel;
    private readonly HashSet<string> _extensionFolders = new(StringComparer.Ordinal);

    private NotebookKernel(CSharpKernel kernel) => _kernel = kernel;

    /// <summary>A new kernel with no state.</summary>
    public static NotebookKernel Create()
    {
        var kernel = new CSharpKernel().UseKernelHelpers();
        kernel.UseNugetDirective((k, packages) =>
        {
            k.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
            return Task.CompletedTask;
        });
        var notebookKernel = new NotebookKernel(kernel);
        // As dotnet-interactive does: once a command that added packages has run, their kernel extensions are loaded
        // within its invocation, so what they display or report belongs to that cell.
        var added = new ConcurrentQueue<PackageAdded>();
        kernel.RegisterForDisposal(kernel.KernelEvents.OfType<PackageAdded>().Subscribe(added.Enqueue));
        kernel.AddMiddleware(async (command, context, next) =>
        {
            await next(command, context);
            while (added.TryDequeue(out var package)) await notebookKernel.LoadExtensionsAsync(package, context);
        });
        return notebookKernel;
    }

    /// <summary>The kernel itself, for callers that send their own commands.</summary>
    public CSharpKernel Kernel => _kernel;

    /// <summary>The declared type of each variable defined so far (the latest declaration of a name wins).</summary>
    public IReadOnlyDictionary<string, Type> VariableTypes()
    {
        var types = new Dictionary<string, Type>(StringComparer.Ordinal);
        if (_kernel.ScriptState is { } state)
            foreach (var variable in state.Variables) types[variable.Name] = variable.Type;
        return types;
    }

    /// <summary>Runs one cell and collects its outputs in order.</summary>
    /// <param name="code">The cell's source.</param>
    /// <param name="cellPath">A file name for the cell, used in stack traces (nothing is written there).</param>
    /// <param name="executionCount">The execution count given to a returned value.</param>
    /// <param name="cancellationToken">Stops waiting for the cell.</param>
    public async Task<CellOutputs> RunAsync(string code, string cellPath, int executionCount, CancellationToken cancellationToken = default)
    {
        CompileWithLines(cellPath);
        var result = await _kernel.SendAsync(new SubmitCode(ReferenceLoadedAssemblies(code)), cancellationToken);
        var outputs = new List<JsonObject>();
        CellFailure? failure = null;
        var diagnostics = new List<Microsoft.DotNet.Interactive.Diagnostic>();
        foreach (var e in result.Events)
        {
            switch (e)
            {
                case StandardOutputValueProduced output: AddStream(outputs, "stdout", Text(output)); break;
                case StandardErrorValueProduced error: AddStream(outputs, "stderr", Text(error)); break;
                case ErrorProduced error: AddStream(outputs, "stderr", error.Message + "\n"); break;
                case ReturnValueProduced value: outputs.Add(Display("execute_result", value, executionCount)); break;
                case DisplayedValueProduced value: outputs.Add(Display("display_data", value, null)); break;
                case DiagnosticsProduced produced: diagnostics.AddRange(produced.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)); break;
                case CommandFailed failed: failure = Failure(failed, diagnostics, cellPath); break;
            }
        }
        return new CellOutputs(outputs, failure);
    }

    /// <inheritdoc />
    public void Dispose() => _kernel.Dispose();

    private static CellFailure Failure(CommandFailed failed, List<Microsoft.DotNet.Interactive.Diagnostic> errors, string cellPath)
    {
        if (errors.Count > 0 || failed.Exception is CodeSubmissionCompilationErrorException)
        {
            if (errors.Count == 0) return new CellFailure("CompilationError", null, failed.Message, [failed.Message]);
            var first = errors[0];
            return new CellFailure("CompilationError", first.LinePositionSpan.Start.Line + 1, $"error {first.Code}: {first.Message}",
                errors.Select(d => $"line {d.LinePositionSpan.Start.Line + 1}: error {d.Code}: {d.Message}").ToList());
        }
        if (failed.Exception is { } exception)
            return new CellFailure(exception.GetType().Name, LineOf(exception, cellPath), $"{exception.GetType().Name}: {exception.Message}",
                exception.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList());
        return new CellFailure("Error", null, failed.Message, [failed.Message]);
    }

    /// <summary>
    /// Compiles the next cell with debug information under <paramref name="cellPath"/>, so that stack traces carry the
    /// cell's line numbers. The kernel keeps its script options private; where a later kernel renames them, cells still
    /// run and errors name the cell only.
    /// </summary>
    private void CompileWithLines(string cellPath)
    {
        if (ScriptOptionsField?.GetValue(_kernel) is ScriptOptions options)
            ScriptOptionsField.SetValue(_kernel, options.WithEmitDebugInformation(true).WithFilePath(cellPath).WithFileEncoding(Encoding.UTF8));
    }

    private static int? LineOf(Exception exception, string cellPath)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            foreach (var frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
                if (string.Equals(frame.GetFileName(), cellPath, StringComparison.Ordinal) && frame.GetFileLineNumber() > 0)
                    return frame.GetFileLineNumber();
        return null;
    }

    /// <summary>
    /// A <c>#r "…/Name.dll"</c> of an assembly this process has already loaded (the toolkit itself, under
    /// <c>outcomes notebook run</c>) is pointed at the loaded copy, so that the notebook compiles against the code that
    /// runs it, whichever build folder its path names. Other lines are left as they are.
    /// </summary>
    private static string ReferenceLoadedAssemblies(string code) => ReferenceLine().Replace(code, match =>
    {
        var reference = match.Groups["path"].Value;
        if (reference.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase)) return match.Value;
        var simpleName = Path.GetFileNameWithoutExtension(reference);
        var loaded = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a =>
            !a.IsDynamic && a.Location.Length > 0 && string.Equals(a.GetName().Name, simpleName, StringComparison.OrdinalIgnoreCase));
        return loaded is null ? match.Value : $"{match.Groups["lead"].Value}#r \"{loaded.Location}\"";
    });

    [GeneratedRegex("""^(?<lead>[ \t]*)#r[ \t]+"(?<path>[^"]+\.dll)"[ \t]*(?=\r?$)""", RegexOptions.Multiline)]
    private static partial Regex ReferenceLine();

    /// <summary>Loads the kernel extensions a package carries (<c>interactive-extensions/dotnet</c>), as dotnet-interactive does.</summary>
    private async Task LoadExtensionsAsync(PackageAdded added, KernelInvocationContext context)
    {
        if (added.PackageReference.PackageRoot is not { } root) return;
        var folder = Path.Combine(root, "interactive-extensions", "dotnet");
        if (!Directory.Exists(folder) || !_extensionFolders.Add(folder)) return;
        foreach (var file in Directory.GetFiles(folder, "*.dll").Order(StringComparer.Ordinal))
        {
            var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(file);
            foreach (var type in assembly.ExportedTypes.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IKernelExtension).IsAssignableFrom(t)))
            {
                try
                {
                    await ((IKernelExtension)Activator.CreateInstance(type)!).OnLoadAsync(_kernel);
                }
                catch (Exception e)
                {
                    context.Publish(new ErrorProduced($"The kernel extension {type.FullName} of {added.PackageReference.PackageName} failed to load: {e.Message}", context.Command));
                }
            }
        }
    }

    private static string Text(DisplayEvent e) => e.FormattedValues.FirstOrDefault()?.Value ?? e.Value?.ToString() ?? "";

    private static void AddStream(List<JsonObject> outputs, string name, string text)
    {
        if (text.Length == 0) return;
        if (outputs.Count > 0 && outputs[^1]["output_type"]?.GetValue<string>() == "stream" && outputs[^1]["name"]?.GetValue<string>() == name)
            text = NotebookDocument.MultilineText(outputs[^1]["text"]) + text;
        else outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name });
        outputs[^1]["text"] = NotebookDocument.Lines(text);
    }

    private static JsonObject Display(string outputType, DisplayEvent e, int? executionCount)
    {
        var data = new JsonObject();
        foreach (var value in e.FormattedValues)
            data[value.MimeType] = value.MimeType.StartsWith("text/", StringComparison.Ordinal) || value.MimeType == "image/svg+xml"
                ? NotebookDocument.Lines(value.Value)
                // nbformat keeps JSON outputs as JSON, not as text.
                : value.MimeType == "application/json" || value.MimeType.EndsWith("+json", StringComparison.Ordinal) ? JsonNode.Parse(value.Value)
                : JsonValue.Create(value.Value);
        var output = new JsonObject { ["output_type"] = outputType };
        if (executionCount is { } count) output["execution_count"] = count;
        output["data"] = data;
        output["metadata"] = new JsonObject();
        return output;
    }
}
