using static OutcomeAnalytics.Model.Measures.Decision;
using static OutcomeAnalytics.Model.Measures.JsonText;
using static OutcomeAnalytics.Model.Measures.Outcome;

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
        ArgumentDefinition.WithDefault("types", ParameterType.List, AllTypes, "The evidence types that count (default: every type): a route a document names, such as a referral for an FASD assessment.", AllTypes),
    ];

    private static readonly IReadOnlyList<string> AllTypes = Members.Vocabulary("evidence", "evidence_type");

    internal override Decision Decide(MeasureSql q)
    {
        var verified = q.P((bool)q.Arg("require_verified"));
        // Every type (the default) needs no test; a route naming types reads only those.
        var types = q.ArgList("types");
        var typeFilter = AllTypes.All(types.Contains) ? "" : $" AND ev.evidence_type IN ({q.In(types)})";
        // Each evidence row's detail is built once, before the join; the subject's records are sorted once, and the
        // earliest (date, then id) gives the reason. Without details only the earliest record is kept.
        var item = q.Details
            ? Obj(("evidence_id", "ev.evidence_id"), ("type", "ev.evidence_type"), ("result", "ev.result"), ("date", "ev.evidence_date"), ("person_id", "ev.person_id"), ("verified", "ev.verified"))
            : "NULL";
        var records = q.Details
            ? "list_sort(list(struct_pack(evidence_date := ev.evidence_date, evidence_id := ev.evidence_id, evidence_type := ev.evidence_type, result := ev.result, item := ev.item))) AS records"
            : "arg_min(struct_pack(evidence_date := ev.evidence_date, evidence_type := ev.evidence_type, result := ev.result), (ev.evidence_date, ev.evidence_id)) AS earliest";
        var earliest = q.Details ? "e.records[1]" : "e.earliest";
        return new Decision
        {
            Records = [Records.PerSubject("e", $"count(*) AS n, {records}", $"""
                JOIN (
                  SELECT ev.family_id, ev.need_code, ev.person_id, ev.evidence_date, ev.evidence_id, ev.evidence_type, ev.result, {item} AS item
                  FROM evidence ev
                  WHERE ev.result IN ('met', 'improved') AND (NOT {verified} OR coalesce(ev.verified, false)){typeFilter}
                ) ev ON ev.family_id = s.family_id AND ev.need_code = s.need_code
                """,
                where: "ev.evidence_date BETWEEN s.a AND s.t AND (s.person_id IS NULL OR ev.person_id IS NULL OR ev.person_id = s.person_id)")],
            Cases =
            [
                When("e.n > 0", Met, $"'Evidence recorded: ' || {earliest}.evidence_type || ' (' || {earliest}.result || ') on ' || strftime({earliest}.evidence_date, '%Y-%m-%d') || '.'"),
                Otherwise(NotMet, "'No qualifying evidence recorded between attachment and the evaluation date.'"),
            ],
            Detail = () => [("window", Members.AttachmentToEvaluation), ("require_verified", verified), ("evidence", OrEmpty(ListOf("e.records", "item")))],
        };
    }
}
