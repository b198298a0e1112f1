using static OutcomeAnalytics.Model.Measures.Decision;
using static OutcomeAnalytics.Model.Measures.JsonText;
using static OutcomeAnalytics.Model.Measures.Outcome;

namespace OutcomeAnalytics.Model.Measures;

/// <summary>SQL shared by the attendance measures: the attendance of each subject over a window of terms.</summary>
internal static class AttendanceSql
{
    /// <summary>The parameters <see cref="Window(MeasureSql, string, string)"/> reads: how terms combine and whether authorised absence counts.</summary>
    public static readonly IReadOnlyList<ArgumentDefinition> Parameters =
    [
        ArgumentDefinition.RequiredArgument("attendance_weighting", ParameterType.Choice, "How terms combine.", ["sessions", "mean_of_terms"]),
        ArgumentDefinition.RequiredArgument("authorised_absence_counts", ParameterType.Boolean, "Whether authorised absence counts against attendance."),
    ];

    /// <summary>A term of a family's window (<c>ev_family_terms</c> row <paramref name="ft"/>) as detail fields: <c>term</c> ("2023/24 autumn"), <c>start</c>, <c>end</c>.</summary>
    public static (string Key, string Value)[] TermFields(string ft) =>
        [("term", $"{ft}.academic_year || ' ' || {ft}.term"), ("start", $"{ft}.start_date"), ("end", $"{ft}.end_date")];

    /// <summary>
    /// A figure as decisions compare it with a threshold: rounded to 9 decimal places. Percentages and improvements
    /// are divisions in binary floating point, where an exact 30% improvement (52% to 67.6%) comes out as
    /// 0.29999999999999993 and would miss a threshold of 0.30 it reaches. Figures made from the session counts of a
    /// few terms that differ at all differ by far more than a billionth, so the rounding joins no two real values.
    /// </summary>
    public static string Compared(string value) => $"round({value}, 9)";

    /// <summary>
    /// A figure as a reason shows it: rounded down to <paramref name="decimals"/> places (after <see cref="Compared"/>),
    /// so that a sentence never shows a value below a threshold as reaching it (89.95% is "89.9%", below 90%), nor
    /// an exact 0.30 as 0.299.
    /// </summary>
    public static string Shown(string value, int decimals)
    {
        var scale = (long)Math.Pow(10, decimals);
        return $"(floor({Compared(value)} * {scale}) / {scale})";
    }

    /// <summary>The reason when a window's attendance rows leave no sessions to divide by (<paramref name="window"/>: "outcome" or "baseline").</summary>
    public static string NoPossibleSessions(string window) =>
        $"'The attendance rows of the {window} terms leave no possible sessions (after any authorised absence), so no percentage can be worked out.'";

    /// <summary>
    /// Per subject (as <paramref name="alias"/>): terms in the window (<c>terms</c>), terms with an attendance row
    /// (<c>rows</c>), the percentage (<c>pct</c>, by the run's weighting and absence reading) and the terms as JSON (<c>items</c>).
    /// </summary>
    public static Records Window(MeasureSql q, string alias, string window)
    {
        var authorisedCounts = q.P(q.Parameters.Flag("authorised_absence_counts"));
        var weighting = q.P(q.Parameters.Text("attendance_weighting"));
        return Records.PerSubject(alias, $"""
            count(ft.term_index) AS terms, count(att.person_id) AS rows,
            CASE WHEN {weighting} = 'mean_of_terms'
                 THEN avg(100.0 * att.attended_sessions / nullif(att.possible_sessions - CASE WHEN {authorisedCounts} THEN 0 ELSE att.authorised_absence END, 0))
                 ELSE 100.0 * sum(att.attended_sessions) / nullif(sum(att.possible_sessions) - CASE WHEN {authorisedCounts} THEN 0 ELSE sum(att.authorised_absence) END, 0)
            END AS pct,
            {Items(Obj([.. TermFields("ft"),
                ("possible", "att.possible_sessions"), ("attended", "att.attended_sessions"),
                ("authorised_absence", "att.authorised_absence"), ("unauthorised_absence", "att.unauthorised_absence")]),
                "ft.term_index IS NOT NULL", "ft.term_index")} AS items
            """, $"""
            LEFT JOIN ev_family_terms ft ON ft.family_id = s.family_id AND ft.window_name = '{window}'
            LEFT JOIN attendance att ON att.person_id = s.person_id AND att.academic_year = ft.academic_year AND att.term = ft.term
            """);
    }

