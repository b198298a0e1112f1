using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Generation;
using OutcomeAnalytics.Loading;

namespace OutcomeAnalytics.Tests.Generation;

/// <summary>A generated extract in a temporary folder, loaded into an in-memory DuckDB database.</summary>
public sealed class GeneratedExtract : IDisposable
{
    /// <param name="options">What to generate.</param>
    /// <param name="severalThreads">Load on several threads, as a user's machine would (the suite runs DuckDB on one, see <see cref="TestThreads"/>).</param>
    public GeneratedExtract(GenerateOptions options, bool severalThreads = false)
    {
        Options = options;
        Folder = Path.Combine(Path.GetTempPath(), "oa-gen-" + Guid.NewGuid().ToString("N")[..12]);
        Result = ExtractGenerator.Generate(options, Folder);
        Connection = severalThreads ? Database.Open().OnSeveralThreads() : Database.Open();
        Load = new DataLoader().Load(Connection, Folder, new LoadOptions { Clock = ClockAfter(Result.AsAt) });
    }

    public GenerateOptions Options { get; }
    public string Folder { get; }
    public GenerateResult Result { get; }
    public DuckDBConnection Connection { get; }
    public LoadResult Load { get; }

    /// <summary>A clock one day after the extract date (the load's "today").</summary>
    public static TimeProvider ClockAfter(DateOnly asAt) =>
        new FixedTime(new DateTimeOffset(asAt.AddDays(1).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));

    /// <summary>A number from a query that returns one value.</summary>
    public double Number(string sql) => Connection.Scalar<double>(sql);

    public void Dispose()
    {
        Connection.Dispose();
        try { Directory.Delete(Folder, true); }
        catch (IOException) { }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}

/// <summary>The default extract shared by the realism tests: 1,500 families, effect 1.</summary>
public sealed class DefaultExtract() : IDisposable
{
    public GeneratedExtract Extract { get; } = new(new GenerateOptions { Families = 1_500, Seed = 2024 });

    public void Dispose() => Extract.Dispose();
}
