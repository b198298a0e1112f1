using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OutcomeAnalytics.Evaluation;

/// <summary>Writes one family's decisions for an auditor: each need, its decision and reason, and every figure used.</summary>
public static class Explainer
{
    /// <summary>The explanation as plain text.</summary>
    /// <exception cref="KeyNotFoundException">The family is not in the evaluation.</exception>
    /// <exception cref="InvalidOperationException">The evaluation kept decisions only, so it has no figures to show.</exception>
    public static string Explain(EvaluationRun evaluation, string familyId)
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
            Outline(text, detail, 4);
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

    /// <summary>
    /// A detail as an indented outline rather than JSON: one line a figure (<c>baseline count: 2</c>), a record of
    /// plain values on one line (<c>window: from 2023-03-01, to 2025-10-01</c>), a list of records one line an item,
    /// and each part of a combined rule headed by its node, decision and reason with its own figures under it.
    /// </summary>
    private static void Outline(StringBuilder text, JsonElement value, int indent)
    {
        var pad = new string(' ', indent);
        if (value.ValueKind != JsonValueKind.Object)
        {
            text.Append(pad).Append(Plain(value)).Append('\n');
            return;
        }
        foreach (var property in value.EnumerateObject())
        {
            var label = Label(property.Name);
            var v = property.Value;
            if (IsPlain(v) || IsRecord(v)) text.Append(pad).Append(label).Append(": ").Append(Plain(v)).Append('\n');
            else if (v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(IsPlain))
                text.Append(pad).Append(label).Append(": ").Append(v.GetArrayLength() == 0 ? "none" : string.Join(", ", v.EnumerateArray().Select(Plain))).Append('\n');
            else if (v.ValueKind == JsonValueKind.Array)
            {
                text.Append(pad).Append(label).Append(":\n");
                foreach (var item in v.EnumerateArray()) Item(text, item, indent + 2);
            }
            else
            {
                text.Append(pad).Append(label).Append(":\n");
                Outline(text, v, indent + 2);
            }
        }
    }

    /// <summary>One item of a list: a record on one line; a part of a combined rule as its decision with its figures under it.</summary>
    private static void Item(StringBuilder text, JsonElement item, int indent)
    {
        var pad = new string(' ', indent);
        if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("node", out var node) && item.TryGetProperty("status", out var status)
            && item.TryGetProperty("detail", out var detail))
        {
            var reason = item.TryGetProperty("reason", out var r) ? " " + r.GetString() : "";
            text.Append(pad).Append("- part ").Append(node.GetString()).Append(": ").Append(status.GetString()).Append('.').Append(reason).Append('\n');
            Outline(text, detail, indent + 4);
        }
        else if (IsPlain(item) || IsRecord(item)) text.Append(pad).Append("- ").Append(Plain(item)).Append('\n');
        else
        {
            text.Append(pad).Append("-\n");
            Outline(text, item, indent + 4);
        }
    }

    private static bool IsPlain(JsonElement v) => v.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array);

    /// <summary>An object whose values are all plain: shown on one line.</summary>
    private static bool IsRecord(JsonElement v) => v.ValueKind == JsonValueKind.Object && v.EnumerateObject().All(p => IsPlain(p.Value));

    private static string Plain(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Object => string.Join(", ", v.EnumerateObject().Select(p => Label(p.Name) + " " + Plain(p.Value))),
        JsonValueKind.String => v.GetString() ?? "",
        // Decimals as figures are read: 17.0000 is 17, 0.30 is 0.3.
        JsonValueKind.Number => v.TryGetDecimal(out var d) ? (d / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) : v.GetRawText(),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Null => "none",
        _ => v.GetRawText(),
    };

    private static string Label(string key) => key.Replace('_', ' ');

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
