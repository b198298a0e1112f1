using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// Rules that read the post-closure window (C, C + 6 months] and the pre-closure month [C - 1 month, C]:
/// crime (7.1 to 7.3), missing children (6.2), domestic abuse (8.x), work (10.1) and NEET (10.3).
/// Attached 1 March 2023, closed 30 September 2023: baseline [1 March 2022, 1 March 2023), post-closure window
/// (30 September 2023, 30 March 2024], pre-closure month [30 August 2023, 30 September 2023].
/// </summary>
public sealed class ClosureWindowRuleTests
{
    private const string Attached = "2023-03-01";
    private const string Closed = "2023-09-30";
    private const string WindowEnd = "2024-03-30";

    internal static Scenario Adult(string code = "7.1", string? basis = null) => new Scenario()
        .Family("F1", Attached, Closed)
        .Person("F1", "A1", "1980-01-01", "parent_carer")
        .Need("F1", code, "A1", basis);

    internal static Scenario Incidents(Scenario s, string person, int count, string firstDate = "2022-06-01", string type = "offence")
    {
        var date = DateOnly.Parse(firstDate, System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++) s.Incident(person, date.AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), type);
        return s;
    }

    [Fact]
    public void Need71_LowBaselineAndNoneAfterClosure_IsMet_OnlyOnceTheWindowHasEnded()
    {
        var s = Incidents(Adult(), "A1", 3);
        Assert.Equal("pending", s.Evaluate("2024-03-29").Status("F1", "7.1", "A1"));
        Assert.Equal("met", s.Evaluate(WindowEnd).Status("F1", "7.1", "A1"));
    }

    [Fact]
    public void Need71_BaselineWindow_IncludesItsFirstDay_AndExcludesTheAttachmentDay()
    {
        // 7 in the baseline (zero route) plus one on 1 March 2022 (counted: 8, reduction route) and one on the attachment day (not counted).
        var s = Incidents(Adult(), "A1", 7).Incident("A1", "2022-03-01", "arrest").Incident("A1", Attached, "arrest");
        var detail = s.Evaluate(WindowEnd).Need("F1", "7.1", "A1").Detail;
        Assert.Contains("\"baseline_count\":8", detail);
        Assert.Contains("\"route\":\"reduction\"", detail);
    }

    [Theory]
    [InlineData(Closed, "met")]        // on the closure day: outside (C, C + 6 months]
    [InlineData("2023-10-01", "not_met")]
    [InlineData(WindowEnd, "not_met")] // the window's last day is inside
    [InlineData("2024-03-31", "met")]  // the day after it is not
    public void Need71_ZeroRoute_AnyIncidentInsideThePostClosureWindowFails(string date, string expected) =>
        Assert.Equal(expected, Incidents(Adult(), "A1", 2).Incident("A1", date, "asb").Evaluate("2024-06-01").Status("F1", "7.1", "A1"));

    [Theory]
    [InlineData(2, "met")]      // 8 before attachment: at most 0.5 x 8 x 6/12 = 2 after closure
    [InlineData(3, "not_met")]
    public void Need71_ReductionRoute_HalvesTheTwelveMonthRate(int after, string expected)
    {
        var s = Incidents(Adult(), "A1", 8);
        Incidents(s, "A1", after, "2023-11-01");
        Assert.Equal(expected, s.Evaluate(WindowEnd).Status("F1", "7.1", "A1"));
    }

    [Fact]
    public void Need71_ConsistentMeasure_CountsOnlyTheBasisType()
    {
        // Identified on arrests: an ASB incident after closure does not count, an arrest does.
        var s = Incidents(Adult(basis: "arrest"), "A1", 2, type: "arrest").Incident("A1", "2023-11-01", "asb");
        Assert.Equal("met", s.Evaluate(WindowEnd).Status("F1", "7.1", "A1"));
        s.Incident("A1", "2023-12-01", "arrest");
        Assert.Equal("not_met", s.Evaluate(WindowEnd).Status("F1", "7.1", "A1"));
    }

    [Theory]
    [InlineData("arrest")]
    [InlineData("Arrest")]   // the basis is free text: it names the type whatever its case
    [InlineData("ARREST")]
    public void Need71_ConsistentMeasure_MatchesTheBasisWhateverItsCase(string basis)
    {
        // 2 arrests and 6 ASB incidents before attachment, 3 ASB after closure. On arrests: N = 2, P = 0, met. Were
        // the basis ignored, N = 8 and P = 3 > 0.5 × 8 × 6/12 = 2 allowed: not met.
        var s = Incidents(Incidents(Adult(basis: basis), "A1", 2, type: "arrest"), "A1", 6, "2022-07-01", "asb");
        Incidents(s, "A1", 3, "2023-11-01", "asb");
        var need = s.Evaluate(WindowEnd).Need("F1", "7.1", "A1");
        Assert.Equal("met", need.Status);
        Assert.Equal(("2", "0", "zero", "0.0"), (need.DetailJson().Field("baseline_count"), need.DetailJson().Field("post_closure_count"), need.DetailJson().Field("route"), need.DetailJson().Field("allowed")));  // the zero route allows none
    }

    [Fact]
    public void Need71_NamedOnArrests_AndAlsoIdentifiedForTheFamily_IsJudgedOnceOnTheNamedBasis()
    {
        // (F1, 7.1, A1, arrest) beside (F1, 7.1, no one): A1 is judged once, on arrests (N = 2, P = 0, met), not also
        // on every counted type (N = 8, P = 3 > 2 allowed, not met).
        var s = Incidents(Incidents(Adult(basis: "arrest"), "A1", 2, type: "arrest"), "A1", 6, "2022-07-01", "asb").Need("F1", "7.1");
        Incidents(s, "A1", 3, "2023-11-01", "asb");
        var rows = s.Evaluate(WindowEnd).Needs.Where(n => n.NeedCode == "7.1").ToList();
        Assert.Equal(("A1", "met"), (Assert.Single(rows).PersonId, rows[0].Status));
    }

    private static Scenario Young(string? basis = null) => new Scenario()
        .Family("F1", Attached, Closed).Person("F1", "Y1", "2008-01-01").Need("F1", "7.3", "Y1", basis);

    [Fact]
    public void Need73_SevereIncidentAfterClosure_FailsTheReductionRoute()
    {
        // 8 before attachment: at most 0.5 x 8 x 6/12 = 2 after closure. Two are allowed; one of them severe is not
        // ("the reduction route also needs no severe incident in PC").
        var s = Incidents(Young(), "Y1", 8);
        s.Incident("Y1", "2023-11-01", "offence");
        s.Incident("Y1", "2023-11-02", "offence");
        Assert.Equal("met", s.Evaluate(WindowEnd).Status("F1", "7.3", "Y1"));
        var severe = Incidents(Young(), "Y1", 8).Incident("Y1", "2023-11-01", "offence").Incident("Y1", "2023-11-02", "offence", severe: true);
        var need = severe.Evaluate(WindowEnd).Need("F1", "7.3", "Y1");
        Assert.Equal("not_met", need.Status);
        Assert.Equal("8 counted incidents before attachment: 2 after closure against at most 2 allowed, and 1 severe.", need.Reason);
    }

    [Theory]
    [InlineData(Closed, "met")]        // on the closure day: outside (C, C + 6 months]
    [InlineData(WindowEnd, "not_met")] // the window's last day is inside
    [InlineData("2024-03-31", "met")]  // the day after it is not
    public void Need73_ASevereIncidentOfATypeTheNeedDoesNotCount_StillFailsTheReductionRoute(string date, string expected)
    {
        // Identified on ASB (the consistent measure counts only ASB): 5 before attachment, 1 after closure (at most
        // 1.25). A severe offence is not counted in P, but the rule asks for no severe incident at all in PC.
        // An arrest after closure, not severe (its severe cell empty), is neither counted nor listed.
        var s = Incidents(Young(basis: "asb"), "Y1", 5, type: "asb").Incident("Y1", "2023-11-01", "asb").Incident("Y1", "2023-11-03", "arrest")
            .Incident("Y1", date, "offence", severe: true);
        var need = s.Evaluate("2024-06-01").Need("F1", "7.3", "Y1");
        Assert.Equal(expected, need.Status);
        Assert.Contains("\"post_closure_count\":1", need.Detail);
        Assert.Contains($"\"severe_post_closure\":{(expected == "met" ? 0 : 1)}", need.Detail);
        // The severe record is listed for the auditor, marked as not counted; nothing else uncounted is.
        Assert.Equal(expected == "not_met", need.Detail.Contains("\"type\":\"offence\",\"severe\":true,\"counted\":false", StringComparison.Ordinal));
        Assert.Equal(expected == "not_met" ? 1 : 0, need.Detail.Split("\"counted\":false").Length - 1);
    }

    [Fact]
    public void Need73_ZeroRoute_IsNotBlockedByASevereIncidentOfAnUncountedType()
    {
        // N = 2 (at most 4): met when P = 0; severity belongs to the reduction route only.
        var s = Incidents(Young(basis: "asb"), "Y1", 2, type: "asb").Incident("Y1", "2023-11-01", "offence", severe: true);
        Assert.Equal("met", s.Evaluate(WindowEnd).Status("F1", "7.3", "Y1"));
    }

    [Fact]
    public void Need71_ASevereIncident_DoesNotBlockTheReductionRoute()
    {
        // 7.1 has no severity condition: 8 before, 2 after (at most 2), one of them severe.
        var s = Incidents(Adult(basis: "offence"), "A1", 8).Incident("A1", "2023-11-01", "offence").Incident("A1", "2023-11-02", "offence", severe: true)
            .Incident("A1", "2023-11-03", "arrest", severe: true);
        var need = s.Evaluate(WindowEnd).Need("F1", "7.1", "A1");
        Assert.Equal("met", need.Status);
        // Severity is not 7.1's concern: not counted in its detail, and an uncounted severe arrest is not listed.
        Assert.Contains("\"severe_post_closure\":null", need.Detail);
        Assert.DoesNotContain("\"counted\":false", need.Detail);
    }

    [Theory]
    [InlineData(new string[0], "not_met")]                          // N = 5 <= 7: zero route, and P = 1
    [InlineData(new[] { "adult_zero_route_max=5" }, "not_met")]     // N = 5 <= 5: still the zero route
    [InlineData(new[] { "adult_zero_route_max=4" }, "met")]         // N = 5 > 4: at most 0.5 x 5 x 6/12 = 1.25
    public void Need71_TheZeroRouteMaximum_IsAParameter_AndTheReductionRouteStartsAboveIt(string[] parameters, string expected)
    {
        var s = Incidents(Adult(), "A1", 5).Incident("A1", "2023-11-01", "offence");
        Assert.Equal(expected, s.Evaluate(WindowEnd, parameters).Status("F1", "7.1", "A1"));
    }

    [Fact]
    public void ANegativeZeroRouteMaximum_IsRefused_NamingTheNeedAndTheParameter()
    {
        var e = Assert.Throws<FormatException>(() => FrameworkLoader.Get("phase3").Bind(ParameterSet.ParsePairs(["adult_zero_route_max=-1", "young_zero_route_max=-2"])));
        Assert.Equal(string.Join(Environment.NewLine,
            "need 7.1: zero_route_max ($adult_zero_route_max = -1) is below 0: it is a count of incidents, and with it no baseline would take the zero route",
            "need 7.3: zero_route_max ($young_zero_route_max = -2) is below 0: it is a count of incidents, and with it no baseline would take the zero route"), e.Message);
    }

    [Fact]
    public void Need71_WithoutANamedPerson_JudgesAdultsByAgeAtAttachment()
    {
        // Y1 turns 18 after attachment (2 March 2023): a young person for the whole episode, so not in 7.1's scope.
        var e = new Scenario().Family("F1", Attached, Closed)
            .Person("F1", "A1", "1980-01-01", "parent_carer").Person("F1", "A2", "2005-03-01", "other_adult").Person("F1", "Y1", "2005-03-02")
            .Need("F1", "7.1")
            .Evaluate(WindowEnd);
        Assert.Equal(["A1", "A2"], e.Needs.Where(n => n.NeedCode == "7.1").Select(n => n.PersonId!).Order());
    }

    [Fact]
    public void Need71_NoAdultInTheFamily_IsInsufficientData()
    {
        var e = new Scenario().Family("F1", Attached, Closed).Person("F1", "Y1", "2008-01-01").Need("F1", "7.1").Evaluate(WindowEnd);
        var need = e.Need("F1", "7.1");
        Assert.Equal("insufficient_data", need.Status);
        Assert.Contains("No family member", need.Reason);
    }

    internal static Scenario Missing() => new Scenario()
        .Family("F1", Attached, Closed)
        .Person("F1", "C1", "2012-01-01")
        .Need("F1", "6.2", "C1")
        .Evidence("F1", "6.2", "2023-09-01", "C1");

    [Theory]
    [InlineData("2023-08-29", "met")]     // the day before the pre-closure month
    [InlineData("2023-08-30", "not_met")] // C - 1 month: inside
    [InlineData(Closed, "not_met")]       // C: inside
    public void Need62_MissingEpisodeInTheMonthBeforeClosure_Fails(string date, string expected) =>
        Assert.Equal(expected, Missing().Incident("C1", date, "missing_episode").Evaluate(WindowEnd).Status("F1", "6.2", "C1"));

    [Theory]
    [InlineData(Closed, "met")]
    [InlineData(WindowEnd, "not_met")]
    public void Need62_ReferralToChildrensSocialCareAfterClosure_Fails(string date, string expected) =>
        Assert.Equal(expected, Missing().Referral(null, "F1", date, "childrens_social_care").Evaluate(WindowEnd).Status("F1", "6.2", "C1"));

    [Fact]
    public void Need62_Details_GiveEachWindowWithItsBounds_InTheSameKeys()
    {
        // The missing-episode part reads the pre-closure month [C - 1 month, C], the referral part the post-closure
        // window (C, C + 6 months]: each names its window and dates, so an auditor can check the records against them.
        var need = Missing().Referral(null, "F1", "2023-12-01", "childrens_social_care").Evaluate(WindowEnd).Need("F1", "6.2", "C1");
        Assert.Equal("not_met", need.Status);
        var incidents = need.PartDetail(0).GetProperty("window");
        Assert.Equal(("pre_closure", "2023-08-30", Closed), (incidents.Field("name"), incidents.Field("from"), incidents.Field("to")));
        var referrals = need.PartDetail(1);
        var window = referrals.GetProperty("window");
        Assert.Equal(("post_closure", Closed, WindowEnd), (window.Field("name"), window.Field("from"), window.Field("to")));
        Assert.Equal("childrens_social_care", referrals.Field("services"));
        Assert.Equal("2023-12-01", Assert.Single(referrals.GetProperty("referrals").EnumerateArray()).Field("date"));
    }

    [Fact]
    public void Need62_WithoutEvidence_IsNotMetEvenWithCleanWindows()
    {
        var e = new Scenario().Family("F1", Attached, Closed).Person("F1", "C1", "2012-01-01").Need("F1", "6.2", "C1").Evaluate(WindowEnd);
        Assert.Equal("not_met", e.Status("F1", "6.2", "C1"));
    }

    [Fact]
    public void Need81_DomesticAbuseIncidentOfAnyMemberBeforeClosure_Fails()
    {
        var s = new Scenario().Family("F1", Attached, Closed)
            .Person("F1", "A1", "1980-01-01", "parent_carer").Person("F1", "C1", "2012-01-01")
            .Need("F1", "8.1").Evidence("F1", "8.1", "2023-09-01");
        Assert.Equal("met", s.Evaluate(WindowEnd).Status("F1", "8.1"));
        s.Incident("C1", "2023-09-15", "domestic_abuse");
        Assert.Equal("not_met", s.Evaluate(WindowEnd).Status("F1", "8.1"));
    }

    [Theory]
    [InlineData(WindowEnd, "met")]     // employed until the end of the post-closure window: not ended before it
    [InlineData("2024-03-29", "not_met")]
    public void Need101_EmploymentMustLastToTheEndOfThePostClosureWindow(string end, string expected)
    {
        var e = Adult("10.1").Employment("A1", "employed", Attached, end).Evaluate("2024-06-01");
        Assert.Equal(expected, e.Status("F1", "10.1", "A1"));
    }

    [Fact]
    public void Need101_EmploymentThatStartedBeforeAttachment_DoesNotCount()
    {
        var e = Adult("10.1").Employment("A1", "employed", "2023-02-28").Evaluate("2024-06-01");
        Assert.Equal("not_met", e.Status("F1", "10.1", "A1"));
    }

    [Fact]
    public void Need103_LatestStatusEetWithNoNeetAfterClosure_IsMet()
    {
        var s = new Scenario().Family("F1", Attached, Closed).Person("F1", "Y1", "2007-01-01").Need("F1", "10.3", "Y1")
            .Eet("Y1", "2023-04-01", "neet").Eet("Y1", "2023-09-01", "eet");
        Assert.Equal("met", s.Evaluate("2024-06-01").Status("F1", "10.3", "Y1"));
        s.Eet("Y1", "2023-12-01", "neet").Eet("Y1", "2024-02-01", "eet");
        Assert.Equal("not_met", s.Evaluate("2024-06-01").Status("F1", "10.3", "Y1"));
    }

    [Fact]
    public void Need103_Detail_GivesTheEvaluationDateTheLatestStatusIsReadAt_AndThePostClosureWindow()
    {
        // The latest status on or before T (1 June 2024) is eet on 1 February 2024; the NEET on 1 July 2024 is after
        // T. One NEET (1 December 2023) falls in (30 September 2023, 30 March 2024], so the route is not met.
        var need = new Scenario().Family("F1", Attached, Closed).Person("F1", "Y1", "2007-01-01").Need("F1", "10.3", "Y1")
            .Eet("Y1", "2023-09-01", "eet").Eet("Y1", "2023-12-01", "neet").Eet("Y1", "2024-02-01", "eet").Eet("Y1", "2024-07-01", "neet")
            .Evaluate("2024-06-01").Need("F1", "10.3", "Y1");
        var eet = need.PartDetail(0);
        Assert.Equal(("eet", "2024-02-01", "2024-06-01"), (eet.Field("latest"), eet.Field("latest_date"), eet.Field("evaluation_date")));
        Assert.Equal(("1", Closed, WindowEnd), (eet.Field("neet_after_closure"), eet.Field("post_closure_from"), eet.Field("post_closure_to")));
        Assert.Equal("not_met", need.Status);
    }
}
