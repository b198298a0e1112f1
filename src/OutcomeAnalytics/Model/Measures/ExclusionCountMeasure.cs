using static OutcomeAnalytics.Model.Measures.Decision;
using static OutcomeAnalytics.Model.Measures.JsonText;
using static OutcomeAnalytics.Model.Measures.Outcome;

namespace OutcomeAnalytics.Model.Measures;

/// <summary>
/// Met when at most a number of exclusions of the given categories started in the outcome terms: the phase 2 plans'
/// "fewer than three fixed term exclusions" (suspension, at most 2) and "no permanent exclusion" (permanent, at most 0)
/// over three consecutive terms. Exclusions are event records: no row is no exclusion.
/// </summary>
internal sealed class ExclusionCountMeasure : MeasureKind
{
    public override string Name => "exclusion_count";

    public override string Description => "At most a number of exclusions of the given categories started in the outcome terms.";

    public override IReadOnlyList<ArgumentDefinition> Arguments { get; } =
    [
        ArgumentDefinition.RequiredArgument("categories", ParameterType.List, "The exclusion categories counted.", Members.Vocabulary("exclusions", "category")),
        ArgumentDefinition.RequiredArgument("max", ParameterType.Integer, "The most exclusions allowed in the outcome terms."),
    ];

    internal override IEnumerable<string> Check(Func<string, object> value, Func<string, string> named) =>
        Convert.ToInt32(value("max"), System.Globalization.CultureInfo.InvariantCulture) < 0 ? [$"{named("max")} is below 0: it is a count of exclusions, and no child could meet it"] : [];

    internal override Decision Decide(MeasureSql q)
    {
        var (ot, max, named) = (q.P(q.Parameters.Int("outcome_terms")), q.P(q.Integer("max")), q.P(string.Join(" or ", q.ArgList("categories"))));
        var counted = $"o.n || ' ' || {named} || ' exclusion(s) started in the outcome terms; at most ' || {max} || ' allowed.'";
        return new Decision
        {
            Records = [Records.PerSubject("o", $"""
                count(DISTINCT ft.term_index) AS terms, count(x.person_id) AS n,
                {Items(Obj(("start", "x.start_date"), ("category", "x.category"), ("days_lost", "x.days_lost")), "x.person_id IS NOT NULL", "x.start_date")} AS items,
                {q.DetailPart(() => DistinctItems(Obj(AttendanceSql.TermFields("ft")), "ft.term_index"))} AS term_items
                """, $"""
                JOIN ev_family_terms ft ON ft.family_id = s.family_id AND ft.window_name = 'outcome'
                LEFT JOIN exclusions x ON x.person_id = s.person_id AND x.start_date BETWEEN ft.start_date AND ft.end_date AND x.category IN ({q.In(q.ArgList("categories"))})
                """)],
            Cases =
            [
                AttendanceSql.OutcomeTermsRunning("coalesce(o.terms, 0)", ot),
                When($"o.n <= {max}", Met, counted),
                Otherwise(NotMet, counted),
            ],
            Detail = () => [("outcome_terms", OrEmpty("o.term_items")), ("categories", named), ("count", "o.n"), ("max", max), ("exclusions", OrEmpty("o.items"))],
        };
    }
}
