using System.Globalization;
using DuckDB.NET.Data;
using OutcomeAnalytics.Cohorts;
using OutcomeAnalytics.Dictionary;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Formats;
using OutcomeAnalytics.Impact;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Reports;

/// <summary>A parameter of the framework's reading as a report used it.</summary>
/// <param name="Name">The parameter's name (as <c>outcomes params</c> lists it).</param>
/// <param name="Value">The value used, as text.</param>
/// <param name="Default">The framework's default, as text.</param>
/// <param name="Changed">True when the run overrode the default.</param>
/// <param name="Meaning">What it decides.</param>
public sealed record ParameterUse(string Name, string Value, string Default, bool Changed, string Meaning);

/// <summary>
/// The quarterly outcome report for a strategic board (councillors, directors, partners), computed from a loaded
/// database and an evaluation of it: the families supported, started, closed and open in a period (a financial-year
/// quarter); the claims made, claimable now and falling due; the outcome rate per headline with 95% intervals and its
/// trend over the last 8 quarters; localities on a funnel plot; what support caused, against the waiting list (the
/// impact designs did and psm, <see cref="ImpactAnalysis"/>); the most common reasons needs were not met or could not
/// be decided; data quality; the method with every parameter used; a glossary; and a summary of the quarter in five
/// sentences generated from the figures.
/// </summary>
/// <remarks>
/// Every count goes through <see cref="Control"/> (<see cref="DisclosureControl.Publication"/> unless set): each table
/// of counts is protected with its totals, so that no count of 1 to 4 is shown and none can be worked out; a rate is
/// shown only when the counts it rests on are; a sentence of the summary never states a hidden count. Each
/// <see cref="ProtectedTable"/>'s <see cref="ProtectedTable.Source"/> keeps the figures before protection, for
/// reconciling with <c>outcomes claims</c> and <c>outcomes evaluate</c>; never publish those. The counts come from the
/// cohort library (<see cref="CohortExplorer"/>) and the evaluation's own claims and decisions.
/// </remarks>
public sealed partial class BoardReport
{
    /// <summary>How many quarters the trend covers, up to and including the report's.</summary>
    public const int TrendLength = 8;

    /// <summary>The labels of the need statuses, in the order of <see cref="Needs"/>' columns.</summary>
    public static IReadOnlyList<(string Status, string Label)> NeedStatuses { get; } =
        [("met", "Met"), ("not_met", "Not met"), ("pending", "Still to be judged"), ("insufficient_data", "Lacking data")];

    /// <summary>The claim statuses in the order of <see cref="Claims"/>' rows, with their labels in plain English.</summary>
    public static IReadOnlyList<(string Status, string Label)> ClaimStatuses { get; } =
    [
        ("already_claimed", "Claim already made"),
        ("claimable", "Claimable now (every need met)"),
        ("pending", "Awaiting outcomes or the due date"),
        ("not_met", "A need not met"),
        ("insufficient_data", "Lacking the data to decide"),
        ("open", "Still being supported"),
        ("not_eligible", "Not eligible for a claim"),
    ];

    private BoardReport(EvaluationRun evaluation, string council, Period period, DisclosureControl control)
    {
        Evaluation = evaluation;
        Council = council;
        Period = period;
        Control = control;
        End = period.To < evaluation.AsAt ? period.To : evaluation.AsAt;
        NextQuarter = Period.QuarterOf(period.To.AddDays(1));
    }

    /// <summary>The evaluation the report reads.</summary>
    public EvaluationRun Evaluation { get; }

    /// <summary>The council's name, as the title page shows it.</summary>
    public string Council { get; }

    /// <summary>The period reported on (a financial-year quarter unless another period was given).</summary>
    public Period Period { get; }

    /// <summary>The last day counted: the period's end, or the evaluation date when that comes first.</summary>
    public DateOnly End { get; }

    /// <summary>The quarter after the period (claims falling due by its end are counted).</summary>
    public Period NextQuarter { get; }

    /// <summary>The evaluation date.</summary>
    public DateOnly AsAt => Evaluation.AsAt;

    /// <summary>The framework evaluated.</summary>
    public Framework Framework => Evaluation.Framework;

    /// <summary>The disclosure control every count went through.</summary>
    public DisclosureControl Control { get; }

    /// <summary>The report's title, for the page, its header and the PDF's every page.</summary>
    public string Title => TitleFor(Council, Period);

    /// <summary>The title of the report for <paramref name="council"/> and <paramref name="period"/>.</summary>
    public static string TitleFor(string council, Period period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return $"Supporting Families outcomes: {council}, {period.Label}";
    }

