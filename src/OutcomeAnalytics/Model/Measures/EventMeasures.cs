using static OutcomeAnalytics.Model.Measures.Decision;
using static OutcomeAnalytics.Model.Measures.JsonText;
using static OutcomeAnalytics.Model.Measures.Outcome;

namespace OutcomeAnalytics.Model.Measures;

/// <summary>Which family members' records a measure reads.</summary>
internal static class Members
{
    /// <summary>
    /// A derived table <c>(sid, person_id)</c> of the people whose records count for each subject: the subject's
    /// person, or every member of the family when the measure reads the whole family or the subject names nobody.
    /// </summary>
    public static string People(bool wholeFamily) => wholeFamily
        ? "(SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id)"
        : "(SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL "
          + "UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL)";

    /// <summary>The window bounds of a closure window: pre_closure [c - months, c] or post_closure (c, c + months].</summary>
    public static string InWindow(MeasureSql q, string dateColumn, string window) => window == "pre_closure"
        ? $"{dateColumn} BETWEEN {q.PreClosureStart} AND s.c"
        : $"{dateColumn} > s.c AND {dateColumn} <= {q.PostClosureEnd}";

    /// <summary>
    /// A closure window as a detail's <c>window</c> object: its <c>name</c>, <c>from</c> and <c>to</c> (see
    /// <see cref="InWindow"/> for which ends are included). Every measure judging one window gives it in this shape.
    /// </summary>
    public static string Window(MeasureSql q, string window) =>
        Obj(("name", q.P(window)), ("from", window == "pre_closure" ? q.PreClosureStart : "s.c"), ("to", window == "pre_closure" ? "s.c" : q.PostClosureEnd));

    /// <summary>The window from attachment to the evaluation date, [A, T], as a detail's <c>window</c> object.</summary>
    public static string AttachmentToEvaluation => Obj(("from", "s.a"), ("to", "s.t"));

    public static readonly string[] Windows = ["pre_closure", "post_closure"];

    /// <summary>The controlled values of a data-dictionary column: what a list argument naming its records may hold.</summary>
    public static IReadOnlyList<string> Vocabulary(string table, string column) =>
        Dictionary.DataDictionary.Default[table].Column(column)?.Values is { Count: > 0 } values
            ? values : throw new InvalidOperationException($"{table}.{column} has no controlled values.");
}

/// <summary>Met when no incident of the given types involves the subject (or the family) in a closure window.</summary>
internal sealed class NoIncidentsMeasure : MeasureKind
{
    public override IReadOnlyList<ArgumentDefinition> FrameworkParameters { get; } = [PostClosureMonths, PreClosureMonths];

    public override string Name => "no_incidents";

    public override string Description => "No incident of the given types in the pre-closure month or the post-closure window.";

    public override IReadOnlyList<ArgumentDefinition> Arguments { get; } =
    [
        ArgumentDefinition.RequiredArgument("incident_types", ParameterType.List, "The incident types that break the rule.", Members.Vocabulary("incidents", "incident_type")) with { PerNode = true },
        ArgumentDefinition.RequiredArgument("window", ParameterType.Choice, "pre_closure or post_closure.", Members.Windows),
        ArgumentDefinition.WithDefault("whole_family", ParameterType.Boolean, false, "Count incidents of any family member, not only the subject's."),
    ];

    internal override Decision Decide(MeasureSql q)
    {
        var window = (string)q.Arg("window");
        // Each subject's node's incident types (a list): uses that differ only in their types share this statement.
        var types = MeasureSql.NodeArg("incident_types");
        var what = $"array_to_string({types}, ' or ') || ' incident' || ";
        var where = $"' in the ' || {q.P(window.Replace('_', '-'))} || ' window'";
        return new Decision
        {
            PendingUntilClosure = true,
            Records = [Records.PerSubject("e",
                $"count(*) AS n, min(i.incident_date) AS first_date,\n{Items(Obj(("incident_id", "i.incident_id"), ("person_id", "i.person_id"), ("date", "i.incident_date"), ("type", "i.incident_type")), null, "i.incident_date")} AS items",
                $"""
                JOIN {Members.People((bool)q.Arg("whole_family"))} sp ON sp.sid = s.sid
                JOIN incidents i ON i.person_id = sp.person_id AND list_contains({types}, i.incident_type)
                  AND {Members.InWindow(q, "i.incident_date", window)}
                """, Records.Closed)],
            Cases =
            [
                When("coalesce(e.n, 0) = 0", Met, $"'No ' || {what}{where} || '.'"),
                Otherwise(NotMet, $"e.n || ' ' || {what}'(s)' || {where} || ', the first on ' || strftime(e.first_date, '%Y-%m-%d') || '.'"),
            ],
            Detail = () => [("window", Members.Window(q, window)), ("incident_types", $"array_to_string({types}, ',')"), ("incidents", OrEmpty("e.items"))],
        };
    }
}

/// <summary>Met when there is no referral into the given services for the subject (or a member) or the family in a closure window.</summary>
internal sealed class NoReferralsMeasure : MeasureKind
{
    public override IReadOnlyList<ArgumentDefinition> FrameworkParameters { get; } = [PostClosureMonths, PreClosureMonths];

