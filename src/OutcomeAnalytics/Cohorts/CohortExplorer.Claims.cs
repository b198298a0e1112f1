using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Formats;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Cohorts;

/// <summary>A family whose claim is held back by exactly one need, or one prerequisite, and what it lacks.</summary>
/// <param name="FamilyId">The family episode.</param>
/// <param name="ClaimStatus">The claim's status in the evaluation (pending while outcomes or the due date are awaited).</param>
/// <param name="ClaimDueDate">When the claim falls due (null while open).</param>
/// <param name="NeedCode">The need holding the claim back, or null for a prerequisite.</param>
/// <param name="NeedTitle">The need's title.</param>
/// <param name="Prerequisite">The prerequisite recorded as not in place, or null for a need.</param>
/// <param name="People">The people whose decision on the need falls short (empty for a family-level need).</param>
/// <param name="Shortfall">What falls short, in words a keyworker acts on, from the evaluation's own figures.</param>
public sealed record NearlyThereFamily(string FamilyId, string ClaimStatus, DateOnly? ClaimDueDate, string? NeedCode, string? NeedTitle, string? Prerequisite,
    IReadOnlyList<string> People, string Shortfall);

/// <summary>A family in the claim pipeline.</summary>
/// <param name="FamilyId">The family episode.</param>
/// <param name="ClaimStatus"><c>pending</c> (due in the coming months), <c>claimable</c> or <c>already_claimed</c>.</param>
/// <param name="ClaimDueDate">When the claim falls due.</param>
/// <param name="ClaimDate">When the claim was made (already claimed only).</param>
/// <param name="NeedsIdentified">Needs of the framework identified.</param>
/// <param name="NeedsMet">Of those, met.</param>
/// <param name="NeedsNotYetMet">The needs not (yet) met, with their status, such as <c>7.1 (pending)</c>, in the framework's order.</param>
public sealed record PipelineFamily(string FamilyId, string ClaimStatus, DateOnly? ClaimDueDate, DateOnly? ClaimDate, int NeedsIdentified, int NeedsMet,
    IReadOnlyList<string> NeedsNotYetMet);

/// <summary>The claims falling due in one month, after disclosure control.</summary>
/// <param name="Month">The month, such as <c>2025-10</c>.</param>
/// <param name="From">Its first day counted (the day after the evaluation date, for the first month).</param>
/// <param name="To">Its last day.</param>
/// <param name="Families">Pending families whose claim falls due in it.</param>
public sealed record PipelineMonth(string Month, DateOnly From, DateOnly To, DisclosedCount Families);

/// <summary>The claim pipeline at the evaluation date.</summary>
/// <param name="DueByMonth">Pending claims falling due in each coming month (counts protected as one table).</param>
/// <param name="Due">Those families, by due date, with the needs still open.</param>
/// <param name="Claimable">Families claimable now and not yet claimed.</param>
/// <param name="Claimed">Families already claimed for.</param>
/// <param name="ClaimableFamilies">How many are claimable (protected).</param>
/// <param name="ClaimedFamilies">How many are claimed (protected).</param>
public sealed record ClaimPipeline(IReadOnlyList<PipelineMonth> DueByMonth, IReadOnlyList<PipelineFamily> Due, IReadOnlyList<PipelineFamily> Claimable,
    IReadOnlyList<PipelineFamily> Claimed, DisclosedCount ClaimableFamilies, DisclosedCount ClaimedFamilies);

public sealed partial class CohortExplorer
{
    /// <summary>
    /// The families (in the cohort, or all) whose claim is held back by exactly one thing: one need not met or
    /// lacking the data to decide it, or one prerequisite recorded as not in place, while the family is eligible by
    /// its count of needs and not yet claimed for. Needs still pending do not hold a claim back (they may yet be
    /// met), so a family still open or awaiting its due date is listed when one need already falls short; its
    /// <see cref="NearlyThereFamily.ClaimStatus"/> says which. The shortfall is worded from the need's detail, as
    /// the evaluation wrote it. A list of families: for keyworkers and the data team, not for publication.
    /// </summary>
    /// <exception cref="InvalidOperationException">The evaluation kept decisions only (no details to word the shortfall from).</exception>
    public IReadOnlyList<NearlyThereFamily> NearlyThere(Segment? cohort = null)
    {
        if (!Evaluation.HasDetails)
            throw new InvalidOperationException("The nearly-there list words each shortfall from the need's detail, but this evaluation kept decisions only (details: false): evaluate with details.");
        var sql = new SqlText();
        var facts = Facts(sql);
        var text = $"""
            WITH {facts.Ctes},
            held AS (
              SELECT j.family_id, j.due, j.missing_prerequisite FROM judged j
              WHERE NOT j.claimed AND j.eligible AND j.not_met + j.insufficient + j.prerequisites_missing = 1
                AND {InCohort(cohort, sql, "j")})
            SELECT h.family_id, x.status, x.claim_due_date, h.missing_prerequisite, b.need_code, r.person_id, r.status, r.reason, d.detail
            FROM held h JOIN {claimsTable} x ON x.family_id = h.family_id
            LEFT JOIN need_status b ON b.family_id = h.family_id AND b.status IN ('not_met', 'insufficient_data')
            LEFT JOIN {Evaluation.NeedResultsTable} r ON r.family_id = b.family_id AND r.need_code = b.need_code AND r.status = b.status
            LEFT JOIN {Evaluation.NeedDetailsView} d ON d.sid = r.sid
            ORDER BY x.claim_due_date NULLS LAST, h.family_id, r.sid
            """;
        var rows = Run(() => connection.Rows(text, r => (Family: r.GetString(0), Status: r.GetString(1), Due: r.Field<DateOnly?>(2), Prerequisite: r.Field<string>(3),
            Need: r.Field<string>(4), Person: r.Field<string>(5), NeedStatus: r.Field<string>(6), Reason: r.Field<string>(7), Detail: r.Field<string>(8)), sql.Parameters));
        var framework = Evaluation.Framework;
        return [.. rows.GroupBy(r => r.Family).Select(g =>
        {
            var first = g.First();
            if (first.Need is null)
                return new NearlyThereFamily(first.Family, first.Status, first.Due, null, null, first.Prerequisite, [], $"{first.Prerequisite} recorded as not in place");
            var need = framework.Need(first.Need)!;
            var people = g.Where(r => r.Person is not null).Select(r => r.Person!).ToList();
            var words = g.Select(r => (r.Person, Words: NobodyInScope(need, r.Person)
                ? Shortfall.FromReason(r.Reason ?? "")
                : Shortfall.Of(need.Rule, r.NeedStatus ?? "", r.Reason ?? "", r.Detail ?? ""))).ToList();
            var shortfall = words.Count == 1 ? words[0].Words : string.Join("; ", words.Select(w => $"{w.Person}: {w.Words}"));
            return new NearlyThereFamily(first.Family, first.Status, first.Due, need.Code, need.Title, null, people, shortfall);
        })];
    }

