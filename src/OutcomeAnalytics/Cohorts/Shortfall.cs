using System.Globalization;
using System.Text.Json;
using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Cohorts;

/// <summary>
/// Words what kept a need from being met, from the evaluation's own decision: the status, reason and detail JSON
/// each measure wrote (see <c>models/README.md</c>, "Results and their detail"). Nothing here decides a rule again:
/// every figure and date is read from the detail, and where a detail does not have the figures a sentence needs,
/// the measure's own reason is given.
/// </summary>
internal static class Shortfall
{
    /// <summary>The shortfall of a need decided by <paramref name="rule"/>, from its row's status, reason and detail.</summary>
    public static string Of(RuleNode rule, string status, string reason, string detail)
    {
        if (string.IsNullOrEmpty(detail)) return FromReason(reason);
        using var document = JsonDocument.Parse(detail);
        return Node(rule, status, reason, document.RootElement);
    }

    private static string Node(RuleNode node, string status, string reason, JsonElement detail)
    {
        try
        {
            return node switch
            {
                AllOf all => Parts(all.Parts, detail, " and ", status),
                AnyOf any => Parts(any.Routes, detail, "; or ", null),
                MeasureNode m when detail.ValueKind == JsonValueKind.Object => Measure(m.Kind, status, detail) ?? FromReason(reason),
                _ => FromReason(reason),
            };
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // A detail without the expected figures (an older run, a kind's new shape): the measure's own words.
            return FromReason(reason);
        }
    }

    /// <summary>
    /// A composition's parts that hold it back: for all_of, those with the combination's status (not met, or lacking
    /// data); for any_of (which is not met only when no route is met or pending), every route, as alternatives.
    /// </summary>
    private static string Parts(IReadOnlyList<RuleNode> nodes, JsonElement detail, string separator, string? only)
    {
        var parts = detail.GetProperty("parts").EnumerateArray().ToList();
        var words = new List<string>();
        foreach (var part in parts)
        {
            var id = part.GetProperty("node").GetString();
            var node = nodes.First(n => n.Id == id);
            var partStatus = part.GetProperty("status").GetString()!;
            if (partStatus is "met" or "pending" || (only is not null && partStatus != only)) continue;
            words.Add(Node(node, partStatus, part.GetProperty("reason").GetString() ?? "", part.GetProperty("detail")));
        }
        return string.Join(separator, words.Distinct());
    }

    /// <summary>The evaluation's reason as a phrase: its first letter lower case, without the full stop.</summary>
    public static string FromReason(string reason)
    {
        var text = reason.Trim().TrimEnd('.');
        return text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
    }

    private static string? Measure(string kind, string status, JsonElement d) => kind switch
    {
        "attendance_threshold" => AttendanceThreshold(status, d),
        "attendance_improvement" => AttendanceImprovement(status, d),
        "exclusion_reduction" => ExclusionReduction(status, d),
        "instrument_improvement" => InstrumentImprovement(status, d),
        "no_incidents" when status == "not_met" => Records(d.GetProperty("incidents").EnumerateArray(), "type", IncidentWords, WindowWords(d)),
        "no_referrals" when status == "not_met" => Records(d.GetProperty("referrals").EnumerateArray(), "service", ReferralWords, WindowWords(d)),
        "plan_closed" when status == "not_met" => PlanClosed(d),
        "incident_reduction" when status == "not_met" => IncidentReduction(d),
        "sustained_employment" when status == "not_met" => SustainedEmployment(d),
        "eet_status" => EetStatus(status, d),
        "evidence" when status == "not_met" =>
            $"no {(d.GetProperty("require_verified").GetBoolean() ? "verified " : "")}evidence recorded since attachment ({Text(d.GetProperty("window"), "from")})",
        _ => null,
    };

    private static string? AttendanceThreshold(string status, JsonElement d)
    {
        var terms = d.GetProperty("outcome_terms");
        if (status != "not_met") return MissingAttendance(terms);
        var percent = d.GetProperty("attendance_percent").GetDecimal();
        var threshold = d.GetProperty("threshold_percent").GetDecimal();
        return $"attendance {Percent(percent, threshold)} over {TermWords(terms)}, needs {Number(threshold)}%";
    }

    private static string? AttendanceImprovement(string status, JsonElement d)
    {
        var (outcomeTerms, baselineTerms) = (d.GetProperty("outcome_terms"), d.GetProperty("baseline_terms"));
        if (status != "not_met") return MissingAttendance(baselineTerms, " (the baseline)") ?? MissingAttendance(outcomeTerms);
        var (outcome, baseline, minimum) = (d.GetProperty("outcome_percent").GetDecimal(), d.GetProperty("baseline_percent").GetDecimal(), d.GetProperty("minimum_percent").GetDecimal());
        var required = d.GetProperty("improvement_required").GetDecimal();
        var improvement = d.GetProperty("improvement").ValueKind == JsonValueKind.Number ? d.GetProperty("improvement").GetDecimal() : (decimal?)null;
        var (got, needed) = d.GetProperty("mode").GetString() switch
        {
            "points" => (improvement is { } i ? $"up {Number(Floor(i * 100, 1))} points" : "no change", $"{Number(required * 100)} points"),
            "absence_relative" => (improvement is { } i ? $"{Number(Floor(i * 100, 1))}% of the absence removed" : "no absence to remove", $"{Number(required * 100)}% removed"),
            _ => (improvement is { } i ? $"a {Number(Floor(i * 100, 1))}% rise" : "no rise", $"a {Number(required * 100)}% rise"),
        };
        var from = $"{Number(Floor(baseline, 1))}% over {TermWords(baselineTerms)}";
        return outcome < minimum
            ? $"attendance {Percent(outcome, minimum)} over {TermWords(outcomeTerms)}, needs at least {Number(minimum)}% and {needed} on {from}"
            : $"attendance {Number(Floor(outcome, 1))}% over {TermWords(outcomeTerms)} against {from} ({got}), needs {needed}";
    }

