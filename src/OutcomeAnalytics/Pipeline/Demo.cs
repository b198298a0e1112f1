using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Generation;
using OutcomeAnalytics.Loading;
using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Pipeline;

/// <summary>What the end-to-end demonstration produced.</summary>
/// <param name="Generated">The synthetic extracts written.</param>
/// <param name="Loaded">The load into the database.</param>
/// <param name="Evaluation">The phase 3 evaluation.</param>
/// <param name="Database">The database file.</param>
/// <param name="NeedsFile">The evaluate output (CSV).</param>
/// <param name="ClaimsFile">The claims output (CSV).</param>
public sealed record DemoResult(GenerateResult Generated, LoadResult Loaded, EvaluationRun Evaluation, string Database, string NeedsFile, string ClaimsFile)
{
    /// <summary>Families by claim status, most common first.</summary>
    public IReadOnlyList<(string Status, int Families)> ClaimsByStatus =>
        [.. Evaluation.Claims.GroupBy(c => c.Status).Select(g => (g.Key, g.Count())).OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal)];

    /// <summary>Per headline: need decisions, and the share met among those decided (met or not met).</summary>
    public IReadOnlyList<(int Headline, string Title, int Decisions, int Met, int NotMet)> NeedsByHeadline =>
        [.. Evaluation.Framework.Headlines.Select(h =>
        {
            var codes = Evaluation.Framework.Needs.Where(n => n.Headline == h.Number).Select(n => n.Code).ToHashSet();
            var rows = Evaluation.Needs.Where(n => codes.Contains(n.NeedCode)).ToList();
            return (h.Number, h.Title, rows.Count, rows.Count(r => r.Status == "met"), rows.Count(r => r.Status == "not_met"));
        })];
}

/// <summary>
/// The toolkit end to end on synthetic data: generate a council's extracts, load them (validated) into a DuckDB
/// file, evaluate phase 3 at the extract date, and write the evaluate and claims outputs.
/// </summary>
public static class Demo
{
    /// <summary>Runs the demonstration into <paramref name="folder"/> (extracts/, outcomes.duckdb, needs.csv, claims.csv).</summary>
    public static DemoResult Run(string folder, int families = 3_000, long seed = 1, Action<string>? onStage = null)
    {
        Directory.CreateDirectory(folder);
        var extracts = Path.Combine(folder, "extracts");
        if (Directory.Exists(extracts)) Directory.Delete(extracts, true);
        var database = Path.Combine(folder, "outcomes.duckdb");
        foreach (var old in new[] { database, database + ".wal" }.Where(File.Exists)) File.Delete(old);

        onStage?.Invoke($"generating {families:N0} families");
        var generated = ExtractGenerator.Generate(new GenerateOptions { Families = families, Seed = seed }, extracts);
        using var connection = Database.Open(database);
        onStage?.Invoke("loading");
        var loaded = new DataLoader().Load(connection, extracts, new LoadOptions { OnStage = onStage });
        onStage?.Invoke("evaluating phase 3");
        var framework = FrameworkLoader.Get("phase3");
        var evaluation = Evaluator.Run(connection, framework, framework.Bind(), generated.AsAt);
        var needs = Path.Combine(folder, "needs.csv");
        var claims = Path.Combine(folder, "claims.csv");
        evaluation.WriteNeedsCsv(needs);
        using (var writer = new StreamWriter(claims)) EvaluationCsv.WriteClaims(writer, evaluation.Claims);
        // The summary reads the need rows: read them while the connection is open (a council's few thousand families).
        _ = evaluation.Needs;
        evaluation.Dispose();
        return new DemoResult(generated, loaded, evaluation, database, needs, claims);
    }
}
