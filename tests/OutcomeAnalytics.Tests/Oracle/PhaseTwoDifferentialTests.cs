using System.Globalization;
using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Review;
using OutcomeAnalytics.Tests.Generation;

namespace OutcomeAnalytics.Tests.Oracle;

/// <summary>
/// The boundary extract (<see cref="BoundaryShifts"/>) with the phase 2 kinds' own edges added: plans starting on
/// either side of both ends of the post-closure window, jobs ending on the last day their weeks require or the day
/// before, jobs whose weeks end near the evaluation date, out-of-work spells with no benefit recorded or starting on
/// the day of the job, and pupils on the attendance band or rising by exactly the required amount below a minimum.
/// </summary>
public sealed class PhaseTwoBoundaryExtract : IDisposable
{
    private static readonly string[] Shifts =
    [
        """
        UPDATE plans p SET start_date = CASE hash(p.plan_id) % 4
            WHEN 0 THEN f.closure_date WHEN 1 THEN CAST(f.closure_date + INTERVAL 1 DAY AS DATE)
            WHEN 2 THEN CAST(f.closure_date + INTERVAL 6 MONTH AS DATE) ELSE CAST(f.closure_date + INTERVAL 6 MONTH + INTERVAL 1 DAY AS DATE) END
        FROM family_members m JOIN families f ON f.family_id = m.family_id
        WHERE m.person_id = p.person_id AND f.closure_date IS NOT NULL AND hash(p.plan_id) % 3 = 0
        """,
        """
        UPDATE employment SET end_date = CAST(start_date + INTERVAL (7 * CASE hash(person_id) % 2 WHEN 0 THEN 13 ELSE 26 END - 1 - hash(person_id || start_date) % 2) DAY AS DATE)
        WHERE status = 'employed' AND hash(person_id || start_date) % 4 = 1
        """,
        """
        UPDATE employment SET start_date = CAST(DATE '2025-09-30' - INTERVAL (CASE hash(person_id) % 2 WHEN 0 THEN 90 ELSE 181 END) DAY AS DATE), end_date = NULL
        WHERE status = 'employed' AND hash(person_id || start_date) % 4 = 2 AND start_date BETWEEN DATE '2024-10-01' AND DATE '2025-03-31'
        """,
        "UPDATE employment SET benefit = NULL WHERE status = 'out_of_work_benefit' AND hash(person_id || start_date) % 5 = 0",
        // Out-of-work spells starting on the day a later job of the person starts (not before it).
        """
        UPDATE employment b SET start_date = j.start_date FROM employment j
        WHERE j.person_id = b.person_id AND j.status = 'employed' AND b.status IN ('out_of_work_benefit', 'uc_searching_for_work')
          AND b.start_date < j.start_date AND hash(b.person_id) % 7 = 0
        """,
        // Jobs ending on the last day of the weeks their benefit requires, or the day before.
        """
        UPDATE employment e SET end_date = CAST(e.start_date + INTERVAL (7 * w.weeks - 1 - hash(e.person_id || e.start_date) % 2) DAY AS DATE)
        FROM (
          SELECT j.person_id, j.start_date, CASE arg_max(coalesce(b.benefit, ''), b.start_date) WHEN 'jsa' THEN 26 WHEN '' THEN 26 ELSE 13 END AS weeks
          FROM employment j JOIN employment b ON b.person_id = j.person_id AND b.status IN ('out_of_work_benefit', 'uc_searching_for_work') AND b.start_date < j.start_date
          WHERE j.status = 'employed' GROUP BY j.person_id, j.start_date) w
        WHERE e.person_id = w.person_id AND e.start_date = w.start_date AND e.status = 'employed' AND hash(e.person_id || e.start_date) % 3 = 0
        """,
        // Pupils whose baseline terms (ending by attachment; default calendar) are at 30% or on the 40% band, and whose later
        // terms are at 42% (a relative rise of exactly 40%, below a 50% minimum), 45%, 55% or 90%: 100 sessions a term.
        """
        UPDATE attendance a SET possible_sessions = 100, attended_sessions = x.attended, authorised_absence = 0, unauthorised_absence = 100 - x.attended
        FROM (
          SELECT a.person_id, a.academic_year, a.term,
            CASE WHEN (CASE a.term WHEN 'autumn' THEN make_date(a.y, 12, 31) WHEN 'spring' THEN make_date(a.y + 1, 3, 31) ELSE make_date(a.y + 1, 8, 31) END) <= min(f.attached_date)
                 THEN CASE hash(a.person_id) % 4 WHEN 3 THEN 40 ELSE 30 END
                 ELSE CASE hash(a.person_id) % 4 WHEN 0 THEN 42 WHEN 1 THEN 45 WHEN 2 THEN 55 ELSE 90 END END AS attended
          FROM (SELECT *, CAST(left(academic_year, 4) AS INTEGER) AS y FROM attendance) a
          JOIN family_members m ON m.person_id = a.person_id JOIN families f ON f.family_id = m.family_id
          WHERE hash(a.person_id) % 5 = 0
          GROUP BY a.person_id, a.academic_year, a.term, a.y) x
        WHERE a.person_id = x.person_id AND a.academic_year = x.academic_year AND a.term = x.term
        """,
    ];

