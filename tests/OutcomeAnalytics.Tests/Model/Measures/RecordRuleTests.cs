using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Model.Measures;

/// <summary>Evidence, questionnaires, plans and exclusions, hand-worked on window boundaries.</summary>
public sealed class RecordRuleTests
{
    private const string Attached = "2023-03-01";
    private const string Closed = "2023-09-30";

    internal static Scenario Family(string code, string person = "A1", string born = "1980-01-01") => new Scenario()
        .Family("F1", Attached, Closed)
        .Person("F1", person, born, born.CompareTo("2005") < 0 ? "parent_carer" : "child")
        .Need("F1", code, person);

    [Theory]
    [InlineData("2023-02-28", "not_met")] // dated before attachment
    [InlineData(Attached, "met")]
    [InlineData("2024-06-01", "met")]     // on the evaluation date
    [InlineData("2024-06-02", "not_met")] // after it
    public void Evidence_CountsFromAttachmentToTheEvaluationDate(string date, string expected) =>
        Assert.Equal(expected, Family("9.1").Evidence("F1", "9.1", date, "A1").Evaluate("2024-06-01").Status("F1", "9.1", "A1"));

    [Fact]
    public void Evidence_FamilyLevelCountsForAPersonsNeed_ButAnotherPersonsDoesNot()
    {
        var s = Family("5.1").Person("F1", "A2", "1982-01-01", "parent_carer");
        Assert.Equal("met", s.Evidence("F1", "5.1", "2023-05-01").Evaluate("2024-06-01").Status("F1", "5.1", "A1"));
        var other = Family("5.1").Person("F1", "A2", "1982-01-01", "parent_carer").Evidence("F1", "5.1", "2023-05-01", "A2");
        Assert.Equal("not_met", other.Evaluate("2024-06-01").Status("F1", "5.1", "A1"));
    }

    [Fact]
    public void Evidence_NotMetResult_DoesNotCount() =>
        Assert.Equal("not_met", Family("9.2").Evidence("F1", "9.2", "2023-05-01", "A1", "not_improved").Evaluate("2024-06-01").Status("F1", "9.2", "A1"));

    [Fact]
    public void Instrument_BaselineUpToThirtyDaysAfterAttachment_AndFollowUpTwentyEightDaysLater()
    {
        // Baseline on A + 30 days (31 March), follow-up 28 days later (28 April): a WEMWBS rise of 5 is improved and reliable (>= 3).
        var e = Family("3.2").Assessment("A1", "WEMWBS", "2023-03-31", 40).Assessment("A1", "WEMWBS", "2023-04-28", 45).Evaluate("2024-06-01");
        var need = e.Need("F1", "3.2", "A1");
        Assert.Equal("met", need.Status);
        Assert.True(need.ReliableImprovement);
    }

    [Fact]
    public void Instrument_BaselineThirtyOneDaysAfterAttachment_IsNotABaseline()
    {
        var e = Family("3.2").Assessment("A1", "WEMWBS", "2023-04-01", 40).Assessment("A1", "WEMWBS", "2023-06-01", 45).Evaluate("2024-06-01");
        var need = e.Need("F1", "3.2", "A1");
        // any_of: the questionnaire route lacks data and the evidence route is not_met, so the need lacks data.
        Assert.Equal("insufficient_data", need.Status);
        Assert.Contains("No baseline questionnaire", need.Detail);
    }

    [Fact]
    public void Instrument_FollowUpTwentySevenDaysAfterBaseline_IsTooSoon()
    {
        var e = new Scenario().Family("F1", Attached, Closed).Person("F1", "C1", "2015-01-01").Need("F1", "2.3", "C1")
            .Assessment("C1", "ASQ", "2023-03-10", 20, "parent").Assessment("C1", "ASQ", "2023-04-06", 40, "parent").Evaluate("2024-06-01");
        Assert.Contains("No follow-up questionnaire", e.Need("F1", "2.3", "C1").Detail);
    }

    [Fact]
    public void Instrument_Detail_GivesTheBaselineCutOffAndTheFollowUpRule()
    {
        // Attached 1 March 2023: a baseline on or before A + 30 days (31 March 2023), a follow-up at least 28 days
        // after it and on or before T (1 June 2024); with other parameters the dates follow them.
        var s = Family("3.2").Assessment("A1", "WEMWBS", "2023-03-05", 40).Assessment("A1", "WEMWBS", "2023-06-01", 45);
        var questionnaire = s.Evaluate("2024-06-01").Need("F1", "3.2", "A1").PartDetail(0);
        Assert.Equal(("2023-03-31", "28", "2024-06-01"), (questionnaire.Field("baseline_until"), questionnaire.Field("followup_min_gap_days"), questionnaire.Field("followup_until")));
        var pair = Assert.Single(questionnaire.GetProperty("pairs").EnumerateArray());
        Assert.Equal(("2023-03-05", "2023-06-01"), (pair.Field("baseline_date"), pair.Field("followup_date")));
        var other = s.Evaluate("2024-06-01", "instrument_baseline_days=10", "instrument_min_gap_days=60").Need("F1", "3.2", "A1").PartDetail(0);
        Assert.Equal(("2023-03-11", "60", "2024-06-01"), (other.Field("baseline_until"), other.Field("followup_min_gap_days"), other.Field("followup_until")));
    }

