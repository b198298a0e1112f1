namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// Hand-worked cases for the places where the differential test (tests/OutcomeAnalytics.Tests/Oracle) found the SQL
/// departing from the reference rules, each on its boundary.
/// </summary>
public sealed class DifferentialFindingsTests
{
    private static Scenario Adult(string code) => new Scenario()
        .Family("F1", "2023-03-01", "2023-09-30")
        .Person("F1", "A1", "1980-01-01", "parent_carer")
        .Need("F1", code, "A1");

    [Fact]
    public void Instrument_ChangeExactlyEqualToTheMinimum_IsImproved()
    {
        // "Improved when the follow-up is better … by at least min_change": GAD-7 12 -> 10 is a fall of exactly 2.
        var s = Adult("3.2").Assessment("A1", "GAD7", "2023-03-05", 12).Assessment("A1", "GAD7", "2023-06-01", 10);
        Assert.Equal("met", s.Evaluate("2024-06-01", "min_change=2").Status("F1", "3.2", "A1"));
        Assert.Equal("not_met", s.Evaluate("2024-06-01", "min_change=2.5").Status("F1", "3.2", "A1"));
    }

    [Fact]
    public void Instrument_NoChange_IsNotImproved_UnderTheDefaultMinimum()
    {
        // "(default: any strict improvement)": the same score twice is not an improvement.
        var s = Adult("3.2").Assessment("A1", "GAD7", "2023-03-05", 12).Assessment("A1", "GAD7", "2023-06-01", 12);
        Assert.Equal("not_met", s.Evaluate("2024-06-01").Status("F1", "3.2", "A1"));
    }

    [Fact]
    public void Need52_WithoutANamedPerson_ReadsTheFamilyMembersQuestionnaires()
    {
        // 5.2 is decided for the family when no person is named; its FRQ route reads the sittings of the family's members
        // (here the second parent's), each person's series on its own.
        Scenario S(decimal followUp) => new Scenario()
            .Family("F1", "2023-03-01", "2023-09-30")
            .Person("F1", "A1", "1980-01-01", "parent_carer").Person("F1", "A2", "1981-01-01", "parent_carer")
            .Need("F1", "5.2")
            .Assessment("A1", "FRQ", "2023-03-05", 50).Assessment("A2", "FRQ", "2023-03-06", 40).Assessment("A2", "FRQ", "2023-06-01", followUp);
        var met = S(60).Evaluate("2024-06-01").Need("F1", "5.2");
        Assert.Equal("met", met.Status);
        Assert.Contains("\"person_id\":\"A2\"", met.Detail.Replace(" ", "", StringComparison.Ordinal));
        // Not improved, and no evidence: every route has an answer, so the need is not met (not insufficient data).
        Assert.Equal("not_met", S(40).Evaluate("2024-06-01").Status("F1", "5.2"));
    }

    [Fact]
    public void Need11_WithoutANamedChild_WhileTheOutcomeTermsRun_IsOnePendingDecisionForTheFamily()
    {
        // Attached 1 September 2023; on 15 January 2024 only autumn 2023 has finished, so the pupils in scope cannot be
        // known yet: one pending decision for the family, not a decision for each child with autumn attendance.
        var e = new Scenario().Family("F1", "2023-09-01", "2024-03-31")
            .Person("F1", "C1", "2012-05-01").Person("F1", "C2", "2014-05-01")
            .Need("F1", "1.1")
            .Attendance("C1", "2023/24", "autumn", 100, 95).Attendance("C2", "2023/24", "autumn", 100, 80)
            .Evaluate("2024-01-15");
        var need = Assert.Single(e.Needs, n => n.NeedCode == "1.1");
        Assert.Equal((null, "pending"), (need.PersonId, need.Status));
        // Once spring has ended the scope is known: each child with attendance in the outcome terms.
        var later = new Scenario().Family("F1", "2023-09-01", "2024-03-31")
            .Person("F1", "C1", "2012-05-01").Person("F1", "C2", "2014-05-01")
            .Need("F1", "1.1")
            .Attendance("C1", "2023/24", "autumn", 100, 95).Attendance("C1", "2023/24", "spring", 100, 95)
            .Evaluate("2024-03-31");
        Assert.Equal("met", later.Status("F1", "1.1", "C1"));
        Assert.DoesNotContain(later.Needs, n => n.PersonId == "C2");
    }
}
