using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Tests.Oracle;

namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// An evaluation restricted to one family (what <c>outcomes explain</c> runs) must give exactly the rows a whole run
/// gives for that family: decisions, reasons, details and the claim. And a run must be repeatable to the byte.
/// </summary>
public sealed class OneFamilyTests(DefaultEvaluation fixture) : IClassFixture<DefaultEvaluation>
{
    private static readonly DateOnly AsAt = DefaultEvaluation.AsAt;

    [Fact]
    public void OneFamily_GivesTheWholeRunsRowsForThatFamily()
    {
        var framework = FrameworkLoader.Get("phase3");
        var whole = fixture.Run;
        var families = whole.Claims.Select(c => c.FamilyId).Where((_, i) => i % 97 == 0).ToList();
        Assert.True(families.Count >= 20);
        foreach (var family in families)
        {
            var one = Evaluator.Run(fixture.Connection, framework, framework.Bind(), AsAt, onlyFamily: family);
            Assert.Equal(whole.Needs.Where(n => n.FamilyId == family), one.Needs);
            Assert.Equal(whole.Claims.Single(c => c.FamilyId == family), Assert.Single(one.Claims));
        }
    }

    [Fact]
    public void OneFamily_UnknownFamily_GivesNoRows()
    {
        var framework = FrameworkLoader.Get("phase3");
        var none = Evaluator.Run(fixture.Connection, framework, framework.Bind(), AsAt, onlyFamily: "NO-SUCH-FAMILY");
        Assert.Empty(none.Needs);
        Assert.Empty(none.Claims);
    }

    [Fact]
    public void WholeRun_IsRepeatable_DetailsIncluded()
    {
        // Records tied on date (two incidents the same day) are listed in a fixed order, so details do not vary between runs.
        var framework = FrameworkLoader.Get("phase3");
        var first = fixture.Run;
        var second = Evaluator.Run(fixture.Connection, framework, framework.Bind(), AsAt);
        Assert.Equal(first.Needs, second.Needs);
        // Ordered by family, need in the framework's order (2.1 before 10.1, not as text sorts them) and person (a
        // need's family-level row first).
        var rank = framework.Needs.Select((n, i) => (n.Code, i)).ToDictionary(x => x.Code, x => x.i);
        var ordered = first.Needs.OrderBy(n => n.FamilyId, StringComparer.Ordinal).ThenBy(n => rank[n.NeedCode])
            .ThenBy(n => n.PersonId is not null).ThenBy(n => n.PersonId, StringComparer.Ordinal).ToList();
        Assert.Equal(ordered, first.Needs);
        Assert.Contains(first.Needs.GroupBy(n => n.FamilyId), f => f.Any(n => n.NeedCode == "10.1") && f.Any(n => n.NeedCode == "2.1"));
        Assert.All(first.Needs, n => System.Text.Json.JsonDocument.Parse(n.Detail).Dispose());
    }
}