    /// <summary>A need of members (children, adults, pupils…) naming no one and reaching nobody: its reason says so, and it has no measure's figures.</summary>
    private static bool NobodyInScope(NeedDefinition need, string? person) => person is null && need.Scope is not (Scope.Family or Scope.Person);

    /// <summary>
    /// The claim pipeline for the cohort (or all families): pending claims falling due in each of the next
    /// <paramref name="months"/> calendar months after the evaluation date (the first month from the day after it),
    /// with the needs still open; the families claimable now and not yet claimed; and those already claimed for.
    /// </summary>
    public ClaimPipeline ClaimPipeline(Segment? cohort = null, int months = 6)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(months);
        var start = Evaluation.AsAt.AddDays(1);
        var periods = Enumerable.Range(0, months).Select(k => Period.Month(start.AddMonths(k).Year, start.AddMonths(k).Month))
            .Select((p, k) => k == 0 ? p with { From = start } : p).ToList();
        var sql = new SqlText();
        var facts = Facts(sql);
        var text = $"""
            WITH {facts.Ctes}
            SELECT x.family_id, x.status, x.claim_due_date, m.claim_date, x.needs_identified, x.needs_met, o.needs
            FROM {claimsTable} x
            LEFT JOIN (SELECT family_id, min(claim_date) AS claim_date FROM claims WHERE coalesce(framework, {facts.Framework}) = {facts.Framework} GROUP BY family_id) m
              ON m.family_id = x.family_id
            LEFT JOIN (SELECT family_id, string_agg(need_code || '=' || status, ',') AS needs FROM need_status WHERE status <> 'met' GROUP BY family_id) o
              ON o.family_id = x.family_id
            WHERE ((x.status = 'pending' AND x.claim_due_date BETWEEN {sql.P(periods[0].From)} AND {sql.P(periods[^1].To)}) OR x.status IN ('claimable', 'already_claimed'))
              AND {InCohort(cohort, sql, "x")}
            ORDER BY x.claim_due_date, x.family_id
            """;
        var order = Evaluation.Framework.Needs.Select((n, i) => (n.Code, i)).ToDictionary(x => x.Code, x => x.i);
        var families = Run(() => connection.Rows(text, r => new PipelineFamily(r.GetString(0), r.GetString(1), r.Field<DateOnly?>(2), r.Field<DateOnly?>(3), r.GetInt32(4), r.GetInt32(5),
            [.. (r.Field<string>(6) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(n => n.Split('='))
                .OrderBy(n => order.GetValueOrDefault(n[0], int.MaxValue)).Select(n => $"{n[0]} ({n[1].Replace('_', ' ')})")]), sql.Parameters));
        var due = families.Where(f => f.ClaimStatus == "pending").ToList();
        var counts = Control.Protect(CountTable.OneWay("Claims falling due by month", "Month", "Families",
            periods.Select(p => (p.Label, (long)due.Count(f => f.ClaimDueDate is { } d && p.Contains(d))))));
        var claimable = families.Where(f => f.ClaimStatus == "claimable").ToList();
        var claimed = families.Where(f => f.ClaimStatus == "already_claimed").ToList();
        return new ClaimPipeline([.. periods.Select((p, i) => new PipelineMonth(p.Label, p.From, p.To, counts[i, 0]))], due, claimable, claimed,
            Control.Protect(claimable.Count), Control.Protect(claimed.Count));
    }

    /// <summary>The claim's facts (<see cref="Evaluator.ClaimFacts"/>) for this evaluation, every family of the database judged at its date.</summary>
    private Evaluator.ClaimFactsSql Facts(SqlText sql) =>
        Evaluator.ClaimFacts(sql, Evaluation.Framework, Evaluation.Parameters, Evaluation.ResultsPrefix,
            $"({FrameworkCompiler.FamiliesAt(sql, Evaluation.AsAt)})");
}
