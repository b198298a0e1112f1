using OutcomeAnalytics.Cohorts;
using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Cohorts;

/// <summary>Segments select the right families, on their boundaries, with their values bound rather than written into the SQL.</summary>
public sealed class SegmentTests
{
    private const string Odd = "O'Brien'); DROP TABLE families; --";

    private static Scenario Families() => new Scenario()
        // G1: attached on the first day of 2025/26 Q1 and closed on its last; a child whose 5th birthday is the day after attachment.
        .Family("G1", "2025-04-01", "2025-06-30", "true,true,true", "North").Person("G1", "A1", "1990-01-01", "parent_carer").Person("G1", "C1", "2020-04-02")
        .Need("G1", "1.4").Need("G1", "5.1").Need("G1", "2.1")
        // G2: attached on the last day of 2024/25 Q4, still open; a child 5 on the day of attachment; locality written with other case and spaces.
        .Family("G2", "2025-03-31", null, "false,true,true", " north ").Person("G2", "C2", "2020-03-31").Need("G2", "1.1", "C2")
        // G3: closed on the evaluation date (so not open at it); five members; a locality that would break SQL if it were text in it.
        .Family("G3", "2025-07-01", "2025-09-30", ",,", Odd).Person("G3", "A3", "1985-01-01", "parent_carer").Person("G3", "B3", "2010-01-01")
        .Person("G3", "C3", "2012-01-01").Person("G3", "D3", "2014-01-01").Person("G3", "E3", "2016-01-01");

    [Fact]
    public void Each_criterion_selects_its_families_on_the_boundaries()
    {
        var model = CohortModel.Default;
        (string Name, Segment Segment, string Expected)[] cases =
        [
            ("attached 2025/26 Q1", Segment.AttachedIn("2025/26 Q1"), "G1"),
            ("attached 2024/25", Segment.AttachedIn("2024/25"), "G2"),
            ("attached 2025/26", Segment.AttachedIn(Period.FinancialYear(2025)), "G1,G3"),
            ("closed 2025/26 Q1", Segment.ClosedIn("2025/26 Q1"), "G1"),
            ("open at T", Segment.OpenAt(), "G2"),
            ("open the day before", Segment.OpenAt(new DateOnly(2025, 9, 29)), "G2,G3"),
            ("closed by T", Segment.ClosedBy(), "G1,G3"),
            ("closed by G1's closure day", Segment.ClosedBy(new DateOnly(2025, 6, 30)), "G1"),
            // G3 is not open on 2025-06-29 only because it was not yet attached: it is not closed either.
            ("closed by the day before", Segment.ClosedBy(new DateOnly(2025, 6, 29)), ""),
            ("North", Segment.Locality("North"), "G1,G2"),
            ("odd", Segment.Locality(Odd), "G3"),
            ("lead practitioner", Segment.LeadPractitioner(), "G1"),
            ("no lead practitioner", Segment.LeadPractitioner(false), "G2"),
            ("not lead practitioner", !Segment.LeadPractitioner(), "G2,G3"),
            ("under 5", Segment.ChildUnder(5), "G1"),
            ("5 or more", Segment.FamilySize(min: 5), "G3"),
            ("2 or fewer", Segment.FamilySize(max: 2), "G1,G2"),
            ("need 2.1", Segment.NeedIdentified("2.1"), "G1"),
            ("headline 1", Segment.HeadlineIdentified(1), "G1,G2"),
            ("3 needs", Segment.NeedCount(3), "G1"),
            ("claim pending", Segment.ClaimStatus("pending"), "G1"),
            ("this year, not North", Segment.AttachedIn("2025/26") & !Segment.Locality("North"), "G3"),
            ("North or under 5", Segment.Locality("North") | Segment.ChildUnder(), "G1,G2"),
            ("model: open", model["open"], "G2"),
            ("model: closed", model["closed"], "G1,G3"),
            ("model: closed in 2025/26", model["closed_2025_26"], "G1,G3"),
        ];
        var selected = Families().Explore("2025-09-30", (connection, evaluation) =>
        {
            using var x = new CohortExplorer(connection, evaluation);
            return cases.Select(c => (c.Name, string.Join(",", x.FamilyIds(c.Segment)))).ToList();
        });
        Assert.Equal(cases.Select(c => (c.Name, c.Expected)), selected);
    }

    [Fact]
    public void Values_are_bound_parameters_never_sql_text()
    {
        var statement = Families().Explore("2025-09-30", (connection, evaluation) =>
        {
            using var x = new CohortExplorer(connection, evaluation);
            return x.Compile(Segment.Locality(Odd) & Segment.AttachedIn("2025/26 Q1") & Segment.NeedIdentified("2.1"));
        });
        Assert.DoesNotContain("O'Brien", statement.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("2025-04-01", statement.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("'2.1'", statement.Sql, StringComparison.Ordinal);
        Assert.Contains(Odd.ToLowerInvariant(), statement.Parameters);
        Assert.Contains(new DateOnly(2025, 4, 1), statement.Parameters);
        Assert.Contains("2.1", statement.Parameters);
    }

    [Fact]
    public void Segments_built_in_code_are_checked()
    {
        Assert.Contains("families has no column 'team'", Assert.Throws<ArgumentException>(() => Segment.Column("team", "Blue")).Message, StringComparison.Ordinal);
        Assert.Contains("not a value of families.closure_reason", Assert.Throws<ArgumentException>(() => Segment.Column("closure_reason", "done")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Segment.ClaimStatus("paid"));
        Assert.Throws<FormatException>(() => Segment.AttachedIn("2025/27"));
        Assert.Equal("closure reason stepped_up or stepped_down", Segment.Column("closure_reason", "Stepped_Up", "stepped_down").Describe());
    }

    [Fact]
    public void Financial_quarters_run_from_April()
    {
        Assert.Equal(new Period("2025/26 Q1", new DateOnly(2025, 4, 1), new DateOnly(2025, 6, 30)), Period.Parse("2025/26 Q1"));
        Assert.Equal(new Period("2025/26 Q4", new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31)), Period.QuarterOf(new DateOnly(2026, 3, 31)));
        Assert.Equal("2024/25 Q4", Period.QuarterOf(new DateOnly(2025, 3, 31)).Label);
        Assert.Equal("2025/26 Q1", Period.QuarterOf(new DateOnly(2025, 4, 1)).Label);
        Assert.Equal(["2024/25 Q3", "2024/25 Q4", "2025/26 Q1", "2025/26 Q2"], Period.QuartersEndingAt(new DateOnly(2025, 9, 30), 4).Select(p => p.Label));
        Assert.Equal(new Period("2099/00", new DateOnly(2099, 4, 1), new DateOnly(2100, 3, 31)), Period.Parse("2099/00"));
        Assert.Equal((new DateOnly(2025, 2, 1), new DateOnly(2025, 2, 28)), (Period.Parse("2025-02").From, Period.Parse("2025-02").To));
        Assert.Equal(new DateOnly(2025, 5, 2), Period.Parse("2025-04-01..2025-05-02").To);
        Assert.False(Period.TryParse("2025/26 Q5", out _));
    }
}