    /// <summary>
    /// The case of an outcome window with fewer finished terms (<paramref name="finished"/>, such as <c>o.terms</c>)
    /// since attachment than it needs (<paramref name="terms"/>).
    /// </summary>
    public static Case OutcomeTermsRunning(string finished, string terms) =>
        When($"{finished} < {terms}", Pending, $"'Only ' || {finished} || ' of the ' || {terms} || ' outcome terms have finished since attachment.'");

    /// <summary>The case of an outcome window (<paramref name="w"/>, its records' alias) with no attendance row for some of its terms.</summary>
    public static Case OutcomeTermsMissing(string w) =>
        When($"{w}.rows < {w}.terms", InsufficientData, $"'No attendance recorded for ' || ({w}.terms - {w}.rows) || ' of the outcome terms.'");

    /// <summary>The outcome (<c>o</c>) and baseline (<c>b</c>) windows, for a kind that compares them.</summary>
    public static Records[] OutcomeAndBaseline(MeasureSql q) => [Window(q, "o", "outcome"), Window(q, "b", "baseline")];

    /// <summary>
    /// The first cases of a kind comparing the windows of <see cref="OutcomeAndBaseline"/>: pending while the outcome
    /// terms (<paramref name="outcomeTerms"/>) run; insufficient data when there are fewer complete baseline terms
    /// than <paramref name="baselineTerms"/>, or a baseline term has no attendance row.
    /// </summary>
    public static Case[] WindowsIncomplete(string outcomeTerms, string baselineTerms) =>
    [
        OutcomeTermsRunning("o.terms", outcomeTerms),
        When($"b.terms < {baselineTerms}", InsufficientData, $"'There are not ' || {baselineTerms} || ' complete terms before attachment to form a baseline.'"),
        When("b.rows < b.terms", InsufficientData, "'Attendance is missing for a baseline term.'"),
    ];
}

/// <summary>Met when attendance over the outcome terms reaches a threshold (need 1.1).</summary>
internal sealed class AttendanceThresholdMeasure : MeasureKind
{
    public override IReadOnlyList<ArgumentDefinition> FrameworkParameters => AttendanceSql.Parameters;

    public override string Name => "attendance_threshold";

    public override string Description => "Attendance over the outcome terms (the most recent complete terms since attachment) is at least a threshold.";

    public override IReadOnlyList<ArgumentDefinition> Arguments { get; } =
    [
        ArgumentDefinition.FromParameter("min_percent", ParameterType.Number, "attendance_threshold", "The attendance percentage to reach."),
    ];

    internal override Decision Decide(MeasureSql q)
    {
        var terms = q.P(q.Parameters.Int("outcome_terms"));
        var min = q.P(Convert.ToDecimal(q.Arg("min_percent"), System.Globalization.CultureInfo.InvariantCulture));
        string Attendance(string verdict) =>
            $"'Attendance over the outcome terms was ' || {AttendanceSql.Shown("o.pct", 1)} || '%, {verdict} the threshold of ' || {min} || '%.'";
        return new Decision
        {
            Records = [AttendanceSql.Window(q, "o", "outcome")],
            Cases =
            [
                AttendanceSql.OutcomeTermsRunning("o.terms", terms),
                AttendanceSql.OutcomeTermsMissing("o"),
                When("o.pct IS NULL", InsufficientData, AttendanceSql.NoPossibleSessions("outcome")),
                When($"{AttendanceSql.Compared("o.pct")} >= {min}", Met, Attendance("at or above")),
                Otherwise(NotMet, Attendance("below")),
            ],
            Detail = () => [("outcome_terms", OrEmpty("o.items")), ("attendance_percent", "round(o.pct, 2)"), ("threshold_percent", min)],
        };
    }
}

