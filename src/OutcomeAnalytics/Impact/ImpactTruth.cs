using System.Globalization;
using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Formats;
using OutcomeAnalytics.Generation;
using OutcomeAnalytics.Loading;

namespace OutcomeAnalytics.Impact;

/// <summary>The effect a generated extract planted on one outcome: the true average effect on the supported families.</summary>
/// <param name="Outcome">The outcome.</param>
/// <param name="TrueAtt">The mean over supported families of their value after, minus the value the same families have when generated with no effect.</param>
/// <param name="Treated">The supported families it is the mean over.</param>
public sealed record TrueEffect(ImpactOutcome Outcome, double TrueAtt, int Treated);

/// <summary>
/// The truth behind a synthetic extract (<c>outcomes generate --truth</c>): the extract is generated again, clean, with the
/// same seed and options, once as asked and once with <c>--effect 0</c>. The generator draws people, needs and baselines
/// identically in both (the effect only changes what comes after support starts), so for each outcome the difference
/// of the supported families' follow-up values, measured exactly as <see cref="ImpactAnalysis"/> measures them, is what
/// support caused them.
/// </summary>
public static class ImpactTruth
{
    /// <summary>The header of <c>truth.csv</c>.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["outcome", "true_att", "n_treated"];

    /// <summary>The true effects of the extract <paramref name="options"/> describes, measured at its extract date.</summary>
    public static IReadOnlyList<TrueEffect> Compute(GenerateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clean = options with { DirtyRate = 0, ManifestPath = null };
        return Compare(Extract(clean), Extract(clean with { Effect = 0 }));
    }

    /// <summary>
    /// The true effects from the values of an extract (<paramref name="withEffect"/>) and of the same seed generated with no
    /// effect (<paramref name="without"/>): per outcome, the mean difference of the supported families' values after.
    /// </summary>
    public static IReadOnlyList<TrueEffect> Compare(ImpactData withEffect, ImpactData without)
    {
        ArgumentNullException.ThrowIfNull(withEffect);
        ArgumentNullException.ThrowIfNull(without);
        return [.. ImpactOutcome.All.Where(o => withEffect.Values.ContainsKey(o.Name) && without.Values.ContainsKey(o.Name)).Select(o =>
        {
            var counterfactual = without.Values[o.Name].Where(v => v.Treated).ToDictionary(v => without.FamilyIds[v.Family], v => v.After, StringComparer.Ordinal);
            var differences = withEffect.Values[o.Name].Where(v => v.Treated && counterfactual.ContainsKey(withEffect.FamilyIds[v.Family]))
                .Select(v => v.After - counterfactual[withEffect.FamilyIds[v.Family]]).ToList();
            return new TrueEffect(o, differences.Count > 0 ? differences.Average() : double.NaN, differences.Count);
        })];
    }

    /// <summary>Writes <c>truth.csv</c>: <c>outcome,true_att,n_treated</c>, one row per outcome.</summary>
    public static void WriteCsv(string path, IEnumerable<TrueEffect> truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        CsvFile.Write(path, [.. Columns], truth.Select(t => new object?[] { t.Outcome.Name, double.IsNaN(t.TrueAtt) ? null : t.TrueAtt, t.Treated }), raw: true);
    }

    /// <summary>Generates the extract <paramref name="options"/> describes into a temporary folder, loads it into memory and reads the outcomes' values at its extract date.</summary>
    public static ImpactData Extract(GenerateOptions options)
    {
        using var connection = Open(options);
        return ImpactData.Read(connection, options.ExtractDate, ImpactOutcome.All);
    }

    /// <summary>A private in-memory database holding the extract <paramref name="options"/> describes (generated into a temporary folder, loaded, and the folder removed).</summary>
    public static DuckDBConnection Open(GenerateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folder = Path.Combine(Path.GetTempPath(), "outcomes-truth-" + Guid.NewGuid().ToString("N")[..12]);
        var connection = Database.Open();
        try
        {
            var generated = ExtractGenerator.Generate(options, folder);
            new DataLoader().Load(connection, folder, new LoadOptions { Clock = new After(generated.AsAt) });
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A clock the day after the extract date, so that the loader accepts every date in it.</summary>
    private sealed class After(DateOnly date) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(date.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }

    /// <summary>The truth as text lines for a console.</summary>
    public static IEnumerable<string> Describe(IEnumerable<TrueEffect> truth) =>
        truth.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Outcome.Name,-11} {t.TrueAtt,10:0.####} {t.Outcome.Unit} over {t.Treated:N0} supported families"));
}