    /// <summary>The terms of a window with no attendance recorded, or null when every term has some.</summary>
    private static string? MissingAttendance(JsonElement terms, string what = "")
    {
        var missing = terms.EnumerateArray().Where(t => t.GetProperty("possible").ValueKind == JsonValueKind.Null).ToList();
        return missing.Count == 0 ? null : $"no attendance recorded for {TermWords(missing)}{what}";
    }

    private static string? ExclusionReduction(string status, JsonElement d)
    {
        if (status != "not_met") return null;
        var permanent = d.GetProperty("outcome_exclusions").EnumerateArray().Where(x => x.GetProperty("category").GetString() == "permanent").ToList();
        if (permanent.Count > 0)
            return $"a permanent exclusion in {TermWords(d.GetProperty("outcome_terms"))} ({string.Join(", ", permanent.Select(x => Text(x, "start")))})";
        var min = d.GetProperty("min_reduction").GetDecimal();
        return $"{Number(d.GetProperty("outcome_days_lost").GetDecimal())} days lost to exclusions over {TermWords(d.GetProperty("outcome_terms"))} against "
            + $"{Number(d.GetProperty("baseline_days_lost").GetDecimal())} over {TermWords(d.GetProperty("baseline_terms"))}, "
            + (min == 0 ? "needs fewer" : $"needs {Number(min)} fewer or more");
    }

    private static string? InstrumentImprovement(string status, JsonElement d)
    {
        var pairs = d.GetProperty("pairs").EnumerateArray().ToList();
        var instruments = (d.GetProperty("instruments").GetString() ?? "").Replace(",", ", ", StringComparison.Ordinal);
        if (status == "insufficient_data")
        {
            if (pairs.Count == 0) return $"no baseline questionnaire ({instruments}) by {Text(d, "baseline_until")}";
            var gap = d.GetProperty("followup_min_gap_days").GetInt32();
            return string.Join("; ", pairs.Select(p => $"no follow-up {Text(p, "instrument")} {gap}+ days after the baseline ({Text(p, "baseline_date")})").Distinct());
        }
        if (status != "not_met") return null;
        var min = d.GetProperty("min_change").GetDecimal();
        var sittings = pairs.Where(p => p.GetProperty("followup").ValueKind == JsonValueKind.Number).Select(p =>
            $"{Text(p, "instrument")} ({Text(p, "informant")}) {Number(p.GetProperty("baseline").GetDecimal())} on {Text(p, "baseline_date")} to "
            + $"{Number(p.GetProperty("followup").GetDecimal())} on {Text(p, "followup_date")}, {Text(p, "better")} is better");
        return string.Join("; ", sittings) + (min > 0 ? $" (needs a change of at least {Number(min)})" : "");
    }

    private static string PlanClosed(JsonElement d)
    {
        var until = DateOnly.Parse(Text(d.GetProperty("window"), "to"), CultureInfo.InvariantCulture);
        var plans = d.GetProperty("plans").EnumerateArray().ToList();
        var open = plans.Where(p => DateOnly.Parse(Text(p, "start"), CultureInfo.InvariantCulture) <= until
            && (p.GetProperty("end").ValueKind == JsonValueKind.Null || DateOnly.Parse(Text(p, "end"), CultureInfo.InvariantCulture) > until)).ToList();
        if (open.Count > 0) return string.Join("; ", open.Select(p => $"{Words(Text(p, "type"))} plan still open (since {Text(p, "start")})"));
        return "no plan closed or stepped down since attachment" + (plans.Count == 0 ? ""
            : $" (latest: {Words(Text(plans[^1], "type"))} plan ended {Text(plans[^1], "end")}, {Words(Text(plans[^1], "end_reason"))})");
    }

