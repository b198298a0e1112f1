using System.Globalization;
using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Model.Measures;

namespace OutcomeAnalytics.Impact;

/// <summary>One family's values of one outcome: before, after and (where the outcome has one) the earlier placebo period.</summary>
/// <param name="Family">The family's position in <see cref="ImpactData.FamilyIds"/>.</param>
/// <param name="Treated">Supported without a wait (true) or from the waiting list's comparison pool (false).</param>
/// <param name="Before">The value in the window before the index date.</param>
/// <param name="After">The value in the follow-up window.</param>
/// <param name="Earlier">The value in the placebo period before the baseline window, or null.</param>
public readonly record struct OutcomeValue(int Family, bool Treated, double Before, double After, double? Earlier);

/// <summary>
/// The families an impact analysis compares, read from the database in a handful of set-based statements: each
/// family's group, index date and baseline covariates, and each outcome's values in its windows.
/// </summary>
/// <remarks>
/// <para>A family whose needs were all identified more than 90 days before attachment is on the waiting list: its index
/// date is its identification, and until attachment it is untreated. The others are the supported families: their index
/// date is their attachment, when support starts, so the window after it never starts before support.</para>
/// <para>The comparison pool for an <see cref="WindowKind.Events"/> outcome is the waiting-list families still waiting at
/// the end of the follow-up window; for a <see cref="WindowKind.Sittings"/> outcome, those whose follow-up sitting came
/// before attachment. Every family's follow-up window must have ended by the analysis date.</para>
/// </remarks>
public sealed class ImpactData
{
    private static long runs;
    private static readonly string[] TableNames = ["cohort", "fam", "mem", "att", "inc", "ref", "val"];

    internal ImpactData(string[] ids, bool[] waiting, string[] covariateNames, double[][] covariates, IReadOnlyDictionary<string, OutcomeValue[]> values)
    {
        FamilyIds = ids;
        Waiting = waiting;
        CovariateNames = covariateNames;
        Covariates = covariates;
        Values = values;
    }

    /// <summary>The families considered, in id order.</summary>
    public IReadOnlyList<string> FamilyIds { get; }

    /// <summary>Whether each family was on the waiting list.</summary>
    public IReadOnlyList<bool> Waiting { get; }

    /// <summary>The names of the baseline covariates, in the order of each row of <see cref="Covariates"/>.</summary>
    public IReadOnlyList<string> CovariateNames { get; }

    /// <summary>Each family's baseline covariates.</summary>
    public IReadOnlyList<double[]> Covariates { get; }

    /// <summary>Each outcome's values, by outcome name: one entry per family with a value before and after.</summary>
    public IReadOnlyDictionary<string, OutcomeValue[]> Values { get; }

    /// <summary>The SQL words of the counted incident types.</summary>
    internal const string CountedIncidents = "('offence', 'arrest', 'named_suspect', 'asb')";

    /// <summary>
    /// Reads the families and the outcomes' values from the database as at <paramref name="asAt"/>, optionally only the
    /// families in <paramref name="families"/> (a cohort).
    /// </summary>
    public static ImpactData Read(DuckDBConnection connection, DateOnly asAt, IEnumerable<ImpactOutcome> outcomes, IReadOnlyCollection<string>? families = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var p = string.Create(CultureInfo.InvariantCulture, $"imp{Interlocked.Increment(ref runs)}_");
        var tables = TableNames.Select(t => p + t).ToList();
        try
        {
            var cohortFilter = "";
            if (families is not null)
            {
                connection.Execute($"CREATE OR REPLACE TEMP TABLE {p}cohort (family_id VARCHAR)");
                using (var appender = connection.CreateAppender("temp", "main", p + "cohort"))
                    foreach (var id in families) appender.CreateRow().AppendValue(id).EndRow();
                cohortFilter = $" AND f.family_id IN (SELECT family_id FROM {p}cohort)";
            }
            Prepare(connection, p, asAt, cohortFilter);
            var list = outcomes.ToList();
            connection.Execute($"CREATE OR REPLACE TEMP TABLE {p}val (outcome VARCHAR, family_id VARCHAR, waiting BOOLEAN, pre DOUBLE, post DOUBLE, placebo DOUBLE)");
            foreach (var outcome in list) connection.Execute($"INSERT INTO {p}val {OutcomeSql(outcome, p)}", asAt);
            return ReadBack(connection, p, list);
        }
        finally
        {
            foreach (var t in tables) connection.Execute($"DROP TABLE IF EXISTS {t}");
        }
    }

