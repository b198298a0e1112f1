using OutcomeAnalytics.Engine;
using OutcomeAnalytics.Formats;
using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Cohorts;

/// <summary>One view of a cohort's make-up: its counts, the control they go through, and what may be shown of them.</summary>
/// <param name="Counts">The counts as measured. Never publish them directly: show <see cref="Protected"/> or <see cref="Chart"/>.</param>
/// <param name="Control">The explorer's disclosure control.</param>
public sealed record ProfileTable(CountTable Counts, DisclosureControl Control)
{
    /// <summary>The counts after disclosure control, as a table.</summary>
    public ProtectedTable Protected => Control.Protect(Counts);

    /// <summary>A bar chart of the counts after disclosure control (hidden counts not drawn).</summary>
    public Chart Chart() => Charts.Bar(Counts, Control);
}

/// <summary>Who a cohort's families are: by locality, by headline identified, by number of needs, and their members by age.</summary>
/// <param name="Cohort">The cohort's label.</param>
/// <param name="Families">How many families, after disclosure control.</param>
/// <param name="Localities">Families by locality.</param>
/// <param name="Headlines">Families by headline identified (a family with needs under two headlines counts under both).</param>
/// <param name="NeedCounts">Families by the number of needs identified.</param>
/// <param name="Ages">Members by age band at the evaluation date.</param>
public sealed record CohortProfile(string Cohort, DisclosedCount Families, ProfileTable Localities, ProfileTable Headlines, ProfileTable NeedCounts, ProfileTable Ages);

public sealed partial class CohortExplorer
{
    private static readonly (string Label, int From, int To)[] AgeBands =
        [("0–4", 0, 4), ("5–10", 5, 10), ("11–15", 11, 15), ("16–17", 16, 17), ("18–24", 18, 24), ("25–44", 25, 44), ("45–64", 45, 64), ("65 and over", 65, 200)];

    /// <summary>
    /// The cohort's make-up, each view a count table protected on its own under <see cref="Control"/>. Ages are at the
    /// evaluation date; a member with no date of birth is counted as "not recorded".
    /// </summary>
    public CohortProfile Profile(Segment cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        var label = cohort.Label;
        var localities = Grouped(cohort, $"Families by locality: {label}", "coalesce(nullif(trim(f.locality), ''), 'Not recorded')", "FROM families f", "Locality");
        var sql = new SqlText();
        var headlineOf = string.Join(" ", Evaluation.Framework.Needs.Select(n => $"WHEN {sql.P(n.Code)} THEN {sql.P(n.Headline)}"));
        var headlineRows = Run(() => connection.Rows($"""
            SELECT h, count(DISTINCT n.family_id) FROM (SELECT n.family_id, CASE n.need_code {headlineOf} END AS h FROM needs n) n
            WHERE h IS NOT NULL AND {InCohort(cohort, sql, "n")} GROUP BY h
            """, r => (Headline: Convert.ToInt32(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), Families: r.GetInt64(1)), sql.Parameters))
            .ToDictionary(r => r.Headline, r => r.Families);
        var headlines = CountTable.OneWay($"Families by headline: {label}", "Headline", "Families",
            Evaluation.Framework.Headlines.Select(h => ($"{h.Number}. {h.Title}", headlineRows.GetValueOrDefault(h.Number))));
        var needCounts = Grouped(cohort, $"Families by number of needs: {label}", "CASE WHEN k >= 5 THEN '5 or more' ELSE k::VARCHAR END",
            "FROM (SELECT f.*, (SELECT count(*) FROM needs n WHERE n.family_id = f.family_id) AS k FROM families f) f", "Needs identified",
            order: ["0", "1", "2", "3", "4", "5 or more"]);
        var ages = Ages(cohort);
        return new CohortProfile(label, Count(cohort)[0].Families, new ProfileTable(localities, Control), new ProfileTable(headlines, Control),
            new ProfileTable(needCounts, Control), new ProfileTable(ages, Control));
    }

    private CountTable Grouped(Segment cohort, string title, string key, string from, string header, IReadOnlyList<string>? order = null)
    {
        var sql = new SqlText();
        var rows = Run(() => connection.Rows($"SELECT {key} AS k, count(*) {from} WHERE {Where(cohort, sql)} GROUP BY ALL ORDER BY 1",
            r => (Key: r.GetString(0), Count: r.GetInt64(1)), sql.Parameters));
        var counts = rows.ToDictionary(r => r.Key, r => r.Count);
        var labels = order is null ? rows.Select(r => r.Key).ToList() : [.. order];
        if (labels.Count == 0) labels = ["None"];
        return CountTable.OneWay(title, header, "Families", labels.Select(l => (l, counts.GetValueOrDefault(l))));
    }

    private CountTable Ages(Segment cohort)
    {
        var sql = new SqlText();
        var asAt = sql.P(Evaluation.AsAt);
        var rows = Run(() => connection.Rows($"""
            SELECT date_diff('year', p.date_of_birth, {asAt}) - CASE WHEN strftime(p.date_of_birth, '%m%d') > strftime({asAt}, '%m%d') THEN 1 ELSE 0 END AS age, count(*)
            FROM family_members m JOIN people p USING (person_id)
            WHERE {InCohort(cohort, sql, "m")} GROUP BY ALL
            """, r => (Age: r.IsDBNull(0) ? (long?)null : r.GetInt64(0), Count: r.GetInt64(1)), sql.Parameters));
        List<(string Category, long Count)> bands = [.. AgeBands.Select(b => (b.Label, rows.Where(r => r.Age >= b.From && r.Age <= b.To).Sum(r => r.Count)))];
        var missing = rows.Where(r => r.Age is null || r.Age < 0).Sum(r => r.Count);
        if (missing > 0) bands.Add(("Not recorded", missing));
        return CountTable.OneWay($"Members by age: {cohort.Label}", "Age at the evaluation date", "Members", bands);
    }
}
