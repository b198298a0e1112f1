using System.Globalization;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Model.Measures;

namespace OutcomeAnalytics.Tests.Oracle;

/// <summary>
/// An independent, deliberately simple reading of the five measure kinds added for the phase 2 plans
/// (<c>attendance_banded</c>, <c>attendance_threshold_dated</c>, <c>exclusion_count</c>, <c>continuous_employment</c>,
/// <c>no_plan_started</c>), written from each kind's summary and description and the framework files' notes, not from
/// their SQL: one method per kind, plain loops and LINQ over the loaded tables, each quoting the rule it implements.
/// It decides one rule node for one subject (a family, or a person of it) at T.
/// <para>
/// The windows (A, C as it stands at T, the outcome and baseline terms, the post-closure window) and the attendance
/// percentage are the phase 3 oracle's own (<see cref="Phase3Oracle.FamilyContext"/>,
/// <see cref="Phase3Oracle.AttendancePercent"/>), which read the same parameters under the same names: that oracle is
/// built with the phase 3 defaults and the phase 2 framework's values of those shared parameters
/// (<see cref="SharedParameters"/>). Everything else (a kind's arguments) is read from the rule node, resolved with the
/// framework's values.
/// </para>
/// </summary>
internal sealed class PhaseTwoKindsOracle
{
    /// <summary>The kinds this oracle decides.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["attendance_banded", "attendance_threshold_dated", "exclusion_count", "continuous_employment", "no_plan_started"];

    /// <summary>The parameters the windows and attendance read, which the phase 2 frameworks name as phase 3 does.</summary>
    private static readonly string[] SharedParameters =
        ["outcome_terms", "baseline_terms", "post_closure_months", "pre_closure_months", "attendance_weighting", "authorised_absence_counts"];

    private readonly ParameterSet _values;
    private readonly Phase3Oracle _windows;
    private readonly Phase3Oracle.World _world;
    private readonly Dictionary<string, FamilyRow> _families;
    private readonly Dictionary<(string Family, DateOnly T), Phase3Oracle.FamilyContext> _contexts = [];

    /// <param name="data">The loaded tables.</param>
    /// <param name="values">The phase 2 framework's parameter values for the run.</param>
    public PhaseTwoKindsOracle(OracleData data, ParameterSet values)
    {
        _values = values;
        var shared = SharedParameters.Where(name => values.Definitions.Any(d => d.Name == name)).Select(name => new KeyValuePair<string, string>(name, ParameterDefinition.Format(values[name])));
        _windows = new Phase3Oracle(FrameworkLoader.Get("phase3").Bind(shared));
        _world = new Phase3Oracle.World(data);
        _families = data.Families.ToDictionary(f => f.FamilyId, StringComparer.Ordinal);
    }

    /// <summary>Decides <paramref name="node"/> (one of <see cref="Kinds"/>) for a subject: a person of the family, or the family (person null) at T.</summary>
    public OracleDecision Decide(string familyId, string? person, DateOnly asAt, MeasureNode node)
    {
        if (!_contexts.TryGetValue((familyId, asAt), out var f))
            _contexts[(familyId, asAt)] = f = new Phase3Oracle.FamilyContext(_windows, _world, _families[familyId], asAt);
        var args = new Arguments(node, _values);
        return node.Kind switch
        {
            "attendance_banded" => AttendanceBanded(f, person, args),
            "attendance_threshold_dated" => AttendanceThresholdDated(f, person, args),
            "exclusion_count" => ExclusionCount(f, person, args),
            "continuous_employment" => ContinuousEmployment(f, person, args),
            "no_plan_started" => NoPlanStarted(f, person, args),
            _ => throw new ArgumentException($"The phase 2 kinds oracle does not decide {node.Kind}.", nameof(node)),
        };
    }

    /// <summary>A node's arguments, resolved with the run's values; an argument the node leaves out takes the kind's default.</summary>
    private sealed class Arguments(MeasureNode node, ParameterSet values)
    {
        private object Value(string name) => node.Arguments.TryGetValue(name, out var v) ? v.Resolve(values)
            : MeasureKinds.Find(node.Kind)!.Arguments.Single(a => a.Name == name).Default!.Resolve(values);

        public decimal Number(string name) => Convert.ToDecimal(Value(name), CultureInfo.InvariantCulture);
        public int Int(string name) => Convert.ToInt32(Value(name), CultureInfo.InvariantCulture);
        public bool Flag(string name) => (bool)Value(name);
        public string Text(string name) => (string)Value(name);
        public IReadOnlyList<string> List(string name) => [.. ((IEnumerable<string>)Value(name))];
    }

