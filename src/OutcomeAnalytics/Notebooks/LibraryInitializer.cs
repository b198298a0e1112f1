using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace OutcomeAnalytics.Notebooks;

/// <summary>
/// What the library does when it is loaded, so that a notebook can reference its build output by path
/// (<c>#r "…/OutcomeAnalytics.dll"</c>) and use it at once: native libraries (DuckDB, SkiaSharp) are found in the
/// <c>runtimes/&lt;rid&gt;/native</c> folders beside the library, and, inside a .NET Interactive kernel, the
/// library's formatters are registered.
/// </summary>
internal static class LibraryInitializer
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "A notebook that references the library by path has no other place to register its formatters and native library paths.")]
    internal static void Initialize()
    {
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += ResolveNative;
        KernelFormatters.RegisterInKernel();
    }

    /// <summary>
    /// Called only when the runtime's own probing failed (no <c>deps.json</c> names the library, as when a notebook loads
    /// the library by path): looks for it under <c>runtimes/&lt;rid&gt;/native</c> beside the assembly that asked.
    /// </summary>
    private static IntPtr ResolveNative(Assembly requester, string name)
    {
        var folder = Path.GetDirectoryName(requester.Location);
        if (string.IsNullOrEmpty(folder)) folder = AppContext.BaseDirectory;
        foreach (var rid in RuntimeIds())
            foreach (var file in FileNames(name))
            {
                var path = Path.Combine(folder, "runtimes", rid, "native", file);
                if (File.Exists(path) && NativeLibrary.TryLoad(path, out var handle)) return handle;
            }
        return IntPtr.Zero;
    }

    private static IEnumerable<string> RuntimeIds()
    {
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        yield return $"{os}-{arch}";
        if (os == "osx") yield return "osx";
    }

    private static IEnumerable<string> FileNames(string name)
    {
        yield return name;
        var extension = OperatingSystem.IsWindows() ? ".dll" : OperatingSystem.IsMacOS() ? ".dylib" : ".so";
        if (!name.EndsWith(extension, StringComparison.Ordinal)) yield return name + extension;
        if (!OperatingSystem.IsWindows() && !name.StartsWith("lib", StringComparison.Ordinal)) yield return "lib" + name + extension;
    }
}