    private static void Prepare(DuckDBConnection connection, string p, DateOnly asAt, string cohortFilter)
    {
        connection.Execute($"""
            CREATE OR REPLACE TEMP TABLE {p}fam AS
            WITH n AS (
                SELECT n.family_id, min(coalesce(n.identified_date, f.attached_date)) AS first_identified, count(*) AS needs,
                       list_distinct(list(try_cast(split_part(CAST(n.need_code AS VARCHAR), '.', 1) AS INTEGER))) AS headlines
                FROM needs n JOIN families f USING (family_id) GROUP BY n.family_id),
            b AS (
                SELECT f.family_id, f.attached_date, coalesce(CAST(f.locality AS VARCHAR), '') AS locality,
                       coalesce(n.needs, 0) AS needs, coalesce(n.headlines, []) AS headlines,
                       -- Supported families are indexed at attachment, when support starts; waiting-list families at identification.
                       CASE WHEN coalesce(n.first_identified < f.attached_date - INTERVAL 90 DAY, false) THEN n.first_identified
                            ELSE f.attached_date END AS index_date,
                       coalesce(n.first_identified < f.attached_date - INTERVAL 90 DAY, false) AS waiting
                FROM families f LEFT JOIN n USING (family_id)
                WHERE f.attached_date <= $1{cohortFilter})
            SELECT *, CAST(index_date - INTERVAL 12 MONTH AS DATE) AS m12, CAST(index_date - INTERVAL 6 MONTH AS DATE) AS m6,
                   CAST(index_date + INTERVAL 6 MONTH AS DATE) AS p6, CAST(index_date + INTERVAL 12 MONTH AS DATE) AS p12
            FROM b
            """, asAt);
        connection.Execute($"""
            CREATE OR REPLACE TEMP TABLE {p}mem AS
            SELECT fm.family_id, fm.person_id, f.index_date,
                   {AgeSql.YearsAt("p.date_of_birth", "f.index_date")} AS age
            FROM family_members fm JOIN {p}fam f USING (family_id) LEFT JOIN people p USING (person_id)
            """);
        // Terms without a row in term_dates take the default calendar (autumn Sep-Dec, spring Jan-Mar, summer Apr-Aug).
        connection.Execute($"""
            CREATE OR REPLACE TEMP TABLE {p}att AS
            WITH a AS (
                SELECT person_id, attended_sessions, possible_sessions, CAST(academic_year AS VARCHAR) AS year_text, CAST(term AS VARCHAR) AS term_text,
                       CAST(left(CAST(academic_year AS VARCHAR), 4) AS INTEGER) AS y
                FROM attendance),
            t AS (
                SELECT a.person_id, a.attended_sessions, a.possible_sessions,
                       coalesce(d.start_date, CASE a.term_text WHEN 'autumn' THEN make_date(a.y, 9, 1) WHEN 'spring' THEN make_date(a.y + 1, 1, 1) ELSE make_date(a.y + 1, 4, 1) END) AS s,
                       coalesce(d.end_date, CASE a.term_text WHEN 'autumn' THEN make_date(a.y, 12, 31) WHEN 'spring' THEN make_date(a.y + 1, 3, 31) ELSE make_date(a.y + 1, 8, 31) END) AS e
                FROM a LEFT JOIN term_dates d ON CAST(d.academic_year AS VARCHAR) = a.year_text AND CAST(d.term AS VARCHAR) = a.term_text)
            SELECT m.family_id, t.attended_sessions AS attended, t.possible_sessions AS possible,
                   CAST(t.s + CAST(date_diff('day', t.s, t.e) // 2 AS INTEGER) AS DATE) AS mid
            FROM {p}mem m JOIN t USING (person_id)
            """);
        connection.Execute($"""
            CREATE OR REPLACE TEMP TABLE {p}inc AS
            SELECT DISTINCT m.family_id, i.incident_id, i.incident_date
            FROM {p}mem m JOIN incidents i USING (person_id)
            WHERE CAST(i.incident_type AS VARCHAR) IN {CountedIncidents}
            """);
        // A referral names its family, or only a person (then it belongs to each family the person is in).
        connection.Execute($"""
            CREATE OR REPLACE TEMP TABLE {p}ref AS
            SELECT f.family_id, r.referral_id, r.referral_date, CAST(r.service AS VARCHAR) AS service
            FROM {p}fam f JOIN referrals r ON r.family_id = f.family_id
            """);
        connection.Execute($"""
            INSERT INTO {p}ref
            SELECT DISTINCT m.family_id, r.referral_id, r.referral_date, CAST(r.service AS VARCHAR)
            FROM {p}mem m JOIN referrals r ON r.person_id = m.person_id WHERE r.family_id IS NULL
            """);
    }

