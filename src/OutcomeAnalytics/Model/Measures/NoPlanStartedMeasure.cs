using static OutcomeAnalytics.Model.Measures.Decision;
using static OutcomeAnalytics.Model.Measures.JsonText;
using static OutcomeAnalytics.Model.Measures.Outcome;

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

    internal override Decision Decide(MeasureSql q)
    {
        var named = q.P(string.Join(" or ", q.ArgList("plan_types")));
        return new Decision
        {
            PendingUntilClosure = true,
            Records = [Records.PerSubject("p",
                $"count(*) AS n, min(pl.start_date) AS first_start,\n{Items(Obj(("plan_id", "pl.plan_id"), ("person_id", "pl.person_id"), ("type", "pl.plan_type"), ("start", "pl.start_date")), null, "pl.start_date", "pl.plan_id")} AS items",
                $"JOIN {Members.People((bool)q.Arg("whole_family"))} sp ON sp.sid = s.sid\n"
                + $"JOIN plans pl ON pl.person_id = sp.person_id AND pl.plan_type IN ({q.In(q.ArgList("plan_types"))}) AND {Members.InWindow(q, "pl.start_date", "post_closure")}", Records.Closed)],
            Cases =
            [
                When("coalesce(p.n, 0) = 0", Met, $"'No ' || {named} || ' plan started in the post-closure window.'"),
                Otherwise(NotMet, $"p.n || ' ' || {named} || ' plan(s) started in the post-closure window, the first on ' || strftime(p.first_start, '%Y-%m-%d') || '.'"),
            ],
            Detail = () => [("window", Members.Window(q, "post_closure")), ("plan_types", named), ("plans", OrEmpty("p.items"))],
        };
    }
}
