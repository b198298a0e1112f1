namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// Every phase 3 need, decided once met and once not met by a hand-worked case. Attached 1 March 2023, closed
/// 30 September 2023, evaluated 1 June 2024 (after the post-closure window ending 30 March 2024). People: an adult
/// A1 (born 1980), a child C1 (born 2012), a young person Y1 (born 2007) and a young child B1 (born 2021).
/// </summary>
public sealed class EveryNeedTests
{
    private const string AsAt = "2024-06-01";

    private static Scenario Family() => new Scenario()
        .Family("F1", "2023-03-01", "2023-09-30")
        .Person("F1", "A1", "1980-01-01", "parent_carer")
        .Person("F1", "C1", "2012-01-01")
        .Person("F1", "Y1", "2007-01-01")
        .Person("F1", "B1", "2021-01-01");

    /// <summary>For each need: who it is for, what makes it met, and what then makes it not met.</summary>
    private static readonly Dictionary<string, (string? Person, Action<Scenario> Met, Action<Scenario> Spoil)> Cases = new()
    {
        // Outcome terms at 1 June 2024: autumn 2023 and spring 2024. Baseline terms at 1 March 2023: summer 2022 and autumn 2022.
        ["1.1"] = ("C1", s => s.Attendance("C1", "2023/24", "autumn", 100, 95).Attendance("C1", "2023/24", "spring", 100, 95),
                         s => s.Attendance("C1", "2023/24", "summer", 100, 0).Replace("C1", "2023/24", "spring", 100, 70)),
        ["1.2"] = ("C1", s => s.Attendance("C1", "2021/22", "summer", 100, 30).Attendance("C1", "2022/23", "autumn", 100, 30)
                                .Attendance("C1", "2023/24", "autumn", 100, 60).Attendance("C1", "2023/24", "spring", 100, 60),
                         s => s.Replace("C1", "2023/24", "spring", 100, 30)),
        ["1.3"] = ("C1", s => s.Assessment("C1", "SDQ", "2023-03-05", 20, "parent").Assessment("C1", "SDQ", "2023-07-01", 15, "parent"),
                         s => s.Assessment("C1", "SDQ", "2023-07-01", 25, "parent")),
        ["2.3"] = ("B1", s => s.Assessment("B1", "ASQ", "2023-03-05", 20, "parent").Assessment("B1", "ASQ", "2023-07-01", 35, "parent"),
                         s => s.Assessment("B1", "ASQ", "2023-07-01", 10, "parent")),
        ["3.1"] = ("C1", s => s.Assessment("C1", "RCADS", "2023-03-05", 70, "self").Assessment("C1", "RCADS", "2023-07-01", 60, "self"),
                         s => s.Assessment("C1", "RCADS", "2023-07-01", 75, "self")),
        ["3.2"] = ("A1", s => s.Assessment("A1", "PHQ9", "2023-03-05", 15).Assessment("A1", "PHQ9", "2023-07-01", 8),
                         s => s.Assessment("A1", "PHQ9", "2023-07-01", 16)),
        ["4.1"] = ("A1", s => s.Assessment("A1", "AUDITC", "2023-03-05", 9).Assessment("A1", "AUDITC", "2023-07-01", 4),
                         s => s.Assessment("A1", "AUDITC", "2023-07-01", 10)),
        ["4.2"] = ("Y1", s => s.Assessment("Y1", "CRAFFT", "2023-03-05", 4).Assessment("Y1", "CRAFFT", "2023-07-01", 1),
                         s => s.Assessment("Y1", "CRAFFT", "2023-07-01", 5)),
        ["5.2"] = ("A1", s => s.Assessment("A1", "FRQ", "2023-03-05", 40).Assessment("A1", "FRQ", "2023-07-01", 60),
                         s => s.Assessment("A1", "FRQ", "2023-07-01", 30)),
        ["6.1"] = ("C1", s => s.Plan("C1", "child_protection", "2022-10-01", "2023-08-01", "stepped_down").Evidence("F1", "6.1", "2023-09-01", "C1"),
                         s => s.Plan("C1", "child_in_need", "2023-08-01")),
        ["6.2"] = ("C1", s => s.Evidence("F1", "6.2", "2023-09-01", "C1"), s => s.Incident("C1", "2023-09-10", "missing_episode")),
        ["6.3"] = ("C1", s => s.Evidence("F1", "6.3", "2023-09-01", "C1"), s => s.Incident("C1", "2023-12-01", "exploitation_report")),
        ["6.4"] = ("C1", s => s.Evidence("F1", "6.4", "2023-09-01", "C1"), s => s.Incident("C1", "2023-12-01", "police_report")),
        ["6.6"] = ("C1", s => s.Evidence("F1", "6.6", "2023-09-01", "C1"), s => s.Incident("C1", "2023-12-01", "police_report")),
        ["7.1"] = ("A1", s => s.Incident("A1", "2022-06-01", "offence"), s => s.Incident("A1", "2023-12-01", "offence")),
        ["7.2"] = ("Y1", _ => { }, s => s.Incident("Y1", "2023-12-01", "named_suspect")),
        ["7.3"] = ("Y1", s => s.Incident("Y1", "2022-06-01", "asb"), s => s.Incident("Y1", "2023-12-01", "asb")),
        ["8.1"] = (null, s => s.Evidence("F1", "8.1", "2023-09-01"), s => s.Referral("A1", null, "2023-11-01", "domestic_abuse")),
        ["8.2"] = (null, s => s.Evidence("F1", "8.2", "2023-09-01"), s => s.Incident("A1", "2023-09-20", "domestic_abuse")),
        ["8.3"] = (null, s => s.Evidence("F1", "8.3", "2023-09-01"), s => s.Referral(null, "F1", "2024-01-01", "childrens_social_care")),
        // Not met: the same job, but it ended the day before the post-closure window did.
        ["10.1"] = ("A1", s => s.Employment("A1", "employed", "2023-06-01", "2024-03-30"), s => s.ReplaceEmployment("A1", "employed", "2023-06-01", "2024-03-29")),
        ["10.3"] = ("Y1", s => s.Eet("Y1", "2023-10-01", "eet"), s => s.Eet("Y1", "2023-11-01", "neet")),
    };

