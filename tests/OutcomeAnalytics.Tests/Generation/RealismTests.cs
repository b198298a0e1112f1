using System.Globalization;
using OutcomeAnalytics.Engine;

namespace OutcomeAnalytics.Tests.Generation;

/// <summary>
/// The realism targets of data-dictionary/synthetic-data.md, measured with SQL over the loaded extract (1,500
/// families, default options). Ranges are wide enough for sampling noise at that size and narrow enough to catch
/// a model that drifted.
/// </summary>
public sealed class RealismTests(DefaultExtract fixture) : IClassFixture<DefaultExtract>
{
    private GeneratedExtract X => fixture.Extract;

    private string AsAt => X.Result.AsAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Per family: attached (a), closed (c), identified (i: the earliest need), waiting list, distinct needs.</summary>
    internal const string Families = """
        fam AS (
            SELECT f.family_id, f.attached_date AS a, f.closure_date AS c,
                   min(coalesce(n.identified_date, f.attached_date)) AS i,
                   min(coalesce(n.identified_date, f.attached_date)) < f.attached_date - INTERVAL 90 DAY AS waiting,
                   count(DISTINCT n.need_code) AS needs
            FROM families f JOIN needs n USING (family_id) GROUP BY f.family_id, f.attached_date, f.closure_date)
        """;

    [Fact]
    public void Needs_MostFamiliesHaveThreeToSix_SomeOnlyTwo()
    {
        Assert.InRange(X.Number($"WITH {Families} SELECT avg(CASE WHEN needs BETWEEN 3 AND 6 THEN 1 ELSE 0 END)::DOUBLE FROM fam"), 0.70, 0.88);
        Assert.InRange(X.Number($"WITH {Families} SELECT avg(CASE WHEN needs = 2 THEN 1 ELSE 0 END)::DOUBLE FROM fam"), 0.03, 0.10);
        Assert.Equal(0, X.Number($"WITH {Families} SELECT count(*)::DOUBLE FROM fam WHERE needs < 2"));
    }

    [Fact]
    public void Needs_MostCommonHeadlines_AreEducationMentalHealthRelationshipsAndDomesticAbuse()
    {
        var headlines = X.Connection.Rows("""
            SELECT split_part(need_code, '.', 1) AS headline FROM needs
            GROUP BY headline ORDER BY count(DISTINCT family_id) DESC, headline LIMIT 4
            """, r => r.GetString(0)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["1", "3", "5", "8"], headlines);
        Assert.Equal(34, X.Number("SELECT count(DISTINCT need_code)::DOUBLE FROM needs"));
    }

    [Fact]
    public void CrimeNeeds_CarryACountedBasis()
    {
        Assert.True(X.Number("SELECT count(*)::DOUBLE FROM needs WHERE need_code IN ('7.1', '7.3')") > 50);
        Assert.Equal(0, X.Number("SELECT count(*)::DOUBLE FROM needs WHERE need_code IN ('7.1', '7.3') AND (basis IS NULL OR basis NOT IN ('offence', 'arrest', 'named_suspect', 'asb'))"));
    }

    [Fact]
    public void Households_AreOneOrTwoAdultsWithOneToFourChildren()
    {
        const string members = """
            m AS (SELECT fm.family_id,
                         count(*) FILTER (WHERE fm.role IN ('parent_carer', 'other_adult', 'expectant_parent')) AS adults,
                         count(*) FILTER (WHERE fm.role = 'child' AND p.date_of_birth <= f.attached_date) AS children,
                         count(*) FILTER (WHERE fm.role = 'child' AND date_diff('year', p.date_of_birth, f.attached_date) BETWEEN 16 AND 17
                                          AND p.date_of_birth + INTERVAL 16 YEAR <= f.attached_date) AS young,
                         count(*) FILTER (WHERE fm.role = 'expectant_parent') AS expectant
                  FROM family_members fm JOIN people p USING (person_id) JOIN families f USING (family_id) GROUP BY fm.family_id)
            """;
        Assert.Equal(0, X.Number($"WITH {members} SELECT count(*)::DOUBLE FROM m WHERE adults NOT IN (1, 2) OR children NOT BETWEEN 1 AND 4"));
        Assert.InRange(X.Number($"WITH {members} SELECT avg(CASE WHEN adults = 1 THEN 1 ELSE 0 END)::DOUBLE FROM m"), 0.42, 0.58);
        Assert.InRange(X.Number($"WITH {members} SELECT avg(CASE WHEN young > 0 THEN 1 ELSE 0 END)::DOUBLE FROM m"), 0.07, 0.30);
        Assert.InRange(X.Number($"WITH {members} SELECT avg(CASE WHEN expectant > 0 THEN 1 ELSE 0 END)::DOUBLE FROM m"), 0.02, 0.09);
    }