    /// <summary>The SELECT giving <c>(outcome, family_id, waiting, pre, post, placebo)</c> for one outcome; $1 is the analysis date.</summary>
    internal static string OutcomeSql(ImpactOutcome outcome, string p)
    {
        const string events = "f.p6 <= $1 AND (NOT f.waiting OR f.attached_date >= f.p6)";
        var name = outcome.Name;
        return name switch
        {
            "attendance" => $"""
                SELECT '{name}', f.family_id, f.waiting,
                       100.0 * sum(a.attended) FILTER (WHERE a.mid >= f.m6 AND a.mid < f.index_date) / nullif(sum(a.possible) FILTER (WHERE a.mid >= f.m6 AND a.mid < f.index_date), 0),
                       100.0 * sum(a.attended) FILTER (WHERE a.mid >= f.index_date AND a.mid < f.p6) / nullif(sum(a.possible) FILTER (WHERE a.mid >= f.index_date AND a.mid < f.p6), 0),
                       100.0 * sum(a.attended) FILTER (WHERE a.mid >= f.m12 AND a.mid < f.m6) / nullif(sum(a.possible) FILTER (WHERE a.mid >= f.m12 AND a.mid < f.m6), 0)
                FROM {p}fam f JOIN {p}att a USING (family_id)
                WHERE {events}
                GROUP BY f.family_id, f.waiting
                """,
            "incidents" => $"""
                SELECT '{name}', f.family_id, f.waiting,
                       count(i.incident_id) FILTER (WHERE i.incident_date >= f.m6 AND i.incident_date < f.index_date) / (m.members * 6.0),
                       count(i.incident_id) FILTER (WHERE i.incident_date >= f.index_date AND i.incident_date < f.p6) / (m.members * 6.0),
                       count(i.incident_id) FILTER (WHERE i.incident_date >= f.m12 AND i.incident_date < f.m6) / (m.members * 6.0)
                FROM {p}fam f JOIN (SELECT family_id, count(*) AS members FROM {p}mem GROUP BY family_id) m USING (family_id)
                     LEFT JOIN {p}inc i USING (family_id)
                WHERE {events}
                GROUP BY f.family_id, f.waiting, m.members
                """,
            "rereferral" => $"""
                SELECT '{name}', f.family_id, f.waiting,
                       CAST(count(r.referral_id) FILTER (WHERE r.referral_date >= f.m6 AND r.referral_date < f.index_date) > 0 AS DOUBLE),
                       CAST(count(r.referral_id) FILTER (WHERE r.referral_date >= f.index_date AND r.referral_date < f.p6) > 0 AS DOUBLE),
                       CAST(count(r.referral_id) FILTER (WHERE r.referral_date >= f.m12 AND r.referral_date < f.m6) > 0 AS DOUBLE)
                FROM {p}fam f LEFT JOIN (SELECT * FROM {p}ref WHERE service = 'childrens_social_care') r USING (family_id)
                WHERE {events}
                GROUP BY f.family_id, f.waiting
                """,
            "employment" => $"""
                WITH spells AS (SELECT person_id, CAST(status AS VARCHAR) AS status, start_date, end_date FROM employment),
                out_of_work AS (
                    SELECT m.family_id, m.person_id, f.waiting, f.p6
                    FROM {p}mem m JOIN {p}fam f USING (family_id)
                    WHERE m.age >= 18 AND {events}
                      AND EXISTS (SELECT 1 FROM spells s WHERE s.person_id = m.person_id AND s.status IN ('out_of_work_benefit', 'uc_searching_for_work')
                                  AND s.start_date <= f.index_date AND (s.end_date IS NULL OR s.end_date >= f.index_date))
                      AND NOT EXISTS (SELECT 1 FROM spells s WHERE s.person_id = m.person_id AND s.status = 'employed'
                                  AND s.start_date <= f.index_date AND (s.end_date IS NULL OR s.end_date >= f.index_date)))
                SELECT '{name}', o.family_id, o.waiting, 0.0,
                       avg(CASE WHEN EXISTS (SELECT 1 FROM spells s WHERE s.person_id = o.person_id AND s.status = 'employed'
                                             AND s.start_date <= o.p6 AND (s.end_date IS NULL OR s.end_date >= o.p6)) THEN 1.0 ELSE 0.0 END),
                       NULL
                FROM out_of_work o GROUP BY o.family_id, o.waiting
                """,
            "sdq" or "wemwbs" => $"""
                WITH s AS (
                    SELECT f.family_id, f.waiting, f.index_date, f.attached_date, a.person_id, coalesce(CAST(a.informant AS VARCHAR), 'self') AS informant,
                           a.assessment_date AS d, CAST(a.score AS DOUBLE) AS score
                    FROM {p}fam f JOIN {p}mem m USING (family_id) JOIN assessments a ON a.person_id = m.person_id
                    WHERE f.p12 <= $1 AND CAST(a.instrument AS VARCHAR) = '{(name == "sdq" ? "SDQ" : "WEMWBS")}' AND coalesce(CAST(a.scale AS VARCHAR), 'total') = 'total'
                      AND a.assessment_date >= f.index_date - 90 AND a.assessment_date <= f.p12),
                b AS (SELECT family_id, waiting, person_id, informant, arg_min(score, d) AS score FROM s WHERE d <= index_date + 28 GROUP BY ALL),
                a AS (SELECT family_id, person_id, informant, arg_max(score, d) AS score FROM s
                      WHERE d > index_date + 28 AND (NOT waiting OR d < attached_date) GROUP BY ALL)
                SELECT '{name}', b.family_id, b.waiting, avg(b.score), avg(a.score), NULL
                FROM b JOIN a USING (family_id, person_id, informant) GROUP BY b.family_id, b.waiting
                """,
            _ => throw new ArgumentException($"No SQL for the outcome '{name}'.", nameof(outcome)),
        };
    }

