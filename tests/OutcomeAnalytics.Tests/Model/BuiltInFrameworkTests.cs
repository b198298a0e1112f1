using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Tests.Model;

/// <summary>The five built-in frameworks: each loads, and each encodes what its source document says.</summary>
public sealed class BuiltInFrameworkTests
{
    [Fact]
    public void TheFiveFrameworks_AreBuiltIn_ByTheirIds()
    {
        Assert.Equal(["herefordshire-2020", "outcome-plan-c1-c6", "phase3", "phase3-sfop", "sunderland-2015"],
            FrameworkLoader.BuiltInFrameworks.Select(f => f.Id).Order(StringComparer.Ordinal));
        foreach (var id in new[] { "phase3-sfop", "herefordshire-2020", "outcome-plan-c1-c6", "sunderland-2015" })
            Assert.Same(FrameworkLoader.Get(id), FrameworkLoader.Resolve(id));
    }

    [Fact]
    public void Sfop_IsPhase3PlusItsOverrides()
    {
        var sfop = FrameworkLoader.Get("phase3-sfop");
        var phase3 = FrameworkLoader.Get("phase3");
        Assert.Equal("phase3", sfop.Extends);
        Assert.Equal(["parameter eligibility_count", "need 1.3", "need 2.3", "need 5.4", "need 6.5", "need 6.6", "need 7.2", "need 7.3"], sfop.Overrides);
        // 5.4 is removed; every other need not named is phase 3's own rule.
        Assert.Null(sfop.Need("5.4"));
        Assert.Equal(33, sfop.Needs.Count);
        foreach (var need in sfop.Needs.Where(n => !sfop.Overrides.Contains($"need {n.Code}")))
            Assert.Equal(Describe(phase3.Need(need.Code)!), Describe(need));
        Assert.NotEqual(Describe(phase3.Need("7.2")!), Describe(sfop.Need("7.2")!));
        Assert.Equal("headlines", sfop.Bind().Text("eligibility_count"));
        Assert.Equal("needs", phase3.Bind().Text("eligibility_count"));
    }

    [Fact]
    public void Sfop_SwapsSixFiveAndSixSix_AndMakesEngagementAnAnd()
    {
        var sfop = FrameworkLoader.Get("phase3-sfop");
        Assert.Equal("Child experiencing harm outside the family", sfop.Need("6.5")!.Title);
        Assert.Equal(["evidence", "plan_closed", "no_incidents"], Kinds(sfop.Need("6.5")!.Rule));
        Assert.Equal("Child at risk of or affected by radicalisation", sfop.Need("6.6")!.Title);
        Assert.IsType<MeasureNode>(sfop.Need("6.6")!.Rule);
        var sevenTwo = Assert.IsType<AllOf>(sfop.Need("7.2")!.Rule);
        Assert.Equal(["no_incidents", "evidence"], Kinds(sevenTwo));
        Assert.IsType<AllOf>(sfop.Need("7.3")!.Rule);
        // 1.3 has no questionnaire route; 2.3 has the FASD referral as a route of its own.
        Assert.DoesNotContain("instrument_improvement", Kinds(sfop.Need("1.3")!.Rule));
        var fasd = sfop.Need("2.3")!.Rule.Nodes().OfType<MeasureNode>().Single(m => m.Ref == "referred for FASD assessment");
        Assert.Equal(["specialist_referral"], (string[])fasd.Arguments["types"].Literal!);
    }

    [Theory]
    [InlineData("herefordshire-2020", new[] { "1", "2", "3", "4", "5", "6" }, "4:13")]
    [InlineData("outcome-plan-c1-c6", new[] { "C1", "C2", "C3", "C4", "C5", "C6" }, "C4:M4e")]
    [InlineData("sunderland-2015", new[] { "1", "2", "3", "4", "5", "6" }, "4:4.1")]
    public void PhaseTwoPlans_HaveTheirSixProblems_TwoToBeEligible_AndContinuousEmploymentClaimsOnItsOwn(string id, string[] codes, string employment)
    {
        var f = FrameworkLoader.Get(id);
        Assert.Equal(codes, f.Needs.Select(n => n.Code));
        Assert.Equal(6, f.Headlines.Count);
        Assert.Equal(2, Convert.ToInt32(f.Eligibility.MinNeeds.Resolve(f.Bind()), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(f.Eligibility.Prerequisites);
        var (code, reference) = (employment.Split(':')[0], employment.Split(':')[1]);
        var node = f.Need(code)!.Rule.Nodes().Single(n => n.Ref == reference);
        Assert.Equal([node.Id], f.ClaimOrMet);
        Assert.Equal("continuous_employment", ((MeasureNode)node).Kind);
    }

    [Fact]
    public void PhaseTwoPlans_ReadTheirSeedsNumbers()
    {
        // Herefordshire 4A/4B: 90% over the last three terms excluding authorised absence, or from below 40% a 40% rise to 50%.
        var h = FrameworkLoader.Get("herefordshire-2020").Bind();
        Assert.Equal((3, 90m, false, 40m, 0.40m, 50m), (h.Int("outcome_terms"), h.Number("attendance_threshold"), h.Flag("authorised_absence_counts"),
            h.Number("attendance_band"), h.Number("attendance_rise"), h.Number("attendance_rise_minimum")));
        Assert.Equal((0.5m, 0.6m, 6), (h.Number("offence_reduction"), h.Number("asb_reduction"), h.Int("crime_baseline_months")));
        // Sunderland: 85%, 90% from September 2015, 'in excess of'.
        var s = FrameworkLoader.Get("sunderland-2015").Bind();
        Assert.Equal((85m, 90m, 2015, true), (s.Number("attendance_threshold"), s.Number("attendance_threshold_from_change"), s.Int("attendance_change_year"), s.Flag("attendance_strictly_above")));
        // Employment spells: JSA 26 weeks, other benefits 13, in all three plans.
        foreach (var id in new[] { "herefordshire-2020", "outcome-plan-c1-c6", "sunderland-2015" })
            Assert.Equal((26, 13), (FrameworkLoader.Get(id).Bind().Int("jsa_weeks"), FrameworkLoader.Get(id).Bind().Int("other_benefit_weeks")));
        // The C1-C6 plan's M2c allows one fixed term exclusion; M2d none that is permanent.
        var c = FrameworkLoader.Get("outcome-plan-c1-c6");
        var m2d = (MeasureNode)c.Need("C2")!.Rule.Nodes().Single(n => n.Ref == "M2d");
        Assert.Equal(["permanent"], (string[])m2d.Arguments["categories"].Literal!);
        Assert.Equal(0, (int)m2d.Arguments["max"].Literal!);
        Assert.Equal(1, c.Bind().Int("max_suspensions"));
    }

    /// <summary>A need as text: its title, headline, scope and every node with its kind and arguments.</summary>
    private static string Describe(NeedDefinition need) =>
        $"{need.Title}|{need.Headline}|{need.Scope}|" + string.Join(";", need.Rule.Nodes().Select(n => n switch
        {
            MeasureNode m => $"{m.Id}:{m.Kind}({string.Join(",", m.Arguments.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"))})",
            _ => $"{n.Id}:{n.GetType().Name}",
        }));

    private static List<string> Kinds(RuleNode rule) => [.. rule.Nodes().OfType<MeasureNode>().Select(m => m.Kind)];
}
