using OutcomeAnalytics.Impact;
using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Impact;

/// <summary>
/// The outcomes' windows worked by hand on three families: T supported (attached and identified 2024-03-04, so the
/// index date is 2024-03-04, the windows 2023-09-04 | 2024-03-04 | 2024-09-04, the placebo period from 2023-03-04);
/// W on the waiting list (identified 2023-05-01, attached 2024-01-15: untreated through its window to 2023-11-01);
/// S waiting too short (identified 2023-04-03, attached 2023-08-01, before its window ends).
/// </summary>
public sealed class ImpactOutcomeTests
{
    private const string AsAt = "2025-09-30";

    private static Scenario Families() => new Scenario()
        .Family("T", "2024-03-04").Person("T", "TP", "1990-01-01", "parent_carer").Person("T", "TC", "2012-05-01")
        .Need("T", "1.1", "TC").Need("T", "7.1", "TP", "offence").Need("T", "10.1", "TP")
        .Family("W", "2024-01-15").Person("W", "WP", "1985-01-01", "parent_carer")
        .Need("W", "3.2", "WP", identified: "2023-05-01").Need("W", "7.1", "WP", "offence", identified: "2023-05-01").Need("W", "9.1", identified: "2023-05-01")
        .Family("S", "2023-08-01").Person("S", "SP", "1980-01-01", "parent_carer")
        .Need("S", "7.1", "SP", "offence", identified: "2023-04-03").Need("S", "9.1", identified: "2023-04-03").Need("S", "3.2", "SP", identified: "2023-04-03");

    private static Dictionary<string, OutcomeValue[]> Values(Scenario s, out ImpactData data)
    {
        ImpactData? read = null;
        var values = s.Explore(AsAt, (connection, _) =>
        {
            read = ImpactData.Read(connection, DateOnly.Parse(AsAt, System.Globalization.CultureInfo.InvariantCulture), ImpactOutcome.All);
            return read.Values.ToDictionary(v => v.Key, v => v.Value);
        });
        data = read!;
        return values;
    }

    private static OutcomeValue Of(ImpactData data, OutcomeValue[] values, string family) => values.Single(v => data.FamilyIds[v.Family] == family);

    [Fact]
    public void Groups_WaitingListBy90Days_ShortWaitsLeftOutOfEventOutcomes()
    {
        var values = Values(Families().Incident("SP", "2023-05-01", "offence"), out var data);
        var waiting = data.FamilyIds.Select((id, i) => (id, data.Waiting[i])).OrderBy(x => x.id, StringComparer.Ordinal).ToList();
        Assert.Equal([("S", true), ("T", false), ("W", true)], waiting);
        var incidents = values["incidents"];
        Assert.Equal(["T", "W"], incidents.Select(v => data.FamilyIds[v.Family]).Order());
        Assert.True(Of(data, incidents, "T").Treated);
        Assert.False(Of(data, incidents, "W").Treated);
    }

    [Fact]
    public void Attendance_TermMidpointOnTheIndexDate_CountsAfter()
    {
        var s = Families()
            .Term("2022/23", "summer", "2023-04-17", "2023-07-21").Term("2023/24", "autumn", "2023-09-04", "2023-12-20")
            .Term("2023/24", "spring", "2024-01-04", "2024-05-03").Term("2023/24", "summer", "2024-05-06", "2024-07-19")
            .Attendance("TC", "2022/23", "summer", 100, 70)      // midpoint 2023-06-03: placebo period
            .Attendance("TC", "2023/24", "autumn", 100, 80)      // midpoint 2023-10-27: before
            .Attendance("TC", "2023/24", "spring", 100, 90)      // midpoint 2024-03-04, the index date: after
            .Attendance("TC", "2023/24", "summer", 50, 45);      // midpoint 2024-06-11: after
        var values = Values(s, out var data);
        var t = Of(data, values["attendance"], "T");
        Assert.Equal((80.0, 90.0, 70.0), (t.Before, t.After, t.Earlier!.Value));
    }

