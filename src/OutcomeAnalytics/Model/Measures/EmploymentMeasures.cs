using static OutcomeAnalytics.Model.Measures.Decision;
using static OutcomeAnalytics.Model.Measures.JsonText;
using static OutcomeAnalytics.Model.Measures.Outcome;

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

    internal override Decision Decide(MeasureSql q)
    {
        var sustained = $"x.start_date BETWEEN s.a AND s.t AND (x.end_date IS NULL OR x.end_date >= {q.PostClosureEnd})";
        return new Decision
        {
            PendingUntilClosure = true,
            Records = [Records.PerSubject("e", $"""
                count(*) FILTER (WHERE {sustained}) AS sustained,
                min(x.start_date) FILTER (WHERE {sustained}) AS first_start,
                {Items(Obj(("status", "x.status"), ("start", "x.start_date"), ("end", "x.end_date")), null, "x.start_date")} AS items
                """,
                $"JOIN {Members.People(false)} sp ON sp.sid = s.sid JOIN employment x ON x.person_id = sp.person_id AND x.status = 'employed'", Records.Closed)],
            Cases =
            [
                When("coalesce(e.sustained, 0) > 0", Met, $"'In work from ' || strftime(e.first_start, '%Y-%m-%d') || ' (a spell starting between attachment and the evaluation date), not ending before ' || strftime({q.PostClosureEnd}, '%Y-%m-%d') || '.'"),
                Otherwise(NotMet, "'No employment spell that started after attachment lasted to the end of the post-closure window.'"),
            ],
            Detail = () => [("window", Members.AttachmentToEvaluation), ("sustain_until", q.PostClosureEnd), ("spells", OrEmpty("e.items"))],
        };
    }
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

    public override IReadOnlyList<ArgumentDefinition> Arguments { get; } =
    [
        ArgumentDefinition.WithDefault("young_people_only", ParameterType.Boolean, false,
            "The route is for young people only: a subject 18 or over at attachment does not meet it (a phase 2 plan's young person's EET route inside a problem every member can have)."),
    ];

    /// <summary>A subject 18 or over at attachment (by <see cref="AgeSql.YoungAt"/>; an unknown date of birth is not taken as 18 or over).</summary>
    private static readonly string Adult = $"NOT coalesce((SELECT {AgeSql.YoungAt("p.date_of_birth", "s.a")} FROM people p WHERE p.person_id = s.person_id), true)";

    internal override Decision Decide(MeasureSql q) => new()
    {
        PendingUntilClosure = true,
        Cases =
        [
            .. (bool)q.Arg("young_people_only") ? [When(Adult, NotMet, "'This route is for young people, and the person was 18 or over at attachment.'")] : Array.Empty<Case>(),
            When("e.latest IS NULL", InsufficientData, "'No education, employment or training status recorded by the evaluation date.'"),
            When("e.latest = 'eet' AND e.neet_after = 0", Met, Latest),
            Otherwise(NotMet, Latest),
        ],
        Records = [Records.PerSubject("e", $"""
            arg_max(x.status, x.status_date) FILTER (WHERE x.status_date <= s.t) AS latest,
            max(x.status_date) FILTER (WHERE x.status_date <= s.t) AS latest_date,
            count(*) FILTER (WHERE x.status = 'neet' AND {Members.InWindow(q, "x.status_date", "post_closure")}) AS neet_after,
            {Items(Obj(("date", "x.status_date"), ("status", "x.status")), null, "x.status_date")} AS items
            """,
            $"JOIN {Members.People(false)} sp ON sp.sid = s.sid JOIN eet_status x ON x.person_id = sp.person_id", Records.Closed)],
        Detail = () => [("latest", "e.latest"), ("latest_date", "e.latest_date"), ("evaluation_date", "s.t"),
            ("neet_after_closure", "e.neet_after"), ("post_closure_from", "s.c"), ("post_closure_to", q.PostClosureEnd), ("statuses", OrEmpty("e.items"))],
    };

    private const string Latest = "'Latest status ' || e.latest || ' on ' || strftime(e.latest_date, '%Y-%m-%d') || '; ' || e.neet_after || ' NEET status(es) after closure.'";
}
