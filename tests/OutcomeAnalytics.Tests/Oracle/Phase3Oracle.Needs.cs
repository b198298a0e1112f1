namespace OutcomeAnalytics.Tests.Oracle;

internal sealed partial class Phase3Oracle
{
    /// <summary>Who a need is decided for ("Rules by need", scope column).</summary>
    private enum NeedScope
    {
        /// <summary>One decision for the whole family (8.x).</summary>
        Family,
        /// <summary>The need's person, or the family when none is named (evidence-only needs, 5.2).</summary>
        Person,
        /// <summary>1.1: the need's person, or every member with attendance rows in OT.</summary>
        Pupil,
        /// <summary>The need's person, or every member under 18 at A.</summary>
        Child,
        /// <summary>The need's person, or every member under 18 at A.</summary>
        YoungPerson,
        /// <summary>The need's person, or every member 18 or over at A.</summary>
        Adult,
    }

    private delegate OracleDecision Rule(FamilyContext family, string? person, NeedRow need);

    private static readonly string[] EvidenceOnly = ["1.4", "2.1", "2.2", "3.3", "5.1", "5.3", "5.4", "6.5", "9.1", "9.2", "9.3", "10.2"];

    /// <summary>The rule table of the reference rules, one entry per need code of seed 000.</summary>
    private Dictionary<string, (NeedScope Scope, Rule Rule)> RuleTable()
    {
        var table = new Dictionary<string, (NeedScope, Rule)>(StringComparer.Ordinal)
        {
            // 1.1: "attendance % over OT ≥ 90 ⚙ for every in-scope child".
            ["1.1"] = (NeedScope.Pupil, (f, p, _) => AttendanceThreshold(f, p!)),
            // 1.2: attendance improvement from BT to OT.
            ["1.2"] = (NeedScope.Child, (f, p, _) => AttendanceImprovement(f, p!)),
            // 1.3: "any_of: exclusion reduction; instrument SDQ improved; evidence".
            ["1.3"] = (NeedScope.Child, (f, p, n) => AnyOf(ExclusionReduction(f, p!), InstrumentImprovement(f, [p!], ["SDQ"]), Evidence(f, n.NeedCode, p))),
            // 2.3: "any_of: instrument ASQ improved; evidence".
            ["2.3"] = (NeedScope.Child, (f, p, n) => AnyOf(InstrumentImprovement(f, [p!], ["ASQ"]), Evidence(f, n.NeedCode, p))),
            // 3.1: "any_of: instrument in (SDQ, RCADS, MORS, SWEMWBS, GAD7) improved; evidence".
            ["3.1"] = (NeedScope.Child, (f, p, n) => AnyOf(InstrumentImprovement(f, [p!], ["SDQ", "RCADS", "MORS", "SWEMWBS", "GAD7"]), Evidence(f, n.NeedCode, p))),
            // 3.2: "any_of: instrument in (WEMWBS, SWEMWBS, GAD7, PHQ9, K10, DASS21) improved; evidence".
            ["3.2"] = (NeedScope.Adult, (f, p, n) => AnyOf(InstrumentImprovement(f, [p!], ["WEMWBS", "SWEMWBS", "GAD7", "PHQ9", "K10", "DASS21"]), Evidence(f, n.NeedCode, p))),
            // 4.1: "any_of: instrument in (AUDIT, AUDITC) improved; evidence".
            ["4.1"] = (NeedScope.Adult, (f, p, n) => AnyOf(InstrumentImprovement(f, [p!], ["AUDIT", "AUDITC"]), Evidence(f, n.NeedCode, p))),
            // 4.2: "any_of: instrument in (CRAFFT, DASTA, SDQ) improved; evidence", with the ruling "AUDIT, AUDIT-C, CRAFFT and DAST-A all count for need 4.2".
            ["4.2"] = (NeedScope.YoungPerson, (f, p, n) => AnyOf(InstrumentImprovement(f, [p!], ["AUDIT", "AUDITC", "CRAFFT", "DASTA", "SDQ"]), Evidence(f, n.NeedCode, p))),
            // 5.2: evidence, "5.2 also accepts instrument FRQ improved" (of the need's person, or of any member for a family-level need).
            ["5.2"] = (NeedScope.Person, (f, p, n) => AnyOf(Evidence(f, n.NeedCode, p), InstrumentImprovement(f, p is null ? f.Members : [p], ["FRQ"]))),
            // 6.1: "all_of: a plan … ended in [A, T] … and no plan of those types still open at T; evidence".
            ["6.1"] = (NeedScope.Child, (f, p, n) => AllOf(PlanClosed(f, p!), Evidence(f, n.NeedCode, p))),
            // 6.2: "all_of: no missing_episode incident for the child in PM; no referral (childrens_social_care ⚙) for the child or family in PC; evidence".
            ["6.2"] = (NeedScope.Child, (f, p, n) => AllOf(NoIncidents(f, [p!], ["missing_episode"], preClosure: true), NoReferrals(f, [p!], _cscReferralServices), Evidence(f, n.NeedCode, p))),
            // 6.3, 6.4: "all_of: evidence; no exploitation_report or police_report incident for the child in PC".
            ["6.3"] = (NeedScope.Child, (f, p, n) => AllOf(Evidence(f, n.NeedCode, p), NoIncidents(f, [p!], ["exploitation_report", "police_report"], preClosure: false))),
            ["6.4"] = (NeedScope.Child, (f, p, n) => AllOf(Evidence(f, n.NeedCode, p), NoIncidents(f, [p!], ["exploitation_report", "police_report"], preClosure: false))),
            // 6.6: "all_of: evidence; no police_report incident for the child in PC".
            ["6.6"] = (NeedScope.Child, (f, p, n) => AllOf(Evidence(f, n.NeedCode, p), NoIncidents(f, [p!], ["police_report"], preClosure: false))),
            // 7.1: each adult, zero route N ≤ 7, reduction route N ≥ 8.
            ["7.1"] = (NeedScope.Adult, (f, p, n) => IncidentReduction(f, p!, n.Basis, _adultZeroRouteMax, severeBlocksReduction: false)),
            // 7.2: "P (counted types) in PC = 0".
            ["7.2"] = (NeedScope.YoungPerson, (f, p, _) => NoIncidents(f, [p!], [.. _crimeCountedTypes], preClosure: false)),
            // 7.3: "as 7.1 with thresholds N ≤ 4 / N ≥ 5 ⚙, and the reduction route also needs no severe incident in PC".
            ["7.3"] = (NeedScope.YoungPerson, (f, p, n) => IncidentReduction(f, p!, n.Basis, _youngZeroRouteMax, severeBlocksReduction: true)),
            // 10.1: "any_of: an employed spell starting in [A, T] and not ending before C + 6 months; evidence".
            ["10.1"] = (NeedScope.Adult, (f, p, n) => AnyOf(SustainedEmployment(f, p!), Evidence(f, n.NeedCode, p))),
            // 10.3: "any_of: latest eet_status on or before T is eet and no neet status in PC; evidence".
            ["10.3"] = (NeedScope.YoungPerson, (f, p, n) => AnyOf(EetStatus(f, p!), Evidence(f, n.NeedCode, p))),
        };
        // 8.1, 8.2, 8.3 (family): "all_of: no domestic_abuse incident for any family member in PM; no referral (services
        // domestic_abuse, childrens_social_care ⚙) for any member or the family in PC; evidence".
        foreach (var code in new[] { "8.1", "8.2", "8.3" })
            table[code] = (NeedScope.Family, (f, _, n) => AllOf(
                NoIncidents(f, f.Members, ["domestic_abuse"], preClosure: true),
                NoReferrals(f, f.Members, _daReferralServices),
                Evidence(f, n.NeedCode, null)));
        // "1.4, 2.1, 2.2, 3.3, 5.1, 5.2, 5.3, 5.4, 6.5, 9.1, 9.2, 9.3, 10.2 | need scope | evidence".
        foreach (var code in EvidenceOnly)
            table[code] = (NeedScope.Person, (f, p, n) => Evidence(f, n.NeedCode, p));
        return table;
    }

