using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Model.Measures;

/// <summary>
/// Need 10.3's first route, "latest eet_status on or before T is eet and no neet status in PC", when the status is
/// <c>not_known</c>: only <c>eet</c> counts as the latest, and only <c>neet</c> blocks in PC. Attached (A) 1 March 2023,
/// closed (C) 30 September 2023, evaluated (T) 1 June 2024: PC = (30 September 2023, 30 March 2024].
/// any_of: part 0 the status route, part 1 evidence.
/// </summary>
public sealed class EetStatusRuleTests
{
    private const string AsAt = "2024-06-01";

    private static Scenario YoungPerson() => new Scenario()
        .Family("F1", "2023-03-01", "2023-09-30").Person("F1", "Y1", "2007-01-01").Need("F1", "10.3", "Y1");

    [Theory]
    [InlineData("2024-04-15")] // after PC, before T
    [InlineData(AsAt)]         // on T: still the latest on or before T
    public void ALatestStatusNotKnown_IsNotMet(string notKnownDate)
    {
        // eet on 1 October 2023, then not_known: the latest is not eet, and there is no neet at all.
        var need = YoungPerson().Eet("Y1", "2023-10-01", "eet").Eet("Y1", notKnownDate, "not_known").Evaluate(AsAt).Need("F1", "10.3", "Y1");
        Assert.Equal("not_met", need.Status);
        var (status, reason, detail) = need.Part(0);
        Assert.Equal(("not_met", $"Latest status not_known on {notKnownDate}; 0 NEET status(es) after closure."), (status, reason));
        Assert.Equal(("not_known", notKnownDate, "0"), (detail.Field("latest"), detail.Field("latest_date"), detail.Field("neet_after_closure")));
        Assert.Equal("not_met", need.Part(1).Status); // no evidence
    }

    [Fact]
    public void ANotKnownStatusDatedAfterTheEvaluationDate_IsIgnored()
    {
        var need = YoungPerson().Eet("Y1", "2023-10-01", "eet").Eet("Y1", "2024-06-02", "not_known").Evaluate(AsAt).Need("F1", "10.3", "Y1");
        Assert.Equal("met", need.Status);
        Assert.Equal(("eet", "2023-10-01"), (need.PartDetail(0).Field("latest"), need.PartDetail(0).Field("latest_date")));
    }

    [Fact]
    public void ANotKnownStatusInsideThePostClosureWindow_IsNotANeetStatus()
    {
        // not_known on 1 December 2023 (inside PC), then eet on 15 April 2024 (the latest): only neet blocks.
        var need = YoungPerson().Eet("Y1", "2023-12-01", "not_known").Eet("Y1", "2024-04-15", "eet").Evaluate(AsAt).Need("F1", "10.3", "Y1");
        Assert.Equal("met", need.Status);
        var (status, _, detail) = need.Part(0);
        Assert.Equal(("met", "eet", "0"), (status, detail.Field("latest"), detail.Field("neet_after_closure")));
    }

    [Fact]
    public void ALatestStatusNotKnown_IsNotMissingData()
    {
        // A recorded not_known is an answer (not met), not an absent record (insufficient_data); evidence still meets the need.
        var s = YoungPerson().Eet("Y1", "2024-04-15", "not_known");
        Assert.Equal("not_met", s.Evaluate(AsAt).Status("F1", "10.3", "Y1"));
        var withEvidence = s.Evidence("F1", "10.3", "2024-05-01", "Y1").Evaluate(AsAt).Need("F1", "10.3", "Y1");
        Assert.Equal(("met", "not_met", "met"), (withEvidence.Status, withEvidence.Part(0).Status, withEvidence.Part(1).Status));
    }
}
