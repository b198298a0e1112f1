using static OutcomeAnalytics.Model.Measures.JsonText;

namespace OutcomeAnalytics.Model.Measures;

/// <summary>
/// Met when an employed spell started between attachment and the evaluation date and did not end before the end
/// of the post-closure window (need 10.1).
/// </summary>
internal sealed class SustainedEmploymentMeasure : MeasureKind
{
    public override IReadOnlyList<ArgumentDefinition> FrameworkParameters { get; } = [PostClosureMonths];

    public override string Name => "sustained_employment";

    public override string Description => "An employment spell started since attachment and lasted to the end of the post-closure window.";

    public override IReadOnlyList<ArgumentDefinition> Arguments { get; } = [];

    internal override string Compile(MeasureSql q) => $"""
        SELECT s.sid, s.node_id,
          CASE WHEN NOT {q.ClosureWindowsDone} THEN 'pending' WHEN coalesce(e.sustained, 0) > 0 THEN 'met' ELSE 'not_met' END AS status,
          CASE WHEN NOT {q.ClosureWindowsDone} THEN {q.ClosurePending}
               WHEN coalesce(e.sustained, 0) > 0 THEN 'In work from ' || strftime(e.first_start, '%Y-%m-%d') || ' (a spell starting between attachment and the evaluation date), not ending before ' || strftime({q.PostClosureEnd}, '%Y-%m-%d') || '.'
               ELSE 'No employment spell that started after attachment lasted to the end of the post-closure window.' END AS reason,
          {q.Detail(() => Obj(("window", Members.AttachmentToEvaluation), ("sustain_until", q.PostClosureEnd), ("spells", OrEmpty("e.items"))))} AS detail
        FROM subj s
        LEFT JOIN (
          SELECT s.sid,
            count(*) FILTER (WHERE x.start_date BETWEEN s.a AND s.t AND (x.end_date IS NULL OR x.end_date >= {q.PostClosureEnd})) AS sustained,
            min(x.start_date) FILTER (WHERE x.start_date BETWEEN s.a AND s.t AND (x.end_date IS NULL OR x.end_date >= {q.PostClosureEnd})) AS first_start,
            {Items(Obj(("status", "x.status"), ("start", "x.start_date"), ("end", "x.end_date")), null, "x.start_date")} AS items
          FROM subj s JOIN {Members.People(false)} sp ON sp.sid = s.sid JOIN employment x ON x.person_id = sp.person_id AND x.status = 'employed'
          WHERE s.c IS NOT NULL
          GROUP BY s.sid) e ON e.sid = s.sid
        """;
}

/// <summary>
/// Met when the young person's latest education, employment or training status on or before the evaluation date
/// is EET and no NEET status was recorded in the post-closure window (need 10.3).
/// </summary>
internal sealed class EetStatusMeasure : MeasureKind
{
    public override IReadOnlyList<ArgumentDefinition> FrameworkParameters { get; } = [PostClosureMonths];

    public override string Name => "eet_status";

    public override string Description => "The latest status is in education, employment or training, with no NEET status after closure.";

    public override IReadOnlyList<ArgumentDefinition> Arguments { get; } = [];

    internal override string Compile(MeasureSql q) => $"""
        SELECT s.sid, s.node_id,
          CASE WHEN NOT {q.ClosureWindowsDone} THEN 'pending'
               WHEN e.latest IS NULL THEN 'insufficient_data'
               WHEN e.latest = 'eet' AND e.neet_after = 0 THEN 'met' ELSE 'not_met' END AS status,
          CASE WHEN NOT {q.ClosureWindowsDone} THEN {q.ClosurePending}
               WHEN e.latest IS NULL THEN 'No education, employment or training status recorded by the evaluation date.'
               ELSE 'Latest status ' || e.latest || ' on ' || strftime(e.latest_date, '%Y-%m-%d') || '; ' || e.neet_after || ' NEET status(es) after closure.' END AS reason,
          {q.Detail(() => Obj(("latest", "e.latest"), ("latest_date", "e.latest_date"), ("evaluation_date", "s.t"),
              ("neet_after_closure", "e.neet_after"), ("post_closure_from", "s.c"), ("post_closure_to", q.PostClosureEnd), ("statuses", OrEmpty("e.items"))))} AS detail
        FROM subj s
        LEFT JOIN (
          SELECT s.sid,
            arg_max(x.status, x.status_date) FILTER (WHERE x.status_date <= s.t) AS latest,
            max(x.status_date) FILTER (WHERE x.status_date <= s.t) AS latest_date,
            count(*) FILTER (WHERE x.status = 'neet' AND {Members.InWindow(q, "x.status_date", "post_closure")}) AS neet_after,
            {Items(Obj(("date", "x.status_date"), ("status", "x.status")), null, "x.status_date")} AS items
          FROM subj s JOIN {Members.People(false)} sp ON sp.sid = s.sid JOIN eet_status x ON x.person_id = sp.person_id
          WHERE s.c IS NOT NULL
          GROUP BY s.sid) e ON e.sid = s.sid
        """;
}