    private static string F(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// A figure as it is compared with a threshold: to 9 decimal places (the model's reading: a percentage such as
    /// 200/3 is not exact in decimal either, and a rise exactly at its threshold must reach it).
    /// </summary>
    private static decimal Compared(decimal d) => Math.Round(d, 9, MidpointRounding.AwayFromZero);

    /// <summary>The people a subject's records are read for: the subject's person, or every member for a family-level subject (or when <paramref name="wholeFamily"/>).</summary>
    private static IReadOnlyList<string> People(Phase3Oracle.FamilyContext f, string? person, bool wholeFamily = false) =>
        wholeFamily || person is null ? f.Members : [person];

    /// <summary>
    /// attendance_banded: "Attendance over the outcome terms reaches a threshold; a child whose baseline was below a
    /// band rises by the required amount (and reaches a minimum) instead." The summary: "a child whose baseline
    /// attendance is at or above a band reaches a threshold over the outcome terms; a child below the band improves by
    /// the required amount instead (and reaches a minimum)". Arguments: min_percent (the threshold at or above the
    /// band), band_percent ("baseline attendance below this takes the rise route"), rise, rise_minimum ("0: none"),
    /// mode ("relative: (outcome − baseline) ÷ baseline; points: outcome − baseline in percentage points (rise × 100)").
    /// Herefordshire's note: "a child below 40% at the start (the baseline terms) takes 4B's rise, any other child 4A's
    /// 90%". The outcome terms not yet finished: pending; no baseline terms, or a term without attendance (or with
    /// nothing to attend): insufficient data. From a zero baseline, a relative rise is any attendance at all.
    /// </summary>
    private OracleDecision AttendanceBanded(Phase3Oracle.FamilyContext f, string? person, Arguments a)
    {
        if (f.OutcomeTerms is null) return OracleDecision.Pending("The outcome terms are not complete.");
        if (f.BaselineTerms is null) return OracleDecision.Missing("There are not enough complete terms before attachment for a baseline.");
        if (person is null || _windows.AttendancePercent(f, person, f.BaselineTerms) is not { } baseline) return OracleDecision.Missing("No baseline attendance.");
        if (_windows.AttendancePercent(f, person, f.OutcomeTerms) is not { } outcome) return OracleDecision.Missing("No outcome attendance.");
        var (min, band, rise, floor) = (a.Number("min_percent"), a.Number("band_percent"), a.Number("rise"), a.Number("rise_minimum"));
        if (Compared(baseline) >= band)
            return Compared(outcome) >= min
                ? OracleDecision.Met($"Baseline {F(baseline)}% at or above {F(band)}%; outcome {F(outcome)}% reached {F(min)}%.")
                : OracleDecision.NotMet($"Baseline {F(baseline)}% at or above {F(band)}%; outcome {F(outcome)}% below {F(min)}%.");
        var rose = a.Text("mode") == "points"
            ? Compared((outcome - baseline) / 100) >= rise
            : baseline == 0 ? outcome > 0 : Compared((outcome - baseline) / baseline) >= rise;
        return rose && Compared(outcome) >= floor
            ? OracleDecision.Met($"Baseline {F(baseline)}% below {F(band)}%; it rose to {F(outcome)}%.")
            : OracleDecision.NotMet($"Baseline {F(baseline)}% below {F(band)}%; it went to {F(outcome)}%, not the rise of {F(rise)} (minimum {F(floor)}%).");
    }

    /// <summary>
    /// attendance_threshold_dated: "Attendance over the outcome terms reaches a threshold that changed from an academic
    /// year on (Sunderland's 85%, then 90% from September 2015)." The summary: "The later threshold applies from the
    /// academic year starting in September of change_year, judged at the end of the outcome terms (applies_by:
    /// last_term: terms ending in or after that year take the new threshold) or at their start (first_term). With
    /// above, attendance must be strictly above the threshold ('in excess of 85%'); otherwise at or above it."
    /// Pending until the outcome terms have finished; a term without attendance (or nothing to attend): insufficient data.
    /// </summary>
    private OracleDecision AttendanceThresholdDated(Phase3Oracle.FamilyContext f, string? person, Arguments a)
    {
        if (f.OutcomeTerms is null) return OracleDecision.Pending("The outcome terms are not complete.");
        if (person is null || _windows.AttendancePercent(f, person, f.OutcomeTerms) is not { } percent) return OracleDecision.Missing("No outcome attendance.");
        var change = new DateOnly(a.Int("change_year"), 9, 1);
        var judgedOn = a.Text("applies_by") == "first_term" ? f.OutcomeTerms.Min(t => t.StartDate) : f.OutcomeTerms.Max(t => t.EndDate);
        var threshold = judgedOn >= change ? a.Number("later_min_percent") : a.Number("min_percent");
        var reaches = a.Flag("above") ? Compared(percent) > threshold : Compared(percent) >= threshold;
        return reaches
            ? OracleDecision.Met($"Attendance {F(percent)}% reached the threshold of {F(threshold)}% in force on {judgedOn:yyyy-MM-dd}.")
            : OracleDecision.NotMet($"Attendance {F(percent)}% did not reach the threshold of {F(threshold)}% in force on {judgedOn:yyyy-MM-dd}.");
    }

    /// <summary>
    /// exclusion_count: "At most a number of exclusions of the given categories started in the outcome terms." The
    /// summary: "the phase 2 plans' 'fewer than three fixed term exclusions' (suspension, at most 2) and 'no permanent
    /// exclusion' (permanent, at most 0) over three consecutive terms. Exclusions are event records: no row is no
    /// exclusion." An exclusion started in a term when its start date is from the term's first day to its last.
    /// Pending until the outcome terms have finished.
    /// </summary>
    private static OracleDecision ExclusionCount(Phase3Oracle.FamilyContext f, string? person, Arguments a)
    {
        if (f.OutcomeTerms is null) return OracleDecision.Pending("The outcome terms are not complete.");
        var categories = a.List("categories");
        var max = a.Int("max");
        var count = person is null ? 0 : f.World.Exclusions[person].Count(x =>
            categories.Contains(x.Category) && f.OutcomeTerms.Any(t => x.StartDate >= t.StartDate && x.StartDate <= t.EndDate));
        return count <= max
            ? OracleDecision.Met($"{count} exclusion(s) started in the outcome terms; at most {max} allowed.")
            : OracleDecision.NotMet($"{count} exclusion(s) started in the outcome terms; more than {max}.");
    }

    /// <summary>
    /// continuous_employment: "Someone who was on an out-of-work benefit started a job since attachment and kept it for
    /// the weeks their benefit requires (JSA 26, others 13)." The summary: "A job of N weeks covers 7N days from its
    /// first: one starting on 1 January 2024 lasts 26 weeks when it runs to 30 June 2024 (day 182), and is pending until
    /// then while it continues. The benefit is the benefit of the latest out-of-work spell (on benefit, or searching
    /// for work on Universal Credit) starting before the job; where it is not recorded, unknown_weeks apply. A job with
    /// no such spell before it is not a move off benefits and does not count." A job "since attachment" starts in
    /// [A, T]; it is kept when it has no end or ends on or after its last required day; it is continuing at T when it
    /// has no end or ends after T (the ruling on records after T). Met when any job of the subject's people was kept;
    /// else pending when one is continuing short of its weeks; else not met.
    /// </summary>
    private static OracleDecision ContinuousEmployment(Phase3Oracle.FamilyContext f, string? person, Arguments a)
    {
        var continuing = false;
        foreach (var who in People(f, person))
        {
            var spells = f.World.Employment[who].ToList();
            foreach (var job in spells.Where(s => s.Status == "employed" && s.StartDate >= f.A && s.StartDate <= f.T))
            {
                var before = spells.Where(s => s.Status is "out_of_work_benefit" or "uc_searching_for_work" && s.StartDate < job.StartDate)
                    .OrderByDescending(s => s.StartDate).FirstOrDefault();
                if (before is null) continue;
                var weeks = before.Benefit switch
                {
                    "jsa" => a.Int("jsa_weeks"),
                    null or "" => a.Int("unknown_weeks"),
                    _ => a.Int("other_weeks"),
                };
                var lastDay = job.StartDate.AddDays(7 * weeks - 1);
                if (lastDay <= f.T && (job.EndDate is null || job.EndDate >= lastDay))
                    return OracleDecision.Met($"{who}'s job from {job.StartDate:yyyy-MM-dd} lasted the {weeks} weeks to {lastDay:yyyy-MM-dd}.");
                if (lastDay > f.T && (job.EndDate is null || job.EndDate > f.T)) continuing = true;
            }
        }
        return continuing
            ? OracleDecision.Pending("A job after an out-of-work benefit continues but has not yet lasted its weeks.")
            : OracleDecision.NotMet("No job started since attachment after an out-of-work benefit lasted its weeks.");
    }

    /// <summary>
    /// no_plan_started: "No plan of the given types started in the post-closure window." The summary: "a phase 2 plan's
    /// 'no step up to CIN or CP for 6 months' and 'no child in the home becomes looked after for 6 months'";
    /// whole_family: "Count plans of any family member, not only the subject's." The post-closure window is
    /// (C, C + post_closure_months]; the rule reads it, so it is pending while the family is open or the window has not
    /// ended by T. A family-level subject counts every member's plans.
    /// </summary>
    private static OracleDecision NoPlanStarted(Phase3Oracle.FamilyContext f, string? person, Arguments a)
    {
        if (!f.ClosureWindowsFinished) return OracleDecision.Pending("The post-closure window has not finished.");
        var types = a.List("plan_types");
        var started = People(f, person, a.Flag("whole_family"))
            .SelectMany(who => f.World.Plans[who])
            .Where(p => types.Contains(p.PlanType) && f.InPostClosure(p.StartDate))
            .ToList();
        return started.Count == 0
            ? OracleDecision.Met("No plan of the types started in the post-closure window.")
            : OracleDecision.NotMet($"{started.Count} plan(s) started in the post-closure window, the first on {started.Min(p => p.StartDate):yyyy-MM-dd}.");
    }
}
