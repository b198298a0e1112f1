using OutcomeAnalytics.Model;
using OutcomeAnalytics.Reporting;
using OutcomeAnalytics.Review;
using OutcomeAnalytics.Tests.Evaluation;

namespace OutcomeAnalytics.Tests.Review;

/// <summary>
/// Frameworks reviewed against each other on hand-worked families. "phase3-strict" is phase 3 with two changes: an
/// attendance threshold of 95 (not 90) and need 7.2 requiring evidence as well as no crime after closure.
/// </summary>
public sealed class ReviewTests
{
    private const string AsAt = "2024-10-01";

    internal static Framework Strict { get; } = FrameworkLoader.Parse("phase3-strict.yaml", File.ReadAllText(Path.Combine(Repository.Root, "models", "frameworks", "phase3.yaml"))
        .Replace("framework: phase3", "framework: phase3-strict", StringComparison.Ordinal)
        .Replace("name: attendance_threshold, type: number, default: 90", "name: attendance_threshold, type: number, default: 95", StringComparison.Ordinal)
        .Replace("    rule: { measure: no_incidents, incident_types: $crime_counted_types, window: post_closure }",
            "    rule: { all_of: [ { measure: no_incidents, incident_types: $crime_counted_types, window: post_closure }, { measure: evidence } ] }", StringComparison.Ordinal));

    /// <summary>Phase 3's codes, each to itself: the crosswalk of phase3-strict.</summary>
    internal static Crosswalk StrictCrosswalk { get; } = CrosswalkLoader.Parse("phase3-strict.yaml",
        "crosswalk: phase3-strict\nto: phase3\nneeds:\n" + string.Concat(FrameworkLoader.Get("phase3").Needs.Select(n => $"  - {{ need: \"{n.Code}\", phase3: [\"{n.Code}\"], match: full }}\n")),
        id => id == "phase3-strict" ? Strict : FrameworkLoader.BuiltInFrameworks.FirstOrDefault(f => f.Id == id));

    /// <summary>
    /// Closed 31 March 2024, due 30 September 2024, judged 1 October 2024: outcome terms 2023/24 spring and summer.
    /// F1: 92% attendance (met at 90, not at 95); F2: 97% (met at both); F3: a young person with no crime after
    /// closure and no 7.2 evidence (met by phase 3, not by phase3-strict). Each also has 5.1 and 9.2 met by evidence.
    /// </summary>
    internal static Scenario Families()
    {
        var s = new Scenario();
        foreach (var (family, percent) in new[] { ("F1", 92), ("F2", 97) })
        {
            var child = "C" + family;
            s.Family(family, "2023-09-01", "2024-03-31").Person(family, child, "2012-05-01").Need(family, "1.1", child);
            foreach (var term in new[] { "autumn", "spring", "summer" }) s.Attendance(child, "2023/24", term, 100, percent);
        }
        s.Family("F3", "2023-09-01", "2024-03-31").Person("F3", "YF3", "2008-06-01").Need("F3", "7.2", "YF3");
        foreach (var family in new[] { "F1", "F2", "F3" })
            s.Need(family, "5.1").Evidence(family, "5.1", "2024-01-10").Need(family, "9.2").Evidence(family, "9.2", "2024-01-10");
        return s;
    }

    [Fact]
    public void BuiltInCrosswalks_CoverEveryOtherFramework_AndListEachPhase3NeedOnce()
    {
        var others = FrameworkLoader.BuiltInFrameworks.Where(f => f.Id != Crosswalk.Hub).Select(f => f.Id).Order().ToList();
        Assert.Equal(others, CrosswalkLoader.BuiltInCrosswalks.Select(c => c.Framework).Order());
        foreach (var crosswalk in CrosswalkLoader.BuiltInCrosswalks)
            Assert.All(crosswalk.Entries.SelectMany(e => e.Phase3).GroupBy(c => c), g => Assert.Single(g));
        // phase3-sfop: 6.5 and 6.6 swap meanings; phase 3's 5.4 has no counterpart.
        var sfop = CrosswalkLoader.Find("phase3-sfop")!;
        Assert.Equal(["6.6"], sfop.FromPhase3("6.5"));
        Assert.Equal(["6.5"], sfop.FromPhase3("6.6"));
        Assert.Empty(sfop.FromPhase3("5.4"));
        Assert.Equal("1.1", CrosswalkLoader.Find("herefordshire-2020")!.ToPhase3("2"));
        Assert.Equal(["C2"], CrosswalkLoader.Find("outcome-plan-c1-c6")!.FromPhase3("1.2"));
    }