    private static readonly string[] EvidenceOnly = ["1.4", "2.1", "2.2", "3.3", "5.1", "5.3", "5.4", "6.5", "9.1", "9.2", "9.3", "10.2"];

    public static TheoryData<string> AllNeeds() => [.. Cases.Keys.Concat(EvidenceOnly)];

    [Fact]
    public void EveryPhase3Need_HasAHandWorkedCase() =>
        Assert.Equal(OutcomeAnalytics.Model.FrameworkLoader.Get("phase3").Needs.Select(n => n.Code).Order(), AllNeeds().Select(d => (string)d.Data).Order());

    [Theory]
    [MemberData(nameof(AllNeeds))]
    public void Need_IsMet_ThenNotMet(string code)
    {
        var (person, met, spoil) = Cases.TryGetValue(code, out var c)
            ? c
            : ("A1", s => s.Evidence("F1", code, "2023-09-01", "A1"), s => { }); // evidence-only: no evidence is not met
        var s = Family().Need("F1", code, person);
        met(s);
        var first = s.Evaluate(AsAt).Need("F1", code, person);
        Assert.True(first.Status == "met", $"{code}: expected met, was {first.Status}: {first.Reason}");
        if (!Cases.ContainsKey(code))
        {
            s = Family().Need("F1", code, person);
        }
        spoil(s);
        var second = s.Evaluate(AsAt).Need("F1", code, person);
        Assert.True(second.Status == "not_met", $"{code}: expected not_met, was {second.Status}: {second.Reason}");
    }
}