    [Fact]
    public void Episodes_AttachAcrossThePeriod_LastMonthsToAYear_SomeStillOpen()
    {
        Assert.Equal(0, X.Number("SELECT count(*)::DOUBLE FROM families WHERE attached_date NOT BETWEEN DATE '2022-10-01' AND DATE '2025-03-31'"));
        Assert.InRange(X.Number("SELECT avg(CASE WHEN closure_date IS NULL THEN 1 ELSE 0 END)::DOUBLE FROM families"), 0.03, 0.15);
        Assert.Equal(0, X.Number("SELECT count(*)::DOUBLE FROM families WHERE closure_date - attached_date NOT BETWEEN 55 AND 370"));
        Assert.InRange(X.Number("SELECT median(closure_date - attached_date)::DOUBLE FROM families"), 170, 240);
        Assert.Equal(5, X.Number("SELECT count(DISTINCT locality)::DOUBLE FROM families"));
    }

    [Fact]
    public void WaitingList_IsAboutAFifth_IdentifiedMonthsBeforeSupport()
    {
        Assert.InRange(X.Number($"WITH {Families} SELECT avg(CASE WHEN waiting THEN 1 ELSE 0 END)::DOUBLE FROM fam"), 0.16, 0.24);
        // Every other family's needs are identified at attachment or after it, never before: the two groups cannot be confused.
        Assert.Equal(0, X.Number($"WITH {Families} SELECT count(*)::DOUBLE FROM fam WHERE NOT waiting AND i < a"));
        Assert.Equal(0, X.Number($"WITH {Families} SELECT count(*)::DOUBLE FROM fam WHERE waiting AND a - i NOT BETWEEN 118 AND 452"));
    }

    /// <summary>Per 1.1 or 1.2 child: sessions-weighted attendance over two terms chosen by <paramref name="window"/>.</summary>
    private static string Attendance(string code, string window, string extra = "") => $"""
        WITH {Families},
        k AS (SELECT n.family_id, n.person_id, fam.* EXCLUDE (family_id) FROM needs n JOIN fam USING (family_id) WHERE n.need_code = '{code}' {extra}),
        t AS (SELECT k.family_id, k.person_id, k.waiting, a.attended_sessions, a.possible_sessions,
                     row_number() OVER (PARTITION BY k.family_id, k.person_id ORDER BY td.end_date DESC) AS rn
              FROM k JOIN term_dates td ON {window}
              JOIN attendance a ON a.person_id = k.person_id AND a.academic_year = td.academic_year AND a.term = td.term),
        pct AS (SELECT family_id, person_id, waiting, sum(attended_sessions) / sum(possible_sessions) AS p
                FROM t WHERE rn <= 2 GROUP BY ALL HAVING count(*) = 2 AND sum(possible_sessions) > 0)
        """;

    [Fact]
    public void Attendance_BaselineOfNeedChildren_IsUnderTheThreshold()
    {
        const string baseline = "td.end_date <= k.i";
        Assert.True(X.Number(Attendance("1.1", baseline) + " SELECT count(*)::DOUBLE FROM pct") > 150);
        Assert.Equal(0, X.Number(Attendance("1.1", baseline) + " SELECT count(*)::DOUBLE FROM pct WHERE p >= 0.9"));
        Assert.True(X.Number(Attendance("1.2", baseline) + " SELECT count(*)::DOUBLE FROM pct") > 30);
        Assert.Equal(0, X.Number(Attendance("1.2", baseline) + " SELECT count(*)::DOUBLE FROM pct WHERE p >= 0.5"));
        // Every 1.1 and 1.2 child has both baseline terms.
        Assert.Equal(X.Number("SELECT count(*)::DOUBLE FROM needs WHERE need_code = '1.1'"), X.Number(Attendance("1.1", baseline) + " SELECT count(*)::DOUBLE FROM pct"));
    }

