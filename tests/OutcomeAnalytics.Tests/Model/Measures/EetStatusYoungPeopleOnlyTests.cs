using OutcomeAnalytics.Model;
using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Model.Measures;

/// <summary>
/// eet_status with <c>young_people_only</c>: Herefordshire's problem 4 (worklessness) is a problem any member can have,
/// and its measure 13 has a young person's route, "young person not registered as NEET" (part 1 of the any_of). An
/// adult is not judged by that route: it is not met for anyone 18 or over at attachment, so an adult with no
/// education, employment or training status is not left lacking data by it. Family F1 attached 1 December 2023,
/// closed 31 January 2024, judged 1 September 2024 (after the 6 months from closure).
/// </summary>
public sealed class EetStatusYoungPeopleOnlyTests
{
    private static readonly Framework Herefordshire = FrameworkLoader.Get("herefordshire-2020");

    private static (string Status, string Reason) Route(string born, Func<Scenario, Scenario>? records = null)
    {
        var s = new Scenario().Family("F1", "2023-12-01", "2024-01-31").Person("F1", "P1", born).Need("F1", "4", "P1", framework: "herefordshire-2020");
        var need = (records?.Invoke(s) ?? s).Evaluate(Herefordshire, "2024-09-01").Need("F1", "4", "P1");
        var (status, reason, _) = need.Part(1);
        return (status, reason);
    }

    [Fact]
    public void EighteenOnTheDayOfAttachment_IsAnAdult_TheRouteIsNotMet()
    {
        Assert.Equal(("not_met", "This route is for young people, and the person was 18 or over at attachment."), Route("2005-12-01"));
        // With the other routes not met either, the problem is not met rather than lacking data.
        var s = new Scenario().Family("F1", "2023-12-01", "2024-01-31").Person("F1", "P1", "2005-12-01").Need("F1", "4", "P1", framework: "herefordshire-2020");
        Assert.Equal("not_met", s.Evaluate(Herefordshire, "2024-09-01").Status("F1", "4", "P1"));
    }

    [Fact]
    public void SeventeenOnTheDayOfAttachment_IsJudgedByTheRoute()
    {
        // A day younger: still 17 on 1 December 2023. No status recorded: lacking data; in education since February: met.
        Assert.Equal("insufficient_data", Route("2005-12-02").Status);
        Assert.Equal("met", Route("2005-12-02", s => s.Eet("P1", "2024-02-01", "eet")).Status);
    }

    [Fact]
    public void ALeapDayBirthday_FallsOnFirstMarch()
    {
        // Born 29 February 2004, attached 28 February 2022: 17 (the route judges); attached 1 March 2022: 18 (not met).
        static string At(string attached) =>
            new Scenario().Family("F1", attached, "2022-06-30").Person("F1", "P1", "2004-02-29").Need("F1", "4", "P1", framework: "herefordshire-2020")
                .Eet("P1", "2022-07-01", "eet").Evaluate(Herefordshire, "2023-06-01").Need("F1", "4", "P1").Part(1).Status;
        Assert.Equal("met", At("2022-02-28"));
        Assert.Equal("not_met", At("2022-03-01"));
    }
}
