using System.Globalization;
using OutcomeAnalytics.Loading;

namespace OutcomeAnalytics.Evaluation;

/// <summary>Writes evaluation results with the columns of the data contract.</summary>
public static class EvaluationCsv
{
    /// <summary>One row per need per person: family_id, need_code, person_id, status, reason, detail, reliable_improvement.</summary>
    public static void WriteNeeds(TextWriter writer, IEnumerable<NeedResult> needs) =>
        CsvFile.Write(writer, ["family_id", "need_code", "person_id", "status", "reason", "detail", "reliable_improvement"],
            needs.Select(n => new[] { n.FamilyId, n.NeedCode, n.PersonId ?? "", n.Status, n.Reason, n.Detail, n.ReliableImprovement is { } r ? (r ? "true" : "false") : "" }));

    /// <summary>One row per family: family_id, status, needs_identified, needs_met, claim_due_date, reason.</summary>
    public static void WriteClaims(TextWriter writer, IEnumerable<FamilyClaim> claims) =>
        CsvFile.Write(writer, ["family_id", "status", "needs_identified", "needs_met", "claim_due_date", "reason"],
            claims.Select(c => new[]
            {
                c.FamilyId, c.Status, c.NeedsIdentified.ToString(CultureInfo.InvariantCulture), c.NeedsMet.ToString(CultureInfo.InvariantCulture),
                c.ClaimDueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", c.Reason,
            }));
}
