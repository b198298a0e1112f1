using System.Diagnostics;

namespace OutcomeAnalytics.Tests;

/// <summary>Runs another program to its end and collects what it printed.</summary>
internal static class ExternalProcess
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/>; fails the test if it outlives <paramref name="timeout"/>.</summary>
    public static (int Code, string Output, string Error) Run(string file, IEnumerable<string> arguments, string? workingDirectory = null,
        TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', arguments)} did not finish within {timeout ?? TimeSpan.FromMinutes(5)}.");
        }
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}

/// <summary>The repository the tests were built from.</summary>
internal static class Repository
{
    /// <summary>The folder holding <c>OutcomeAnalytics.sln</c>, above the test output.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OutcomeAnalytics.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (with OutcomeAnalytics.sln) was not found above the test output.");
    }
}
