using System.Globalization;

namespace OutcomeAnalytics.Tests.Notebooks;

/// <summary>
/// The demo's generated council (600 families) in a database file, written on first use and shared by the tests that
/// only read it (the notebooks and commands open it read-only); the folder is removed when the run ends.
/// </summary>
public sealed class DemoCouncil : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "oa-demo-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly Lazy<(string Database, DateOnly AsAt)> _demo;

    public DemoCouncil() => _demo = new(() =>
    {
        var demo = OutcomeAnalytics.Pipeline.Demo.Run(_folder, families: 600);
        var asAt = demo.Evaluation.AsAt;
        demo.Evaluation.Dispose();
        return (demo.Database, asAt);
    });

    /// <summary>The database file the demo loaded and evaluated.</summary>
    public string Database => _demo.Value.Database;

    /// <summary>The demo's evaluation date, as the commands and notebook parameters take it.</summary>
    public string AsAtText => _demo.Value.AsAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try { if (Directory.Exists(_folder)) Directory.Delete(_folder, true); }
        catch (IOException) { }
    }
}