    [Fact]
    public void Instrument_LowerIsBetter_ForGad7_AndReliableChangeIsFour()
    {
        var small = Family("3.2").Assessment("A1", "GAD7", "2023-03-05", 12).Assessment("A1", "GAD7", "2023-06-01", 9).Evaluate("2024-06-01").Need("F1", "3.2", "A1");
        Assert.Equal(("met", (bool?)false), (small.Status, small.ReliableImprovement));
        var large = Family("3.2").Assessment("A1", "GAD7", "2023-03-05", 12).Assessment("A1", "GAD7", "2023-06-01", 8).Evaluate("2024-06-01").Need("F1", "3.2", "A1");
        Assert.Equal(("met", (bool?)true), (large.Status, large.ReliableImprovement));
        var worse = Family("3.2").Assessment("A1", "GAD7", "2023-03-05", 12).Assessment("A1", "GAD7", "2023-06-01", 13).Evaluate("2024-06-01");
        Assert.Equal("not_met", worse.Status("F1", "3.2", "A1"));
    }

    [Fact]
    public void Instrument_SwemwbsRawTotals_AreConvertedToMetricScores()
    {
        // Raw 17 -> 16.88, raw 18 -> 17.43: improved by 0.55 metric points, not reliable (2.87).
        var need = Family("3.2").Assessment("A1", "SWEMWBS", "2023-03-05", 17).Assessment("A1", "SWEMWBS", "2023-06-01", 18).Evaluate("2024-06-01").Need("F1", "3.2", "A1");
        Assert.Equal("met", need.Status);
        Assert.False(need.ReliableImprovement);
        Assert.Contains("16.88", need.Detail);
        Assert.Contains("17.43", need.Detail);
    }

    [Theory]
    // "2.87 ≈ 2.77 SEM (Shah 2018)": the meaningful change is 2.87 metric points. Raw 26 -> 23.21.
    [InlineData(29, false)]   // raw 29 -> 26.02: up 2.81, at least 2.77 but below 2.87
    [InlineData(30, true)]    // raw 30 -> 27.03: up 3.82
    public void Instrument_SwemwbsReliableChange_Is287MetricPoints(int followUp, bool reliable)
    {
        var need = Family("3.2").Assessment("A1", "SWEMWBS", "2023-03-05", 26).Assessment("A1", "SWEMWBS", "2023-06-01", followUp).Evaluate("2024-06-01").Need("F1", "3.2", "A1");
        Assert.Equal(("met", (bool?)reliable), (need.Status, need.ReliableImprovement));
        Assert.Equal(2.87m, Assert.Single(need.PartDetail(0).GetProperty("pairs").EnumerateArray()).GetProperty("reliable_change").GetDecimal());
    }

    [Theory]
    // SDQ: "use Jacobson–Truax 1.96 × SD × √(2(1 − r)) with SD and r stored per informant". Parent reports: SD 5.8,
    // r 0.80, so 1.96 × 5.8 × √0.4 = 7.1898: a fall of 8 is reliable, a fall of 7 is not. No values are stored for
    // teacher or self reports, so whether their improvement is reliable is unknown (empty), not "no".
    [InlineData("parent", 14, true)]
    [InlineData("parent", 15, false)]
    [InlineData("teacher", 14, null)]
    [InlineData("self", 10, null)]
    public void Instrument_SdqReliableChange_DependsOnTheInformant(string informant, int followUp, bool? reliable)
    {
        var need = Family("3.1", "C1", "2012-05-01").Assessment("C1", "SDQ", "2023-03-05", 22, informant).Assessment("C1", "SDQ", "2023-06-01", followUp, informant)
            .Evaluate("2024-06-01").Need("F1", "3.1", "C1");
        Assert.Equal(("met", reliable), (need.Status, need.ReliableImprovement));
    }