    [Fact]
    public void CrosswalkLoader_ReportsEveryProblem_WithFileLineAndColumn()
    {
        const string yaml = "crosswalk: phase3-strict\nto: phase2\nneeds:\n"
            + "  - { need: \"1.1\", phase3: [\"1.1\"], match: partial }\n"
            + "  - { need: \"1.1\", phase3: [\"1.9\"], match: full }\n"
            + "  - { need: \"1.2\", phase3: [], match: full, colour: red }\n";
        var e = Assert.Throws<ModelValidationException>(() => CrosswalkLoader.Parse("mine.yaml", yaml, id => id == "phase3-strict" ? Strict : FrameworkLoader.BuiltInFrameworks.FirstOrDefault(f => f.Id == id)));
        var problems = e.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains("mine.yaml: line 2, column 5 (to): expected 'to: phase3': every crosswalk maps a framework's needs to phase 3's", problems);
        Assert.Contains("mine.yaml: line 4, column 5 (need 1.1): a partial match needs a note saying where it differs", problems);
        Assert.Contains("mine.yaml: line 5, column 5 (need 1.1): is listed twice", problems);
        Assert.Contains("mine.yaml: line 5, column 29 (need 1.1): '1.9' is not a phase 3 need", problems);
        Assert.Contains("mine.yaml: line 6, column 45 (need 1.2): 'colour' is not an element here (expected: need, phase3, match, note)", problems);
        Assert.Contains("mine.yaml: line 6, column 5 (need 1.2): a need with no phase 3 needs has match none", problems);
        Assert.Contains(problems, p => p.StartsWith("mine.yaml: line 4, column 3 (needs): need 1.3 of phase3-strict is not mapped", StringComparison.Ordinal));
    }

    [Fact]
    public void Diff_PhaseThreeAgainstItsStrictCopy_ListsExactlyTheTwoChanges()
    {
        var differences = FrameworkDiff.Compare(FrameworkLoader.Get("phase3"), Strict);
        Assert.Equal([("parameter attendance_threshold", "default", "90", "95"), ("need 7.2", "rule", null, null)],
            differences.Select(d => (d.Element, d.Aspect, d.Kind == DifferenceKind.Parameter ? d.A : null, d.Kind == DifferenceKind.Parameter ? d.B : null)));
        var rule = differences[1];
        Assert.StartsWith("no_incidents(incident_types=$crime_counted_types, ", rule.A);
        Assert.StartsWith("all_of(" + rule.A + ", evidence(", rule.B);
        Assert.Empty(FrameworkDiff.Compare(Strict, Strict));
    }