    private static ImpactData ReadBack(DuckDBConnection connection, string p, List<ImpactOutcome> outcomes)
    {
        var localities = connection.Rows($"SELECT DISTINCT locality FROM {p}fam ORDER BY locality", r => r.GetString(0));
        var names = new List<string> { "Needs identified" };
        names.AddRange(Enumerable.Range(1, 10).Select(h => $"Headline {h} need"));
        names.AddRange(["Household size", "Children", "Youngest child's age", "Eldest adult's age", "Has attendance records",
            "Attendance in the year before (%)", "Incidents in the year before", "Referrals in the year before", "Attachment date (years since 2020)"]);
        names.AddRange(localities.Skip(1).Select(l => $"Locality: {(l.Length == 0 ? "(blank)" : l)}"));

        var headlineColumns = string.Join(", ", Enumerable.Range(1, 10).Select(h => $"CAST(list_contains(f.headlines, {h}) AS DOUBLE)"));
        var localityColumns = string.Concat(localities.Skip(1).Select((_, i) => $", CAST(f.locality = ${i + 1} AS DOUBLE)"));
        var sql = $"""
            WITH m AS (
                SELECT family_id, count(*) AS household, count(*) FILTER (WHERE age >= 0 AND age < 18) AS children,
                       coalesce(min(age) FILTER (WHERE age >= 0 AND age < 18), 0) AS youngest, coalesce(max(age) FILTER (WHERE age >= 18), 0) AS eldest
                FROM {p}mem GROUP BY family_id),
            a AS (SELECT a.family_id, 100.0 * sum(a.attended) / nullif(sum(a.possible), 0) AS pct FROM {p}att a JOIN {p}fam f USING (family_id)
                  WHERE a.mid >= f.m12 AND a.mid < f.index_date GROUP BY a.family_id),
            i AS (SELECT i.family_id, count(*) AS n FROM {p}inc i JOIN {p}fam f USING (family_id) WHERE i.incident_date >= f.m12 AND i.incident_date < f.index_date GROUP BY i.family_id),
            r AS (SELECT r.family_id, count(*) AS n FROM {p}ref r JOIN {p}fam f USING (family_id) WHERE r.referral_date >= f.m12 AND r.referral_date < f.index_date GROUP BY r.family_id)
            SELECT f.family_id, f.waiting, CAST(f.needs AS DOUBLE), {headlineColumns},
                   CAST(coalesce(m.household, 0) AS DOUBLE), CAST(coalesce(m.children, 0) AS DOUBLE),
                   CAST(coalesce(m.youngest, 0) AS DOUBLE), CAST(coalesce(m.eldest, 0) AS DOUBLE), CAST(a.pct IS NOT NULL AS DOUBLE), coalesce(a.pct, 0.0),
                   CAST(coalesce(i.n, 0) AS DOUBLE), CAST(coalesce(r.n, 0) AS DOUBLE), date_diff('day', DATE '2020-01-01', f.attached_date) / 365.25{localityColumns}
            FROM {p}fam f LEFT JOIN m USING (family_id) LEFT JOIN a USING (family_id) LEFT JOIN i USING (family_id) LEFT JOIN r USING (family_id)
            ORDER BY f.family_id
            """;
        var ids = new List<string>();
        var waiting = new List<bool>();
        var rows = new List<double[]>();
        var width = names.Count;
        using (var reader = connection.Reader(sql, [.. localities.Skip(1)]))
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
                waiting.Add(reader.GetBoolean(1));
                var row = new double[width];
                for (var c = 0; c < width; c++) row[c] = reader.GetDouble(c + 2);
                rows.Add(row);
            }
        var position = new Dictionary<string, int>(ids.Count, StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++) position[ids[i]] = i;

        var values = outcomes.ToDictionary(o => o.Name, _ => new List<OutcomeValue>());
        using (var reader = connection.Reader($"SELECT outcome, family_id, waiting, pre, post, placebo FROM {p}val WHERE pre IS NOT NULL AND post IS NOT NULL ORDER BY outcome, family_id"))
            while (reader.Read())
                values[reader.GetString(0)].Add(new OutcomeValue(position[reader.GetString(1)], !reader.GetBoolean(2), reader.GetDouble(3), reader.GetDouble(4),
                    reader.IsDBNull(5) ? null : reader.GetDouble(5)));
        return new ImpactData([.. ids], [.. waiting], [.. names], [.. rows], values.ToDictionary(v => v.Key, v => v.Value.ToArray()));
    }
}
