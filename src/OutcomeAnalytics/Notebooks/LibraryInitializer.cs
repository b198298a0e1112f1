using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        FindNativeLibraryOf(typeof(DuckDB.NET.Native.DuckDBState).Assembly);
        FindNativeLibraryOf(typeof(SkiaSharp.SKCanvas).Assembly);
        KernelFormatters.RegisterInKernel();
    }

    /// <summary>
    /// Lets <paramref name="assembly"/>'s native imports fall back to the <c>runtimes</c> folders beside this library.
    /// A resolver set on the assembly works whichever load context loaded it (a notebook kernel loads referenced
    /// assemblies into a context of its own). An assembly can have one resolver: when the host set one, it is kept.
    /// </summary>
    private static void FindNativeLibraryOf(Assembly assembly)
    {
        try
        {
            NativeLibrary.SetDllImportResolver(assembly, (name, requester, searchPath) =>
                NativeLibrary.TryLoad(name, requester, searchPath, out var handle) ? handle : ResolveNative(requester, name));
        }
        catch (InvalidOperationException)
        {
            // The host (or an earlier load of this library) set the resolver already.
        }
    }

    /// <summary>
    /// Called only when the runtime's own probing failed (no <c>deps.json</c> names the library, as when a notebook loads
    /// the library by path): looks for it under <c>runtimes/&lt;rid&gt;/native</c> beside the assembly that asked.
    /// </summary>
    private static IntPtr ResolveNative(Assembly requester, string name)
    {
        var folders = new[] { Path.GetDirectoryName(requester.Location), Path.GetDirectoryName(typeof(LibraryInitializer).Assembly.Location) }
            .Where(f => !string.IsNullOrEmpty(f)).Distinct();
        var candidates = from folder in folders from rid in RuntimeIds() from file in FileNames(name) select Path.Combine(folder!, "runtimes", rid, "native", file);
        foreach (var path in candidates)
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out var handle)) return handle;
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
