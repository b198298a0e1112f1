using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Formats;
using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Review;

/// <summary>Needs recorded under one framework that have no counterpart in the framework judging them.</summary>
/// <param name="RecordedUnder">The framework the rows are recorded under.</param>
/// <param name="NeedCode">The need code recorded.</param>
/// <param name="Rows">How many rows of the needs table.</param>
/// <param name="Reason">Why it has no counterpart (the crosswalk's note, where it gives one).</param>
public sealed record UnmappedNeed(string RecordedUnder, string NeedCode, int Rows, string Reason);

/// <summary>
/// Needs recorded under one framework (<see cref="RecordedUnder"/>) made into needs of another
/// (<see cref="Framework"/>) through the crosswalks, as a temporary table the <see cref="Evaluation.Evaluator"/> reads
/// instead of <c>needs</c>. A recorded need with no counterpart is listed in <see cref="Unmapped"/>, never dropped
/// without a word. Dispose it to drop the table.
/// </summary>
public sealed class NeedTranslation : IDisposable
{
    private static long tables;
    private readonly DuckDBConnection connection;

    private NeedTranslation(DuckDBConnection connection, string framework, string recordedUnder, string table, IReadOnlyList<(string From, string To)> pairs, IReadOnlyList<UnmappedNeed> unmapped)
        => (this.connection, Framework, RecordedUnder, Table, Pairs, Unmapped) = (connection, framework, recordedUnder, table, pairs, unmapped);

    /// <summary>The framework judging the needs.</summary>
    public string Framework { get; }
    /// <summary>The framework the needs were recorded under.</summary>
    public string RecordedUnder { get; }
    /// <summary>The table of translated needs (the needs table's columns), or <c>needs</c> when no translation was needed.</summary>
    public string Table { get; }
    /// <summary>Each recorded code and the code it becomes (a code may become several, or none).</summary>
    public IReadOnlyList<(string From, string To)> Pairs { get; }
    /// <summary>Recorded needs with no counterpart, by code.</summary>
    public IReadOnlyList<UnmappedNeed> Unmapped { get; }

    /// <summary>One sentence per unmapped code, for the command line and reports.</summary>
    public IEnumerable<string> Warnings() => Unmapped.Select(u =>
        $"{u.Rows} need row(s) recorded under {u.RecordedUnder} with code '{u.NeedCode}' have no counterpart in {Framework}, so it does not judge them: {u.Reason}");

    /// <summary>
    /// The pairs (recorded code, code in <paramref name="target"/>) the crosswalks give for needs recorded under
    /// <paramref name="recordedUnder"/>, with the reason for each recorded code that has none. Through phase 3 when
    /// neither is phase 3.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A framework other than phase 3 has no crosswalk.</exception>
    /// <param name="target">The framework judging the needs.</param>
    /// <param name="recordedUnder">The framework they are recorded under.</param>
    /// <param name="crosswalks">Crosswalks of the reviewer's own (<see cref="CrosswalkLoader.Load"/>), used before the built-in ones.</param>
    public static (IReadOnlyList<(string From, string To)> Pairs, IReadOnlyDictionary<string, string> NoCounterpart) Map(Framework target, Framework recordedUnder,
        IReadOnlyList<Crosswalk>? crosswalks = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(recordedUnder);
        var pairs = new List<(string, string)>();
        var none = new Dictionary<string, string>(StringComparer.Ordinal);
        if (target.Id == recordedUnder.Id)
            return ([.. target.Needs.Select(n => (n.Code, n.Code))], none);
        var from = recordedUnder.Id == Crosswalk.Hub ? null : Require(recordedUnder.Id, crosswalks);
        var to = target.Id == Crosswalk.Hub ? null : Require(target.Id, crosswalks);
        foreach (var need in recordedUnder.Needs)
        {
            var hub = from is null ? need.Code : from.ToPhase3(need.Code);
            if (hub is null)
            {
                none[need.Code] = $"phase 3 has no counterpart ({from!.Entry(need.Code)?.Note ?? "not in the crosswalk"}).";
                continue;
            }
            var targets = to is null ? [hub] : to.FromPhase3(hub);
            if (targets.Count == 0) none[need.Code] = $"no need of {target.Id} corresponds to phase 3 need {hub} in its crosswalk.";
            pairs.AddRange(targets.Select(t => (need.Code, t)));
        }
        return (pairs, none);
    }

    private static Crosswalk Require(string framework, IReadOnlyList<Crosswalk>? crosswalks) =>
        crosswalks?.FirstOrDefault(c => c.Framework == framework) ?? CrosswalkLoader.Find(framework)
        ?? throw new KeyNotFoundException($"Framework {framework} has no crosswalk to phase 3 (models/crosswalks/{framework}.yaml), so needs cannot be carried between it and another framework.");

    /// <summary>
    /// Makes the table of needs recorded under <paramref name="recordedUnder"/>, as needs of <paramref name="target"/>:
    /// one row per family, target code and person (the first basis recorded). When the two are the same framework, the
    /// needs table itself is used.
    /// </summary>
    public static NeedTranslation Create(DuckDBConnection connection, Framework target, Framework recordedUnder, IReadOnlyList<Crosswalk>? crosswalks = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var (pairs, none) = Map(target, recordedUnder, crosswalks);
        var unmapped = new List<UnmappedNeed>();
        var sql = new SqlText();
        var under = sql.P(recordedUnder.Id);
        var codes = string.Join(", ", none.Keys.Select(c => sql.P(c)));
        if (none.Count > 0)
            unmapped.AddRange(connection.Rows(
                $"SELECT need_code, CAST(count(*) AS INTEGER) FROM needs WHERE coalesce(framework, 'phase3') = {under} AND need_code IN ({codes}) GROUP BY need_code ORDER BY need_code",
                r => new UnmappedNeed(recordedUnder.Id, r.GetString(0), r.GetInt32(1), none[r.GetString(0)]), [.. sql.Parameters]));
        if (target.Id == recordedUnder.Id) return new NeedTranslation(connection, target.Id, recordedUnder.Id, "needs", pairs, unmapped);
        var table = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"rv_needs{Interlocked.Increment(ref tables)}");
        var text = new SqlText();
        var fw = text.P(target.Id);
        var from = text.P(recordedUnder.Id);
        var map = pairs.Count == 0 ? "SELECT NULL::VARCHAR AS source, NULL::VARCHAR AS target WHERE false"
            : "VALUES " + string.Join(", ", pairs.Select(p => $"({text.P(p.From)}, {text.P(p.To)})"));
        text.Append($"""
            CREATE OR REPLACE TEMP TABLE {table} AS
            SELECT n.family_id, m.target AS need_code, n.person_id, min(n.basis) AS basis, CAST({fw} AS VARCHAR) AS framework
            FROM needs n JOIN ({map}) m(source, target) ON m.source = n.need_code
            WHERE coalesce(n.framework, 'phase3') = {from}
            GROUP BY n.family_id, m.target, n.person_id
            """);
        connection.Execute(text.ToString(), [.. text.Parameters]);
        return new NeedTranslation(connection, target.Id, recordedUnder.Id, table, pairs, unmapped);
    }

    /// <summary>Drops the table (when the connection is still open).</summary>
    public void Dispose()
    {
        if (Table != "needs" && connection.State == System.Data.ConnectionState.Open) connection.Execute($"DROP TABLE IF EXISTS {Table}");
    }
}
