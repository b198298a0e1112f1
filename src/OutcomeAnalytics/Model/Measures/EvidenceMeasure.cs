using static OutcomeAnalytics.Model.Measures.JsonText;

namespace OutcomeAnalytics.Model.Measures;

/// <summary>
/// Met when evidence is recorded for the family and need with result met or improved, dated from attachment to
/// the evaluation date, for the subject's person or the whole family. No evidence is not_met, never missing data.
/// </summary>
internal sealed class EvidenceMeasure : MeasureKind
{
    public override string Name => "evidence";

    public override string Description => "Recorded evidence (result met or improved) for the need, dated between attachment and the evaluation date.";

    public override IReadOnlyList<ArgumentDefinition> Arguments { get; } =
    [
        ArgumentDefinition.FromParameter("require_verified", ParameterType.Boolean, "require_verified", "Only evidence marked verified counts."),
    ];

    internal override string Compile(MeasureSql q)
    {
        var verified = q.P((bool)q.Arg("require_verified"));
        var item = Obj(("evidence_id", Val("ev.evidence_id")), ("type", Val("ev.evidence_type")), ("result", Val("ev.result")), ("date", Val("ev.evidence_date")),
            ("person_id", Val("ev.person_id")), ("verified", Val("ev.verified")));
        var detail = Obj(("window", Obj(("from", Val("s.a")), ("to", Val("s.t")))), ("require_verified", Val(verified)), ("evidence", OrEmpty("e.items")));
        return $"""
            SELECT s.sid, s.node_id,
              CASE WHEN e.n > 0 THEN 'met' ELSE 'not_met' END AS status,
              CASE WHEN e.n > 0 THEN 'Evidence recorded: ' || e.first_type || ' (' || e.first_result || ') on ' || strftime(e.first_date, '%Y-%m-%d') || '.'
                   ELSE 'No qualifying evidence recorded between attachment and the evaluation date.' END AS reason,
              {detail} AS detail
            FROM subj s
            LEFT JOIN (
              SELECT s2.sid, count(*) AS n,
                arg_min(ev.evidence_type, (ev.evidence_date, ev.evidence_id)) AS first_type, arg_min(ev.result, (ev.evidence_date, ev.evidence_id)) AS first_result,
                min(ev.evidence_date) AS first_date,
                {Items(item, null, "ev.evidence_date", "ev.evidence_id")} AS items
              FROM subj s2
              JOIN evidence ev ON ev.family_id = s2.family_id AND ev.need_code = s2.need_code
              WHERE ev.result IN ('met', 'improved') AND ev.evidence_date BETWEEN s2.a AND s2.t
                AND (s2.person_id IS NULL OR ev.person_id IS NULL OR ev.person_id = s2.person_id)
                AND (NOT {verified} OR coalesce(ev.verified, false))
              GROUP BY s2.sid
            ) e ON e.sid = s.sid
            """;
    }
}
