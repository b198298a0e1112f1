using OutcomeAnalytics.Evaluation;
using OutcomeAnalytics.Model;
using OutcomeAnalytics.Tests.Oracle;

namespace OutcomeAnalytics.Tests.Evaluation;

/// <summary>
/// An evaluation of some needs only (<see cref="FrameworkCompiler.OnlyNeeds"/>) decides each of them exactly as a run
/// of the whole framework does, on thousands of generated families, and compiles fewer statements.
/// </summary>
public sealed class NeedFilterTests(DifferentialExtract fixture) : IClassFixture<DifferentialExtract>
{
    private static readonly DateOnly AsAt = new(2025, 9, 30);
    private static readonly Framework Phase3 = FrameworkLoader.Get("phase3");

    [Theory]
    [InlineData("1.1", "7.1", "10.3")]
    [InlineData("1.3", "6.2", "8.1")]
    public void SomeNeeds_AreDecidedAsInTheWholeRun_WithTheirDetails(params string[] codes)
    {
        using var whole = Evaluator.Run(fixture.Connection, Phase3, Phase3.Bind(), AsAt);
        using var some = Evaluator.Run(fixture.Connection, Phase3, Phase3.Bind(), AsAt, onlyNeeds: codes);

        var expected = whole.Needs.Where(n => codes.Contains(n.NeedCode)).ToList();
        Assert.True(expected.Count > 100, $"only {expected.Count} rows of {string.Join(", ", codes)} to compare");
        Assert.Equal(expected, some.Needs);
        Assert.Equal(codes.Order(StringComparer.Ordinal), some.Needs.Select(n => n.NeedCode).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(whole.NotJudged, some.NotJudged);
    }

    [Fact]
    public void SomeNeeds_CompileFewerStatements_AndAnUnknownCodeIsRefused()
    {
        var all = new FrameworkCompiler(Phase3, Phase3.Bind(), AsAt).Compile();
        var some = new FrameworkCompiler(Phase3, Phase3.Bind(), AsAt) { OnlyNeeds = ["1.1"] }.Compile();
        Assert.True(some.Count < all.Count, $"{some.Count} statements for need 1.1, {all.Count} for the framework");
        Assert.DoesNotContain(some, s => s.Comment.Contains("need 7.1", StringComparison.Ordinal));

        var e = Assert.Throws<KeyNotFoundException>(() => new FrameworkCompiler(Phase3, Phase3.Bind(), AsAt) { OnlyNeeds = ["1.1", "5.l"] }.Compile());
        Assert.Contains("'5.l'", e.Message);
    }
}