/// <summary>
/// Met when attendance over the outcome terms reaches a minimum and improved on the baseline terms by the
/// required amount (need 1.2).
/// </summary>
internal sealed class AttendanceImprovementMeasure : MeasureKind
{
    public override IReadOnlyList<ArgumentDefinition> FrameworkParameters => AttendanceSql.Parameters;

    public override string Name => "attendance_improvement";

    public override string Description => "Attendance improved from the baseline terms (before attachment) to the outcome terms, and reached a minimum.";

    public override IReadOnlyList<ArgumentDefinition> Arguments { get; } =
    [
        ArgumentDefinition.FromParameter("min_percent", ParameterType.Number, "improved_attendance_minimum", "The attendance percentage the outcome terms must reach."),
        ArgumentDefinition.FromParameter("improvement", ParameterType.Number, "attendance_improvement", "The improvement required (see mode)."),
        ArgumentDefinition.FromParameter("mode", ParameterType.Choice, "improvement_mode", "relative: (outcome - baseline) / baseline; points: outcome - baseline in percentage points (improvement x 100); absence_relative: the share of baseline absence removed.", ["relative", "points", "absence_relative"]),
    ];

    internal override Decision Decide(MeasureSql q)
    {
        var ot = q.P(q.Parameters.Int("outcome_terms"));
        var bt = q.P(q.Parameters.Int("baseline_terms"));
        var min = q.P(Convert.ToDecimal(q.Arg("min_percent"), System.Globalization.CultureInfo.InvariantCulture));
        var need = q.P(Convert.ToDecimal(q.Arg("improvement"), System.Globalization.CultureInfo.InvariantCulture));
        var mode = q.P((string)q.Arg("mode"));
        var improvement = $"""
            CASE {mode}
              WHEN 'points' THEN (o.pct - b.pct) / 100.0
              WHEN 'absence_relative' THEN CASE WHEN b.pct >= 100 THEN NULL ELSE ((100 - b.pct) - (100 - o.pct)) / (100 - b.pct) END
              ELSE CASE WHEN b.pct = 0 THEN NULL ELSE (o.pct - b.pct) / b.pct END END
            """;
        var went = $"""
            'Attendance went from ' || {AttendanceSql.Shown("b.pct", 1)} || '% to ' || {AttendanceSql.Shown("o.pct", 1)} || '% (' || {mode} || ' improvement '
              || coalesce(CAST({AttendanceSql.Shown(improvement, 3)} AS VARCHAR), CASE WHEN b.pct = 0 THEN 'from zero' ELSE 'none: there was no baseline absence to remove' END)
              || ', needed ' || {need} || '; minimum ' || {min} || '%).'
            """;
        return new Decision
        {
            Records = AttendanceSql.OutcomeAndBaseline(q),
            Cases =
            [
                .. AttendanceSql.WindowsIncomplete(ot, bt),
                When("b.pct IS NULL", InsufficientData, AttendanceSql.NoPossibleSessions("baseline")),
                When("o.rows < o.terms", InsufficientData, "'Attendance is missing for an outcome term.'"),
                When("o.pct IS NULL", InsufficientData, AttendanceSql.NoPossibleSessions("outcome")),
                // "baseline 0 → met when outcome ≥ 50": the relative formula's zero baseline, where it cannot divide.
                When($"{AttendanceSql.Compared("o.pct")} >= {min} AND coalesce({AttendanceSql.Compared(improvement)} >= {need}, {mode} = 'relative' AND b.pct = 0)", Met, went),
                Otherwise(NotMet, went),
            ],
            Detail = () => [("baseline_terms", OrEmpty("b.items")), ("baseline_percent", "round(b.pct, 2)"),
                ("outcome_terms", OrEmpty("o.items")), ("outcome_percent", "round(o.pct, 2)"),
                ("mode", mode), ("improvement", $"round({improvement}, 4)"), ("improvement_required", need), ("minimum_percent", min)],
        };
    }
}

