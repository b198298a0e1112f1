using static OutcomeAnalytics.Model.Measures.JsonText;

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

    internal override IEnumerable<string> Check(Func<string, object> value, Func<string, string> named)
    {
        if (Convert.ToInt32(value("max"), System.Globalization.CultureInfo.InvariantCulture) < 0)
            yield return $"{named("max")} is below 0: it is a count of exclusions, and no child could meet it";
    }

    internal override string Compile(MeasureSql q)
    {
        var ot = q.P(q.Parameters.Int("outcome_terms"));
        var max = q.P(Convert.ToInt32(q.Arg("max"), System.Globalization.CultureInfo.InvariantCulture));
        var categories = q.ArgList("categories");
        var named = q.P(string.Join(" or ", categories));
        return $"""
            WITH w AS (
              SELECT s.sid, count(DISTINCT ft.term_index) AS terms, count(x.person_id) AS n,
                {Items(Obj(("start", "x.start_date"), ("category", "x.category"), ("days_lost", "x.days_lost")), "x.person_id IS NOT NULL", "x.start_date")} AS items,
                {q.DetailPart(() => DistinctItems(Obj(AttendanceSql.TermFields("ft")), "ft.term_index"))} AS term_items
              FROM subj s
              JOIN ev_family_terms ft ON ft.family_id = s.family_id AND ft.window_name = 'outcome'
              LEFT JOIN exclusions x ON x.person_id = s.person_id AND x.start_date BETWEEN ft.start_date AND ft.end_date AND x.category IN ({q.In(categories)})
              GROUP BY s.sid)
            SELECT s.sid, s.node_id,
              CASE WHEN coalesce(o.terms, 0) < {ot} THEN 'pending' WHEN o.n <= {max} THEN 'met' ELSE 'not_met' END AS status,
              CASE WHEN coalesce(o.terms, 0) < {ot} THEN 'Only ' || coalesce(o.terms, 0) || ' of the ' || {ot} || ' outcome terms have finished since attachment.'
                   ELSE o.n || ' ' || {named} || ' exclusion(s) started in the outcome terms; at most ' || {max} || ' allowed.' END AS reason,
              {q.Detail(() => Obj(("outcome_terms", OrEmpty("o.term_items")), ("categories", named), ("count", "o.n"), ("max", max), ("exclusions", OrEmpty("o.items"))))} AS detail
            FROM subj s LEFT JOIN w o ON o.sid = s.sid
            """;
    }
}