    public PhaseTwoBoundaryExtract()
    {
        Extract = new GeneratedExtract(new OutcomeAnalytics.Generation.GenerateOptions { Families = 1_000, Seed = 5 });
        BoundaryShifts.Apply(Extract.Connection);
        foreach (var shift in Shifts) Extract.Connection.Execute(shift);
        Data = OracleData.Read(Extract.Connection);
    }

    internal GeneratedExtract Extract { get; }
    internal OracleData Data { get; }

    public void Dispose() => Extract.Dispose();
}

/// <summary>
/// The differential test of the five phase 2 measure kinds: each phase 2 framework using them judges the generated
/// needs (recorded under phase 3, carried through its crosswalk, as <c>--needs-framework phase3</c> does), and every
/// node result of a node of one of the kinds must agree with <see cref="PhaseTwoKindsOracle"/>, at two evaluation
/// dates, under the frameworks' defaults and alternative readings, on the shared generated extract and on one moved
/// onto the windows' edges.
/// </summary>
public sealed class PhaseTwoDifferentialTests(DifferentialExtract fixture, PhaseTwoBoundaryExtract boundaries, ITestOutputHelper output)
    : IClassFixture<DifferentialExtract>, IClassFixture<PhaseTwoBoundaryExtract>
{
    private static readonly string[] Frameworks = ["herefordshire-2020", "outcome-plan-c1-c6", "sunderland-2015"];

    /// <summary>The extract's date (every post-closure window can be judged) and a date in the middle of the programme.</summary>
    private static readonly DateOnly[] AsAtDates = [new(2025, 9, 30), new(2024, 4, 15)];

    [Fact]
    public void Oracle_AgreesWithSql_OnThePhaseTwoKinds_UnderDefaults()
    {
        var tally = new Tally();
        foreach (var framework in Frameworks)
        {
            tally.Add(Compare(fixture.Connection, fixture.Data, framework));
            tally.Add(Compare(boundaries.Extract.Connection, boundaries.Data, framework));
        }
        output.WriteLine(tally.Counts());
        Assert.True(tally.Problems.Count == 0, tally.Failure("default parameters"));
        // Each kind must have been decided more than one way, or agreement would prove little.
        foreach (var kind in PhaseTwoKindsOracle.Kinds)
        {
            var statuses = tally.ByKind.Keys.Where(k => k.Kind == kind).Select(k => k.Status).ToList();
            Assert.True(statuses.Count > 1, $"{kind} was decided only as {string.Join(", ", statuses.DefaultIfEmpty("nothing"))}:\n{tally.Counts()}");
        }
    }

    [Theory]
    [InlineData("herefordshire-2020", "improvement_mode=points", "attendance_weighting=mean_of_terms", "attendance_rise_minimum=0", "jsa_weeks=13", "other_benefit_weeks=4")]
    [InlineData("herefordshire-2020", "attendance_band=75", "attendance_rise=0.1", "authorised_absence_counts=true", "max_suspensions=0", "unknown_benefit_weeks=8")]
    [InlineData("outcome-plan-c1-c6", "authorised_absence_counts=true", "attendance_band=60", "max_suspensions=0", "post_closure_months=12")]
    [InlineData("outcome-plan-c1-c6", "outcome_terms=2", "baseline_terms=1", "improvement_mode=points", "attendance_rise=0.05")]
    [InlineData("sunderland-2015", "attendance_change_year=2024", "attendance_strictly_above=false")]
    [InlineData("sunderland-2015", "attendance_change_year=2024", "attendance_change_applies_by=first_term", "attendance_weighting=mean_of_terms", "post_closure_months=3")]
    public void Oracle_AgreesWithSql_OnThePhaseTwoKinds_UnderAlternativeParameters(string framework, params string[] parameters)
    {
        var tally = new Tally();
        tally.Add(Compare(fixture.Connection, fixture.Data, framework, parameters));
        tally.Add(Compare(boundaries.Extract.Connection, boundaries.Data, framework, parameters));
        output.WriteLine(tally.Counts());
        Assert.True(tally.Problems.Count == 0, tally.Failure(string.Join(" ", parameters)));
    }

    /// <summary>
    /// Hand-worked edges the generated data meets rarely or never, under each framework's defaults at 30 September 2025
    /// (default calendar; A = 1 September 2023, so the baseline terms are 2022/23's and the outcome terms 2024/25's;
    /// C = 10 January 2025, so the post-closure window (C, 10 July 2025] has ended). Needs are recorded under phase 3:
    /// 1.1 becomes the attendance problem, 6.1 the children who need help, 10.1 worklessness.
    /// </summary>
    [Fact]
    public void Oracle_AgreesWithSql_OnHandWorkedEdges()
    {
        var scenario = new OutcomeAnalytics.Tests.Evaluation.Scenario().Family("F1", "2023-09-01", "2025-01-10");
        // Children: baseline and outcome attendance (100 sessions a term, no authorised absence), by term.
        foreach (var (child, baseline, outcome) in new[] { ("C1", 30, 42), ("C2", 30, 55), ("C3", 40, 89), ("C4", 95, 90) })
        {
            scenario.Person("F1", child, "2012-05-05").Need("F1", "1.1", child);
            foreach (var term in new[] { "autumn", "spring", "summer" })
                scenario.Attendance(child, "2022/23", term, 100, baseline, 0).Attendance(child, "2024/25", term, 100, outcome, 0);
        }
        scenario.Need("F1", "6.1", "C1").Need("F1", "6.1", "C2")
            // C2: suspensions on the first day of the outcome terms and the last (2), and one the day before them.
            .Exclusion("C2", "2024-09-01", "suspension", 1).Exclusion("C2", "2025-08-31", "suspension", 1).Exclusion("C2", "2024-08-31", "suspension", 1)
            // C3: a permanent exclusion on the last day of the spring term.
            .Exclusion("C3", "2025-03-31", "permanent", 20)
            // C1: a plan starting on C (not after it); C2: one on the window's last day; C4 looked after the day after C.
            .Plan("C1", "child_in_need", "2025-01-10").Plan("C2", "child_protection", "2025-07-10").Plan("C4", "looked_after", "2025-01-11");
        // Adults, each after an out-of-work spell: P1 after JSA, 26 weeks to 30 June 2024, ends the day before; P2 ends on it;
        // P3 after Universal Credit with no benefit recorded (26 weeks), still working, short of them at T; P4 after ESA
        // (13 weeks), still working; P5's spell starts on the day of the job, so it is not a move off benefits.
        foreach (var (adult, status, benefit, spellStart, job, end) in new[]
        {
            ("P1", "out_of_work_benefit", "jsa", "2022-01-01", "2024-01-01", "2024-06-29"),
            ("P2", "out_of_work_benefit", "jsa", "2022-01-01", "2024-01-01", "2024-06-30"),
            ("P3", "uc_searching_for_work", null, "2023-01-01", "2025-06-01", null),
            ("P4", "out_of_work_benefit", "esa", "2023-01-01", "2025-06-01", null),
            ("P5", "out_of_work_benefit", "jsa", "2024-01-01", "2024-01-01", null),
        })
            scenario.Person("F1", adult, "1985-03-03", "parent_carer").Need("F1", "10.1", adult)
                .Employment(adult, status, spellStart, null, benefit).Employment(adult, "employed", job, end);
        using var connection = scenario.Open();
        var data = OracleData.Read(connection);
        var results = new List<NodeResult>();
        var tally = new Tally();
        foreach (var framework in Frameworks) tally.Add(Compare(connection, data, framework, [], results));
        output.WriteLine(tally.Counts());
        Assert.True(tally.Problems.Count == 0, tally.Failure("hand-worked edges"));

        // The hand-worked statuses of every node of a kind for a person (nodes narrowed by a value of a list argument).
        string Status(string framework, string person, string kind, string? listing = null)
        {
            var statuses = results.Where(r => r.Framework == framework && r.AsAt == new DateOnly(2025, 9, 30) && r.Person == person && r.Node.Kind == kind
                    && (listing is null || r.Node.Arguments.Values.Any(v => v.Literal is IEnumerable<string> list && list.Contains(listing))))
                .Select(r => r.Status).Distinct().ToList();
            return string.Join("/", statuses.DefaultIfEmpty("(no result)"));
        }
        const string H = "herefordshire-2020", P = "outcome-plan-c1-c6", S = "sunderland-2015";
        (string Framework, string Person, string Kind, string? Listing, string Expected)[] expected =
        [
            // Below the 40% band, a relative rise of exactly 40% meets the plan (no minimum) but not Herefordshire (minimum 50%).
            (H, "C1", "attendance_banded", null, "not_met"), (P, "C1", "attendance_banded", null, "met"), (H, "C2", "attendance_banded", null, "met"),
            // On the band is at or above it: the 90% threshold, which 89% misses; 90% from 95% reaches it.
            (H, "C3", "attendance_banded", null, "not_met"), (H, "C4", "attendance_banded", null, "met"),
            // Sunderland: terms ending after September 2015 take 90%, which must be exceeded.
            (S, "C4", "attendance_threshold_dated", null, "not_met"), (S, "C3", "attendance_threshold_dated", null, "not_met"),
            // Two suspensions on the outcome terms' first and last days: at most 2 (Herefordshire, Sunderland), not at most 1 (the plan).
            (H, "C2", "exclusion_count", null, "met"), (S, "C2", "exclusion_count", "suspension", "met"), (P, "C2", "exclusion_count", "suspension", "not_met"),
            (P, "C3", "exclusion_count", "permanent", "not_met"), (S, "C3", "exclusion_count", "permanent", "not_met"), (S, "C3", "exclusion_count", "suspension", "met"),
            // A plan starting on C is not in the post-closure window; one on its last day is. Sunderland 3.8 counts the
            // whole family: C4 looked after the day after C.
            (P, "C1", "no_plan_started", null, "met"), (P, "C2", "no_plan_started", null, "not_met"), (S, "C1", "no_plan_started", null, "not_met"),
            (H, "P1", "continuous_employment", null, "not_met"), (H, "P2", "continuous_employment", null, "met"), (S, "P3", "continuous_employment", null, "pending"),
            (P, "P4", "continuous_employment", null, "met"), (S, "P5", "continuous_employment", null, "not_met"),
        ];
        var wrong = expected.Select(e => (e, Actual: Status(e.Framework, e.Person, e.Kind, e.Listing))).Where(x => x.Actual != x.e.Expected)
            .Select(x => $"  {x.e.Framework} {x.e.Person} {x.e.Kind} {x.e.Listing}: expected {x.e.Expected}, got {x.Actual}").ToList();
        Assert.True(wrong.Count == 0, "Hand-worked statuses differ:\n" + string.Join("\n", wrong));
    }

    /// <summary>The decisions compared and the disagreements, over several runs.</summary>
    private sealed class Tally
    {
        public List<string> Problems { get; } = [];
        public Dictionary<string, int> ProblemsByKind { get; } = new(StringComparer.Ordinal);
        public Dictionary<(string Kind, string Status), int> ByKind { get; } = [];
        public int Compared { get; private set; }

        public void Add(Tally other)
        {
            Problems.AddRange(other.Problems);
            foreach (var (kind, n) in other.ProblemsByKind) ProblemsByKind[kind] = ProblemsByKind.GetValueOrDefault(kind) + n;
            Compared += other.Compared;
            foreach (var (key, n) in other.ByKind) ByKind[key] = ByKind.GetValueOrDefault(key) + n;
        }

        public void Count(string kind, string status)
        {
            Compared++;
            ByKind[(kind, status)] = ByKind.GetValueOrDefault((kind, status)) + 1;
        }

        /// <summary>The node results compared, by kind and (SQL) status.</summary>
        public string Counts() => $"{Compared} node results compared:\n" + string.Join("\n",
            ByKind.OrderBy(p => p.Key.Kind, StringComparer.Ordinal).ThenBy(p => p.Key.Status, StringComparer.Ordinal)
                .Select(p => $"  {p.Key.Kind} {p.Key.Status}: {p.Value}"));

        public string Failure(string parameters) =>
            $"SQL and the oracle disagree on {Problems.Count} of {Compared} node results of the phase 2 kinds ({parameters});"
            + $" by kind: {string.Join(", ", ProblemsByKind.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} × {p.Value}"))}; the first 20:\n"
            + string.Join("\n", Problems.Take(20));
    }

    /// <summary>
    /// Evaluates <paramref name="frameworkId"/> on the needs recorded under phase 3 at each date and compares every node
    /// result of a node of the five kinds with the oracle's decision for the same subject. Only the needs whose rules
    /// hold such a node are decided (<c>onlyNeeds</c>), each as in a whole run; nothing else of the run is compared.
    /// </summary>
    private static Tally Compare(DuckDBConnection connection, OracleData data, string frameworkId, params string[] parameters) =>
        Compare(connection, data, frameworkId, parameters, null);

    /// <summary>A node result of the SQL: its run, subject, node and status.</summary>
    private sealed record NodeResult(string Framework, DateOnly AsAt, string Family, string? Person, MeasureNode Node, string Status);

    private static Tally Compare(DuckDBConnection connection, OracleData data, string frameworkId, string[] parameters, List<NodeResult>? results)
    {
        var framework = FrameworkLoader.Get(frameworkId);
        var values = framework.Bind(ParameterSet.ParsePairs(parameters));
        var oracle = new PhaseTwoKindsOracle(data, values);
        var kindsNeeds = framework.Needs.Where(n => n.Rule.Walk().OfType<MeasureNode>().Any(m => PhaseTwoKindsOracle.Kinds.Contains(m.Kind))).ToList();
        var nodes = kindsNeeds.SelectMany(n => n.Rule.Walk().OfType<MeasureNode>())
            .Where(m => PhaseTwoKindsOracle.Kinds.Contains(m.Kind)).ToDictionary(m => m.Id, StringComparer.Ordinal);
        var tally = new Tally();
        using var needs = NeedTranslation.Create(connection, framework, FrameworkLoader.Get("phase3"));
        foreach (var asAt in AsAtDates)
        {
            using var run = Evaluator.Run(connection, framework, values, asAt, needs.Table, details: false, onlyNeeds: [.. kindsNeeds.Select(n => n.Code)]);
            // ev_subjects is this run's subjects until the next run on the connection replaces it.
            var rows = connection.Rows(
                $"""
                SELECT s.family_id, s.person_id, r.node_id, r.status, r.reason
                FROM {run.NodeResultsTable} r JOIN ev_subjects s ON s.sid = r.sid
                WHERE list_contains(string_split($1, '|'), r.node_id) ORDER BY r.sid, r.node_id
                """,
                r => (Family: r.GetString(0), Person: r.Field<string>(1), Node: r.GetString(2), Status: r.GetString(3), Reason: r.Field<string>(4)),
                string.Join("|", nodes.Keys));
            Assert.NotEmpty(rows);
            foreach (var row in rows)
            {
                var node = nodes[row.Node];
                var expected = oracle.Decide(row.Family, row.Person, asAt, node);
                tally.Count(node.Kind, row.Status);
                results?.Add(new NodeResult(frameworkId, asAt, row.Family, row.Person, node, row.Status));
                if (expected.Status.Text() == row.Status) continue;
                tally.ProblemsByKind[node.Kind] = tally.ProblemsByKind.GetValueOrDefault(node.Kind) + 1;
                tally.Problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"  {frameworkId} T={asAt:yyyy-MM-dd} family {row.Family} person '{row.Person}' node {row.Node} ({node.Kind}): sql {row.Status}, oracle {expected.Status.Text()} | sql: {row.Reason} | oracle: {expected.Reason}"));
            }
        }
        return tally;
    }
}
