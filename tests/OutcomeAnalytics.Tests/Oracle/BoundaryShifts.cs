using DuckDB.NET.Data;
using OutcomeAnalytics.Engine;

namespace OutcomeAnalytics.Tests.Oracle;

/// <summary>
/// Moves a loaded generated extract onto the edges the generator rarely produces, so the differential test sees them
/// by the hundred: dates exactly on every window boundary (and a day either side), people turning 18 on the day of
/// attachment, unknown dates of birth, needs naming no person, the default calendar instead of term_dates, closures
/// whose post-closure window ends on the evaluation date, false prerequisites, claims under another framework,
/// zero-session terms and evidence for another member. Each statement picks its rows by a hash of their key, so the
/// same extract always gets the same shifts.
/// </summary>
internal static class BoundaryShifts
{
    /// <summary>The evaluation date the closure shifts aim at (C + 6 months = T).</summary>
    public static readonly DateOnly AsAt = new(2025, 9, 30);

    private static readonly string[] Statements =
    [
        // The default calendar (autumn 1 Sep - 31 Dec, spring 1 Jan - 31 Mar, summer 1 Apr - 31 Aug) instead of term_dates.
        "DELETE FROM term_dates",
        // Closures whose six months end exactly on T, the day after T, and the day before.
        "UPDATE families SET closure_date = DATE '2025-03-31' WHERE closure_date IS NOT NULL AND hash(family_id) % 23 = 0 AND attached_date < DATE '2025-03-01'",
        "UPDATE families SET closure_date = DATE '2025-03-30' WHERE closure_date IS NOT NULL AND hash(family_id) % 23 = 1 AND attached_date < DATE '2025-03-01'",
        "UPDATE families SET closure_date = DATE '2025-04-01' WHERE closure_date IS NOT NULL AND hash(family_id) % 23 = 2 AND attached_date < DATE '2025-03-01'",
        // Prerequisites recorded as not done.
        "UPDATE families SET family_plan = false WHERE hash(family_id) % 31 = 3",
        "UPDATE families SET lead_practitioner = NULL WHERE hash(family_id) % 31 = 4",
        // Claims under another framework, and a claim for a family never otherwise claimed.
        "UPDATE claims SET framework = 'herefordshire' WHERE hash(family_id) % 3 = 0",
        "INSERT INTO claims SELECT family_id, DATE '2025-01-01', NULL FROM families WHERE hash(family_id) % 41 = 5",
        // Needs naming no one (only where the family has one row of that code, so rows stay unique), and needs of another framework.
        """
        UPDATE needs SET person_id = NULL WHERE hash(family_id || need_code) % 3 = 0
          AND (family_id, need_code) IN (SELECT family_id, need_code FROM needs GROUP BY ALL HAVING count(*) = 1)
        """,
        "UPDATE needs SET framework = 'herefordshire' WHERE hash(family_id || need_code) % 37 = 6",
        // People who turn 18 on the day of attachment or the day after, and unknown dates of birth.
        """
        UPDATE people p SET date_of_birth = CAST(f.attached_date - INTERVAL 18 YEAR + INTERVAL (hash(p.person_id) % 2) DAY AS DATE)
        FROM family_members m JOIN families f ON f.family_id = m.family_id
        WHERE m.person_id = p.person_id AND hash(p.person_id) % 13 = 0
        """,
        "UPDATE people SET date_of_birth = NULL WHERE hash(person_id) % 29 = 7",
        // Incidents on every edge of the pre-closure month, the post-closure window and the crime baseline year.
        """
        UPDATE incidents i SET incident_date = CASE hash(i.incident_id) % 8
            WHEN 0 THEN f.closure_date
            WHEN 1 THEN CAST(f.closure_date - INTERVAL 1 MONTH AS DATE)
            WHEN 2 THEN CAST(f.closure_date - INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE)
            WHEN 3 THEN CAST(f.closure_date + INTERVAL 1 DAY AS DATE)
            WHEN 4 THEN CAST(f.closure_date + INTERVAL 6 MONTH AS DATE)
            WHEN 5 THEN CAST(f.closure_date + INTERVAL 6 MONTH + INTERVAL 1 DAY AS DATE)
            WHEN 6 THEN CAST(f.attached_date - INTERVAL 12 MONTH AS DATE)
            ELSE f.attached_date END
        FROM family_members m JOIN families f ON f.family_id = m.family_id
        WHERE m.person_id = i.person_id AND f.closure_date IS NOT NULL AND hash(i.incident_id) % 5 = 0
        """,
        "UPDATE incidents SET severe = true WHERE hash(incident_id) % 17 = 0",
        // Crime incidents of another type than the need's basis (the consistent-measure rule must leave them out).
        "UPDATE incidents SET incident_type = CASE hash(incident_id) % 4 WHEN 0 THEN 'offence' WHEN 1 THEN 'arrest' WHEN 2 THEN 'asb' ELSE 'named_suspect' END WHERE incident_type IN ('offence', 'arrest', 'asb', 'named_suspect') AND hash(incident_id) % 11 < 3",
        // Referrals on the edges of the post-closure window, some for the family only.
        """
        UPDATE referrals r SET referral_date = CASE hash(r.referral_id) % 3
            WHEN 0 THEN f.closure_date WHEN 1 THEN CAST(f.closure_date + INTERVAL 6 MONTH AS DATE) ELSE CAST(f.closure_date + INTERVAL 1 DAY AS DATE) END,
          person_id = CASE WHEN hash(r.referral_id) % 4 = 0 THEN NULL ELSE r.person_id END,
          family_id = f.family_id
        FROM family_members m JOIN families f ON f.family_id = m.family_id
        WHERE m.person_id = r.person_id AND f.closure_date IS NOT NULL AND hash(r.referral_id) % 4 < 2
        """,
        // Evidence dated on the day of attachment or the day before, for the family, or for another member.
        """
        UPDATE evidence e SET evidence_date = CASE WHEN hash(e.evidence_id) % 2 = 0 THEN f.attached_date ELSE CAST(f.attached_date - INTERVAL 1 DAY AS DATE) END
        FROM families f WHERE f.family_id = e.family_id AND hash(e.evidence_id) % 9 = 0
        """,
        "UPDATE evidence SET person_id = NULL WHERE hash(evidence_id) % 9 = 1",
        """
        UPDATE evidence e SET person_id = (SELECT max(m.person_id) FROM family_members m WHERE m.family_id = e.family_id)
        WHERE hash(e.evidence_id) % 9 = 2
        """,
        // Questionnaire sittings on the last day a baseline may be (A + 30) or the day after, and follow-ups exactly 28 days later.
        """
        UPDATE assessments x SET assessment_date = CAST(f.attached_date + INTERVAL (30 + hash(x.assessment_id) % 2) DAY AS DATE)
        FROM family_members m JOIN families f ON f.family_id = m.family_id
        WHERE m.person_id = x.person_id AND hash(x.assessment_id) % 7 = 0
        """,
        """
        UPDATE assessments x SET assessment_date = CAST(f.attached_date + INTERVAL 58 DAY AS DATE)
        FROM family_members m JOIN families f ON f.family_id = m.family_id
        WHERE m.person_id = x.person_id AND hash(x.assessment_id) % 7 = 1
        """,
        // Employment spells starting on attachment or the day before, ending the day before or on C + 6 months.
        """
        UPDATE employment e SET
          start_date = CASE WHEN hash(e.person_id || e.start_date) % 2 = 0 THEN f.attached_date ELSE CAST(f.attached_date - INTERVAL 1 DAY AS DATE) END,
          end_date = CASE WHEN hash(e.person_id || e.start_date) % 3 = 0 THEN NULL
                          ELSE CAST(f.closure_date + INTERVAL 6 MONTH - INTERVAL (hash(e.person_id) % 2) DAY AS DATE) END
        FROM family_members m JOIN families f ON f.family_id = m.family_id
        WHERE m.person_id = e.person_id AND f.closure_date IS NOT NULL AND e.status = 'employed' AND hash(e.person_id || e.start_date) % 4 = 0
        """,
        // NEET statuses on the post-closure edges.
        """
        UPDATE eet_status s SET status_date = CASE WHEN hash(s.person_id || s.status_date) % 2 = 0 THEN f.closure_date ELSE CAST(f.closure_date + INTERVAL 6 MONTH AS DATE) END
        FROM family_members m JOIN families f ON f.family_id = m.family_id
        WHERE m.person_id = s.person_id AND f.closure_date IS NOT NULL AND hash(s.person_id || s.status_date) % 6 = 0
        """,
        // Plans ending on the day of attachment or the day before.
        """
        UPDATE plans p SET end_date = CASE WHEN hash(p.plan_id) % 2 = 0 THEN f.attached_date ELSE CAST(f.attached_date - INTERVAL 1 DAY AS DATE) END
        FROM family_members m JOIN families f ON f.family_id = m.family_id
        WHERE m.person_id = p.person_id AND p.end_date IS NOT NULL AND hash(p.plan_id) % 5 = 0
        """,
        // Exclusions starting on the first and last day of a term (default calendar).
        """
        UPDATE exclusions SET start_date = CASE hash(person_id || start_date) % 4
            WHEN 0 THEN make_date(year(start_date), 9, 1) WHEN 1 THEN make_date(year(start_date), 12, 31)
            WHEN 2 THEN make_date(year(start_date), 3, 31) ELSE make_date(year(start_date), 4, 1) END
        WHERE hash(person_id || start_date) % 3 = 0
        """,
        // Terms with no possible sessions.
        """
        UPDATE attendance SET possible_sessions = 0, attended_sessions = 0, authorised_absence = 0, unauthorised_absence = 0
        WHERE hash(person_id || academic_year || term) % 61 = 0
        """,
    ];

    /// <summary>Applies every shift to the loaded extract.</summary>
    public static void Apply(DuckDBConnection connection)
    {
        foreach (var statement in Statements)
            connection.Execute(statement);
    }
}