    [Fact]
    public void Incidents_CountedTypesPerPersonPerMonth_WindowStartInEndOut()
    {
        var s = Families()
            .Incident("TP", "2023-09-03", "offence")          // placebo period (last day)
            .Incident("TP", "2023-09-04", "offence")          // before (first day)
            .Incident("TC", "2024-03-03", "asb")              // before (last day)
            .Incident("TP", "2024-01-01", "domestic_abuse")   // not a counted type
            .Incident("TP", "2024-03-04", "arrest")           // after (first day)
            .Incident("TP", "2024-09-04", "offence")          // after the window
            .Incident("WP", "2023-06-01", "offence");         // W's after window
        var values = Values(s, out var data);
        var t = Of(data, values["incidents"], "T");
        Assert.Equal((2 / 12.0, 1 / 12.0, 1 / 12.0), (t.Before, t.After, t.Earlier!.Value));
        var w = Of(data, values["incidents"], "W");
        Assert.Equal((0.0, 1 / 6.0), (w.Before, w.After));
    }

    [Fact]
    public void Rereferral_FamilyOrPersonReferralToChildrensSocialCare()
    {
        var s = Families()
            .Referral("TC", null, "2024-01-10", "childrens_social_care")   // before, through the child
            .Referral(null, "T", "2024-09-03", "childrens_social_care")    // after (last day)
            .Referral(null, "T", "2023-06-01", "housing")                  // another service
            .Referral(null, "W", "2023-11-01", "childrens_social_care");   // the day after W's window
        var values = Values(s, out var data);
        var t = Of(data, values["rereferral"], "T");
        Assert.Equal((1.0, 1.0, 0.0), (t.Before, t.After, t.Earlier!.Value));
        Assert.Equal((0.0, 0.0), (Of(data, values["rereferral"], "W").Before, Of(data, values["rereferral"], "W").After));
    }

    [Fact]
    public void Employment_OutOfWorkOnTheIndexDate_InWorkSixMonthsLater()
    {
        var s = Families()
            .Employment("TP", "out_of_work_benefit", "2023-01-01", "2024-09-03").Employment("TP", "employed", "2024-09-04")
            .Employment("WP", "employed", "2020-01-01");   // in work on the index date: not counted
        var values = Values(s, out var data);
        var t = Of(data, values["employment"], "T");
        Assert.Equal((0.0, 1.0), (t.Before, t.After));
        Assert.DoesNotContain(values["employment"], v => data.FamilyIds[v.Family] == "W");
    }

    [Fact]
    public void Employment_AdultsOnly_ALeapDayBirthdayFallsOnFirstMarch()
    {
        // Born 29 February 2004: 17 on 28 February 2022 (not an adult, left out), 18 on 1 March 2022 (an adult).
        var s = new Scenario()
            .Family("E", "2022-02-28").Person("E", "EP", "2004-02-29", "parent_carer").Need("E", "10.1", "EP")
            .Family("M", "2022-03-01").Person("M", "MP", "2004-02-29", "parent_carer").Need("M", "10.1", "MP");
        foreach (var person in new[] { "EP", "MP" })
            s.Employment(person, "out_of_work_benefit", "2021-01-01", "2022-06-30").Employment(person, "employed", "2022-07-01");
        var values = Values(s, out var data);
        Assert.Equal(["M"], values["employment"].Select(v => data.FamilyIds[v.Family]));
        Assert.Equal(1.0, Of(data, values["employment"], "M").After);
    }

    [Fact]
    public void Questionnaires_FirstBaselineSitting_LastFollowUpBeforeAttachment()
    {
        var s = Families()
            .Assessment("TC", "SDQ", "2024-02-10", 20, "parent")   // 23 days before the index date: baseline
            .Assessment("TC", "SDQ", "2024-03-31", 18, "parent")   // 27 days after: baseline window, not the first
            .Assessment("TC", "SDQ", "2024-10-01", 15, "parent")
            .Assessment("TC", "SDQ", "2025-03-04", 12, "parent")   // 12 months after: the last in the follow-up window
            .Assessment("TC", "SDQ", "2025-03-05", 5, "parent")    // after the window
            .Assessment("WP", "WEMWBS", "2023-05-10", 40)
            .Assessment("WP", "WEMWBS", "2024-01-10", 45)          // before attachment (2024-01-15)
            .Assessment("WP", "WEMWBS", "2024-01-20", 50);         // after attachment: the comparison pool ends there
        var values = Values(s, out var data);
        var t = Of(data, values["sdq"], "T");
        Assert.Equal((20.0, 12.0, (double?)null), (t.Before, t.After, t.Earlier));
        var w = Of(data, values["wemwbs"], "W");
        Assert.Equal((40.0, 45.0, false), (w.Before, w.After, w.Treated));
    }
}