    [Fact]
    public void Attendance_TermRows_CoverSchoolAgeChildrenOverSeveralYears_AndAddUp()
    {
        Assert.Equal(0, X.Number("SELECT count(*)::DOUBLE FROM attendance WHERE attended_sessions + authorised_absence + unauthorised_absence <> possible_sessions"));
        Assert.InRange(X.Number("SELECT avg(n)::DOUBLE FROM (SELECT count(*) AS n FROM attendance GROUP BY person_id)"), 9, 16);
        // A full year is about 380 to 390 sessions; overall attendance of children without an attendance need is near the national 93%.
        Assert.InRange(X.Number("SELECT min(s)::DOUBLE FROM (SELECT academic_year, sum(possible_sessions) AS s FROM (SELECT DISTINCT academic_year, term, max(possible_sessions) OVER (PARTITION BY academic_year, term) AS possible_sessions FROM attendance) GROUP BY academic_year HAVING count(*) = 3)"), 370, 400);
        Assert.InRange(X.Number("SELECT (sum(attended_sessions) / sum(possible_sessions))::DOUBLE FROM attendance WHERE person_id NOT IN (SELECT person_id FROM needs WHERE need_code IN ('1.1', '1.2') AND person_id IS NOT NULL)"), 0.90, 0.95);
    }

    [Fact]
    public void Attendance_SupportedChildrenReachNinetyMoreOftenThanTheWaitingList()
    {
        // Supported: the two latest complete terms starting on or after attachment (the phase 3 outcome terms).
        // Waiting list: the two latest complete terms between identification and the start of support.
        var window = $"td.start_date >= CASE WHEN k.waiting THEN k.i ELSE k.a END AND td.end_date <= CASE WHEN k.waiting THEN k.a ELSE DATE '{AsAt}' END";
        var supported = X.Number(Attendance("1.1", window) + " SELECT avg(CASE WHEN p >= 0.9 THEN 1 ELSE 0 END)::DOUBLE FROM pct WHERE NOT waiting");
        var waiting = X.Number(Attendance("1.1", window) + " SELECT avg(CASE WHEN p >= 0.9 THEN 1 ELSE 0 END)::DOUBLE FROM pct WHERE waiting");
        Assert.InRange(supported, 0.45, 0.72);
        Assert.InRange(waiting, 0.0, 0.20);
        Assert.True(supported > waiting + 0.2, $"supported {supported:0.00}, waiting {waiting:0.00}");
        // 1.2 (under 50%): supported children back to at least half the sessions.
        Assert.InRange(X.Number(Attendance("1.2", window) + " SELECT avg(CASE WHEN p >= 0.5 THEN 1 ELSE 0 END)::DOUBLE FROM pct WHERE NOT waiting"), 0.60, 0.98);
    }

    /// <summary>Per 7.1 adult: counted incidents (the need's basis) in the 12 months before attachment and in the 6 months after closure.</summary>
    private static string Crime(string code) => $"""
        k AS (SELECT n.person_id, n.basis, fam.* EXCLUDE (family_id) FROM needs n JOIN fam USING (family_id) WHERE n.need_code = '{code}'),
        c AS (SELECT k.person_id, k.waiting, k.c,
                     count(*) FILTER (WHERE i.incident_date >= k.i - INTERVAL 12 MONTH AND i.incident_date < k.i) AS n,
                     count(*) FILTER (WHERE i.incident_date > k.c AND i.incident_date <= k.c + INTERVAL 6 MONTH) AS post,
                     count(*) FILTER (WHERE i.incident_date > k.a - INTERVAL 6 MONTH AND i.incident_date <= k.a) AS before_start,
                     bool_or(i.severe) FILTER (WHERE i.incident_date >= k.i - INTERVAL 12 MONTH AND i.incident_date < k.i) AS severe
              FROM k LEFT JOIN incidents i ON i.person_id = k.person_id AND i.incident_type = k.basis GROUP BY ALL)
        """;

    [Fact]
    public void Crime_AdultsWith71_HaveHistoriesBeforeAttachment_SomeOfEightOrMore()
    {
        var q = $"WITH {Families}, {Crime("7.1")}";
        Assert.Equal(0, X.Number(q + " SELECT count(*)::DOUBLE FROM c WHERE n < 1"));
        Assert.InRange(X.Number(q + " SELECT avg(CASE WHEN n >= 8 THEN 1 ELSE 0 END)::DOUBLE FROM c"), 0.08, 0.25);
        var y = $"WITH {Families}, {Crime("7.3")}";
        Assert.Equal(0, X.Number(y + " SELECT count(*)::DOUBLE FROM c WHERE n < 1"));
        Assert.InRange(X.Number(y + " SELECT avg(CASE WHEN n >= 5 THEN 1 ELSE 0 END)::DOUBLE FROM c"), 0.12, 0.40);
        Assert.True(X.Number(y + " SELECT count(*)::DOUBLE FROM c WHERE severe") > 0);
    }

