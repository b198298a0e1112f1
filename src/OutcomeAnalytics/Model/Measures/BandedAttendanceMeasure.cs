using static OutcomeAnalytics.Model.Measures.JsonText;

namespace OutcomeAnalytics.Model.Measures;

/// <summary>
/// The phase 2 plans' attendance rule with a rise-from-below route (Herefordshire 4A/4B, a plan's M2a/M2b): a child
/// whose baseline attendance is at or above a band reaches a threshold over the outcome terms; a child below the band
/// improves by the required amount instead (and reaches a minimum). Attendance reads the framework's weighting and
/// absence parameters, so "excluding authorised absence" is <c>authorised_absence_counts: false</c>.
/// </summary>
internal sealed class BandedAttendanceMeasure : MeasureKind
{
    public override IReadOnlyList<ArgumentDefinition> FrameworkParameters => AttendanceSql.Parameters;

    public override string Name => "attendance_banded";

    public override string Description => "Attendance over the outcome terms reaches a threshold; a child whose baseline was below a band rises by the required amount (and reaches a minimum) instead.";

    public override IReadOnlyList<ArgumentDefinition> Arguments { get; } =
    [
        ArgumentDefinition.RequiredArgument("min_percent", ParameterType.Number, "The attendance percentage a child at or above the band must reach."),
        ArgumentDefinition.RequiredArgument("band_percent", ParameterType.Number, "Baseline attendance below this takes the rise route."),
        ArgumentDefinition.RequiredArgument("rise", ParameterType.Number, "The rise the route below the band requires (see mode)."),
        ArgumentDefinition.WithDefault("rise_minimum", ParameterType.Number, 0m, "The attendance percentage the rise route must also reach (0: none)."),
        ArgumentDefinition.WithDefault("mode", ParameterType.Choice, "relative", "relative: (outcome - baseline) / baseline; points: outcome - baseline in percentage points (rise x 100).", ["relative", "points"]),
    ];

    internal override string Compile(MeasureSql q)
    {
        var ot = q.P(q.Parameters.Int("outcome_terms"));
        var bt = q.P(q.Parameters.Int("baseline_terms"));
        decimal Number(string name) => Convert.ToDecimal(q.Arg(name), System.Globalization.CultureInfo.InvariantCulture);
        var (min, band, rise, floor) = (q.P(Number("min_percent")), q.P(Number("band_percent")), q.P(Number("rise")), q.P(Number("rise_minimum")));
        var mode = q.P((string)q.Arg("mode"));
        var improvement = $"CASE {mode} WHEN 'points' THEN (o.pct - b.pct) / 100.0 ELSE CASE WHEN b.pct = 0 THEN NULL ELSE (o.pct - b.pct) / b.pct END END";
        // From a zero baseline any attendance at all is an unbounded relative rise.
        var rose = $"coalesce({AttendanceSql.Compared(improvement)} >= {rise}, o.pct > 0)";
        var below = $"{AttendanceSql.Compared("b.pct")} < {band}";
        return $"""
            SELECT s.sid, s.node_id,
              CASE WHEN o.terms < {ot} THEN 'pending'
                   WHEN b.terms < {bt} OR b.rows < b.terms OR o.rows < o.terms OR b.pct IS NULL OR o.pct IS NULL THEN 'insufficient_data'
                   WHEN {below} THEN CASE WHEN {rose} AND {AttendanceSql.Compared("o.pct")} >= {floor} THEN 'met' ELSE 'not_met' END
                   WHEN {AttendanceSql.Compared("o.pct")} >= {min} THEN 'met' ELSE 'not_met' END AS status,
              CASE WHEN o.terms < {ot} THEN 'Only ' || o.terms || ' of the ' || {ot} || ' outcome terms have finished since attachment.'
                   WHEN b.terms < {bt} THEN 'There are not ' || {bt} || ' complete terms before attachment to form a baseline.'
                   WHEN b.rows < b.terms THEN 'Attendance is missing for a baseline term.'
                   WHEN o.rows < o.terms THEN 'Attendance is missing for an outcome term.'
                   WHEN b.pct IS NULL THEN {AttendanceSql.NoPossibleSessions("baseline")}
                   WHEN o.pct IS NULL THEN {AttendanceSql.NoPossibleSessions("outcome")}
                   WHEN {below} THEN 'Baseline attendance ' || {AttendanceSql.Shown("b.pct", 1)} || '% was below ' || {band} || '%: it went to '
                        || {AttendanceSql.Shown("o.pct", 1)} || '% (' || {mode} || ' rise ' || coalesce(CAST({AttendanceSql.Shown(improvement, 3)} AS VARCHAR), 'from zero')
                        || ', needed ' || {rise} || CASE WHEN {floor} > 0 THEN '; minimum ' || {floor} || '%' ELSE '' END || ').'
                   ELSE 'Baseline attendance ' || {AttendanceSql.Shown("b.pct", 1)} || '% was at or above ' || {band} || '%: attendance over the outcome terms was '
                        || {AttendanceSql.Shown("o.pct", 1)} || '%, ' || CASE WHEN {AttendanceSql.Compared("o.pct")} >= {min} THEN 'at or above' ELSE 'below' END || ' the threshold of ' || {min} || '%.' END AS reason,
              {q.Detail(() => Obj(("baseline_terms", OrEmpty("b.items")), ("baseline_percent", "round(b.pct, 2)"),
                  ("outcome_terms", OrEmpty("o.items")), ("outcome_percent", "round(o.pct, 2)"),
                  ("route", $"CASE WHEN b.pct IS NULL THEN NULL WHEN {below} THEN 'rise' ELSE 'threshold' END"), ("band_percent", band), ("threshold_percent", min),
                  ("mode", mode), ("rise", $"round({improvement}, 4)"), ("rise_required", rise), ("rise_minimum_percent", floor)))} AS detail
            FROM subj s
            JOIN ({AttendanceSql.Window(q, "outcome")}) o ON o.sid = s.sid
            JOIN ({AttendanceSql.Window(q, "baseline")}) b ON b.sid = s.sid
            """;
    }
}
