using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using OutcomeAnalytics.Notebooks;

namespace OutcomeAnalytics.Interactive;

/// <summary>
/// Loaded by the .NET Interactive kernel (VS Code's Polyglot Notebooks, Jupyter's <c>.net-csharp</c>) when a notebook
/// adds the OutcomeAnalytics package with <c>#r "nuget:OutcomeAnalytics"</c>: registers the library's formatters and
/// imports its namespaces into the C# kernel, so that the next cell can write <c>Database.Open()</c> and
/// <c>display(Charts.Bar(…))</c> at once.
/// </summary>
public sealed class KernelExtension : IKernelExtension
{
    /// <summary>The namespaces a notebook gets.</summary>
    public static IReadOnlyList<string> Namespaces { get; } =
        ["OutcomeAnalytics.Engine", "OutcomeAnalytics.Loading", "OutcomeAnalytics.Reporting", "OutcomeAnalytics.Evaluation"];

    /// <inheritdoc />
    public async Task OnLoadAsync(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        KernelFormatters.Register();
        var csharp = kernel as CSharpKernel ?? (kernel as CompositeKernel)?.ChildKernels.OfType<CSharpKernel>().FirstOrDefault()
            ?? kernel.RootKernel.FindKernelByName("csharp") as CSharpKernel;
        if (csharp is not null)
            await csharp.SendAsync(new SubmitCode(string.Join("\n", Namespaces.Select(n => $"using {n};"))));
        KernelInvocationContext.Current?.DisplayAs(
            "OutcomeAnalytics is loaded: count tables, report tables, DataFrames and charts returned from a cell or passed to `display(...)` render as tables and SVG charts; counts go through disclosure control.",
            "text/markdown");
    }
}
