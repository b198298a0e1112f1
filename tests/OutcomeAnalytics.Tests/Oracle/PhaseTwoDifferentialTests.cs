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
/// before, jobs whose weeks end exactly on the evaluation date, and out-of-work spells with no benefit recorded.
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
    /// result of a node of the five kinds with the oracle's decision for the same subject.
    /// </summary>
    private static Tally Compare(DuckDBConnection connection, OracleData data, string frameworkId, params string[] parameters)
    {
        var framework = FrameworkLoader.Get(frameworkId);
        var values = framework.Bind(ParameterSet.ParsePairs(parameters));
        var oracle = new PhaseTwoKindsOracle(data, values);
        var nodes = framework.Needs.SelectMany(n => n.Rule.Walk().OfType<MeasureNode>())
            .Where(m => PhaseTwoKindsOracle.Kinds.Contains(m.Kind)).ToDictionary(m => m.Id, StringComparer.Ordinal);
        var tally = new Tally();
        using var needs = NeedTranslation.Create(connection, framework, FrameworkLoader.Get("phase3"));
        foreach (var asAt in AsAtDates)
        {
            using var run = Evaluator.Run(connection, framework, values, asAt, needs.Table, details: false);
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
                if (expected.Status.Text() == row.Status) continue;
                tally.ProblemsByKind[node.Kind] = tally.ProblemsByKind.GetValueOrDefault(node.Kind) + 1;
                tally.Problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"  {frameworkId} T={asAt:yyyy-MM-dd} family {row.Family} person '{row.Person}' node {row.Node} ({node.Kind}): sql {row.Status}, oracle {expected.Status.Text()} | sql: {row.Reason} | oracle: {expected.Reason}"));
            }
        }
        return tally;
    }
}
