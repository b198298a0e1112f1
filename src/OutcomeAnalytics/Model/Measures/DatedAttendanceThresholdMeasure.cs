using static OutcomeAnalytics.Model.Measures.JsonText;

namespace OutcomeAnalytics.Model.Measures;

/// <summary>
/// Attendance over the outcome terms reaches a threshold that changed on a date: Sunderland's 85%, "will change to
/// 90% as of September 2015". The later threshold applies from the academic year starting in September of
/// <c>change_year</c>, judged at the end of the outcome terms (<c>applies_by: last_term</c>: terms ending in or after
/// that year take the new threshold) or at their start (<c>first_term</c>). With <c>above</c>, attendance must be
/// strictly above the threshold ("in excess of 85%"); otherwise at or above it.
/// </summary>
internal sealed class DatedAttendanceThresholdMeasure : MeasureKind
{
    public override IReadOnlyList<ArgumentDefinition> FrameworkParameters => AttendanceSql.Parameters;

    public override string Name => "attendance_threshold_dated";

    public override string Description => "Attendance over the outcome terms reaches a threshold that changed from an academic year on (Sunderland's 85%, then 90% from September 2015).";

    public override IReadOnlyList<ArgumentDefinition> Arguments { get; } =
    [
        ArgumentDefinition.RequiredArgument("min_percent", ParameterType.Number, "The threshold before the change."),
        ArgumentDefinition.RequiredArgument("later_min_percent", ParameterType.Number, "The threshold from the change on."),
        ArgumentDefinition.RequiredArgument("change_year", ParameterType.Integer, "The calendar year of the September the later threshold starts in."),
        ArgumentDefinition.WithDefault("applies_by", ParameterType.Choice, "last_term", "Which end of the outcome terms decides the threshold: last_term (their end) or first_term (their start).", ["last_term", "first_term"]),
        ArgumentDefinition.WithDefault("above", ParameterType.Boolean, false, "Attendance must be strictly above the threshold (\"in excess of\")."),
    ];

    internal override string Compile(MeasureSql q)
    {
        var terms = q.P(q.Parameters.Int("outcome_terms"));
        decimal Number(string name) => Convert.ToDecimal(q.Arg(name), System.Globalization.CultureInfo.InvariantCulture);
        var (before, after) = (q.P(Number("min_percent")), q.P(Number("later_min_percent")));
        var change = q.P(new DateOnly(Convert.ToInt32(q.Arg("change_year"), System.Globalization.CultureInfo.InvariantCulture), 9, 1));
        var by = q.P((string)q.Arg("applies_by"));
        var above = q.P((bool)q.Arg("above"));
        var threshold = $"CASE WHEN (CASE WHEN {by} = 'first_term' THEN w.first_start ELSE w.last_end END) >= {change} THEN {after} ELSE {before} END";
        var reaches = $"CASE WHEN {above} THEN {AttendanceSql.Compared("o.pct")} > {threshold} ELSE {AttendanceSql.Compared("o.pct")} >= {threshold} END";
        return $"""
            SELECT s.sid, s.node_id,
              CASE WHEN o.terms < {terms} THEN 'pending'
                   WHEN o.rows < o.terms OR o.pct IS NULL THEN 'insufficient_data'
                   WHEN {reaches} THEN 'met' ELSE 'not_met' END AS status,
              CASE WHEN o.terms < {terms} THEN 'Only ' || o.terms || ' of the ' || {terms} || ' outcome terms have finished since attachment.'
                   WHEN o.rows < o.terms THEN 'No attendance recorded for ' || (o.terms - o.rows) || ' of the outcome terms.'
                   WHEN o.pct IS NULL THEN {AttendanceSql.NoPossibleSessions("outcome")}
                   ELSE 'Attendance over the outcome terms was ' || {AttendanceSql.Shown("o.pct", 1)} || '%, ' || CASE WHEN {reaches} THEN 'reaching' ELSE 'not reaching' END
                        || ' the threshold of ' || {threshold} || '% (' || CASE WHEN {above} THEN 'above' ELSE 'at or above' END || ') in force for terms '
                        || CASE WHEN {by} = 'first_term' THEN 'starting ' || strftime(w.first_start, '%Y-%m-%d') ELSE 'ending ' || strftime(w.last_end, '%Y-%m-%d') END || '.' END AS reason,
              {q.Detail(() => Obj(("outcome_terms", OrEmpty("o.items")), ("attendance_percent", "round(o.pct, 2)"), ("threshold_percent", threshold),
                  ("threshold_before", before), ("threshold_from_change", after), ("change_date", change), ("applies_by", by), ("strictly_above", above)))} AS detail
            FROM subj s JOIN ({AttendanceSql.Window(q, "outcome")}) o ON o.sid = s.sid
            LEFT JOIN (
              SELECT s.sid, min(ft.start_date) AS first_start, max(ft.end_date) AS last_end
              FROM subj s JOIN ev_family_terms ft ON ft.family_id = s.family_id AND ft.window_name = 'outcome'
              GROUP BY s.sid) w ON w.sid = s.sid
            """;
    }
}