    /// <summary>
    /// The families supported in the period: rows, those already supported when it began and those who started in it;
    /// columns, those whose support closed in it and those still supported at its end. The grand total is every family
    /// supported at some time in the period.
    /// </summary>
    public ProtectedTable Families { get; private set; } = null!;

    /// <summary>Every family's claim status at the evaluation date (rows as <see cref="ClaimStatuses"/>), as <c>outcomes claims</c> decides it.</summary>
    public ProtectedTable Claims { get; private set; } = null!;

    /// <summary>Claims made (the <c>claims</c> table's claim date) in the period: one row.</summary>
    public ProtectedTable ClaimsMade { get; private set; } = null!;

    /// <summary>Families awaiting their due date whose claim falls due in each month from the evaluation date to the end of <see cref="NextQuarter"/>.</summary>
    public ProtectedTable ClaimsDue { get; private set; } = null!;

    /// <summary>Need decisions (a decision per person in scope) per headline, by status (columns as <see cref="NeedStatuses"/>), as <c>outcomes evaluate</c> writes them.</summary>
    public ProtectedTable Needs { get; private set; } = null!;

    /// <summary>Per headline, the share of decided needs met (met out of met and not met) with its 95% Wilson interval; null where a count it rests on is hidden.</summary>
    public IReadOnlyList<CohortRate> HeadlineRates { get; private set; } = [];

    /// <summary>The share of all decided needs met, with its 95% interval.</summary>
    public CohortRate OverallRate { get; private set; } = null!;

    /// <summary>The trend's quarters, oldest first, ending with the period's.</summary>
    public IReadOnlyList<Period> TrendQuarters { get; private set; } = [];

    /// <summary>Per quarter of the trend, the share of decided needs met among families whose support closed in it.</summary>
    public IReadOnlyList<CohortRate> TrendOverall { get; private set; } = [];

    /// <summary>Per quarter of the trend (outer list), each headline's share of decided needs met among families closed in it.</summary>
    public IReadOnlyList<IReadOnlyList<CohortRate>> TrendByHeadline { get; private set; } = [];

    /// <summary>Per locality: families with every need met (claimable or claimed) out of families whose claim is decided. Before protection: never publish.</summary>
    public IReadOnlyList<UnitRate> Localities { get; private set; } = [];

    /// <summary>Why needs were not met: need decisions not met, by the kind of measure that fell short (a decision may count under several).</summary>
    public ProtectedTable NotMetReasons { get; private set; } = null!;

    /// <summary>Why needs could not be decided: need decisions lacking data, by the kind of measure that lacked it.</summary>
    public ProtectedTable UndecidedReasons { get; private set; } = null!;

    /// <summary>Rows loaded and rejected per source, from each table's latest load (<c>load_log</c>); null when the database has no load log.</summary>
    public ProtectedTable? Loads { get; private set; }

    /// <summary>Every parameter of the framework's reading with the value used.</summary>
    public IReadOnlyList<ParameterUse> Parameters { get; private set; } = [];

    /// <summary>
    /// What support caused, as at the evaluation date: the difference-in-differences and matched (psm) designs over the
    /// impact outcomes, comparing supported families with the waiting list (<see cref="ImpactAnalysis"/>).
    /// </summary>
    public ImpactAnalysis Impact { get; private set; } = null!;

    /// <summary>The summary of the quarter: five sentences from the protected figures.</summary>
    public IReadOnlyList<string> Summary { get; private set; } = [];