    [Fact]
    public void Instrument_WithoutAPublishedReliableChange_LeavesReliabilityEmpty()
    {
        // AUDIT has no published reliable change: a fall from 20 to 5 is an improvement whose reliability is unknown.
        var need = Family("4.1").Assessment("A1", "AUDIT", "2023-03-05", 20).Assessment("A1", "AUDIT", "2023-06-01", 5).Evaluate("2024-06-01").Need("F1", "4.1", "A1");
        Assert.Equal(("met", (bool?)null), (need.Status, need.ReliableImprovement));
        // explain says so, rather than printing nothing.
        var explained = Family("4.1").Assessment("A1", "AUDIT", "2023-03-05", 20).Assessment("A1", "AUDIT", "2023-06-01", 5).Explain("F1", "2024-06-01");
        Assert.Contains("  Reliable improvement: not known (no reliable-change threshold for this questionnaire and informant)\n", explained);
        Assert.Contains("  Reliable improvement: yes\n", Family("3.2").Assessment("A1", "GAD7", "2023-03-05", 12).Assessment("A1", "GAD7", "2023-06-01", 8).Explain("F1", "2024-06-01"));
        // One improved series that is reliable decides, whatever the others: AUDIT (unknown) beside PHQ-9 down 7 (>= 6).
        var both = Family("3.2").Assessment("A1", "WEMWBS", "2023-03-05", 40).Assessment("A1", "WEMWBS", "2023-06-01", 42)
            .Assessment("A1", "PHQ9", "2023-03-05", 15).Assessment("A1", "PHQ9", "2023-06-01", 8).Evaluate("2024-06-01").Need("F1", "3.2", "A1");
        Assert.Equal(("met", (bool?)true), (both.Status, both.ReliableImprovement));
        // Improved but not reliably, each with a threshold: false. WEMWBS up 2 (< 3), PHQ-9 down 5 (< 6).
        var neither = Family("3.2").Assessment("A1", "WEMWBS", "2023-03-05", 40).Assessment("A1", "WEMWBS", "2023-06-01", 42)
            .Assessment("A1", "PHQ9", "2023-03-05", 15).Assessment("A1", "PHQ9", "2023-06-01", 10).Evaluate("2024-06-01").Need("F1", "3.2", "A1");
        Assert.Equal(("met", (bool?)false), (neither.Status, neither.ReliableImprovement));
    }

    [Fact]
    public void Instrument_MinChangeParameter_RaisesTheBar()
    {
        // "better … by at least min_change": a rise of 2 meets a minimum of 2 and fails a minimum of 3.
        var s = Family("3.2").Assessment("A1", "WEMWBS", "2023-03-05", 40).Assessment("A1", "WEMWBS", "2023-06-01", 42);
        Assert.Equal("met", s.Evaluate("2024-06-01").Status("F1", "3.2", "A1"));
        Assert.Equal("met", s.Evaluate("2024-06-01", "min_change=2").Status("F1", "3.2", "A1"));
        Assert.Equal("not_met", s.Evaluate("2024-06-01", "min_change=3").Status("F1", "3.2", "A1"));
    }

    [Fact]
    public void Need61_PlanSteppedDownSinceAttachment_AndNoneOpen_WithEvidence_IsMet()
    {
        var s = Family("6.1", "C1", "2012-01-01").Plan("C1", "child_in_need", "2022-12-01", Attached, "stepped_down").Evidence("F1", "6.1", "2023-09-01", "C1");
        Assert.Equal("met", s.Evaluate("2024-06-01").Status("F1", "6.1", "C1"));
        s.Plan("C1", "early_help", "2023-03-02");
        Assert.Equal("not_met", s.Evaluate("2024-06-01").Status("F1", "6.1", "C1"));
    }

    [Fact]
    public void Need61_Detail_GivesTheWindowFromAttachmentToTheEvaluationDate()
    {
        var need = Family("6.1", "C1", "2012-01-01").Plan("C1", "child_in_need", "2022-12-01", Attached, "stepped_down").Evidence("F1", "6.1", "2023-09-01", "C1")
            .Evaluate("2024-06-01").Need("F1", "6.1", "C1");
        var plans = need.PartDetail(0);
        Assert.Equal((Attached, "2024-06-01"), (plans.GetProperty("window").Field("from"), plans.GetProperty("window").Field("to")));
        Assert.Equal(Attached, Assert.Single(plans.GetProperty("plans").EnumerateArray()).Field("end"));
    }

    [Fact]
    public void Need61_PlanThatEndedTheDayBeforeAttachment_DoesNotCount()
    {
        var s = Family("6.1", "C1", "2012-01-01").Plan("C1", "child_protection", "2022-06-01", "2023-02-28", "closed").Evidence("F1", "6.1", "2023-09-01", "C1");
        Assert.Equal("not_met", s.Evaluate("2024-06-01").Status("F1", "6.1", "C1"));
    }

