using DuckDB.NET.Data;

namespace OutcomeAnalytics.Tests.Oracle;

// The loaded tables as plain C# rows: one record per table, columns named as in the data contract.
// The oracle reads nothing else from the database and runs no SQL beyond these SELECTs.

internal sealed record FamilyRow(string FamilyId, DateOnly AttachedDate, DateOnly? ClosureDate, bool? LeadPractitioner, bool? WholeFamilyAssessment, bool? FamilyPlan);
internal sealed record PersonRow(string PersonId, DateOnly? DateOfBirth);
internal sealed record MemberRow(string FamilyId, string PersonId);
internal sealed record NeedRow(string FamilyId, string NeedCode, string? PersonId, string? Basis, string? Framework);
internal sealed record AttendanceRow(string PersonId, string AcademicYear, string Term, int PossibleSessions, int AttendedSessions, int AuthorisedAbsence);
internal sealed record TermRow(string AcademicYear, string Term, DateOnly StartDate, DateOnly EndDate);
internal sealed record ExclusionRow(string PersonId, DateOnly StartDate, string Category, decimal DaysLost);
internal sealed record IncidentRow(string PersonId, DateOnly IncidentDate, string IncidentType, bool? Severe);
internal sealed record ReferralRow(string? PersonId, string? FamilyId, DateOnly ReferralDate, string Service);
internal sealed record PlanRow(string PersonId, string PlanType, DateOnly StartDate, DateOnly? EndDate, string? EndReason);
internal sealed record AssessmentRow(string AssessmentId, string PersonId, string Instrument, string? Informant, DateOnly AssessmentDate, string? Scale, decimal Score);
internal sealed record EvidenceRow(string FamilyId, string? PersonId, string NeedCode, string Result, DateOnly EvidenceDate, bool? Verified);
internal sealed record EmploymentRow(string PersonId, string Status, DateOnly StartDate, DateOnly? EndDate, string? Benefit);
internal sealed record EetRow(string PersonId, DateOnly StatusDate, string Status);
internal sealed record ClaimRow(string FamilyId, DateOnly ClaimDate, string? Framework);

/// <summary>Every contract table the phase 3 rules read, as lists, with lookups by person and family.</summary>
internal sealed class OracleData
{
    public required IReadOnlyList<FamilyRow> Families { get; init; }
    public required IReadOnlyList<PersonRow> People { get; init; }
    public required IReadOnlyList<MemberRow> Members { get; init; }
    public required IReadOnlyList<NeedRow> Needs { get; init; }
    public required IReadOnlyList<AttendanceRow> Attendance { get; init; }
    public required IReadOnlyList<TermRow> TermDates { get; init; }
    public required IReadOnlyList<ExclusionRow> Exclusions { get; init; }
    public required IReadOnlyList<IncidentRow> Incidents { get; init; }
    public required IReadOnlyList<ReferralRow> Referrals { get; init; }
    public required IReadOnlyList<PlanRow> Plans { get; init; }
    public required IReadOnlyList<AssessmentRow> Assessments { get; init; }
    public required IReadOnlyList<EvidenceRow> Evidence { get; init; }
    public required IReadOnlyList<EmploymentRow> Employment { get; init; }
    public required IReadOnlyList<EetRow> EetStatus { get; init; }
    public required IReadOnlyList<ClaimRow> Claims { get; init; }

    /// <summary>Reads every table with a plain SELECT.</summary>
    public static OracleData Read(DuckDBConnection connection)
    {
        IReadOnlyList<T> All<T>(string sql) => connection.All<T>(sql);
        return new OracleData
        {
            Families = All<FamilyRow>("SELECT family_id, attached_date, closure_date, lead_practitioner, whole_family_assessment, family_plan FROM families"),
            People = All<PersonRow>("SELECT person_id, date_of_birth FROM people"),
            Members = All<MemberRow>("SELECT family_id, person_id FROM family_members"),
            Needs = All<NeedRow>("SELECT family_id, need_code, person_id, basis, framework FROM needs"),
            Attendance = All<AttendanceRow>("SELECT person_id, academic_year, term, possible_sessions, attended_sessions, authorised_absence FROM attendance"),
            TermDates = All<TermRow>("SELECT academic_year, term, start_date, end_date FROM term_dates"),
            Exclusions = All<ExclusionRow>("SELECT person_id, start_date, category, days_lost FROM exclusions"),
            Incidents = All<IncidentRow>("SELECT person_id, incident_date, incident_type, severe FROM incidents"),
            Referrals = All<ReferralRow>("SELECT person_id, family_id, referral_date, service FROM referrals"),
            Plans = All<PlanRow>("SELECT person_id, plan_type, start_date, end_date, end_reason FROM plans"),
            Assessments = All<AssessmentRow>("SELECT assessment_id, person_id, instrument, informant, assessment_date, scale, score FROM assessments"),
            Evidence = All<EvidenceRow>("SELECT family_id, person_id, need_code, result, evidence_date, verified FROM evidence"),
            Employment = All<EmploymentRow>("SELECT person_id, status, start_date, end_date, benefit FROM employment"),
            EetStatus = All<EetRow>("SELECT person_id, status_date, status FROM eet_status"),
            Claims = All<ClaimRow>("SELECT family_id, claim_date, framework FROM claims"),
        };
    }
}
