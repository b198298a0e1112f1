using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Formats;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Cohorts;

/// <summary>A count of families in a cohort, after disclosure control.</summary>
/// <param name="Cohort">The cohort's label.</param>
/// <param name="Families">How many families (hidden when small, under the explorer's <see cref="CohortExplorer.Control"/>).</param>
public sealed record CohortCount(string Cohort, DisclosedCount Families);

/// <summary>A rate (events out of a denominator) with its 95% Wilson interval, after disclosure control.</summary>
/// <param name="Label">What the rate is of: a cohort, a need, a headline or a quarter.</param>
/// <param name="Events">How many had the outcome.</param>
/// <param name="Denominator">How many could have had it.</param>
/// <param name="Rate">Events ÷ denominator with its interval; null when the denominator is 0 or a count it rests on is hidden.</param>
public sealed record CohortRate(string Label, DisclosedCount Events, DisclosedCount Denominator, Proportion? Rate)
{
    /// <summary>The rate as a point of a line chart (null when not shown).</summary>
    public TimePoint? ToTimePoint() => Rate?.ToTimePoint(Label);

    /// <summary>The rate as an estimate of a forest plot (null when not shown).</summary>
    public Estimate? ToEstimate() => Rate?.ToEstimate(Label);
}

/// <summary>Two cohorts' rates of one outcome, and the difference, first minus second, with its 95% interval (Newcombe's hybrid score).</summary>
/// <param name="Outcome">The outcome's label.</param>
/// <param name="First">The first cohort's rate.</param>
/// <param name="Second">The second cohort's rate.</param>
/// <param name="Difference">First minus second; null when either rate is not shown.</param>
public sealed record CohortComparison(string Outcome, CohortRate First, CohortRate Second, ProportionDifference? Difference);

/// <summary>Which date places a family in a quarter of a trend.</summary>
public enum TrendBy
{
    /// <summary>The attached date.</summary>
    Attachment,
    /// <summary>The closure date (open families are in no quarter).</summary>
    Closure,
}

/// <summary>
/// Explores cohorts of families over a loaded database and an evaluation of it: counts, rates with 95% Wilson
/// intervals, comparisons of two cohorts, trends by financial quarter, the families nearly there and the claim
/// pipeline. Every count it returns goes through <see cref="Control"/>, <see cref="DisclosureControl.Publication"/>
/// unless set otherwise (<see cref="DisclosureControl.None"/> for work that stays in the data team). Use it on the
/// evaluation's connection while it is open, and dispose it before the evaluation.
/// </summary>
public sealed partial class CohortExplorer : IDisposable
{
    private static long explorers;
    private readonly DuckDBConnection connection;
    private readonly string claimsTable;
    private bool disposed;