    private static string IncidentReduction(JsonElement d)
    {
        var after = d.GetProperty("incidents").EnumerateArray().Where(i => i.GetProperty("window").GetString() == "post_closure").ToList();
        var counted = after.Where(i => i.GetProperty("counted").GetBoolean()).ToList();
        var baseline = d.GetProperty("baseline_count").GetInt32();
        var allowed = d.GetProperty("allowed").GetDecimal();
        if (d.GetProperty("route").GetString() == "zero")
            return $"{Records(counted, "type", IncidentWords, "after closure")}, where none are allowed from a baseline of {baseline}";
        if (counted.Count > allowed)
            return $"{Records(counted, "type", IncidentWords, "after closure")}, at most {Number(allowed)} allowed from a baseline of {baseline}";
        var severe = after.Where(i => i.GetProperty("severe").ValueKind == JsonValueKind.True).ToList();
        return $"{(severe.Count == 1 ? "a severe incident" : $"{severe.Count} severe incidents")} after closure ({string.Join(", ", severe.Select(i => Text(i, "date")))})";
    }

    private static string SustainedEmployment(JsonElement d)
    {
        var window = d.GetProperty("window");
        var (from, to) = (Text(window, "from"), Text(window, "to"));
        var until = Text(d, "sustain_until");
        var started = d.GetProperty("spells").EnumerateArray()
            .Where(s => string.CompareOrdinal(Text(s, "start"), from) >= 0 && string.CompareOrdinal(Text(s, "start"), to) <= 0).ToList();
        return started.Count == 0
            ? $"no job started since attachment ({from}) lasting to {until}"
            : $"the job from {Text(started[^1], "start")} ended on {Text(started[^1], "end")}, before {until}";
    }

    private static string? EetStatus(string status, JsonElement d)
    {
        if (status == "insufficient_data") return "no education, employment or training status recorded";
        if (status != "not_met") return null;
        if (d.GetProperty("latest").GetString() != "eet") return $"latest status {Words(Text(d, "latest")).ToUpperInvariant()} ({Text(d, "latest_date")})";
        var (from, to) = (Text(d, "post_closure_from"), Text(d, "post_closure_to"));
        var neet = d.GetProperty("statuses").EnumerateArray()
            .Where(s => Text(s, "status") == "neet" && string.CompareOrdinal(Text(s, "date"), from) > 0 && string.CompareOrdinal(Text(s, "date"), to) <= 0).ToList();
        return $"NEET after closure ({string.Join(", ", neet.Select(s => Text(s, "date")))})";
    }

    /// <summary>Records grouped by a field, counted, placed and dated: "1 police incident after closure (2025-03-02)".</summary>
    private static string Records(IEnumerable<JsonElement> records, string field, Func<string, bool, string> noun, string where) =>
        string.Join(" and ", records.GroupBy(r => Text(r, field)).Select(g =>
            $"{g.Count()} {noun(g.Key, g.Count() != 1)} {where} ({string.Join(", ", g.Select(r => Text(r, "date")))})"));

    private static string IncidentWords(string type, bool plural) => type switch
    {
        "offence" or "arrest" => plural ? type + "s" : type,
        "missing_episode" => plural ? "missing episodes" : "missing episode",
        "exploitation_report" => plural ? "exploitation reports" : "exploitation report",
        "police_report" => plural ? "police incidents" : "police incident",
        "asb" => plural ? "anti-social behaviour incidents" : "anti-social behaviour incident",
        _ => Words(type) + (plural ? " incidents" : " incident"),
    };

    private static string ReferralWords(string service, bool plural) =>
        (plural ? "referrals" : "referral") + " to " + (service == "childrens_social_care" ? "children's social care" : Words(service));

    private static string WindowWords(JsonElement detail) => detail.GetProperty("window").GetProperty("name").GetString() == "pre_closure" ? "before closure" : "after closure";

    /// <summary>Terms as a keyworker says them: "spring and summer 2025", "autumn 2024 and spring 2025".</summary>
    private static string TermWords(IEnumerable<JsonElement> terms)
    {
        var named = terms.Select(t => (Term: Text(t, "term").Split(' ').Last(), Year: Text(t, "start")[..4])).ToList();
        var groups = new List<(string Year, List<string> Terms)>();
        foreach (var (term, year) in named)
            if (groups.Count > 0 && groups[^1].Year == year) groups[^1].Terms.Add(term);
            else groups.Add((year, [term]));
        return string.Join(" and ", groups.Select(g => $"{And(g.Terms)} {g.Year}"));
    }

    private static string TermWords(JsonElement terms) => TermWords(terms.EnumerateArray());

    private static string And(List<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];

    private static string Text(JsonElement element, string key) => element.GetProperty(key) is var v && v.ValueKind == JsonValueKind.String ? v.GetString()! : v.ToString();

    private static string Words(string code) => code.Replace('_', ' ');

    /// <summary>A percentage shown as the reasons show it (rounded down to one place), never as reaching a threshold it missed.</summary>
    private static string Percent(decimal value, decimal threshold)
    {
        var shown = Floor(value, 1);
        return shown < threshold ? $"{Number(shown)}%" : Floor(value, 2) < threshold ? $"{Number(Floor(value, 2))}%" : $"just under {Number(threshold)}%";
    }

    private static decimal Floor(decimal value, int places)
    {
        var scale = (decimal)Math.Pow(10, places);
        return Math.Floor(value * scale) / scale;
    }

    private static string Number(decimal value) => value.ToString(value == Math.Floor(value) ? "0" : "0.0##", CultureInfo.InvariantCulture);
}
