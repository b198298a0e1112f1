using System.Globalization;

namespace OutcomeAnalytics.Tests.Oracle;

/// <summary>The outcome of one rule, route or need for one person: status, a sentence, and the reliable-change flag where a questionnaire decided.</summary>
internal sealed record OracleDecision(OracleStatus Status, string Reason, bool? ReliableImprovement = null)
{
    public static OracleDecision Met(string reason) => new(OracleStatus.Met, reason);
    public static OracleDecision NotMet(string reason) => new(OracleStatus.NotMet, reason);
    public static OracleDecision Pending(string reason) => new(OracleStatus.Pending, reason);
    public static OracleDecision Missing(string reason) => new(OracleStatus.InsufficientData, reason);
}

internal sealed partial class Phase3Oracle
{
    private static string F(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- attendance

    /// <summary>
    /// "Attendance % over a set of terms = Σ attended ÷ Σ possible × 100 (sessions-weighted, not a mean of term
    /// percentages ⚙). ⚙ authorised_absence_counts = true; when false, the denominator is Σ possible − Σ authorised."
    /// Null when a term has no row ("no attendance row for an in-scope child in an outcome term" = insufficient data)
    /// or nothing could be attended.
    /// </summary>
    internal decimal? AttendancePercent(FamilyContext f, string person, IReadOnlyList<TermRow> terms)
    {
        var rows = new List<AttendanceRow>();
        foreach (var term in terms)
        {
            if (!f.World.Attendance.TryGetValue((person, term.AcademicYear, term.Term), out var row)) return null;
            rows.Add(row);
        }
        int Denominator(AttendanceRow r) => _authorisedAbsenceCounts ? r.PossibleSessions : r.PossibleSessions - r.AuthorisedAbsence;
        if (_meanOfTerms)
        {
            // A term with no possible sessions has no percentage and is left out of the mean, as it adds nothing to the
            // sessions-weighted sum (the text is silent; this is the model's reading).
            var counted = rows.Where(r => Denominator(r) > 0).ToList();
            return counted.Count == 0 ? null : counted.Average(r => r.AttendedSessions * 100m / Denominator(r));
        }
        var possible = rows.Sum(Denominator);
        return possible <= 0 ? null : rows.Sum(r => r.AttendedSessions) * 100m / possible;
    }

    /// <summary>Need 1.1: "attendance % over OT ≥ 90 ⚙ for every in-scope child".</summary>
    private OracleDecision AttendanceThreshold(FamilyContext f, string person)
    {
        if (f.OutcomeTerms is null) return OracleDecision.Pending("The outcome terms are not complete.");
        if (AttendancePercent(f, person, f.OutcomeTerms) is not { } percent) return OracleDecision.Missing("An outcome term has no attendance row.");
        return percent >= _attendanceThreshold
            ? OracleDecision.Met($"Attendance {F(percent)}% reached {F(_attendanceThreshold)}%.")
            : OracleDecision.NotMet($"Attendance {F(percent)}% is below {F(_attendanceThreshold)}%.");
    }

    /// <summary>
    /// Need 1.2: "baseline % over BT; outcome % over OT; met when outcome ≥ 50 ⚙ and (outcome − baseline) ÷ baseline
    /// ≥ 0.30 ⚙ (improvement_mode = relative ⚙; alternatives points, absence_relative); baseline 0 → met when outcome ≥ 50".
    /// </summary>
    private OracleDecision AttendanceImprovement(FamilyContext f, string person)
    {
        if (f.OutcomeTerms is null) return OracleDecision.Pending("The outcome terms are not complete.");
        if (f.BaselineTerms is null) return OracleDecision.Missing("There are no baseline terms.");
        if (AttendancePercent(f, person, f.BaselineTerms) is not { } baseline) return OracleDecision.Missing("A baseline term has no attendance row.");
        if (AttendancePercent(f, person, f.OutcomeTerms) is not { } outcome) return OracleDecision.Missing("An outcome term has no attendance row.");
        if (outcome < _improvedAttendanceMinimum) return OracleDecision.NotMet($"Outcome attendance {F(outcome)}% is below {F(_improvedAttendanceMinimum)}%.");
        var improved = _improvementMode switch
        {
            // "points": the rise in percentage points, with the parameter read as a fraction of 100 points (0.30 = 30
            // points), as the model documents it; the rules' text does not say how the value is written.
            "points" => (outcome - baseline) / 100 >= _attendanceImprovement,
            // "absence_relative": that fraction of the baseline absence has gone (with no baseline absence there is
            // nothing to remove, so no improvement: the text is silent, this is the model's reading).
            "absence_relative" => baseline < 100 && (outcome - baseline) / (100 - baseline) >= _attendanceImprovement,
            // "relative": (outcome − baseline) ÷ baseline ≥ 0.30; "baseline 0 → met when outcome ≥ 50".
            _ => baseline == 0 || (outcome - baseline) / baseline >= _attendanceImprovement,
        };
        return improved
            ? OracleDecision.Met($"Attendance rose from {F(baseline)}% to {F(outcome)}%.")
            : OracleDecision.NotMet($"Attendance went from {F(baseline)}% to {F(outcome)}%, not enough improvement.");
    }

    /// <summary>
    /// Need 1.3, first route: "days lost to exclusions starting in OT &lt; days lost in BT, and no permanent exclusion
    /// in OT ⚙ min_reduction = any" (the days must fall by more than min_reduction).
    /// </summary>
    private OracleDecision ExclusionReduction(FamilyContext f, string person)
    {
        if (f.OutcomeTerms is null) return OracleDecision.Pending("The outcome terms are not complete.");
        if (f.BaselineTerms is null) return OracleDecision.Missing("There are no baseline terms.");
        static bool StartsIn(ExclusionRow x, IReadOnlyList<TermRow> terms) => terms.Any(t => x.StartDate >= t.StartDate && x.StartDate <= t.EndDate);
        var exclusions = f.World.Exclusions[person].ToList();
        var outcomeDays = exclusions.Where(x => StartsIn(x, f.OutcomeTerms)).Sum(x => x.DaysLost);
        var baselineDays = exclusions.Where(x => StartsIn(x, f.BaselineTerms)).Sum(x => x.DaysLost);
        if (exclusions.Any(x => x.Category == "permanent" && StartsIn(x, f.OutcomeTerms)))
            return OracleDecision.NotMet("A permanent exclusion started in the outcome terms.");
        return baselineDays - outcomeDays > _exclusionMinReduction
            ? OracleDecision.Met($"Days lost fell from {F(baselineDays)} to {F(outcomeDays)}.")
            : OracleDecision.NotMet($"Days lost went from {F(baselineDays)} to {F(outcomeDays)}, no reduction.");
    }

    // ---------------------------------------------------------------- evidence and questionnaires

    /// <summary>
    /// "evidence(need) is met when an evidence row exists for the family and need code, with result in (met, improved),
    /// evidence_date in [A, T], and — for a person-scoped need — for that person or family-level (empty person).
    /// ⚙ require_verified = false. No qualifying row = not_met ("no evidence recorded")."
    /// </summary>
    private OracleDecision Evidence(FamilyContext f, string code, string? person)
    {
        var found = f.World.Evidence[f.Id].Any(e =>
            e.NeedCode == code
            && e.Result is "met" or "improved"
            && e.EvidenceDate >= f.A && e.EvidenceDate <= f.T
            && (!_requireVerified || e.Verified == true)
            && (person is null || e.PersonId is null || e.PersonId == person));
        return found ? OracleDecision.Met("Evidence of the outcome is recorded.") : OracleDecision.NotMet("No evidence recorded.");
    }

    /// <summary>
    /// "For a person and an allowed set of instruments (same instrument, informant and scale total): baseline = the
    /// latest sitting dated ≤ A + 30 days; follow-up = the latest sitting dated ≥ baseline date + 28 days ⚙ and ≤ T.
    /// Improved when the follow-up is better than the baseline in the instrument's direction by at least min_change ⚙
    /// (default: any strict improvement). SWEMWBS raw totals are converted to metric scores first. … No baseline or no
    /// follow-up = insufficient_data." Met when any series improved; not_met when some series could be judged.
    /// </summary>
    private OracleDecision InstrumentImprovement(FamilyContext f, IReadOnlyList<string> people, string[] instruments)
    {
        var series = people
            .SelectMany(p => f.World.Assessments[p])
            .Where(a => instruments.Contains(a.Instrument) && (a.Scale ?? "total") == "total")
            .GroupBy(a => (a.PersonId, a.Instrument, Informant: a.Informant ?? "self"));
        var judged = false;
        // "reliable_improvement using the instrument's reliable-change threshold": true when an improved series
        // reached it; unknown (null) when an improved series has no threshold for its informant; else false.
        var improved = new List<bool?>();
        // "The latest sitting": of two sittings on one date, the one with the greater assessment_id (the text does not
        // say; this is the model's reading).
        static AssessmentRow? Latest(IEnumerable<AssessmentRow> sittings) =>
            sittings.OrderByDescending(a => a.AssessmentDate).ThenByDescending(a => a.AssessmentId, StringComparer.Ordinal).FirstOrDefault();
        foreach (var sittings in series)
        {
            var baseline = Latest(sittings.Where(a => a.AssessmentDate <= f.A.AddDays(_instrumentBaselineDays)));
            if (baseline is null) continue;
            var followUp = Latest(sittings.Where(a => a.AssessmentDate >= baseline.AssessmentDate.AddDays(_instrumentMinGapDays) && a.AssessmentDate <= f.T));
            if (followUp is null) continue;
            judged = true;
            var higherIsBetter = OracleInstruments.Total[sittings.Key.Instrument].HigherIsBetter;
            var reliableChange = OracleInstruments.ReliableChange(sittings.Key.Instrument, sittings.Key.Informant);
            var before = OracleInstruments.Score(sittings.Key.Instrument, baseline.Score);
            var after = OracleInstruments.Score(sittings.Key.Instrument, followUp.Score);
            var change = higherIsBetter ? after - before : before - after;
            if (change > 0 && change >= _instrumentMinChange) improved.Add(reliableChange is { } rc ? change >= rc : null);
        }
        if (improved.Count > 0)
            return new OracleDecision(OracleStatus.Met, "A questionnaire improved from baseline to follow-up.",
                improved.Contains(true) ? true : improved.Contains(null) ? null : false);
        return judged
            ? OracleDecision.NotMet("No questionnaire improved from baseline to follow-up.")
            : OracleDecision.Missing("No questionnaire with both a baseline and a follow-up sitting.");
    }

    // ---------------------------------------------------------------- plans, incidents, referrals

    /// <summary>
    /// Need 6.1, first part: "a plan (early_help, child_in_need, child_protection) of the child ended in [A, T] with
    /// end_reason closed or stepped_down and no plan of those types still open at T".
    /// </summary>
    private static OracleDecision PlanClosed(FamilyContext f, string child)
    {
        string[] types = ["early_help", "child_in_need", "child_protection"];
        var plans = f.World.Plans[child].Where(p => types.Contains(p.PlanType)).ToList();
        var ended = plans.Any(p => p.EndDate is { } end && end >= f.A && end <= f.T && p.EndReason is "closed" or "stepped_down");
        var stillOpen = plans.Any(p => p.StartDate <= f.T && (p.EndDate is null || p.EndDate > f.T));
        if (stillOpen) return OracleDecision.NotMet("A plan is still open.");
        return ended ? OracleDecision.Met("The plan was closed or stepped down.") : OracleDecision.NotMet("No plan closed or stepped down since attachment.");
    }

    /// <summary>"no `types` incident for the people in PM" (pre-closure) or "in PC" (post-closure).</summary>
    private static OracleDecision NoIncidents(FamilyContext f, IReadOnlyList<string> people, string[] types, bool preClosure)
    {
        if (!f.ClosureWindowsFinished) return OracleDecision.Pending("The post-closure window has not finished.");
        var any = people.SelectMany(p => f.World.Incidents[p])
            .Any(i => types.Contains(i.IncidentType) && (preClosure ? f.InPreClosure(i.IncidentDate) : f.InPostClosure(i.IncidentDate)));
        return any ? OracleDecision.NotMet($"A {string.Join("/", types)} incident in the window.") : OracleDecision.Met($"No {string.Join("/", types)} incident in the window.");
    }

    /// <summary>"no referral (services) for the people or the family in PC".</summary>
    private static OracleDecision NoReferrals(FamilyContext f, IReadOnlyList<string> people, IReadOnlyList<string> services)
    {
        if (!f.ClosureWindowsFinished) return OracleDecision.Pending("The post-closure window has not finished.");
        var referrals = people.SelectMany(p => f.World.ReferralsByPerson[p]).Concat(f.World.ReferralsByFamily[f.Id]);
        var any = referrals.Any(r => services.Contains(r.Service) && f.InPostClosure(r.ReferralDate));
        return any ? OracleDecision.NotMet("A referral after closure.") : OracleDecision.Met("No referral after closure.");
    }

    /// <summary>
    /// Needs 7.1 and 7.3: "N = incidents of the counted types ⚙ (offence, arrest, named_suspect, asb; only the need's
    /// basis type when given — the consistent-measure rule) in [A − 12 months, A); P = the same types in PC. If N ≤ 7 ⚙:
    /// met when P = 0. If N ≥ 8: met when P ≤ 0.5 × N × 6/12 ⚙ (reduction_baseline = rate over 12 months; alternative
    /// count_6_months_before)". 7.3: "thresholds N ≤ 4 / N ≥ 5 ⚙, and the reduction route also needs no severe incident in PC".
    /// </summary>
    private OracleDecision IncidentReduction(FamilyContext f, string person, string? basis, int zeroRouteMax, bool severeBlocksReduction)
    {
        if (!f.ClosureWindowsFinished) return OracleDecision.Pending("The post-closure window has not finished.");
        // The basis narrows the counted types to itself; a basis that is not a counted type (free text, or a type the run
        // does not count) does not narrow them (the model's reading of "only the need's basis type when given": the text
        // does not say what an uncounted basis does).
        // The data contract: controlled values match whatever their case, so "Arrest" is the arrest type.
        basis = basis?.ToLowerInvariant();
        IReadOnlyList<string> types = basis is not null && _crimeCountedTypes.Contains(basis) ? [basis] : _crimeCountedTypes;
        var incidents = f.World.Incidents[person].Where(i => types.Contains(i.IncidentType)).ToList();
        var baselineStart = f.A.AddMonths(-_crimeBaselineMonths);
        var n = incidents.Count(i => i.IncidentDate >= baselineStart && i.IncidentDate < f.A);
        var p = incidents.Count(i => f.InPostClosure(i.IncidentDate));
        // "If N ≤ 7 ⚙: met when P = 0. If N ≥ 8: ...": one threshold, the reduction route above it.
        if (n <= zeroRouteMax)
            return p == 0 ? OracleDecision.Met($"N = {n} (zero route up to {zeroRouteMax}), none after closure.") : OracleDecision.NotMet($"N = {n} (zero route up to {zeroRouteMax}), P = {p} after closure.");
        decimal allowed = _reductionCountSixMonthsBefore
            ? (1 - _reductionFraction) * incidents.Count(i => i.IncidentDate >= f.A.AddMonths(-6) && i.IncidentDate < f.A)
            : (1 - _reductionFraction) * n * _postClosureMonths / _crimeBaselineMonths;
        if (p > allowed) return OracleDecision.NotMet($"N = {n}, P = {p} is above {F(allowed)}.");
        if (severeBlocksReduction && f.World.Incidents[person].Any(i => i.Severe == true && f.InPostClosure(i.IncidentDate)))
            return OracleDecision.NotMet("A severe incident after closure.");
        return OracleDecision.Met($"N = {n}, P = {p} is at most {F(allowed)}.");
    }

    // ---------------------------------------------------------------- work and EET

    /// <summary>Need 10.1, first route: "an employed spell starting in [A, T] and not ending before C + 6 months".</summary>
    private static OracleDecision SustainedEmployment(FamilyContext f, string adult)
    {
        if (!f.ClosureWindowsFinished) return OracleDecision.Pending("Six months after closure have not passed.");
        var sustained = f.World.Employment[adult].Any(e =>
            e.Status == "employed" && e.StartDate >= f.A && e.StartDate <= f.T && (e.EndDate is null || e.EndDate >= f.PostClosureEnd));
        return sustained ? OracleDecision.Met("Employed and still in work six months after closure.") : OracleDecision.NotMet("No sustained employment.");
    }

    /// <summary>Need 10.3, first route: "latest eet_status on or before T is eet and no neet status in PC".</summary>
    private static OracleDecision EetStatus(FamilyContext f, string youngPerson)
    {
        if (!f.ClosureWindowsFinished) return OracleDecision.Pending("The post-closure window has not finished.");
        var statuses = f.World.Eet[youngPerson].Where(s => s.StatusDate <= f.T).ToList();
        var latest = statuses.MaxBy(s => s.StatusDate);
        if (latest is null) return OracleDecision.Missing("No EET status recorded.");
        if (latest.Status != "eet") return OracleDecision.NotMet($"The latest status is {latest.Status}.");
        return statuses.Any(s => s.Status == "neet" && f.InPostClosure(s.StatusDate))
            ? OracleDecision.NotMet("NEET after closure.")
            : OracleDecision.Met("In education, employment or training.");
    }
}
