using System.Globalization;
using OutcomeAnalytics.Formats;

namespace OutcomeAnalytics.Evaluation;

/// <summary>A column of an output file: its name, the kind of value and what it holds.</summary>
public sealed record OutputColumn(string Name, string Type, string Meaning);

/// <summary>Writes evaluation results with the columns of the data contract.</summary>
public static class EvaluationCsv
{
    /// <summary>The columns of <c>outcomes evaluate</c>'s file, in order (documented in <c>data-dictionary/README.md</c>).</summary>
    public static IReadOnlyList<OutputColumn> NeedColumns { get; } =
    [
        new("family_id", "id", "The family."),
        new("need_code", "code", "The framework's need, such as 1.1."),
        new("person_id", "id", "The person judged; empty for a need judged for the whole family."),
        new("status", "code", "met, not_met, pending (a window has not finished by the evaluation date) or insufficient_data (a record the rule needs is missing)."),
        new("reason", "text", "One readable sentence saying why."),
        new("detail", "JSON", "The figures the decision used: windows, the records counted (dates, types, scores, sessions) and the thresholds."),
        new("reliable_improvement", "boolean", "Where a questionnaire route was met: whether the improvement reached the instrument's reliable change for its informant; empty when no threshold is known (or no questionnaire route was met)."),
    ];

    /// <summary>The columns of <c>outcomes claims</c>'s file, in order.</summary>
    public static IReadOnlyList<OutputColumn> ClaimColumns { get; } =
    [
        new("family_id", "id", "The family."),
        new("status", "code", "claimable, not_met, pending, open, not_eligible, insufficient_data or already_claimed."),
        new("needs_identified", "integer", "The family's distinct identified needs under the framework (counted as needs even when eligibility counts headlines)."),
        new("needs_met", "integer", "How many of them are met."),
        new("claim_due_date", "date", "When a claim falls due (closure plus the framework's claim months, 6 in phase 3); empty while the family is open."),
        new("reason", "text", "One readable sentence saying why."),
    ];

    /// <summary>One row per need per person, with <see cref="NeedColumns"/>.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="needs">The need rows.</param>
    /// <param name="raw">Write text exactly as it is, without <see cref="CsvCells"/>' protection from formulas (for programs, not people).</param>
    public static void WriteNeeds(TextWriter writer, IEnumerable<NeedResult> needs, bool raw = false) =>
        CsvFile.Write(writer, [.. NeedColumns.Select(c => c.Name)],
            needs.Select(n => new object?[] { n.FamilyId, n.NeedCode, n.PersonId, n.Status, n.Reason, n.Detail, n.ReliableImprovement is { } r ? (r ? "true" : "false") : null }), raw);

    /// <summary>One row per family, with <see cref="ClaimColumns"/>.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="claims">The families' claims.</param>
    /// <param name="raw">Write text exactly as it is, without <see cref="CsvCells"/>' protection from formulas.</param>
    public static void WriteClaims(TextWriter writer, IEnumerable<FamilyClaim> claims, bool raw = false) =>
        CsvFile.Write(writer, [.. ClaimColumns.Select(c => c.Name)],
            claims.Select(c => new object?[]
            {
                c.FamilyId, c.Status, c.NeedsIdentified, c.NeedsMet, c.ClaimDueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c.Reason,
            }), raw);
}
