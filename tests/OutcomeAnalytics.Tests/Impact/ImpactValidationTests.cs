using OutcomeAnalytics.Cli;
using OutcomeAnalytics.Generation;
using OutcomeAnalytics.Impact;

namespace OutcomeAnalytics.Tests.Impact;

/// <summary>
/// The designs on a known truth, at a small scale (the benchmark <c>impact-coverage</c> runs 20 seeds of 3,000
/// families): the generator's <c>--effect</c> changes nothing before support starts, <c>truth.csv</c> says what it
/// planted, and did and psm find it where prepost reports an improvement that is not there.
/// </summary>
public sealed class ImpactValidationTests
{
    [Fact]
    public void Generator_SameSeedOtherEffect_SamePeopleNeedsAndBaselines()
    {
        var none = ImpactTruth.Extract(new GenerateOptions { Families = 300, Seed = 5, Effect = 0 });
        var double_ = ImpactTruth.Extract(new GenerateOptions { Families = 300, Seed = 5, Effect = 2 });
        Assert.Equal(none.FamilyIds, double_.FamilyIds);
        Assert.Equal(none.Waiting, double_.Waiting);
        Assert.Equal(none.Covariates.Select(r => string.Join(",", r)), double_.Covariates.Select(r => string.Join(",", r)));
        foreach (var outcome in new[] { ImpactOutcome.Attendance, ImpactOutcome.Incidents, ImpactOutcome.Rereferral })
            Assert.Equal(none.Values[outcome.Name].Select(v => (v.Family, v.Before, v.Earlier)), double_.Values[outcome.Name].Select(v => (v.Family, v.Before, v.Earlier)));
        // The supported families' follow-up does change: attendance is higher with the effect.
        Assert.True(ImpactTruth.Compare(double_, none).Single(t => t.Outcome == ImpactOutcome.Attendance).TrueAtt > 1);
        Assert.All(ImpactTruth.Compare(none, none), t => Assert.Equal(0, t.TrueAtt));
    }

    [Fact]
    public void Cli_GenerateTruth_WritesTruthCsv()
    {
        using var data = TestData.Empty();
        var code = OutcomesCli.Run(["generate", "--families", "300", "--seed", "3", "--out", data.Folder, "--effect", "2", "--truth", "--quiet"], new StringWriter(), new StringWriter());
        Assert.Equal(ExitCodes.Success, code);
        var lines = File.ReadAllLines(data.PathOf("truth.csv"));
        Assert.Equal("outcome,true_att,n_treated", lines[0]);
        Assert.Equal(ImpactOutcome.All.Select(o => o.Name), lines.Skip(1).Select(l => l.Split(',')[0]));
        var attendance = lines.Single(l => l.StartsWith("attendance,", StringComparison.Ordinal)).Split(',');
        Assert.True(double.Parse(attendance[1], System.Globalization.CultureInfo.InvariantCulture) > 1 && int.Parse(attendance[2], System.Globalization.CultureInfo.InvariantCulture) > 100, string.Join(",", attendance));

        // The truth describes a clean extract: with --dirty it is a usage error, written nowhere.
        using var dirty = TestData.Empty();
        var error = new StringWriter();
        Assert.Equal(ExitCodes.UsageOrFatal, OutcomesCli.Run(["generate", "--families", "50", "--seed", "3", "--out", dirty.Folder, "--dirty", "0.02", "--truth", "--quiet"], new StringWriter(), error));
        Assert.Contains("--truth cannot be used with --dirty", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(dirty.PathOf("truth.csv")));
    }

    [Fact]
    public void Coverage_ThreeSmallCouncils_DidAndPsmFindThePlantedEffect_PrePostReportsOneThatIsNotThere()
    {
        var rows = ImpactCoverage.Run(seeds: 3, families: 800, effects: [0, 2], outcomes: [ImpactOutcome.Attendance, ImpactOutcome.Incidents]);
        CoverageRow Row(ImpactDesign d, ImpactOutcome o, double e) => rows.Single(r => r.Design == d && r.Outcome == o && r.Effect == e);

        // No effect: prepost's attendance "improves" in every council; did and psm hold 0 in at least 2 of 3.
        var spurious = Row(ImpactDesign.PrePost, ImpactOutcome.Attendance, 0);
        Assert.True(spurious.CoversZero == 0 && spurious.Estimate > 0, $"prepost with no effect: {spurious}");
        foreach (var design in new[] { ImpactDesign.Did, ImpactDesign.Psm })
            foreach (var outcome in new[] { ImpactOutcome.Attendance, ImpactOutcome.Incidents })
            {
                var none = Row(design, outcome, 0);
                var planted = Row(design, outcome, 2);
                Assert.True(none.Runs == 3 && none.CoversZero >= 2 / 3.0, $"no effect: {none}");
                Assert.True(planted.CoversTruth >= 2 / 3.0, $"effect 2: {planted}");
                // The estimates grow with the effect, in the outcome's direction.
                Assert.True(outcome.HigherIsBetter ? planted.Estimate > none.Estimate + 1 : planted.Estimate < none.Estimate, $"{none} then {planted}");
            }
    }
}