    private Dictionary<string, (NeedScope Scope, Rule Rule)>? _rules;

    private Dictionary<string, (NeedScope Scope, Rule Rule)> Rules => _rules ??= RuleTable();

    private static OracleDecision AnyOf(params OracleDecision[] routes)
    {
        var status = Combine.AnyOf([.. routes.Select(r => r.Status)]);
        var decided = routes.First(r => r.Status == status);
        return decided with { ReliableImprovement = routes.Select(r => r.ReliableImprovement).FirstOrDefault(r => r is not null) };
    }

    private static OracleDecision AllOf(params OracleDecision[] parts)
    {
        var status = Combine.AllOf(parts.Select(r => r.Status));
        return parts.First(r => r.Status == status || status == OracleStatus.Met) with { Status = status };
    }

    /// <summary>
    /// The people a need is decided for. "Where a need row names no person for a person-scoped rule, the scope is every
    /// family member the rule's scope describes (e.g. every adult for 7.1). A scope that selects nobody = insufficient_data."
    /// Each person carries the need row that brought them in (its basis matters for 7.1 and 7.3); a named row wins.
    /// </summary>
    private static List<(string? Person, NeedRow Row)> InScope(FamilyContext f, NeedScope scope, List<NeedRow> rows)
    {
        if (scope == NeedScope.Family) return [(null, rows[0])];
        if (scope == NeedScope.Person) return [.. rows.Select(r => (r.PersonId, r)).DistinctBy(x => x.PersonId)];
        var people = new List<(string? Person, NeedRow Row)>();
        foreach (var row in rows.OrderBy(r => r.PersonId is null))
        {
            if (row.PersonId is not null)
            {
                people.Add((row.PersonId, row));
                continue;
            }
            IEnumerable<string> members = scope switch
            {
                // 1.1: "every family member with attendance rows in OT"; while OT is incomplete the need is pending.
                NeedScope.Pupil when f.OutcomeTerms is null => [],
                NeedScope.Pupil => f.Members.Where(m => f.OutcomeTerms!.Any(t => f.World.Attendance.ContainsKey((m, t.AcademicYear, t.Term)))),
                NeedScope.Adult => f.Members.Where(f.IsAdult),
                _ => f.Members.Where(f.IsUnder18),
            };
            people.AddRange(members.Select(m => ((string?)m, row)));
            if (scope == NeedScope.Pupil && f.OutcomeTerms is null) people.Add((null, row));
        }
        people = [.. people.DistinctBy(p => p.Person)];
        return people.Count > 0 ? people : [(null, rows[0])];
    }

