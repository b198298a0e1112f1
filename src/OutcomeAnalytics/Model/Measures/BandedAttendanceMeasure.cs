using static OutcomeAnalytics.Model.Measures.AttendanceSql;
using static OutcomeAnalytics.Model.Measures.Decision;
using static OutcomeAnalytics.Model.Measures.JsonText;
using static OutcomeAnalytics.Model.Measures.Outcome;

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

    internal override Decision Decide(MeasureSql q)
    {
        var (ot, bt) = (q.P(q.Parameters.Int("outcome_terms")), q.P(q.Parameters.Int("baseline_terms")));
        var (min, band, rise, floor) = (q.P(q.Number("min_percent")), q.P(q.Number("band_percent")), q.P(q.Number("rise")), q.P(q.Number("rise_minimum")));
        var mode = q.P((string)q.Arg("mode"));
        var improvement = $"CASE {mode} WHEN 'points' THEN (o.pct - b.pct) / 100.0 ELSE CASE WHEN b.pct = 0 THEN NULL ELSE (o.pct - b.pct) / b.pct END END";
        // From a zero baseline any attendance at all is an unbounded relative rise.
        var rose = $"coalesce({Compared(improvement)} >= {rise}, o.pct > 0)";
        var below = $"{Compared("b.pct")} < {band}";
        var baseline = $"'Baseline attendance ' || {Shown("b.pct", 1)} || '% was ";
        var risen = $"{baseline}below ' || {band} || '%: it went to ' || {Shown("o.pct", 1)} || '% (' || {mode} || ' rise ' || coalesce(CAST({Shown(improvement, 3)} AS VARCHAR), 'from zero')"
            + $" || ', needed ' || {rise} || CASE WHEN {floor} > 0 THEN '; minimum ' || {floor} || '%' ELSE '' END || ').'";
        string Threshold(string verdict) =>
            $"{baseline}at or above ' || {band} || '%: attendance over the outcome terms was ' || {Shown("o.pct", 1)} || '%, {verdict} the threshold of ' || {min} || '%.'";
        return new Decision
        {
            Records = OutcomeAndBaseline(q),
            Cases =
            [
                .. WindowsIncomplete(ot, bt),
                When("o.rows < o.terms", InsufficientData, "'Attendance is missing for an outcome term.'"),
                When("b.pct IS NULL", InsufficientData, NoPossibleSessions("baseline")),
                When("o.pct IS NULL", InsufficientData, NoPossibleSessions("outcome")),
                When($"{below} AND {rose} AND {Compared("o.pct")} >= {floor}", Met, risen),
                When(below, NotMet, risen),
                When($"{Compared("o.pct")} >= {min}", Met, Threshold("at or above")),
                Otherwise(NotMet, Threshold("below")),
            ],
            Detail = () => [("baseline_terms", OrEmpty("b.items")), ("baseline_percent", "round(b.pct, 2)"), ("outcome_terms", OrEmpty("o.items")), ("outcome_percent", "round(o.pct, 2)"),
                ("route", $"CASE WHEN b.pct IS NULL THEN NULL WHEN {below} THEN 'rise' ELSE 'threshold' END"), ("band_percent", band), ("threshold_percent", min),
                ("mode", mode), ("rise", $"round({improvement}, 4)"), ("rise_required", rise), ("rise_minimum_percent", floor)],
        };
    }
}
