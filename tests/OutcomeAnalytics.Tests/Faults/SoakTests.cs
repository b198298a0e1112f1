namespace OutcomeAnalytics.Tests.Faults;

/// <summary>
/// Twenty rounds on one database file, loads alternating with evaluations, each round opening and closing the file:
/// the file and the process's memory stay bounded (<see cref="SoakRounds"/>; the benchmarks' <c>soak 50</c> runs more).
/// </summary>
/// <remarks>
/// Memory is measured after round 4 (both extracts loaded and evaluated, the JIT and DuckDB's caches warm) and after
/// round 20, so sixteen rounds, eight loads and eight evaluations, lie between. A round that leaves something behind
/// leaves it every round: a database left open keeps its buffers (the file's blocks, about 10 MB here) and a write-ahead
/// log, and blocks a load replaced but kept grow the file by an extract's data each load. Over sixteen rounds the
/// bounds catch a leak of about 1 MB of managed memory, 8 MB of working set or 0.7 MB of file per round.
/// </remarks>
[Collection(nameof(FaultRuns))]
public sealed class SoakTests(ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 20;
    private const int Settled = 4;
    private readonly string _folder = Directory.CreateTempSubdirectory("oa-soak-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TwentyRoundsOfLoadsAndEvaluations_OnOneFile_KeepItsSizeAndTheProcesssMemoryBounded()
    {
        var result = SoakRounds.Run(_folder, Rounds, Settled);
        output.WriteLine(result.ToString());
        Assert.False(result.WalLeft, "Closing the database did not checkpoint it.");
        Assert.True(result.FileBounded, $"The file grew from {SoakRounds.Mb(result.FirstFile)} to {SoakRounds.Mb(result.LastFile)}.");
        Assert.True(result.ManagedBounded, $"Managed memory grew from {SoakRounds.Mb(result.First.Managed)} to {SoakRounds.Mb(result.Last.Managed)}.");
        Assert.True(result.WorkingSetBounded, $"The working set grew from {SoakRounds.Mb(result.First.WorkingSet)} to {SoakRounds.Mb(result.Last.WorkingSet)}.");
    }
}
