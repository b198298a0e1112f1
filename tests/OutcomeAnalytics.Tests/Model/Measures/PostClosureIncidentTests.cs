using System.Text.Json;
using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Model.Measures;

/// <summary>
/// The no-incident rules over the post-closure window PC = (C, C + 6 months]: 6.3 and 6.4 ("no exploitation_report
/// or police_report incident for the child in PC"), 6.6 ("no police_report incident for the child in PC") and
/// 7.2 ("P (counted types) in PC = 0", counted types offence, arrest, named_suspect, asb). Attached (A) 1 March
/// 2023, closed (C) 30 September 2023, evaluated (T) 1 June 2024: PC = (30 September 2023, 30 March 2024].
/// The child C1 (6.x, with evidence) and the young person Y1 (7.2) have the need; C2 is a sibling.
/// </summary>
public sealed class PostClosureIncidentTests
{
    private const string Attached = "2023-03-01";
    private const string Closed = "2023-09-30";
    private const string WindowEnd = "2024-03-30"; // C + 6 months
    private const string AsAt = "2024-06-01";

    private static string Subject(string code) => code == "7.2" ? "Y1" : "C1";

    private static Scenario Family(string code)
    {
        var s = new Scenario().Family("F1", Attached, Closed)
            .Person("F1", "C1", "2012-01-01").Person("F1", "C2", "2014-01-01").Person("F1", "Y1", "2007-01-01")
            .Need("F1", code, Subject(code));
        return code == "7.2" ? s : s.Evidence("F1", code, "2023-09-01", "C1");
    }

    /// <summary>The no-incident decision: 6.x's second all_of part (after evidence), or 7.2's whole rule.</summary>
    private static (string Status, JsonElement Detail) NoIncidents(NeedResult need) =>
        need.NeedCode == "7.2" ? (need.Status, need.DetailJson()) : (need.Part(1).Status, need.PartDetail(1));

    [Theory]
    [InlineData("6.3", "exploitation_report", "exploitation_report,police_report")]
    [InlineData("6.3", "police_report", "exploitation_report,police_report")]
    [InlineData("6.4", "exploitation_report", "exploitation_report,police_report")]
    [InlineData("6.4", "police_report", "exploitation_report,police_report")]
    [InlineData("6.6", "police_report", "police_report")]
    [InlineData("7.2", "offence", "offence,arrest,named_suspect,asb")]
    [InlineData("7.2", "arrest", "offence,arrest,named_suspect,asb")]
    [InlineData("7.2", "named_suspect", "offence,arrest,named_suspect,asb")]
    [InlineData("7.2", "asb", "offence,arrest,named_suspect,asb")]
    public void AnIncidentOfACountedType_FailsTheNeedOnlyInsideThePostClosureWindow(string code, string type, string types)
    {
        (string Date, string Expected)[] cases =
        [
            (Closed, "met"),           // on C: outside (C, C + 6 months]
            ("2023-10-01", "not_met"), // C + 1 day: inside
            (WindowEnd, "not_met"),    // C + 6 months: inside
            ("2024-03-31", "met"),     // the day after C + 6 months: outside
        ];
        foreach (var (date, expected) in cases)
        {
            var person = Subject(code);
            var need = Family(code).Incident(person, date, type).Evaluate(AsAt).Need("F1", code, person);
            var (status, detail) = NoIncidents(need);
            Assert.Equal((date, expected, expected), (date, need.Status, status));
            Assert.Equal(types, detail.Field("incident_types"));
            var window = detail.GetProperty("window");
            Assert.Equal(("post_closure", Closed, WindowEnd), (window.Field("name"), window.Field("from"), window.Field("to")));
            var listed = detail.GetProperty("incidents").EnumerateArray().Select(i => (i.Field("date"), i.Field("type"))).ToArray();
            (string, string)[] want = expected == "met" ? [] : [(date, type)];
            Assert.Equal(want, listed);
        }
    }

    [Theory]
    [InlineData("6.3", "missing_episode")]
    [InlineData("6.3", "offence")]
    [InlineData("6.4", "domestic_abuse")]
    [InlineData("6.4", "asb")]
    [InlineData("6.6", "exploitation_report")] // 6.6 counts police_report only
    [InlineData("6.6", "arrest")]
    [InlineData("7.2", "police_report")]        // not a crime counted type
    [InlineData("7.2", "exploitation_report")]
    [InlineData("7.2", "domestic_abuse")]
    public void AnIncidentOfAnotherType_InsideThePostClosureWindow_DoesNotCount(string code, string type)
    {
        var person = Subject(code);
        var need = Family(code).Incident(person, "2023-12-01", type).Evaluate(AsAt).Need("F1", code, person);
        var (status, detail) = NoIncidents(need);
        Assert.Equal(("met", "met"), (need.Status, status));
        Assert.Equal(0, detail.GetProperty("incidents").GetArrayLength());
    }

    [Theory]
    [InlineData("6.3", "exploitation_report")]
    [InlineData("6.4", "police_report")]
    [InlineData("6.6", "police_report")]
    [InlineData("7.2", "offence")]
    public void ASiblingsIncident_DoesNotCount(string code, string type)
    {
        // "for the child in PC": C2's incident inside PC is not the subject's.
        var need = Family(code).Incident("C2", "2023-12-01", type).Evaluate(AsAt).Need("F1", code, Subject(code));
        Assert.Equal(("met", "met"), (need.Status, NoIncidents(need).Status));
    }

    [Theory]
    [InlineData("6.3")]
    [InlineData("6.4")]
    [InlineData("6.6")]
    public void WithoutEvidence_CleanWindowIsNotEnough(string code)
    {
        // all_of: evidence (part 0) not met makes the need not_met though the post-closure part is met.
        var need = new Scenario().Family("F1", Attached, Closed).Person("F1", "C1", "2012-01-01").Need("F1", code, "C1").Evaluate(AsAt).Need("F1", code, "C1");
        Assert.Equal(("not_met", "not_met", "met"), (need.Status, need.Part(0).Status, need.Part(1).Status));
    }
}