    /// <summary>
    /// Computes the report. Use it on the evaluation's connection while both are open (the report keeps only figures,
    /// so it can be shown after they close).
    /// </summary>
    /// <param name="connection">The evaluation's connection.</param>
    /// <param name="evaluation">The evaluation (decisions only is enough: <c>details: false</c>).</param>
    /// <param name="council">The council's name; the default names the local authority code the data holds.</param>
    /// <param name="period">The period; the default is the financial-year quarter holding the evaluation date.</param>
    /// <param name="control">The disclosure control; the default is <see cref="DisclosureControl.Publication"/>.</param>
    /// <exception cref="ArgumentException">The period starts after the evaluation date.</exception>
    public static BoardReport Build(DuckDBConnection connection, EvaluationRun evaluation, string? council = null, Period? period = null, DisclosureControl? control = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(evaluation);
        period ??= Period.QuarterOf(evaluation.AsAt);
        if (period.From > evaluation.AsAt)
            throw new ArgumentException($"The period {period.Label} starts on {Day(period.From)}, after the evaluation date {Day(evaluation.AsAt)}: choose a period up to the evaluation date.", nameof(period));
        council = string.IsNullOrWhiteSpace(council) ? CouncilName(connection) : council.Trim();
        var report = new BoardReport(evaluation, council, period, control ?? DisclosureControl.Publication);
        using var raw = new CohortExplorer(connection, evaluation) { Control = DisclosureControl.None };
        using var shown = new CohortExplorer(connection, evaluation) { Control = report.Control };
        report.CountFamilies(raw);
        report.CountClaims(raw);
        report.CountNeeds(connection);
        report.CountTrend(raw, shown);
        report.CountLocalities(connection, raw);
        report.CountReasons(connection);
        report.CountLoads(connection);
        report.Impact = ImpactAnalysis.Run(connection, new ImpactOptions { AsAt = evaluation.AsAt, Designs = [ImpactDesign.Did, ImpactDesign.Psm] });
        report.Parameters = [.. evaluation.Parameters.Definitions.Select(d => new ParameterUse(d.Name, evaluation.Parameters.Text(d.Name),
            ParameterDefinition.Format(d.Default), evaluation.Parameters.Overridden.Contains(d.Name), d.Meaning))];
        report.Summary = report.Sentences();
        return report;
    }

    /// <summary>The name a report gives the council when none is given: the local authority code the families carry ("The council" when they carry none or several).</summary>
    public static string CouncilName(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var codes = connection.Rows("SELECT la_code FROM families WHERE la_code IS NOT NULL GROUP BY la_code ORDER BY count(*) DESC, la_code LIMIT 2", r => r.GetString(0));
        return codes.Count == 1 ? $"Local authority {codes[0]}" : "The council";
    }

    private void CountFamilies(CohortExplorer raw)
    {
        var within = new Period(Period.Label, Period.From, End);
        var before = Segment.OpenAt(Period.From.AddDays(-1));
        var started = Segment.AttachedIn(within);
        var closed = Segment.ClosedIn(within);
        var open = Segment.OpenAt(End);
        var counts = raw.Count(before & closed, before & open, started & closed, started & open).Select(c => c.Families.Value!.Value).ToList();
        Families = Control.Protect(new CountTable($"Families supported in {Period.Label}", "Families",
            ["Already supported when the quarter began", "Started in the quarter"], ["Support closed in the quarter", $"Still supported on {Day(End)}"],
            new long[,] { { counts[0], counts[1] }, { counts[2], counts[3] } }));
    }

