using static OutcomeAnalytics.Model.Measures.Decision;
using static OutcomeAnalytics.Model.Measures.JsonText;
using static OutcomeAnalytics.Model.Measures.Outcome;

namespace OutcomeAnalytics.Model.Measures;

/// <summary>
/// The phase 2 claim's continuous employment: someone who was on an out-of-work benefit started a job between
/// attachment and the evaluation date and kept it for a number of weeks that depends on the benefit (JSA 26 weeks,
/// other benefits 13). A job of N weeks covers 7N days from its first: one starting on 1 January 2024 lasts 26 weeks
/// when it runs to 30 June 2024 (day 182), and is pending until then while it continues. The benefit is the
/// <c>benefit</c> of the latest out-of-work spell (on benefit, or searching for work on Universal Credit) starting
/// before the job; where it is not recorded, <c>unknown_weeks</c> apply. A job with no such spell before it is not a
/// move off benefits and does not count.
/// </summary>
internal sealed class ContinuousEmploymentMeasure : MeasureKind
{
    public override string Name => "continuous_employment";

    public override string Description => "Someone who was on an out-of-work benefit started a job since attachment and kept it for the weeks their benefit requires (JSA 26, others 13).";

    public override IReadOnlyList<ArgumentDefinition> Arguments { get; } =
    [
        ArgumentDefinition.WithDefault("jsa_weeks", ParameterType.Integer, 26, "Weeks a job must last after JSA."),
        ArgumentDefinition.WithDefault("other_weeks", ParameterType.Integer, 13, "Weeks a job must last after any other out-of-work benefit."),
        ArgumentDefinition.WithDefault("unknown_weeks", ParameterType.Integer, 26, "Weeks a job must last when the benefit is not recorded."),
    ];

    internal override IEnumerable<string> Check(Func<string, object> value, Func<string, string> named) =>
        Arguments.Where(a => Convert.ToInt32(value(a.Name), System.Globalization.CultureInfo.InvariantCulture) < 1).Select(a => $"{named(a.Name)} is below 1: a job lasts at least a week");

    internal override Decision Decide(MeasureSql q)
    {
        var (jsa, other, unknown) = (q.P(q.Integer("jsa_weeks")), q.P(q.Integer("other_weeks")), q.P(q.Integer("unknown_weeks")));
        return new Decision
        {
            With = $"""
                jobs AS (
                  SELECT s.sid, s.t, x.person_id, x.start_date, x.end_date, arg_max(coalesce(b.benefit, ''), b.start_date) AS benefit
                  FROM subj s JOIN {Members.People(false)} sp ON sp.sid = s.sid
                  JOIN employment x ON x.person_id = sp.person_id AND x.status = 'employed' AND x.start_date BETWEEN s.a AND s.t
                  JOIN employment b ON b.person_id = x.person_id AND b.status IN ('out_of_work_benefit', 'uc_searching_for_work') AND b.start_date < x.start_date
                  GROUP BY ALL),
                spans AS (
                  SELECT *, CAST(start_date + to_days(CAST(7 * weeks - 1 AS INTEGER)) AS DATE) AS through FROM (
                    SELECT *, CASE WHEN benefit = 'jsa' THEN {jsa} WHEN benefit = '' THEN {unknown} ELSE {other} END AS weeks FROM jobs)),
                e AS (
                  SELECT sid, min(start_date) FILTER (WHERE through <= t AND (end_date IS NULL OR end_date >= through)) AS sustained_from,
                    count(*) FILTER (WHERE through > t AND (end_date IS NULL OR end_date > t)) AS running,
                    {Items(Obj(("person_id", "person_id"), ("start", "start_date"), ("end", "end_date"), ("benefit_before", "nullif(benefit, '')"), ("weeks_required", "weeks"), ("through", "through")), null, "start_date", "person_id")} AS items
                  FROM spans GROUP BY sid)
                """,
            Records = [new Records("e", "e")],
            Cases =
            [
                When("e.sustained_from IS NOT NULL", Met, "'In continuous work from ' || strftime(e.sustained_from, '%Y-%m-%d') || ' for the weeks the benefit before it requires.'"),
                When("coalesce(e.running, 0) > 0", Pending, "'A job after an out-of-work benefit is continuing but has not yet lasted the weeks required by the evaluation date.'"),
                Otherwise(NotMet, "'No job started after attachment, following an out-of-work benefit, lasted the weeks required.'"),
            ],
            Detail = () => [("window", Members.AttachmentToEvaluation), ("jsa_weeks", jsa), ("other_weeks", other), ("unknown_weeks", unknown), ("jobs", OrEmpty("e.items"))],
        };
    }
}
