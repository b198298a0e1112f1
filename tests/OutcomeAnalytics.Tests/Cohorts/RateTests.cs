using OutcomeAnalytics.Cohorts;
using OutcomeAnalytics.Reporting;
using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Cohorts;

/// <summary>Rates with Wilson intervals, comparisons, trends and need rates, with and without disclosure control.</summary>
public sealed class RateTests
{
    /// <summary>
    /// Ten North families (8 with a lead practitioner), attached on the first and last days of 2024/25 Q3; ten South
    /// families (4 with one), attached on the first day of 2024/25 Q4 and the last of 2025/26 Q1. N01 met need 1.4, N02 did not.
    /// </summary>
    private static Scenario Families()
    {
        var s = new Scenario();
        for (var i = 1; i <= 10; i++)
        {
            var n = $"N{i:00}";
            s.Family(n, i <= 5 ? "2024-10-01" : "2024-12-31", null, i <= 8 ? "true,," : "false,,", "North").Person(n, "P" + n, "2012-01-01");
            var south = $"S{i:00}";
            s.Family(south, i <= 5 ? "2025-01-01" : "2025-06-30", null, i <= 4 ? "true,," : "false,,", "South").Person(south, "P" + south, "2012-01-01");
        }
        return s.Need("N01", "1.4").Evidence("N01", "1.4", "2024-11-01").Need("N02", "1.4");
    }

    private static T Explore<T>(DisclosureControl control, Func<CohortExplorer, T> use) =>
        Families().Explore("2025-09-30", (connection, evaluation) =>
        {
            using var explorer = new CohortExplorer(connection, evaluation) { Control = control };
            return use(explorer);
        });

    private static readonly Segment North = Segment.Locality("North").Titled("North");
    private static readonly Segment South = Segment.Locality("South").Titled("South");
    private static readonly Segment WithLead = Segment.LeadPractitioner().Titled("Lead practitioner");

    [Fact]
    public void Rates_carry_wilson_intervals_and_small_counts_are_hidden_by_default()
    {
        var (open, published) = (Explore(DisclosureControl.None, x => x.Rates(WithLead, North, South, Segment.Everyone)),
            Explore(DisclosureControl.Publication, x => x.Rates(WithLead, North, South, Segment.Everyone)));
        Assert.Equal(["North", "South", "all families"], open.Select(r => r.Label));
        Assert.Equal([(8L, 10L), (4L, 10L), (12L, 20L)], open.Select(r => (r.Events.Value!.Value, r.Denominator.Value!.Value)));
        Assert.Equal(Proportion.Wilson(8, 10), open[0].Rate);
        // Published: North's 2 without a lead practitioner is hidden, so its rate is too; 12 of 20 is shown.
        Assert.Null(published[0].Rate);
        Assert.Equal(["[c]", "<5", "12"], published.Select(r => r.Events.Text));
        Assert.Equal(Proportion.Wilson(12, 20), published[2].Rate);
        var frame = published.ToFrame();
        Assert.Equal(["Label", "Events", "Denominator", "Rate", "RateLower", "RateUpper"], frame.Columns.Select(c => c.Name));
        Assert.Null(frame["Rate"][0]);
        Assert.Equal(0.6, frame["Rate"][2]);
    }

    [Fact]
    public void Two_cohorts_compare_with_newcombes_interval()
    {
        var (open, published) = (Explore(DisclosureControl.None, x => x.Compare(North, South, WithLead)),
            Explore(DisclosureControl.Publication, x => x.Compare(North, South, WithLead)));
        Assert.Equal(ProportionDifference.Newcombe(8, 10, 4, 10), open.Difference);
        Assert.Equal("Lead practitioner", open.Outcome);
        Assert.Null(published.Difference);
        var frame = open.ToFrame();
        Assert.Equal(3, frame.Rows.Count);
        Assert.Equal("Difference (North minus South)", frame["Label"][2]);
        Assert.Equal(open.Difference!.Value.Lower, frame["RateLower"][2]);
    }

    [Fact]
    public void Trends_count_by_the_financial_quarter_of_attachment()
    {
        var trend = Explore(DisclosureControl.None, x => x.Trend(Segment.Everyone, WithLead, TrendBy.Attachment, quarters: 4));
        Assert.Equal(["2024/25 Q3", "2024/25 Q4", "2025/26 Q1", "2025/26 Q2"], trend.Select(t => t.Label));
        Assert.Equal([(8L, 10L), (4L, 5L), (0L, 5L), (0L, 0L)], trend.Select(t => (t.Events.Value!.Value, t.Denominator.Value!.Value)));
        Assert.Null(trend[3].Rate);
        Assert.Equal(Proportion.Wilson(4, 5).ToTimePoint("2024/25 Q4"), trend[1].ToTimePoint());
        var closures = Explore(DisclosureControl.None, x => x.Trend(Segment.Everyone, WithLead, TrendBy.Closure, quarters: 4));
        Assert.All(closures, t => Assert.Equal(0, t.Denominator.Value));
    }

    [Fact]
    public void Need_rates_are_met_among_decided_for_the_cohorts_families()
    {
        var (needs, headlines, south) = Explore(DisclosureControl.None, x => (x.NeedRates(North), x.NeedRates(North, byHeadline: true), x.NeedRates(South)));
        var need = needs.Single(n => n.Label.StartsWith("1.4 ", StringComparison.Ordinal));
        Assert.Equal((1L, 2L), (need.Events.Value!.Value, need.Denominator.Value!.Value));
        Assert.Equal("1. Getting a good education", headlines[0].Label);
        Assert.Equal((1L, 2L), (headlines[0].Events.Value!.Value, headlines[0].Denominator.Value!.Value));
        Assert.All(south, r => Assert.Null(r.Rate));
        var counts = Explore(DisclosureControl.Publication, x => x.Count(North, South, North & South));
        Assert.Equal(["10", "10", "0"], counts.Select(c => c.Families.Text));
    }
}
