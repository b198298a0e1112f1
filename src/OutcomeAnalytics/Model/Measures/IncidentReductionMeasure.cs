using static OutcomeAnalytics.Model.Measures.Decision;
using static OutcomeAnalytics.Model.Measures.JsonText;
using static OutcomeAnalytics.Model.Measures.Outcome;

namespace OutcomeAnalytics.Model.Measures;

/// <summary>
/// The crime needs' rule (7.1, 7.3). N = incidents of the counted types (narrowed to the need's basis when it has
/// one: the consistent-measure rule) in the baseline months before attachment; P = the same in the post-closure
/// window. With N at most the zero-route maximum the subject must have none after closure (P = 0). With N above it
/// (7.1: "If N ≤ 7 ⚙ ... If N ≥ 8": one threshold, so the routes meet), P must be at most (1 - reduction fraction)
/// of the baseline rate scaled to the window (or of the count in the 6 months before attachment), and, where severe
/// incidents block it, the subject had no severe incident of any type in the window (the rule says "no severe
/// incident in PC", not only of the counted types).
/// </summary>
internal sealed class IncidentReductionMeasure : MeasureKind
{
    public override IReadOnlyList<ArgumentDefinition> FrameworkParameters { get; } = [PostClosureMonths];

    public override string Name => "incident_reduction";

    public override string Description => "No counted incidents after closure, or (from a high baseline) a sustained reduction.";

    public override IReadOnlyList<ArgumentDefinition> Arguments { get; } =
    [
        ArgumentDefinition.RequiredArgument("zero_route_max", ParameterType.Integer, "Baseline counts up to this need no incidents after closure; higher counts need a reduction."),
        ArgumentDefinition.WithDefault("severe_blocks_reduction", ParameterType.Boolean, false, "A severe incident after closure fails the reduction route."),
        ArgumentDefinition.FromParameter("counted_types", ParameterType.List, "crime_counted_types", "The incident types counted.", Members.Vocabulary("incidents", "incident_type")),
        ArgumentDefinition.FromParameter("fraction", ParameterType.Number, "reduction_fraction", "The reduction required."),
        ArgumentDefinition.FromParameter("baseline", ParameterType.Choice, "reduction_baseline", "rate_12_months or count_6_months_before.", ["rate_12_months", "count_6_months_before"]),
        ArgumentDefinition.FromParameter("baseline_months", ParameterType.Integer, "crime_baseline_months", "Months before attachment counted for N."),
    ];

    /// <summary>A baseline count cannot be below 0, so a negative zero-route maximum would leave no zero route at all.</summary>
    internal override IEnumerable<string> Check(Func<string, object> value, Func<string, string> named)
    {
        if (Convert.ToInt32(value("zero_route_max"), System.Globalization.CultureInfo.InvariantCulture) < 0)
            yield return $"{named("zero_route_max")} is below 0: it is a count of incidents, and with it no baseline would take the zero route";
    }

