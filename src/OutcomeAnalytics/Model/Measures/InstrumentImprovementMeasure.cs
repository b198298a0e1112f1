using static OutcomeAnalytics.Model.Measures.Decision;
using static OutcomeAnalytics.Model.Measures.JsonText;
using static OutcomeAnalytics.Model.Measures.Outcome;

namespace OutcomeAnalytics.Model.Measures;

/// <summary>
/// Met when a validated questionnaire improved: for the subject and each allowed instrument and informant
/// (scale total), the baseline is the latest sitting no later than attachment + baseline days, the follow-up
/// the latest sitting at least the minimum gap after it and no later than the evaluation date; improved when the
/// follow-up is better in the instrument's direction, by at least the minimum change (0: any strict improvement).
/// SWEMWBS raw totals are converted to metric scores first. Also reports whether the change is reliable (the
/// instrument's reliable-change threshold for the answer's informant; unknown where none is known). A family-level subject (a person-scoped need naming no one) reads the
/// sittings of every family member, each person's series judged on its own.
/// </summary>
internal sealed class InstrumentImprovementMeasure : MeasureKind
{
    public override IReadOnlyList<ArgumentDefinition> FrameworkParameters { get; } =
    [
        ArgumentDefinition.RequiredArgument("instrument_baseline_days", ParameterType.Integer, "Days after attachment a baseline questionnaire may be dated."),
        ArgumentDefinition.RequiredArgument("instrument_min_gap_days", ParameterType.Integer, "Days a follow-up must come after the baseline."),
    ];

    public override string Name => "instrument_improvement";

    public override bool ReportsReliableImprovement => true;

    public override string Description => "A validated questionnaire score improved from baseline to follow-up.";

    public override IReadOnlyList<ArgumentDefinition> Arguments { get; } =
    [
        ArgumentDefinition.RequiredArgument("instruments", ParameterType.List, "The instruments that count.", Members.Vocabulary("assessments", "instrument")) with { PerNode = true },
        ArgumentDefinition.FromParameter("min_change", ParameterType.Number, "min_change", "The follow-up must be better by at least this (0: any strict improvement)."),
    ];

    internal override Decision Decide(MeasureSql q)
    {
        var grace = q.P(q.Parameters.Int("instrument_baseline_days"));
        var gap = q.P(q.Parameters.Int("instrument_min_gap_days"));
        var min = q.P(Convert.ToDecimal(q.Arg("min_change"), System.Globalization.CultureInfo.InvariantCulture));
        // Each subject's node's instruments (a list): nodes that differ only in their instruments share this statement.
        var instruments = MeasureSql.NodeArg("instruments");
        var reliable = ("reliable_improvement", "CASE WHEN p.improved THEN p.reliable ELSE false END");
        return new Decision
        {
            With = $"""
                who AS (
                  SELECT s.sid, s.person_id AS who, s.a, s.t, {instruments} AS instruments FROM subj s WHERE s.person_id IS NOT NULL
                  UNION ALL
                  SELECT s.sid, m.person_id, s.a, s.t, {instruments} FROM subj s JOIN family_members m ON m.family_id = s.family_id WHERE s.person_id IS NULL),
                sit AS (
                  SELECT s.sid, s.who, x.assessment_id, x.instrument, x.informant, x.assessment_date AS d, x.score AS raw,
                         coalesce(cv.converted, x.score) AS score, r.better, r.reliable_change, s.a, s.t
                  FROM who s
                  JOIN assessments x ON x.person_id = s.who AND x.scale = 'total' AND list_contains(s.instruments, x.instrument)
                  JOIN ev_instrument_totals r ON r.instrument = x.instrument AND r.informant = x.informant
                  LEFT JOIN ev_instrument_conversions cv ON cv.instrument = x.instrument AND cv.raw = x.score),
                base AS (
                  SELECT sid, who, instrument, informant, arg_max(score, (d, assessment_id)) AS score, max(d) AS d, any_value(better) AS better, any_value(reliable_change) AS reliable_change
                  FROM sit WHERE d <= a + {grace} GROUP BY sid, who, instrument, informant),
                pairs AS (
                  SELECT b.sid, b.who, b.instrument, b.informant, b.d AS baseline_date, b.score AS baseline, b.better, b.reliable_change,
                         arg_max(f.score, (f.d, f.assessment_id)) AS followup, max(f.d) AS followup_date
                  FROM base b LEFT JOIN sit f ON f.sid = b.sid AND f.who = b.who AND f.instrument = b.instrument AND f.informant = b.informant
                       AND f.d >= b.d + {gap} AND f.d <= f.t
                  GROUP BY ALL),
                judged AS (
                  SELECT *, CASE WHEN better = 'lower' THEN baseline - followup ELSE followup - baseline END AS gain FROM pairs),
                per_subject AS (
                  SELECT sid,
                    bool_or(gain > 0 AND gain >= {min}) AS improved, bool_or(followup IS NOT NULL) AS any_pair,
                    -- reliable: some improved series reached its threshold (true); else unknown (NULL) when an improved
                    -- series has no threshold for its informant; else false.
                    CASE WHEN bool_or(gain > 0 AND gain >= {min} AND gain >= reliable_change) THEN true
                         WHEN bool_or(gain > 0 AND gain >= {min} AND reliable_change IS NULL) THEN NULL
                         ELSE false END AS reliable,
                    {Items(Obj(("person_id", "who"), ("instrument", "instrument"), ("informant", "informant"), ("baseline_date", "baseline_date"), ("baseline", "baseline"),
                        ("followup_date", "followup_date"), ("followup", "followup"), ("better", "better"), ("change", "gain"), ("reliable_change", "reliable_change")),
                        null, "who", "instrument", "informant")} AS items
                  FROM judged GROUP BY sid)
                """,
            Records = [new Records("p", "per_subject")],
            Cases =
            [
                When("p.improved", Met, "'A questionnaire score improved from baseline to follow-up.'"),
                When("coalesce(p.any_pair, false)", NotMet, $"CASE WHEN {min} > 0 THEN 'Questionnaire scores did not improve by at least ' || {min} || '.' ELSE 'Questionnaire scores did not improve.' END"),
                When("p.sid IS NULL", InsufficientData, $"'No baseline questionnaire on or before ' || strftime(s.a + {grace}, '%Y-%m-%d') || '.'"),
                Otherwise(InsufficientData, $"'No follow-up questionnaire at least ' || {gap} || ' days after the baseline and on or before ' || strftime(s.t, '%Y-%m-%d') || '.'"),
            ],
            Detail = () => [("instruments", $"array_to_string({instruments}, ',')"), ("baseline_until", $"s.a + {grace}"), ("followup_min_gap_days", gap), ("followup_until", "s.t"),
                ("pairs", OrEmpty("p.items")), ("min_change", min), reliable],
            // Decisions only: the reliable-change flag is still needed by the need's result.
            DecisionsOnlyDetail = () => [reliable],
        };
    }
}