    private void CountClaims(CohortExplorer raw)
    {
        var byStatus = Evaluation.Claims.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => (long)g.Count());
        Claims = Control.Protect(CountTable.OneWay($"Families by claim status on {Day(AsAt)}", "Claim status", "Families",
            ClaimStatuses.Select(s => (s.Label, byStatus.GetValueOrDefault(s.Status)))));
        var months = (NextQuarter.To.Year - AsAt.Year) * 12 + NextQuarter.To.Month - AsAt.AddDays(1).Month + 1;
        var pipeline = raw.ClaimPipeline(months: Math.Max(1, months));
        ClaimsDue = Control.Protect(CountTable.OneWay($"Claims falling due by {Day(NextQuarter.To)}", "Month due", "Families",
            pipeline.DueByMonth.Select(m => (m.From.ToString("MMMM yyyy", CultureInfo.InvariantCulture), m.Families.Value!.Value))));
        ClaimsMade = Control.Protect(CountTable.OneWay($"Claims made in {Period.Label}", "Claims", "Families",
            [($"Made from {Day(Period.From)} to {Day(End)}", (long)pipeline.Claimed.Count(f => f.ClaimDate is { } d && d >= Period.From && d <= End))]));
    }

    private void CountNeeds(DuckDBConnection connection)
    {
        var headlineOf = Framework.Needs.ToDictionary(n => n.Code, n => n.Headline);
        var rows = connection.Rows($"SELECT need_code, status, count(*) FROM {Evaluation.NeedResultsTable} GROUP BY ALL",
            r => (Code: r.GetString(0), Status: r.GetString(1), Count: r.GetInt64(2)));
        var labels = HeadlineLabels();
        var statuses = NeedStatuses.Select(s => s.Status).ToList();
        var cells = new long[labels.Count, statuses.Count];
        foreach (var (code, status, count) in rows)
            if (headlineOf.TryGetValue(code, out var h) && statuses.IndexOf(status) is >= 0 and var s)
                cells[Framework.Headlines.ToList().FindIndex(x => x.Number == h), s] += count;
        Needs = Control.Protect(new CountTable($"Need decisions by headline on {Day(AsAt)}", "Headline", labels, [.. NeedStatuses.Select(s => s.Label)], cells));
        HeadlineRates = [.. labels.Select((label, i) => RateOf(label, Needs, i))];
        OverallRate = RateOf("All headlines", Needs, labels.Count);
    }

    /// <summary>Met out of met and not met in row <paramref name="row"/> of a protected table of need statuses, shown only when both are.</summary>
    private static CohortRate RateOf(string label, ProtectedTable table, int row)
    {
        var (met, notMet) = (table[row, 0], table[row, 1]);
        long e = RawCell(table, row, 0), n = e + RawCell(table, row, 1);
        var decided = met.Value is not null && notMet.Value is not null ? new DisclosedCount(met.Value + notMet.Value, CellProtection.Shown, (met.Value + notMet.Value).Value.ToString("N0", CultureInfo.InvariantCulture))
            : new DisclosedCount(null, CellProtection.Secondary, DisclosureControl.SecondaryText);
        return new CohortRate(label, met, decided, n > 0 && met.Value is not null && notMet.Value is not null ? Proportion.Wilson(e, n) : null);
    }

    /// <summary>A figure of a table before protection (the total row and column included).</summary>
    private static long RawCell(ProtectedTable table, int row, int column)
    {
        var source = table.Source;
        return (row == source.RowCount, column == source.ColumnCount) switch
        {
            (false, false) => source[row, column],
            (false, true) => source.RowTotal(row),
            (true, false) => source.ColumnTotal(column),
            _ => source.GrandTotal,
        };
    }

    private void CountTrend(CohortExplorer raw, CohortExplorer shown)
    {
        TrendQuarters = Period.QuartersEndingAt(End, TrendLength);
        var byQuarter = TrendQuarters.Select(q => raw.NeedRates(Segment.ClosedIn(q), byHeadline: true)).ToList();
        TrendByHeadline = [.. byQuarter.Select((rates, i) => (IReadOnlyList<CohortRate>)shown.Protected(
            [.. rates.Select(r => (r.Label, r.Events.Value!.Value, r.Denominator.Value!.Value))], $"Needs met by headline, families closed in {TrendQuarters[i].Label}"))];
        TrendOverall = shown.Protected([.. byQuarter.Select((rates, i) => (TrendQuarters[i].Label, rates.Sum(r => r.Events.Value!.Value), rates.Sum(r => r.Denominator.Value!.Value)))],
            "Needs met by quarter of closure");
    }

    private void CountLocalities(DuckDBConnection connection, CohortExplorer raw)
    {
        // One name per locality, however the data spells its case and spaces (as a locality segment matches it).
        var names = connection.Rows("SELECT min(trim(locality)) FROM families WHERE locality IS NOT NULL AND trim(locality) <> '' GROUP BY lower(trim(locality)) ORDER BY 1", r => r.GetString(0));
        var decided = raw["claim_decided"];
        var rates = raw.Rates(raw["successful"], [.. names.Select(n => Segment.Locality(n) & decided)]);
        Localities = [.. names.Select((n, i) => new UnitRate(n, rates[i].Events.Value!.Value, rates[i].Denominator.Value!.Value)).Where(u => u.Denominator > 0)];
    }

    private void CountReasons(DuckDBConnection connection)
    {
        var kinds = Framework.Needs.SelectMany(n => Leaves(n.Rule)).Select(m => (m.Id, m.Kind)).ToList();
        if (kinds.Count == 0)
        {
            NotMetReasons = UndecidedReasons = Control.Protect(CountTable.OneWay("Reasons", "Reason", "Need decisions", [("None", 0L)]));
            return;
        }
        var sql = new SqlText();
        var map = string.Join(", ", kinds.Select(k => $"({sql.P(k.Id)}, {sql.P(k.Kind)})"));
        // A need decision counts once under each kind of measure that fell short in the same way (not met, or lacking data).
        var text = $"""
            SELECT r.status, m.kind, count(DISTINCT r.sid)
            FROM {Evaluation.NeedResultsTable} r JOIN {Evaluation.NodeResultsTable} n ON n.sid = r.sid AND n.status = r.status
            JOIN (VALUES {map}) m(node_id, kind) ON m.node_id = n.node_id
            WHERE r.status IN ('not_met', 'insufficient_data') GROUP BY ALL
            """;
        var rows = connection.Rows(text, r => (Status: r.GetString(0), Kind: r.GetString(1), Count: r.GetInt64(2)), sql.Parameters);
        NotMetReasons = ReasonTable("not_met", "The most common reasons needs were not met", NotMetWords);
        UndecidedReasons = ReasonTable("insufficient_data", "Why needs could not be decided", LackingWords);

        ProtectedTable ReasonTable(string status, string title, IReadOnlyDictionary<string, string> words)
        {
            var counts = rows.Where(r => r.Status == status).GroupBy(r => words.GetValueOrDefault(r.Kind) ?? Fallback(r.Kind))
                .Select(g => (g.Key, g.Sum(r => r.Count))).OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
            return Control.Protect(CountTable.OneWay(title, "Reason", "Need decisions", counts.Count > 0 ? counts : [("None", 0L)]));
        }

        static string Fallback(string kind) => Model.Measures.MeasureKinds.Find(kind)?.Description.TrimEnd('.') ?? kind.Replace('_', ' ');
    }

    private static IEnumerable<MeasureNode> Leaves(RuleNode node) => node switch
    {
        AllOf all => all.Parts.SelectMany(Leaves),
        AnyOf any => any.Routes.SelectMany(Leaves),
        MeasureNode m => [m],
        _ => [],
    };

    private void CountLoads(DuckDBConnection connection)
    {
        var rows = connection.Rows("""
            SELECT l.table_name, l.file_name, l.rows_loaded, l.rows_rejected FROM load_log l
            WHERE l.load_id = (SELECT max(k.load_id) FROM load_log k WHERE k.table_name = l.table_name) ORDER BY l.table_name
            """, r => (Table: r.GetString(0), File: r.GetString(1), Loaded: r.GetInt64(2), Rejected: r.GetInt64(3)));
        if (rows.Count == 0) return;
        var labels = rows.Select(r => DataDictionary.Default.Tables.FirstOrDefault(t => t.Name == r.Table) is { } t ? $"{t.Title} ({Path.GetFileName(r.File)})" : Path.GetFileName(r.File)).ToList();
        var cells = new long[rows.Count, 2];
        for (var i = 0; i < rows.Count; i++) (cells[i, 0], cells[i, 1]) = (rows[i].Loaded, rows[i].Rejected);
        Loads = Control.Protect(new CountTable("Rows loaded and rejected, by source", "Source", labels, ["Rows loaded", "Rows rejected"], cells));
    }

    private List<string> HeadlineLabels() => [.. Framework.Headlines.Select(h => $"{h.Number}. {h.Title}")];

    /// <summary>A date as the report writes it: 30 September 2025.</summary>
    internal static string Day(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>What each kind of measure falling short means, for a board.</summary>
    private static readonly Dictionary<string, string> NotMetWords = new(StringComparer.Ordinal)
    {
        ["attendance_threshold"] = "School attendance stayed below the threshold",
        ["attendance_improvement"] = "School attendance did not improve enough",
        ["exclusion_reduction"] = "Days lost to school exclusions did not fall",
        ["instrument_improvement"] = "Questionnaire scores (wellbeing, behaviour) did not improve",
        ["no_incidents"] = "Domestic abuse or a missing episode around the end of support",
        ["no_referrals"] = "A new referral to social care or domestic abuse services after support ended",
        ["plan_closed"] = "A child protection or child in need plan was still open",
        ["incident_reduction"] = "Offending or anti-social behaviour did not fall enough",
        ["sustained_employment"] = "No job lasting beyond the end of support",
        ["eet_status"] = "Not in education, employment or training",
        ["evidence"] = "No evidence of the outcome recorded by the lead practitioner",
    };

    /// <summary>What each kind of measure lacking data lacked, for a board.</summary>
    private static readonly Dictionary<string, string> LackingWords = new(StringComparer.Ordinal)
    {
        ["attendance_threshold"] = "School attendance records missing",
        ["attendance_improvement"] = "School attendance records missing",
        ["exclusion_reduction"] = "School records missing",
        ["instrument_improvement"] = "No questionnaire at the start, or none at follow-up",
        ["no_incidents"] = "Police or missing-episode records missing",
        ["no_referrals"] = "Referral records missing",
        ["plan_closed"] = "Plan records missing",
        ["incident_reduction"] = "Police records missing",
        ["sustained_employment"] = "Employment records missing",
        ["eet_status"] = "Education, employment or training status missing",
        ["evidence"] = "Evidence records missing",
    };
}