    public override string Name => "no_referrals";

    public override string Description => "No referral into the given services, for the subject or the family, in the post-closure window.";

    public override IReadOnlyList<ArgumentDefinition> Arguments { get; } =
    [
        ArgumentDefinition.RequiredArgument("services", ParameterType.List, "The services whose referral breaks the rule.", Members.Vocabulary("referrals", "service")),
        ArgumentDefinition.WithDefault("window", ParameterType.Choice, "post_closure", "pre_closure or post_closure.", Members.Windows),
        ArgumentDefinition.WithDefault("whole_family", ParameterType.Boolean, false, "Count referrals of any family member, not only the subject's."),
    ];

    internal override Decision Decide(MeasureSql q)
    {
        var window = (string)q.Arg("window");
        var services = q.ArgList("services");
        var what = $"' to ' || {q.P(string.Join(" or ", services))} || ' in the ' || {q.P(window.Replace('_', '-'))} || ' window'";
        return new Decision
        {
            PendingUntilClosure = true,
            Records = [Records.PerSubject("e",
                $"count(*) AS n, min(r.referral_date) AS first_date,\n{Items(Obj(("referral_id", "r.referral_id"), ("person_id", "r.person_id"), ("family_id", "r.family_id"), ("date", "r.referral_date"), ("service", "r.service")), null, "r.referral_date")} AS items",
                $"""
                JOIN (
                  -- a referral for the family, or for one of the people whose records count (two equi-joins; UNION keeps a referral matched both ways once)
                  SELECT s.sid, r.* FROM subj s JOIN referrals r ON r.family_id = s.family_id
                  UNION
                  SELECT sp.sid, r.* FROM {Members.People((bool)q.Arg("whole_family"))} sp JOIN referrals r ON r.person_id = sp.person_id) r
                  ON r.sid = s.sid AND r.service IN ({q.In(services)}) AND {Members.InWindow(q, "r.referral_date", window)}
                """, Records.Closed)],
            Cases =
            [
                When("coalesce(e.n, 0) = 0", Met, $"'No referral' || {what} || '.'"),
                Otherwise(NotMet, $"e.n || ' referral(s)' || {what} || ', the first on ' || strftime(e.first_date, '%Y-%m-%d') || '.'"),
            ],
            Detail = () => [("window", Members.Window(q, window)), ("services", q.P(string.Join(",", services))), ("referrals", OrEmpty("e.items"))],
        };
    }
}

/// <summary>
/// Met when a plan of the given types for the child ended between attachment and the evaluation date for one of
/// the given reasons, and no plan of those types is still open at the evaluation date (need 6.1).
/// </summary>
internal sealed class PlanClosedMeasure : MeasureKind
{
    public override string Name => "plan_closed";

    public override string Description => "A plan of the given types closed or stepped down since attachment, and none is still open.";

    public override IReadOnlyList<ArgumentDefinition> Arguments { get; } =
    [
        ArgumentDefinition.RequiredArgument("plan_types", ParameterType.List, "The plan types that count.", Members.Vocabulary("plans", "plan_type")),
        ArgumentDefinition.RequiredArgument("end_reasons", ParameterType.List, "The end reasons that count as closed or stepped down.", Members.Vocabulary("plans", "end_reason")),
    ];

    internal override Decision Decide(MeasureSql q)
    {
        var types = q.In(q.ArgList("plan_types"));
        var reasons = q.In(q.ArgList("end_reasons"));
        var ended = $"pl.end_date BETWEEN s.a AND s.t AND pl.end_reason IN ({reasons})";
        return new Decision
        {
            Records = [Records.PerSubject("p", $"""
                count(*) FILTER (WHERE {ended}) AS ended,
                max(pl.end_date) FILTER (WHERE {ended}) AS last_end,
                count(*) FILTER (WHERE pl.start_date <= s.t AND (pl.end_date IS NULL OR pl.end_date > s.t)) AS open_plans,
                {Items(Obj(("plan_id", "pl.plan_id"), ("type", "pl.plan_type"), ("start", "pl.start_date"), ("end", "pl.end_date"), ("end_reason", "pl.end_reason")), null, "pl.start_date")} AS items
                """,
                $"JOIN {Members.People(false)} sp ON sp.sid = s.sid\nJOIN plans pl ON pl.person_id = sp.person_id AND pl.plan_type IN ({types})")],
            Cases =
            [
                When("coalesce(p.open_plans, 0) > 0", NotMet, "'A plan is still open at the evaluation date.'"),
                When("coalesce(p.ended, 0) > 0", Met, "'A plan ended (closed or stepped down) on ' || strftime(p.last_end, '%Y-%m-%d') || ' and none is open.'"),
                Otherwise(NotMet, "'No plan closed or stepped down between attachment and the evaluation date.'"),
            ],
            Detail = () => [("window", Members.AttachmentToEvaluation), ("plans", OrEmpty("p.items"))],
        };
    }
}