    [Fact]
    public void Crime_SupportedAdultsOftenStopOffending_AfterClosure()
    {
        var q = $"WITH {Families}, {Crime("7.1")}";
        // Of supported adults with 7 or fewer incidents whose six months after closure have passed: none in those months.
        var none = X.Number(q + $" SELECT avg(CASE WHEN post = 0 THEN 1 ELSE 0 END)::DOUBLE FROM c WHERE NOT waiting AND n <= 7 AND c + INTERVAL 6 MONTH <= DATE '{AsAt}'");
        Assert.InRange(none, 0.45, 0.80);
    }

    [Fact]
    public void Records_ConsistentWithNeeds_DomesticAbuseMissingPlansReferralsEvidence()
    {
        // Domestic abuse needs come with DA incidents in the year before identification.
        Assert.Equal(0, X.Number($"""
            WITH {Families} SELECT count(*)::DOUBLE FROM fam WHERE family_id IN (SELECT family_id FROM needs WHERE need_code LIKE '8.%')
            AND NOT EXISTS (SELECT 1 FROM incidents i JOIN family_members fm USING (person_id) WHERE fm.family_id = fam.family_id
                            AND i.incident_type = 'domestic_abuse' AND i.incident_date >= fam.i - INTERVAL 12 MONTH AND i.incident_date < fam.i)
            """));
        Assert.Equal(0, X.Number($"""
            WITH {Families} SELECT count(*)::DOUBLE FROM needs n JOIN fam USING (family_id) WHERE n.need_code = '6.2'
            AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.person_id = n.person_id AND i.incident_type = 'missing_episode' AND i.incident_date < fam.i)
            """));
        // 6.1 children have a statutory or early help plan; some step down.
        Assert.Equal(0, X.Number("SELECT count(*)::DOUBLE FROM needs n WHERE need_code = '6.1' AND NOT EXISTS (SELECT 1 FROM plans p WHERE p.person_id = n.person_id)"));
        Assert.True(X.Number("SELECT count(*)::DOUBLE FROM plans WHERE end_reason = 'stepped_down' AND plan_type IN ('child_protection', 'child_in_need')") > 20);
        Assert.True(X.Number("SELECT count(DISTINCT service)::DOUBLE FROM referrals") >= 7);
        Assert.Equal(0, X.Number("SELECT count(*)::DOUBLE FROM families f WHERE NOT EXISTS (SELECT 1 FROM referrals r WHERE r.family_id = f.family_id AND r.service = 'early_help')"));
        // Every closed family has practitioner evidence for every need, dated within the episode.
        Assert.Equal(0, X.Number("""
            SELECT count(*)::DOUBLE FROM needs n JOIN families f USING (family_id) WHERE f.closure_date IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.family_id = n.family_id AND e.need_code = n.need_code
                            AND e.evidence_date BETWEEN f.attached_date AND f.closure_date)
            """));
        Assert.InRange(X.Number("SELECT avg(CASE WHEN result IN ('met', 'improved') THEN 1 ELSE 0 END)::DOUBLE FROM evidence"), 0.45, 0.75);
    }

    [Fact]
    public void EmploymentAndNeet_FollowTheNeeds()
    {
        Assert.Equal(0, X.Number($"""
            WITH {Families} SELECT count(*)::DOUBLE FROM needs n JOIN fam USING (family_id) WHERE n.need_code = '10.1'
            AND NOT EXISTS (SELECT 1 FROM employment e WHERE e.person_id = n.person_id AND e.status IN ('out_of_work_benefit', 'uc_searching_for_work') AND e.start_date <= fam.i)
            """));
        // Workless adults who found work after support started: a third to two thirds by the extract date.
        Assert.InRange(X.Number("""
            SELECT avg(CASE WHEN EXISTS (SELECT 1 FROM employment e JOIN families f ON f.family_id = n.family_id
                                         WHERE e.person_id = n.person_id AND e.status = 'employed' AND e.start_date >= f.attached_date) THEN 1 ELSE 0 END)::DOUBLE
            FROM needs n WHERE n.need_code = '10.1'
            """), 0.30, 0.75);
        Assert.InRange(X.Number("SELECT avg(CASE WHEN status = 'neet' THEN 1 ELSE 0 END)::DOUBLE FROM eet_status"), 0.08, 0.35);
    }