    /// <summary>Every decision of one family: per identified need of the framework, per person in scope.</summary>
    private List<OracleNeed> DecideNeeds(FamilyContext f)
    {
        var decisions = new List<OracleNeed>();
        foreach (var byCode in f.World.Needs[f.Id].Where(n => Rules.ContainsKey(n.NeedCode)).GroupBy(n => n.NeedCode))
        {
            var (scope, rule) = Rules[byCode.Key];
            var rows = byCode.ToList();
            foreach (var (person, row) in InScope(f, scope, rows))
            {
                var decision = person is null && scope is not (NeedScope.Family or NeedScope.Person)
                    ? (scope == NeedScope.Pupil && f.OutcomeTerms is null
                        ? OracleDecision.Pending("The outcome terms are not complete.")
                        : OracleDecision.Missing("Nobody in the family is in the need's scope."))
                    : rule(f, person, row);
                decisions.Add(new OracleNeed(f.Id, byCode.Key, person, decision.Status.Text(), decision.Reason, decision.ReliableImprovement));
            }
        }
        return decisions;
    }

    /// <summary>
    /// "Eligible when the family has at least 3 ⚙ distinct identified needs (eligibility_count = needs ⚙; alternative
    /// headlines). Claim due date = C + 6 months (empty while open). Family status, first that applies: already_claimed;
    /// not_eligible; open (no C); pending (T &lt; due date, or any need pending); not_met (any need not_met);
    /// insufficient_data (any need insufficient_data); claimable (every need met). A prerequisite recorded as false makes
    /// the family not_eligible." A need's status over its people combines as all_of.
    /// </summary>
    private OracleClaim DecideClaim(FamilyContext f, List<OracleNeed> decisions)
    {
        var perNeed = decisions.GroupBy(d => d.NeedCode)
            .ToDictionary(g => g.Key, g => Combine.AllOf(g.Select(d => Parse(d.Status))), StringComparer.Ordinal);
        var identified = perNeed.Count;
        var met = perNeed.Values.Count(s => s == OracleStatus.Met);
        var counted = _eligibilityCountsHeadlines ? perNeed.Keys.Select(c => c.Split('.')[0]).Distinct(StringComparer.Ordinal).Count() : identified;
        var due = f.PostClosureEnd;
        OracleClaim Claim(string status, string reason) => new(f.Id, status, identified, met, due, reason);

        if (f.World.Claimed(f.Id, f.T)) return Claim("already_claimed", "A claim has already been made.");
        if (counted < _eligibilityMinNeeds) return Claim("not_eligible", $"{counted} identified, fewer than {_eligibilityMinNeeds}.");
        if (f.Row.LeadPractitioner == false || f.Row.WholeFamilyAssessment == false || f.Row.FamilyPlan == false)
            return Claim("not_eligible", "A prerequisite is recorded as not done.");
        if (f.C is null) return Claim("open", "The episode is open.");
        if (f.T < due || perNeed.ContainsValue(OracleStatus.Pending)) return Claim("pending", "Not yet due, or a need is pending.");
        if (perNeed.ContainsValue(OracleStatus.NotMet)) return Claim("not_met", "A need is not met.");
        if (perNeed.ContainsValue(OracleStatus.InsufficientData)) return Claim("insufficient_data", "A need lacks data.");
        return Claim("claimable", "Every need is met.");
    }

    private static OracleStatus Parse(string status) => status switch
    {
        "met" => OracleStatus.Met,
        "not_met" => OracleStatus.NotMet,
        "pending" => OracleStatus.Pending,
        _ => OracleStatus.InsufficientData,
    };
}
