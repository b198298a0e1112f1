using static OutcomeAnalytics.Model.Measures.AttendanceSql;
using static OutcomeAnalytics.Model.Measures.Decision;
using static OutcomeAnalytics.Model.Measures.JsonText;
using static OutcomeAnalytics.Model.Measures.Outcome;

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

    internal override Decision Decide(MeasureSql q)
    {
        var terms = q.P(q.Parameters.Int("outcome_terms"));
        var (before, after, change) = (q.P(q.Number("min_percent")), q.P(q.Number("later_min_percent")), q.P(new DateOnly(q.Integer("change_year"), 9, 1)));
        var (by, above) = (q.P((string)q.Arg("applies_by")), q.P((bool)q.Arg("above")));
        var threshold = $"CASE WHEN (CASE WHEN {by} = 'first_term' THEN w.first_start ELSE w.last_end END) >= {change} THEN {after} ELSE {before} END";
        var reaches = $"CASE WHEN {above} THEN {Compared("o.pct")} > {threshold} ELSE {Compared("o.pct")} >= {threshold} END";
        string Attendance(string verdict) => $"'Attendance over the outcome terms was ' || {Shown("o.pct", 1)} || '%, {verdict} the threshold of ' || {threshold} || '% ('"
            + $" || CASE WHEN {above} THEN 'above' ELSE 'at or above' END || ') in force for terms '"
            + $" || CASE WHEN {by} = 'first_term' THEN 'starting ' || strftime(w.first_start, '%Y-%m-%d') ELSE 'ending ' || strftime(w.last_end, '%Y-%m-%d') END || '.'";
        return new Decision
        {
            Records = [Window(q, "o", "outcome"), Records.PerSubject("w", "min(ft.start_date) AS first_start, max(ft.end_date) AS last_end",
                "JOIN ev_family_terms ft ON ft.family_id = s.family_id AND ft.window_name = 'outcome'")],
            Cases =
            [
                OutcomeTermsRunning("o.terms", terms),
                OutcomeTermsMissing("o"),
                When("o.pct IS NULL", InsufficientData, NoPossibleSessions("outcome")),
                When(reaches, Met, Attendance("reaching")),
                Otherwise(NotMet, Attendance("not reaching")),
            ],
            Detail = () => [("outcome_terms", OrEmpty("o.items")), ("attendance_percent", "round(o.pct, 2)"), ("threshold_percent", threshold),
                ("threshold_before", before), ("threshold_from_change", after), ("change_date", change), ("applies_by", by), ("strictly_above", above)],
        };
    }
}
