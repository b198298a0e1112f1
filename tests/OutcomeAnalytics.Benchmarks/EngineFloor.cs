using System.Diagnostics;
using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;

namespace OutcomeAnalytics.Benchmarks;

/// <summary>
/// A lower bound for any set-based evaluation of phase 3 in DuckDB on this machine: the least work every design
/// must do, with none of the rules. Each table the rules read is joined once to its families' members (or, for
/// evidence, to the identified needs) and grouped once, with trivial aggregates; then one row per identified need
/// with a status and a reason, and one count per family. No windows by term, no scopes, no pairing of
/// questionnaires, no combination of parts, no details: a real evaluation does all of this and more, so it cannot
/// be faster than this floor. The evaluate benchmark divides the oracle's time by it, the greatest ratio to the
/// oracle that any SQL design could reach here.
/// The keyed floor (<see cref="MeasureKeyed"/>) runs the same statements on copies of the tables whose family and
/// person ids are dense integers, as a design that gave every person and family a number at load could: it bounds
/// what integer keys could gain. Making the copies is not timed.
/// </summary>
internal static class EngineFloor
{
    private static readonly string[] Statements =
    [
        "CREATE OR REPLACE TEMP TABLE floor_subjects AS SELECT row_number() OVER () AS sid, n.family_id, n.need_code, n.person_id, f.attached_date AS a, f.closure_date AS c FROM needs n JOIN families f ON f.family_id = n.family_id",
        "CREATE OR REPLACE TEMP TABLE floor_members AS SELECT m.family_id, m.person_id, p.date_of_birth, f.attached_date AS a, f.closure_date AS c FROM family_members m JOIN people p ON p.person_id = m.person_id JOIN families f ON f.family_id = m.family_id",
        "CREATE OR REPLACE TEMP TABLE floor_attendance AS SELECT m.person_id, count(*) AS terms, sum(x.attended_sessions) AS attended, sum(x.possible_sessions) AS possible FROM attendance x JOIN floor_members m ON m.person_id = x.person_id GROUP BY 1",
        "CREATE OR REPLACE TEMP TABLE floor_incidents AS SELECT m.person_id, count(*) FILTER (WHERE x.incident_date BETWEEN m.a AND $1) AS during, count(*) FILTER (WHERE x.incident_date > m.c AND x.incident_date <= m.c + INTERVAL 6 MONTH) AS after, count(*) FILTER (WHERE x.incident_date < m.a) AS before FROM incidents x JOIN floor_members m ON m.person_id = x.person_id GROUP BY 1",
        "CREATE OR REPLACE TEMP TABLE floor_referrals AS SELECT m.person_id, count(*) FILTER (WHERE x.referral_date > m.c) AS after FROM referrals x JOIN floor_members m ON m.person_id = x.person_id GROUP BY 1",
        "CREATE OR REPLACE TEMP TABLE floor_assessments AS SELECT m.person_id, x.instrument, x.informant, arg_min(x.score, x.assessment_date) AS first, arg_max(x.score, x.assessment_date) AS last FROM assessments x JOIN floor_members m ON m.person_id = x.person_id WHERE x.scale = 'total' GROUP BY ALL",
        "CREATE OR REPLACE TEMP TABLE floor_evidence AS SELECT s.sid, count(*) AS n, min(x.evidence_date) AS earliest FROM evidence x JOIN floor_subjects s ON s.family_id = x.family_id AND s.need_code = x.need_code WHERE x.evidence_date >= s.a GROUP BY 1",
        "CREATE OR REPLACE TEMP TABLE floor_plans AS SELECT m.person_id, count(*) AS n FROM plans x JOIN floor_members m ON m.person_id = x.person_id GROUP BY 1",
        "CREATE OR REPLACE TEMP TABLE floor_exclusions AS SELECT m.person_id, count(*) AS n FROM exclusions x JOIN floor_members m ON m.person_id = x.person_id GROUP BY 1",
        "CREATE OR REPLACE TEMP TABLE floor_employment AS SELECT m.person_id, count(*) AS n FROM employment x JOIN floor_members m ON m.person_id = x.person_id GROUP BY 1",
        "CREATE OR REPLACE TEMP TABLE floor_eet AS SELECT m.person_id, count(*) AS n FROM eet_status x JOIN floor_members m ON m.person_id = x.person_id GROUP BY 1",
        "CREATE OR REPLACE TEMP TABLE floor_needs AS SELECT s.sid, s.family_id, s.need_code, s.person_id, CASE WHEN e.n > 0 OR i.during = 0 THEN 'met' ELSE 'not_met' END AS status, CASE WHEN e.n > 0 THEN 'Evidence recorded on ' || strftime(e.earliest, '%Y-%m-%d') || '.' ELSE 'No incidents.' END AS reason FROM floor_subjects s LEFT JOIN floor_evidence e ON e.sid = s.sid LEFT JOIN floor_incidents i ON i.person_id = s.person_id",
        "CREATE OR REPLACE TEMP TABLE floor_claims AS SELECT family_id, count(*) FILTER (WHERE status = 'met') AS met, count(DISTINCT need_code) AS identified FROM floor_needs GROUP BY 1",
    ];