    [Fact]
    public void Need13_FewerDaysLostInTheOutcomeTerms_IsMet_UnlessAPermanentExclusion()
    {
        // Attached 1 September 2023: baseline terms spring and summer 2023, outcome terms autumn 2023 and spring 2024.
        // The SDQ did not improve, so the exclusions route decides.
        Scenario S() => new Scenario().Family("F1", "2023-09-01", "2024-03-31").Person("F1", "C1", "2012-01-01").Need("F1", "1.3", "C1")
            .Assessment("C1", "SDQ", "2023-09-05", 18, "parent").Assessment("C1", "SDQ", "2024-01-10", 18, "parent")
            .Exclusion("C1", "2023-01-10", "suspension", 3).Exclusion("C1", "2023-08-31", "suspension", 2);
        Assert.Equal("met", S().Exclusion("C1", "2024-03-31", "suspension", 4.5m).Evaluate("2024-04-01").Status("F1", "1.3", "C1"));
        Assert.Equal("not_met", S().Exclusion("C1", "2023-09-01", "suspension", 5).Evaluate("2024-04-01").Status("F1", "1.3", "C1"));
        Assert.Equal("not_met", S().Exclusion("C1", "2023-10-01", "permanent", 0).Evaluate("2024-04-01").Status("F1", "1.3", "C1"));
    }

    [Fact]
    public void Need13_Detail_GivesTheBaselineAndOutcomeTermsCompared_EachOnce()
    {
        // Attached 1 September 2023, evaluated 1 April 2024 on the default calendar: baseline terms spring and summer
        // 2023, outcome terms autumn 2023 and spring 2024. Autumn holds two exclusions and is still listed once.
        var need = new Scenario().Family("F1", "2023-09-01", "2024-03-31").Person("F1", "C1", "2012-01-01").Need("F1", "1.3", "C1")
            .Exclusion("C1", "2023-01-10", "suspension", 3).Exclusion("C1", "2023-08-31", "suspension", 2)
            .Exclusion("C1", "2023-10-02", "suspension", 1).Exclusion("C1", "2023-11-06", "suspension", 0.5m)
            .Evaluate("2024-04-01").Need("F1", "1.3", "C1");
        var exclusions = need.PartDetail(0);
        static (string, string, string)[] Terms(System.Text.Json.JsonElement terms) =>
            [.. terms.EnumerateArray().Select(t => (t.Field("term"), t.Field("start"), t.Field("end")))];
        Assert.Equal([("2022/23 spring", "2023-01-01", "2023-03-31"), ("2022/23 summer", "2023-04-01", "2023-08-31")], Terms(exclusions.GetProperty("baseline_terms")));
        Assert.Equal([("2023/24 autumn", "2023-09-01", "2023-12-31"), ("2023/24 spring", "2024-01-01", "2024-03-31")], Terms(exclusions.GetProperty("outcome_terms")));
        Assert.Equal((5m, 1.5m), (exclusions.GetProperty("baseline_days_lost").GetDecimal(), exclusions.GetProperty("outcome_days_lost").GetDecimal()));
        Assert.Equal(2, exclusions.GetProperty("outcome_exclusions").GetArrayLength());
        Assert.Equal("met", need.Status);
    }

    [Fact]
    public void Instrument_TwoUsesInOneRule_EachCountsOnlyItsOwnInstruments()
    {
        // Uses of a kind that differ only in their instruments share a statement; two in the same need must not
        // see each other's questionnaires. SDQ improved (met); GAD7 got worse (lower is better: not met).
        var framework = QuestionnaireFramework.Parse("two.yaml", """
              - code: "3.1"
                headline: 1
                title: Both questionnaires improved
                scope: person
                rule:
                  all_of:
                    - { measure: instrument_improvement, instruments: [SDQ] }
                    - { measure: instrument_improvement, instruments: [GAD7] }
            """);
        var e = new Scenario()
            .Family("F1", "2024-01-10", "2024-12-31").Person("F1", "C1", "2010-05-01").Need("F1", "3.1", "C1")
            .Assessment("C1", "SDQ", "2024-01-15", 20).Assessment("C1", "SDQ", "2024-06-15", 12)
            .Assessment("C1", "GAD7", "2024-01-15", 5).Assessment("C1", "GAD7", "2024-06-15", 9)
            .Evaluate(framework, "2025-09-30");
        var need = Assert.Single(e.Needs);
        Assert.Equal(("F1", "3.1", "C1"), (need.FamilyId, need.NeedCode, need.PersonId));
        Assert.Equal("not_met", need.Status);
        using var detail = System.Text.Json.JsonDocument.Parse(need.Detail);
        var parts = detail.RootElement.GetProperty("parts");
        Assert.Equal("met", parts[0].GetProperty("status").GetString());
        Assert.Equal("SDQ", parts[0].GetProperty("detail").GetProperty("instruments").GetString());
        Assert.Equal("not_met", parts[1].GetProperty("status").GetString());
        Assert.Equal("GAD7", Assert.Single(parts[1].GetProperty("detail").GetProperty("pairs").EnumerateArray()).GetProperty("instrument").GetString());
    }
}
