using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OutcomeAnalytics.Evaluation;

/// <summary>Writes one family's decisions for an auditor: each need, its decision and reason, and every figure used.</summary>
public static class Explainer
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The explanation as plain text.</summary>
    /// <exception cref="KeyNotFoundException">The family is not in the evaluation.</exception>
    /// <exception cref="InvalidOperationException">The evaluation kept decisions only, so it has no figures to show.</exception>
    public static string Explain(Evaluation evaluation, string familyId)
    {
        if (!evaluation.HasDetails)
            throw new InvalidOperationException("An explanation shows the figures behind each decision, and this evaluation kept decisions only (details: false): run it with details.");
        var claim = evaluation.Claims.FirstOrDefault(c => c.FamilyId == familyId)
            ?? throw new KeyNotFoundException($"Family '{familyId}' is not in the database.");
        var text = new StringBuilder();
        var f = evaluation.Framework;
        text.Append(CultureInfo.InvariantCulture, $"Family {familyId} under {f.Title} ({f.Id}, version {f.Version}), evaluated at {Iso(evaluation.AsAt)}\n");
        var (attached, closed) = evaluation.FamilyDates(familyId) ?? throw new KeyNotFoundException($"Family '{familyId}' is not in the database.");
        text.Append(CultureInfo.InvariantCulture, $"Attached (A): {Iso(attached)}; closed (C): {(closed is { } c ? Iso(c) : "(open)")}\n");
        text.Append(CultureInfo.InvariantCulture, $"Claim status: {claim.Status}. {claim.Reason}\n");
        text.Append(CultureInfo.InvariantCulture, $"Needs identified: {claim.NeedsIdentified}; met: {claim.NeedsMet}; claim due: {(claim.ClaimDueDate is { } d ? Iso(d) : "(open)")}\n");
        if (evaluation.Parameters.Overridden.Count > 0)
            text.Append("Parameters overridden: ").Append(string.Join(", ", evaluation.Parameters.Overridden.Select(n => $"{n}={evaluation.Parameters.Text(n)}"))).Append('\n');
        foreach (var need in evaluation.Needs.Where(n => n.FamilyId == familyId))
        {
            var definition = f.Need(need.NeedCode);
            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"Need {need.NeedCode} {definition?.Title} ({definition?.Scope.ToString().ToLowerInvariant()} scope){(need.PersonId is null ? "" : $", person {need.PersonId}")}\n");
            text.Append(CultureInfo.InvariantCulture, $"  Decision: {need.Status}. {need.Reason}\n");
            var detail = JsonDocument.Parse(need.Detail).RootElement;
            if (need.ReliableImprovement is { } reliable) text.Append(CultureInfo.InvariantCulture, $"  Reliable improvement: {(reliable ? "yes" : "no")}\n");
            else if (ReliabilityUnknown(detail, need.Status)) text.Append("  Reliable improvement: not known (no reliable-change threshold for this questionnaire and informant)\n");
            text.Append("  Figures used:\n");
            var pretty = JsonSerializer.Serialize(detail, Indented);
            foreach (var line in pretty.Split('\n')) text.Append("    ").Append(line).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// True when a met questionnaire measure could not say whether its improvement was reliable: the measure's detail
    /// (the need's own, or a met part's) has <c>reliable_improvement</c> null.
    /// </summary>
    private static bool ReliabilityUnknown(JsonElement detail, string status)
    {
        static bool Unknown(JsonElement d, string s) => s == "met" && d.ValueKind == JsonValueKind.Object
            && d.TryGetProperty("reliable_improvement", out var flag) && flag.ValueKind == JsonValueKind.Null;
        if (Unknown(detail, status)) return true;
        return detail.ValueKind == JsonValueKind.Object && detail.TryGetProperty("parts", out var parts)
            && parts.EnumerateArray().Any(p => p.TryGetProperty("status", out var s) && p.TryGetProperty("detail", out var d) && Unknown(d, s.GetString() ?? ""));
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