    [Fact]
    public void Compare_FlipsAreAttributedToTheOneDifferenceThatCausesThem()
    {
        var comparison = Families().Explore(AsAt, (connection, _) => FrameworkComparison.Run(connection, FrameworkLoader.Get("phase3"), Strict,
            DateOnly.Parse(AsAt, System.Globalization.CultureInfo.InvariantCulture), crosswalks: [StrictCrosswalk]));
        var families = new StringWriter();
        comparison.WriteFamiliesCsv(families);
        Assert.Equal("family_id,status_a,status_b,needs_met_a,needs_met_b\r\nF1,claimable,not_met,3,2\r\nF2,claimable,claimable,3,3\r\nF3,claimable,not_met,3,2\r\n",
            families.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));
        Assert.Equal([("F1", "parameter attendance_threshold = 95"), ("F3", "need 7.2")], comparison.Flipped.Select(f => (f.FamilyId, f.Cause)));
        Assert.Equal(2, comparison.DifferencesTried);
        // Both explanations: the need that decided each side, with both reasons.
        var f1 = comparison.Flipped[0];
        Assert.Equal(("claimable", "not_met"), (f1.StatusA, f1.StatusB));
        Assert.Contains(f1.Needs, n => n.StartsWith("need 1.1/1.1 for CF1: phase3 met", StringComparison.Ordinal) && n.Contains("phase3-strict not_met", StringComparison.Ordinal));
        var needs = new StringWriter();
        comparison.WriteNeedsCsv(needs);
        var lines = needs.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("family_id,need_code_a,need_code_b,person_id,status_a,status_b,reason_a,reason_b", lines[0].TrimEnd('\r'));
        Assert.StartsWith("F1,1.1,1.1,CF1,met,not_met,", lines[1]);
        Assert.Equal(10, lines.Length); // the header and 3 needs for each of 3 families
        // The matrix: 1 agrees (claimable, claimable), 2 flip (claimable, not_met).
        var matrix = comparison.Agreement();
        Assert.Equal((1L, 2L), (matrix[0, 0], matrix[0, 1]));
    }

    [Fact]
    public void Compare_Summary_ProtectsEveryCount_AndNamesNoFamily()
    {
        var comparison = Families().Explore(AsAt, (connection, _) => FrameworkComparison.Run(connection, FrameworkLoader.Get("phase3"), Strict,
            DateOnly.Parse(AsAt, System.Globalization.CultureInfo.InvariantCulture), crosswalks: [StrictCrosswalk]));
        var summary = comparison.Summary(DisclosureControl.Publication);
        Assert.Contains("Same status: <5 of <5 families; different: <5.", summary);
        Assert.Contains("<5  parameter attendance_threshold = 95", summary);
        Assert.DoesNotContain(" 1 ", summary);
        Assert.DoesNotContain(" 2 ", summary);
        Assert.DoesNotContain("F1", summary);
    }

    [Fact]
    public void NeedsRecordedUnderPhaseThree_JudgedByAFrameworkWithoutACounterpart_AreReported_NotDropped()
    {
        // A crosswalk that maps every phase 3 need but 9.2 (match none): the family's 9.2 row is reported, and its claim counts 2 needs.
        var partial = CrosswalkLoader.Parse("phase3-strict.yaml",
            "crosswalk: phase3-strict\nto: phase3\nneeds:\n" + string.Concat(FrameworkLoader.Get("phase3").Needs.Select(n => n.Code == "9.2"
                ? "  - { need: \"9.2\", phase3: [], match: none, note: \"Not in this plan.\" }\n"
                : $"  - {{ need: \"{n.Code}\", phase3: [\"{n.Code}\"], match: full }}\n")),
            _ => null);
        var (unmapped, claim) = Families().Explore(AsAt, (connection, _) =>
        {
            using var needs = NeedTranslation.Create(connection, Strict, FrameworkLoader.Get("phase3"), [partial]);
            using var evaluation = OutcomeAnalytics.Evaluation.Evaluator.Run(connection, Strict, Strict.Bind(), DateOnly.Parse(AsAt, System.Globalization.CultureInfo.InvariantCulture), needs.Table);
            return (needs.Unmapped, evaluation.Claims.Single(c => c.FamilyId == "F2"));
        });
        Assert.Equal([new UnmappedNeed("phase3", "9.2", 3, "no need of phase3-strict corresponds to phase 3 need 9.2 in its crosswalk.")], unmapped);
        Assert.Equal(("not_eligible", 2), (claim.Status, claim.NeedsIdentified));
    }

    [Fact]
    public void Sensitivity_Values_AreTheAlternativesAndBounds_WithoutTheDefault()
    {
        var phase3 = FrameworkLoader.Get("phase3");
        ParameterDefinition P(string name) => phase3.Parameters.Single(p => p.Name == name);
        // Parameters with documented alternatives are tried at those, and a number at its bounds too.
        Assert.Equal(["0", "85", "95", "100"], Sensitivity.Values(P("attendance_threshold")));
        Assert.Equal(["1", "3"], Sensitivity.Values(P("outcome_terms")));
        Assert.Equal(["1", "3"], Sensitivity.Values(P("baseline_terms"))); // alternative 1 is also the min
        Assert.Equal(["offence,arrest,named_suspect", "offence"], Sensitivity.Values(P("crime_counted_types")));
        // The others at their bounds and variations.
        Assert.Equal(["0", "0.25", "0.75", "1"], Sensitivity.Values(P("reduction_fraction")));
        Assert.Equal(["false"], Sensitivity.Values(P("authorised_absence_counts")));
        Assert.Equal(["mean_of_terms"], Sensitivity.Values(P("attendance_weighting")));
        Assert.Empty(Sensitivity.Values(P("min_change"))); // the default 0 is its min, with no max: nothing else documented
        Assert.Equal(["childrens_social_care", "domestic_abuse"], Sensitivity.Values(P("da_referral_services"))); // each item left out in turn
    }

    [Fact]
    public void Sensitivity_CountsClaimableFamiliesAtEachValue_AndTheChangeFromTheDefault()
    {
        var result = Families().Explore(AsAt, (connection, _) => Sensitivity.Run(connection, FrameworkLoader.Get("phase3"), DateOnly.Parse(AsAt, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(3, result.Baseline);
        // attendance_threshold's bounds and alternatives: at 0 and 85 both children (92%, 97%) reach it; at 95 F1 (92%)
        // does not; at 100 neither does, and only F3 (no attendance need) stays claimable.
        Assert.Equal([new SensitivityRow("attendance_threshold", "0", 3, 0), new SensitivityRow("attendance_threshold", "85", 3, 0),
            new SensitivityRow("attendance_threshold", "95", 2, -1), new SensitivityRow("attendance_threshold", "100", 1, -2)],
            result.Rows.Where(r => r.Parameter == "attendance_threshold"));
        // Counting headlines, F1 and F2 have 3 (1, 5, 9), F3 has 3 (7, 5, 9): no change.
        Assert.Equal(0, result.Rows.Single(r => r.Parameter == "eligibility_count").Change);
        var csv = new StringWriter();
        result.WriteCsv(csv);
        Assert.StartsWith("parameter,value,claimable,change", csv.ToString());
        Assert.Contains("attendance_threshold,95,2,-1", csv.ToString());
        // The tornado's ranges go through disclosure control: 2 is drawn at the threshold, never as 2.
        var range = result.Ranges(DisclosureControl.Publication).Single(r => r.Parameter == "attendance_threshold");
        Assert.Equal((5d, 5d), (range.Low, range.High));
    }
}