/// <summary>
/// Met when fewer school days were lost to exclusions starting in the outcome terms than in the baseline terms,
/// and there was no permanent exclusion in the outcome terms (need 1.3).
/// </summary>
internal sealed class ExclusionReductionMeasure : MeasureKind
{
    public override string Name => "exclusion_reduction";

    public override string Description => "Fewer days lost to exclusions in the outcome terms than in the baseline terms, with no permanent exclusion.";

    public override IReadOnlyList<ArgumentDefinition> Arguments { get; } =
    [
        ArgumentDefinition.FromParameter("min_reduction", ParameterType.Number, "min_reduction", "Days lost must fall by more than this."),
    ];

    internal override Decision Decide(MeasureSql q)
    {
        var ot = q.P(q.Parameters.Int("outcome_terms"));
        var bt = q.P(q.Parameters.Int("baseline_terms"));
        var min = q.P(Convert.ToDecimal(q.Arg("min_reduction"), System.Globalization.CultureInfo.InvariantCulture));
        var went = "'Days lost to exclusions went from ' || b.days || ' in the baseline terms to ' || o.days || ' in the outcome terms";
        return new Decision
        {
            // Both windows in one pass over the family's terms, each subject and window a row.
            With = $"""
                w AS (
                  SELECT s.sid, ft.window_name, count(DISTINCT ft.term_index) AS terms,
                    coalesce(sum(x.days_lost), 0) AS days, count(x.person_id) FILTER (WHERE x.category = 'permanent') AS permanent,
                    {Items(Obj(("start", "x.start_date"), ("category", "x.category"), ("days_lost", "x.days_lost")), "x.person_id IS NOT NULL", "x.start_date")} AS items,
                    {q.DetailPart(() => DistinctItems(Obj(AttendanceSql.TermFields("ft")), "ft.term_index"))} AS term_items
                  FROM subj s
                  JOIN ev_family_terms ft ON ft.family_id = s.family_id
                  LEFT JOIN exclusions x ON x.person_id = s.person_id AND x.start_date BETWEEN ft.start_date AND ft.end_date
                  GROUP BY s.sid, ft.window_name)
                """,
            Records = [new Records("o", "w", "o.window_name = 'outcome'"), new Records("b", "w", "b.window_name = 'baseline'")],
            Cases =
            [
                When($"coalesce(o.terms, 0) < {ot}", Pending, "'The outcome terms have not all finished.'"),
                When("coalesce(b.terms, 0) = 0", InsufficientData, "'There are no complete baseline terms before attachment.'"),
                When($"b.terms < {bt}", InsufficientData, $"'Only ' || b.terms || ' of the ' || {bt} || ' baseline terms are complete before attachment.'"),
                When("o.permanent > 0", NotMet, "'A permanent exclusion started in the outcome terms.'"),
                When("b.days = 0", NotMet, "'No days were lost to exclusions in the baseline terms: nothing to reduce.'"),
                When($"b.days - o.days > {min}", Met, went + ".'"),
                Otherwise(NotMet, $"{went}: they must fall by more than ' || {min} || '.'"),
            ],
            Detail = () => [("baseline_terms", OrEmpty("b.term_items")), ("outcome_terms", OrEmpty("o.term_items")),
                ("baseline_days_lost", "b.days"), ("outcome_days_lost", "o.days"), ("permanent_in_outcome_terms", "o.permanent"),
                ("baseline_exclusions", OrEmpty("b.items")), ("outcome_exclusions", OrEmpty("o.items")), ("min_reduction", min)],
        };
    }
}