    internal override Decision Decide(MeasureSql q)
    {
        var types = q.In(q.ArgList("counted_types"));
        var months = q.P(Convert.ToInt32(q.Arg("baseline_months"), System.Globalization.CultureInfo.InvariantCulture));
        var post = q.P(q.Parameters.Int("post_closure_months"));
        var zeroMax = q.P(Convert.ToInt32(q.Arg("zero_route_max"), System.Globalization.CultureInfo.InvariantCulture));
        var severeBlocks = q.P((bool)q.Arg("severe_blocks_reduction"));
        // Where severity blocks the reduction route, the severe incidents of other types are read too (the choice shapes
        // the statement, so a rule that ignores severity joins only the counted types).
        var orSevere = (bool)q.Arg("severe_blocks_reduction") ? " OR x.severe" : "";
        var keep = q.P(1 - Convert.ToDecimal(q.Arg("fraction"), System.Globalization.CultureInfo.InvariantCulture));
        var baseline = q.P((string)q.Arg("baseline"));
        var inWindow = Members.InWindow(q, "i.incident_date", "post_closure");
        // The months before attachment that N counts (and the 6 the count_6_months_before baseline counts).
        var inBaseline = $"i.incident_date >= s.a - to_months({months}) AND i.incident_date < s.a";
        var inSixMonths = "i.incident_date >= s.a - to_months(6) AND i.incident_date < s.a";
        // Counted: of the counted types, and of the need's basis when it has one that is counted (the consistent measure).
        // The basis is free text in the needs table, so it matches a type whatever its case, as controlled values do.
        var counted = $"x.incident_type IN ({types}) AND (b.basis IS NULL OR lower(b.basis) NOT IN ({types}) OR x.incident_type = lower(b.basis))";
        var allowed = $"CASE WHEN {baseline} = 'count_6_months_before' THEN {keep} * c.n6 ELSE {keep} * c.n * {post} / {months} END";
        var baselineCount = $"c.n || ' counted incident(s) in the ' || {months} || ' months before attachment (at most ' || {zeroMax} || '): '";
        var reduction = $"c.n || ' counted incidents before attachment: ' || c.p || ' after closure against at most ' || rtrim(rtrim(printf('%.2f', {allowed}), '0'), '.') || ' allowed'";
        var severeCount = $"{severeBlocks} AND c.severe > 0";
        return new Decision
        {
            PendingUntilClosure = true,
            Records = [Records.PerSubject("c", $"""
                count(*) FILTER (WHERE i.counted AND {inBaseline}) AS n,
                count(*) FILTER (WHERE i.counted AND {inSixMonths}) AS n6,
                count(*) FILTER (WHERE i.counted AND {inWindow}) AS p,
                count(*) FILTER (WHERE {inWindow} AND i.is_severe) AS severe,
                -- the records the counts read, each with its window: counted incidents before attachment and after
                -- closure, and severe ones after closure (of any type, counted or not)
                {Items(Obj(("incident_id", "i.incident_id"), ("date", "i.incident_date"), ("type", "i.incident_type"), ("severe", "i.severe"), ("counted", "i.counted"),
                        ("window", $"CASE WHEN {inWindow} THEN 'post_closure' ELSE 'baseline' END")),
                    $"(i.counted AND ({inBaseline} OR {inSixMonths} OR {inWindow})) OR (i.is_severe AND {inWindow})", "i.incident_date", "i.incident_id")} AS items
                """, $"""
                LEFT JOIN (
                  -- the subject's counted incidents (the basis filter sits inside, so the outer join is a plain equi-join on
                  -- sid: an OR in its ON clause made it a nested loop) and, where severity blocks the reduction route, every
                  -- severe incident, of whatever type
                  SELECT sp.sid, x.*, coalesce(x.severe, false) AS is_severe, {counted} AS counted
                  FROM {Members.People(false)} sp JOIN subj b ON b.sid = sp.sid
                  JOIN incidents x ON x.person_id = sp.person_id AND (x.incident_type IN ({types}){orSevere})
                  WHERE ({counted}){orSevere}) i
                  ON i.sid = s.sid
                """)],
            Cases =
            [
                When($"c.n <= {zeroMax} AND c.p = 0", Met, $"{baselineCount} || 'none after closure.'"),
                When($"c.n <= {zeroMax}", NotMet, $"{baselineCount} || c.p || ' after closure, where none are allowed.'"),
                When($"c.p <= {allowed} AND NOT ({severeCount})", Met, $"{reduction} || '.'"),
                When(severeCount, NotMet, $"{reduction} || ', and ' || c.severe || ' severe.'"),
                Otherwise(NotMet, $"{reduction} || '.'"),
            ],
            Detail = () => [("basis", "s.basis"), ("baseline_count", "c.n"), ("baseline_6_months", "c.n6"), ("post_closure_count", "c.p"), ("severe_post_closure", $"CASE WHEN {severeBlocks} THEN c.severe END"),
                ("route", $"CASE WHEN c.n <= {zeroMax} THEN 'zero' ELSE 'reduction' END"), ("allowed", $"CASE WHEN c.n <= {zeroMax} THEN 0 ELSE round({allowed}, 4) END"),
                ("baseline_from", $"CAST(s.a - to_months({months}) AS DATE)"), ("post_closure_from", "s.c"), ("post_closure_to", q.PostClosureEnd),
                ("incidents", OrEmpty("c.items"))],
        };
    }
}