    /// <summary>Explores <paramref name="evaluation"/>'s families on <paramref name="connection"/> (the connection it ran on).</summary>
    /// <param name="connection">The evaluation's connection.</param>
    /// <param name="evaluation">The evaluation: its claims are copied into a temporary table for claim-status segments.</param>
    /// <param name="model">The named segments (default <see cref="CohortModel.Default"/>).</param>
    public CohortExplorer(DuckDBConnection connection, EvaluationRun evaluation, CohortModel? model = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(evaluation);
        (this.connection, Evaluation, Model) = (connection, evaluation, model ?? CohortModel.Default);
        claimsTable = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"coh{Interlocked.Increment(ref explorers)}_claims");
        connection.Execute($"CREATE OR REPLACE TEMP TABLE {claimsTable} (family_id VARCHAR, status VARCHAR, needs_identified INTEGER, needs_met INTEGER, claim_due_date DATE)");
        using var appender = connection.CreateAppender("temp", "main", claimsTable);
        foreach (var c in evaluation.Claims)
            appender.CreateRow().AppendValue(c.FamilyId).AppendValue(c.Status).AppendValue(c.NeedsIdentified).AppendValue(c.NeedsMet).AppendValue(c.ClaimDueDate).EndRow();
    }

    /// <summary>The evaluation explored.</summary>
    public EvaluationRun Evaluation { get; }

    /// <summary>The named segments.</summary>
    public CohortModel Model { get; }

    /// <summary>
    /// The disclosure control every count goes through: <see cref="DisclosureControl.Publication"/> by default;
    /// <see cref="DisclosureControl.None"/> switches it off for work that stays in the data team.
    /// </summary>
    public DisclosureControl Control { get; init; } = DisclosureControl.Publication;

    /// <summary>A named segment of <see cref="Model"/>.</summary>
    public Segment this[string name] => Model[name];

    /// <summary>The SQL selecting a segment's family ids, with its bound values (for reading or reuse in a query of one's own).</summary>
    public CompiledStatement Compile(Segment segment)
    {
        var sql = new SqlText();
        var where = Where(segment, sql);
        return new CompiledStatement($"The families of the segment '{segment.Label}' ({segment.Describe()}).", $"SELECT f.family_id FROM families f WHERE {where} ORDER BY f.family_id", sql.Parameters);
    }

    /// <summary>The ids of the families in a segment, in order. A list of families: for work inside the data team.</summary>
    public IReadOnlyList<string> FamilyIds(Segment segment)
    {
        var statement = Compile(segment);
        return Run(() => connection.Rows(statement.Sql, r => r.GetString(0), [.. statement.Parameters]));
    }

    /// <summary>How many families each cohort holds (each count protected on its own).</summary>
    public IReadOnlyList<CohortCount> Count(params Segment[] cohorts)
    {
        var counts = Scan(cohorts.Select(c => (c, (Segment?)null)).ToList());
        return [.. cohorts.Select((c, i) => new CohortCount(c.Label, Control.Protect(counts[i].Denominator)))];
    }

    /// <summary>
    /// The share of each cohort's families in <paramref name="outcome"/> (a segment too: claimable, say, among the
    /// families closed and due), with its 95% Wilson interval. Each cohort's counts are protected as a table of its
    /// own (with and without the outcome, and the total), and its rate is shown only when both counts are.
    /// </summary>
    public IReadOnlyList<CohortRate> Rates(Segment outcome, params Segment[] cohorts)
    {
        var counts = Scan(cohorts.Select(c => (c, (Segment?)outcome)).ToList());
        return [.. cohorts.Select((c, i) => Protected([(c.Label, counts[i].Events, counts[i].Denominator)], $"{outcome.Label} in {c.Label}")[0])];
    }

    /// <summary>
    /// Two cohorts' rates of <paramref name="outcome"/> and their difference (first minus second) with Newcombe's
    /// 95% hybrid score interval. The difference is not shown when either rate is not.
    /// </summary>
    public CohortComparison Compare(Segment first, Segment second, Segment outcome)
    {
        var counts = Scan([(first, outcome), (second, outcome)]);
        var rates = Rates(outcome, first, second);
        var difference = rates.All(r => r.Rate is not null)
            ? ProportionDifference.Newcombe(counts[0].Events, counts[0].Denominator, counts[1].Events, counts[1].Denominator)
            : (ProportionDifference?)null;
        return new CohortComparison(outcome.Label, rates[0], rates[1], difference);
    }

    /// <summary>
    /// The rate of <paramref name="outcome"/> among the cohort's families in each of the last <paramref name="quarters"/>
    /// financial quarters up to the evaluation date's, by the quarter of attachment or of closure (<c>2025/26 Q1</c> is
    /// April to June 2025). The quarters' counts are protected as one table (a row per quarter).
    /// </summary>
    public IReadOnlyList<CohortRate> Trend(Segment cohort, Segment outcome, TrendBy by = TrendBy.Attachment, int quarters = 8)
    {
        var periods = Period.QuartersEndingAt(Evaluation.AsAt, quarters);
        var sql = new SqlText();
        var date = by == TrendBy.Attachment ? "f.attached_date" : "f.closure_date";
        var text = $"""
            SELECT {date} AS d, count(*) AS n, count(*) FILTER (WHERE {Where(outcome, sql)}) AS e
            FROM families f WHERE {Where(cohort, sql)} AND {date} BETWEEN {sql.P(periods[0].From)} AND {sql.P(periods[^1].To)}
            GROUP BY ALL
            """;
        var rows = Run(() => connection.Rows(text, r => (Date: r.GetFieldValue<DateOnly>(0), N: r.GetInt64(1), E: r.GetInt64(2)), sql.Parameters));
        return Protected([.. periods.Select(p => (p.Label, rows.Where(r => p.Contains(r.Date)).Sum(r => r.E), rows.Where(r => p.Contains(r.Date)).Sum(r => r.N)))],
            $"{outcome.Label} in {cohort.Label} by quarter of {(by == TrendBy.Attachment ? "attachment" : "closure")}");
    }

    /// <summary>
    /// For the cohort's families, each need's (or headline's) share met among the decisions made (met or not met; a
    /// decision per person in scope), as <c>outcomes demo</c> and <c>outcomes evaluate</c> count them, in the framework's
    /// order. The rows' counts are protected as one table.
    /// </summary>
    public IReadOnlyList<CohortRate> NeedRates(Segment cohort, bool byHeadline = false)
    {
        var sql = new SqlText();
        var text = $"""
            SELECT r.need_code, count(*) FILTER (WHERE r.status = 'met') AS met, count(*) FILTER (WHERE r.status IN ('met', 'not_met')) AS decided
            FROM {Evaluation.NeedResultsTable} r JOIN families f ON f.family_id = r.family_id
            WHERE {Where(cohort, sql)} GROUP BY r.need_code
            """;
        var rows = Run(() => connection.Rows(text, r => (Code: r.GetString(0), Met: r.GetInt64(1), Decided: r.GetInt64(2)), sql.Parameters)).ToDictionary(r => r.Code);
        var framework = Evaluation.Framework;
        List<(string, long, long)> labelled = byHeadline
            ? [.. framework.Headlines.Select(h =>
                {
                    var codes = framework.Needs.Where(n => n.Headline == h.Number).Select(n => n.Code).ToHashSet();
                    var of = rows.Values.Where(r => codes.Contains(r.Code)).ToList();
                    return ($"{h.Number}. {h.Title}", of.Sum(r => r.Met), of.Sum(r => r.Decided));
                })]
            : [.. framework.Needs.Select(n => rows.TryGetValue(n.Code, out var r) ? ($"{n.Code} {n.Title}", r.Met, r.Decided) : ($"{n.Code} {n.Title}", 0L, 0L))];
        return Protected(labelled, $"Needs met in {cohort.Label}");
    }

    /// <summary>
    /// Rates from raw counts, protected as one table of rows (with the outcome, without it): a rate is shown only
    /// when both its counts are.
    /// </summary>
    internal List<CohortRate> Protected(List<(string Label, long Events, long Denominator)> rows, string title)
    {
        var cells = new long[rows.Count, 2];
        for (var i = 0; i < rows.Count; i++) (cells[i, 0], cells[i, 1]) = (rows[i].Events, rows[i].Denominator - rows[i].Events);
        var table = Control.Protect(new CountTable(title, "Cohort", [.. rows.Select(r => r.Label)], ["with the outcome", "without it"], cells));
        return [.. rows.Select((r, i) => new CohortRate(r.Label, table[i, 0], table.RowTotal(i),
            r.Denominator > 0 && table[i, 0].Protection == CellProtection.Shown && table[i, 1].Protection == CellProtection.Shown
                ? Proportion.Wilson(r.Events, r.Denominator) : null))];
    }

    /// <summary>For each (cohort, outcome): the cohort's families and, of them, those in the outcome (0 without one), in one pass.</summary>
    private List<(long Denominator, long Events)> Scan(List<(Segment Cohort, Segment? Outcome)> pairs)
    {
        if (pairs.Count == 0) return [];
        var sql = new SqlText();
        var columns = pairs.Select(p =>
        {
            var cohort = Where(p.Cohort, sql);
            var outcome = p.Outcome is null ? "false" : Where(p.Outcome, sql);
            return $"count(*) FILTER (WHERE {cohort}), count(*) FILTER (WHERE ({cohort}) AND ({outcome}))";
        });
        var text = $"SELECT {string.Join(", ", columns)} FROM families f";
        return Run(() => connection.Rows(text, r => Enumerable.Range(0, pairs.Count).Select(i => (r.GetInt64(2 * i), r.GetInt64(2 * i + 1))).ToList(), sql.Parameters)[0]);
    }

    /// <summary>A segment's condition on the families row <c>f</c>, its values added to <paramref name="sql"/>.</summary>
    private string Where(Segment segment, SqlText sql)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(segment);
        return segment.Where(new SegmentSql(sql, Evaluation.Framework, Evaluation.AsAt, claimsTable));
    }

    /// <summary>The condition that the family <c>{alias}.family_id</c> is in the cohort (all families when null).</summary>
    private string InCohort(Segment? cohort, SqlText sql, string alias) =>
        cohort is null ? "true" : $"{alias}.family_id IN (SELECT f.family_id FROM families f WHERE {Where(cohort, sql)})";

    private T Run<T>(Func<T> query)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        try
        {
            return query();
        }
        catch (DuckDBException e)
        {
            throw new DatabaseException($"{e.Message}\nIn a cohort query.", e);
        }
    }

    /// <summary>Drops the explorer's temporary table (when the connection is still open).</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        if (connection.State == System.Data.ConnectionState.Open) connection.Execute($"DROP TABLE IF EXISTS {claimsTable}");
    }
}