    /// <summary>Per person and instrument series (scale total): first sitting, second sitting and last sitting.</summary>
    private static string Scores(string code) => $"""
        s AS (SELECT a.person_id, a.instrument, a.informant, a.assessment_date, a.score, fam.waiting,
                     CASE WHEN a.instrument IN ('WEMWBS', 'SWEMWBS', 'ASQ', 'MORS', 'FRQ') THEN 1 ELSE -1 END AS better,
                     row_number() OVER (PARTITION BY a.person_id, a.instrument, a.informant ORDER BY a.assessment_date) AS k,
                     count(*) OVER (PARTITION BY a.person_id, a.instrument, a.informant) AS sittings
              FROM assessments a JOIN needs n ON n.person_id = a.person_id AND n.need_code = '{code}' JOIN fam ON fam.family_id = n.family_id
              WHERE a.scale = 'total'),
        change AS (SELECT person_id, instrument, informant, waiting, better,
                          max(score) FILTER (WHERE k = 1) AS first,
                          max(score) FILTER (WHERE k = 2) AS second,
                          max(score) FILTER (WHERE k = sittings) AS last
                   FROM s GROUP BY ALL HAVING max(sittings) >= 2)
        """;

    [Fact]
    public void Questionnaires_InRangeWithRealisticBaselines_AndSupportedAdultsImprove()
    {
        var q = $"WITH {Families}, {Scores("3.2")}";
        Assert.InRange(X.Number(q + " SELECT avg(first)::DOUBLE FROM change WHERE instrument = 'WEMWBS'"), 33, 42);
        Assert.InRange(X.Number(q + " SELECT avg(first)::DOUBLE FROM change WHERE instrument = 'PHQ9'"), 12, 18);
        // Supported (non-waiting) adults: better at the last sitting than the first.
        var supported = X.Number(q + " SELECT avg(CASE WHEN (last - first) * better > 0 THEN 1 ELSE 0 END)::DOUBLE FROM change WHERE NOT waiting");
        Assert.InRange(supported, 0.60, 0.90);
        // Waiting list: the sitting just before support against the one at identification (no programme effect yet).
        var waiting = X.Number(q + " SELECT avg(CASE WHEN (second - first) * better > 0 THEN 1 ELSE 0 END)::DOUBLE FROM change WHERE waiting");
        Assert.InRange(waiting, 0.35, 0.72);
        Assert.True(supported > waiting + 0.1, $"supported {supported:0.00}, waiting {waiting:0.00}");

        var sdq = $"WITH {Families}, {Scores("3.1")}";
        Assert.InRange(X.Number(sdq + " SELECT avg(first)::DOUBLE FROM change WHERE instrument = 'SDQ' AND informant = 'parent'"), 16, 22);
        Assert.Equal(0, X.Number("""
            SELECT count(*)::DOUBLE FROM (SELECT assessment_id, sum(score) FILTER (WHERE scale IN ('emotional', 'conduct', 'hyperactivity', 'peer')) AS parts,
                   max(score) FILTER (WHERE scale = 'total') AS total FROM assessments WHERE instrument = 'SDQ' GROUP BY assessment_id) WHERE parts <> total
            """));
        Assert.True(X.Number("SELECT count(DISTINCT instrument)::DOUBLE FROM assessments") >= 13);
    }

    [Fact]
    public void Claims_SomeAlreadyMade_OnlyForClosedEligibleFamilies()
    {
        Assert.InRange(X.Number("SELECT count(*)::DOUBLE FROM claims") / X.Number("SELECT count(*)::DOUBLE FROM families"), 0.04, 0.20);
        Assert.Equal(0, X.Number($"""
            WITH {Families} SELECT count(*)::DOUBLE FROM claims cl JOIN fam USING (family_id)
            WHERE fam.c IS NULL OR fam.needs < 3 OR cl.claim_date < fam.c + INTERVAL 6 MONTH
            """));
    }
}