    /// <summary>The tables the floor reads, with the id columns each holds.</summary>
    private static readonly (string Table, string[] Ids)[] Inputs =
    [
        ("needs", ["family_id", "person_id"]), ("families", ["family_id"]), ("family_members", ["family_id", "person_id"]),
        ("people", ["person_id"]), ("attendance", ["person_id"]), ("incidents", ["person_id"]), ("referrals", ["person_id", "family_id"]),
        ("assessments", ["person_id"]), ("evidence", ["family_id", "person_id"]), ("plans", ["person_id"]),
        ("exclusions", ["person_id"]), ("employment", ["person_id"]), ("eet_status", ["person_id"]),
    ];

    /// <summary>
    /// The floor with integer keys: each input copied (untimed) with its family and person ids replaced by dense
    /// integers, then the floor's statements timed on the copies. The median in seconds; every copy is dropped.
    /// </summary>
    public static double MeasureKeyed(DuckDBConnection connection, DateOnly asAt, int runs = 3)
    {
        connection.Execute("CREATE OR REPLACE TEMP TABLE floor_person_keys AS SELECT person_id, CAST(row_number() OVER () AS INTEGER) AS k FROM people");
        connection.Execute("CREATE OR REPLACE TEMP TABLE floor_family_keys AS SELECT family_id, CAST(row_number() OVER () AS INTEGER) AS k FROM families");
        foreach (var (table, ids) in Inputs)
        {
            var keys = string.Concat(ids.Select(id => $", {id[0]}k.k AS {id}"));
            var joins = string.Concat(ids.Select(id => $" LEFT JOIN floor_{(id == "person_id" ? "person" : "family")}_keys {id[0]}k ON {id[0]}k.{id} = x.{id}"));
            connection.Execute($"CREATE OR REPLACE TEMP TABLE floor_keyed_{table} AS SELECT x.* EXCLUDE ({string.Join(", ", ids)}){keys} FROM {table} x{joins}");
        }
        try
        {
            var keyed = Statements.Select(sql => Inputs.Aggregate(sql, (text, input) =>
                text.Replace($"FROM {input.Table} ", $"FROM floor_keyed_{input.Table} ", StringComparison.Ordinal)
                    .Replace($"JOIN {input.Table} ", $"JOIN floor_keyed_{input.Table} ", StringComparison.Ordinal))).ToArray();
            return Time(connection, keyed, asAt, runs);
        }
        finally
        {
            foreach (var (table, _) in Inputs) connection.Execute($"DROP TABLE IF EXISTS floor_keyed_{table}");
            connection.Execute("DROP TABLE IF EXISTS floor_person_keys");
            connection.Execute("DROP TABLE IF EXISTS floor_family_keys");
        }
    }

    /// <summary>The floor's median time over <paramref name="runs"/> runs, in seconds; its tables are dropped afterwards.</summary>
    public static double Measure(DuckDBConnection connection, DateOnly asAt, int runs = 3) => Time(connection, Statements, asAt, runs);

    private static double Time(DuckDBConnection connection, string[] statements, DateOnly asAt, int runs)
    {
        var times = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var watch = Stopwatch.StartNew();
            foreach (var sql in statements)
                connection.Execute(sql, sql.Contains("$1", StringComparison.Ordinal) ? [asAt] : []);
            times.Add(watch.Elapsed.TotalSeconds);
            // "CREATE OR REPLACE TEMP TABLE <name> AS ...": the sixth word names the table.
            foreach (var sql in statements) connection.Execute($"DROP TABLE IF EXISTS {sql.Split(' ')[5]}");
        }
        return Timings.Median(times);
    }
}
