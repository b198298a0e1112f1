using System.Globalization;
using OutcomeAnalytics.Cli;
using OutcomeAnalytics.Impact;
using OutcomeAnalytics.Notebooks;
using OutcomeAnalytics.Tests.Notebooks;

namespace OutcomeAnalytics.Tests.Impact;

/// <summary><c>outcomes impact</c> and <c>notebooks/30-impact.ipynb</c> on a generated council written by the demo (600 families).</summary>
[Collection(nameof(NotebookRuns))]
public sealed class ImpactNotebookAndCliTests(DemoCouncil demo)
{
    [Fact]
    public async Task Cli_And_Notebook_OnAGeneratedCouncil()
    {
        using var data = TestData.Empty();
        var asAt = demo.AsAtText;

        // The command: the leading columns exactly, every design and outcome, counts of 1-4 hidden with their estimate.
        var stderr = new StringWriter();
        var code = OutcomesCli.Run(["impact", "--db", demo.Database, "--as-at", asAt, "--out", data.PathOf("impact.csv"), "--balance", data.PathOf("balance.csv"), "--seed", "3"],
            new StringWriter(), stderr);
        Assert.True(code == ExitCodes.Success, stderr.ToString());
        var lines = File.ReadAllLines(data.PathOf("impact.csv"));
        Assert.StartsWith("design,outcome,estimate,ci_low,ci_high,n_treated,n_comparison,unit,", lines[0], StringComparison.Ordinal);
        Assert.Equal(1 + 3 * ImpactOutcome.All.Count, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("prepost,attendance,", StringComparison.Ordinal) && l.Contains("Not an effect estimate", StringComparison.Ordinal));
        // The leading columns hold no commas: design, outcome, numbers, counts.
        foreach (var cells in lines.Skip(1).Select(l => l.Split(',')))
        {
            Assert.DoesNotMatch("^[1-4]$", cells[5]);
            Assert.DoesNotMatch("^[1-4]$", cells[6]);
            if (cells[5] == "<5" || cells[6] == "<5") Assert.Equal("", cells[2]);
        }
        // The off-support count is never written as a number, and it cannot be worked out as prepost's supported families
        // minus psm's matched ones when it is 1-4.
        Assert.DoesNotMatch(@"\d+ supported families had no comparison family", string.Join('\n', lines));
        foreach (var outcome in ImpactOutcome.All)
        {
            var pre = lines.Single(l => l.StartsWith($"prepost,{outcome.Name},", StringComparison.Ordinal)).Split(',');
            var psm = lines.Single(l => l.StartsWith($"psm,{outcome.Name},", StringComparison.Ordinal)).Split(',');
            if (long.TryParse(pre[5], CultureInfo.InvariantCulture, out var supported) && long.TryParse(psm[5], CultureInfo.InvariantCulture, out var matched))
                Assert.False(supported - matched is >= 1 and <= 4, $"{outcome.Name}: {supported} supported, {matched} matched");
        }
        // A few families off support hide the matched counts, not the estimate: at council size psm shows its figures.
        foreach (var outcome in new[] { ImpactOutcome.Attendance, ImpactOutcome.Incidents })
            Assert.NotEqual("", lines.Single(l => l.StartsWith($"psm,{outcome.Name},", StringComparison.Ordinal)).Split(',')[2]);
        Assert.Contains("trend check", stderr.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("outcome,covariate,mean_treated,mean_comparison,smd_before,", File.ReadAllLines(data.PathOf("balance.csv"))[0], StringComparison.Ordinal);

        // Usage errors name what was expected.
        var bad = new StringWriter();
        Assert.Equal(ExitCodes.UsageOrFatal, OutcomesCli.Run(["impact", "--db", demo.Database, "--as-at", asAt, "--design", "rct"], new StringWriter(), bad));
        Assert.Contains("'rct' is not a design (expected prepost, did or psm)", bad.ToString(), StringComparison.Ordinal);

        // The notebook on the same database: designs, trend check, balance, support and the conclusions, counts protected.
        var result = await NotebookRunner.RunAsync(Path.Combine(Repository.Root, "notebooks", "30-impact.ipynb"), new NotebookRunOptions
        {
            Parameters = new Dictionary<string, string> { ["database"] = demo.Database, ["asAt"] = asAt },
        }, TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.Failure?.ToString());
        var outputs = result.Notebook.Cells.Where(c => c.IsCode).SelectMany(c => c.Outputs).ToList();
        var all = string.Join("\n", outputs.Select(o => NotebookDocument.MultilineText(o["data"]?["text/html"] ?? o["data"]?["text/plain"] ?? o["text"])));
        Assert.Contains("Counts are protected", all, StringComparison.Ordinal);
        Assert.Contains("<caption>Impact estimates: supported families against the waiting list</caption>", all, StringComparison.Ordinal);
        Assert.Contains("Impact on attendance", all, StringComparison.Ordinal);
        Assert.Contains("Trend check: did the groups already diverge before support?", all, StringComparison.Ordinal);
        Assert.Contains("Balance for incidents", all, StringComparison.Ordinal);
        Assert.Contains("Common support", all, StringComparison.Ordinal);
        Assert.Contains("prepost is not an effect", all, StringComparison.Ordinal);
        Assert.Contains("sdq and wemwbs: the two groups are not followed up at the same point", all, StringComparison.Ordinal);
        Assert.Contains("Impact on sdq (lower is better)", all, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"<td class=""num"">[1-4]</td>", all);
        Assert.DoesNotContain(outputs, o => o["output_type"]!.GetValue<string>() == "error");
    }
}
