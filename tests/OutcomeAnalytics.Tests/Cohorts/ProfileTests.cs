using OutcomeAnalytics.Cohorts;
using OutcomeAnalytics.Reporting;
using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Cohorts;

/// <summary>A cohort's make-up: ages on birthdays, localities as recorded, headlines and need counts, then disclosure control.</summary>
public sealed class ProfileTests
{
    private static Scenario Families() => new Scenario()
        .Family("P1", "2025-04-01", "2025-06-30", "true,true,true", "North").Person("P1", "A1", "1990-10-01", "parent_carer").Person("P1", "C1", "2020-09-30")
        .Need("P1", "1.4").Need("P1", "5.1")
        // C2 turns 5 the day after the evaluation date: still 4.
        .Family("P2", "2025-03-31", null, "false,true,true", "South").Person("P2", "C2", "2020-10-01").Need("P2", "1.1", "C2")
        .Family("P3", "2025-07-01", "2025-09-30", ",,", "North").Person("P3", "A3", "1985-01-01", "parent_carer").Person("P3", "B3", "2007-09-30");

    private static CohortProfile Profile(DisclosureControl control) => Families().Explore("2025-09-30", (connection, evaluation) =>
    {
        using var cohorts = new CohortExplorer(connection, evaluation) { Control = control };
        return cohorts.Profile(Segment.Everyone);
    });

    private static List<(string, long)> Rows(CountTable t) => [.. Enumerable.Range(0, t.RowCount).Select(r => (t.RowLabels[r], t[r, 0]))];

    [Fact]
    public void Profile_CountsOnTheBoundaries()
    {
        var profile = Profile(DisclosureControl.None);
        Assert.Equal([("North", 2L), ("South", 1L)], Rows(profile.Localities.Counts));
        // C1 is 5 on the evaluation date, C2 4 (5 tomorrow); B3 is 18 on it; A1 is 34 (35 the next day), A3 40.
        Assert.Equal([("0–4", 1L), ("5–10", 1L), ("11–15", 0L), ("16–17", 0L), ("18–24", 1L), ("25–44", 2L), ("45–64", 0L), ("65 and over", 0L)],
            Rows(profile.Ages.Counts));
        Assert.Equal([("0", 1L), ("1", 1L), ("2", 1L), ("3", 0L), ("4", 0L), ("5 or more", 0L)], Rows(profile.NeedCounts.Counts));
        var headlines = Rows(profile.Headlines.Counts);
        Assert.Equal(2L, headlines.Single(h => h.Item1.StartsWith("1. ", StringComparison.Ordinal)).Item2);
        Assert.Equal(1L, headlines.Single(h => h.Item1.StartsWith("5. ", StringComparison.Ordinal)).Item2);
        Assert.Equal("3", profile.Families.Text);
    }

    [Fact]
    public void Profile_UnderPublicationControl_ShowsNoSmallCount()
    {
        var profile = Profile(DisclosureControl.Publication);
        var shown = new[] { profile.Localities, profile.Ages, profile.NeedCounts, profile.Headlines }
            .SelectMany(t => Enumerable.Range(0, t.Counts.RowCount).Select(r => t.Protected[r, 0])).ToList();
        Assert.DoesNotContain(shown, c => c.Value is >= 1 and <= 4);
        Assert.Equal("<5", profile.Families.Text);
        Assert.DoesNotContain(">2<", profile.Localities.Chart().ToSvg());
    }
}
