using static OutcomeAnalytics.Model.Measures.JsonText;

namespace OutcomeAnalytics.Model.Measures;

/// <summary>
/// Met when no plan of the given types started for the subject (or the family) in the post-closure window: a
/// phase 2 plan's "no step up to CIN or CP for 6 months" and "no child in the home becomes looked after for 6 months".
/// </summary>
internal sealed class NoPlanStartedMeasure : MeasureKind
{
    public override IReadOnlyList<ArgumentDefinition> FrameworkParameters { get; } = [PostClosureMonths];

    public override string Name => "no_plan_started";

    public override string Description => "No plan of the given types started in the post-closure window.";

    public override IReadOnlyList<ArgumentDefinition> Arguments { get; } =
    [
        ArgumentDefinition.RequiredArgument("plan_types", ParameterType.List, "The plan types whose start breaks the rule.", Members.Vocabulary("plans", "plan_type")),
        ArgumentDefinition.WithDefault("whole_family", ParameterType.Boolean, false, "Count plans of any family member, not only the subject's."),
    ];

    internal override string Compile(MeasureSql q)
    {
        var types = q.ArgList("plan_types");
        var named = q.P(string.Join(" or ", types));
        return $"""
            SELECT s.sid, s.node_id,
              CASE WHEN NOT {q.ClosureWindowsDone} THEN 'pending' WHEN coalesce(p.n, 0) = 0 THEN 'met' ELSE 'not_met' END AS status,
              CASE WHEN NOT {q.ClosureWindowsDone} THEN {q.ClosurePending}
                   WHEN coalesce(p.n, 0) = 0 THEN 'No ' || {named} || ' plan started in the post-closure window.'
                   ELSE p.n || ' ' || {named} || ' plan(s) started in the post-closure window, the first on ' || strftime(p.first_start, '%Y-%m-%d') || '.' END AS reason,
              {q.Detail(() => Obj(("window", Members.Window(q, "post_closure")), ("plan_types", named), ("plans", OrEmpty("p.items"))))} AS detail
            FROM subj s
            LEFT JOIN (
              SELECT s.sid, count(*) AS n, min(pl.start_date) AS first_start,
                {Items(Obj(("plan_id", "pl.plan_id"), ("person_id", "pl.person_id"), ("type", "pl.plan_type"), ("start", "pl.start_date")), null, "pl.start_date", "pl.plan_id")} AS items
              FROM subj s JOIN {Members.People((bool)q.Arg("whole_family"))} sp ON sp.sid = s.sid
              JOIN plans pl ON pl.person_id = sp.person_id AND pl.plan_type IN ({q.In(types)}) AND {Members.InWindow(q, "pl.start_date", "post_closure")}
              WHERE s.c IS NOT NULL
              GROUP BY s.sid) p ON p.sid = s.sid
            """;
    }
}
