using OutcomeAnalytics.Cohorts;

namespace OutcomeAnalytics.Tests.Cohorts;

/// <summary>The cohort file: the built-in one reads, and every problem in a bad one is reported with its file and element.</summary>
public sealed class CohortModelTests
{
    [Fact]
    public void The_built_in_model_reads_and_names_its_segments()
    {
        var model = CohortModel.Default;
        Assert.Equal("models/cohorts.yaml", model.File);
        Assert.Equal("phase3", model.Framework.Id);
        Assert.Equal("Open at the evaluation date", model["open"].Label);
        Assert.Equal("Open at the evaluation date and With a child under 5", model["open_young_families"].Describe());
        Assert.Contains("no segment 'nope'", Assert.Throws<KeyNotFoundException>(() => model["nope"]).Message);
    }

    [Fact]
    public void Segments_refer_to_others_defined_later_and_compose_inline()
    {
        var model = CohortModel.Parse("mine.yaml", """
            segments:
              - { name: both, all_of: [north, { family_size: { min: 4 }, title: Large }] }
              - { name: north, locality: [North, North East] }
              - { name: elsewhere, not: north }
            """);
        Assert.Equal("north and Large", model["both"].Describe());
        Assert.Equal("locality North or North East", model["north"].Describe());
        Assert.Equal("not north", model["elsewhere"].Describe());
    }

    [Fact]
    public void Every_problem_is_reported_with_the_file_and_the_segment()
    {
        var e = Assert.Throws<ModelValidationException>(() => CohortModel.Parse("council.yaml", """
            framework: phase3
            segments:
              - { name: team, column: { team: Blue } }
              - { name: reason, column: { closure_reason: finished } }
              - { name: dates, column: { attached_date: 2025-01-01 } }
              - { name: need, need: ["1.1", "11.1"] }
              - { name: headline, headline: 12 }
              - { name: claim, claim_status: paid }
              - { name: quarter, attached_in: 2025 Q1 }
              - { name: open, open_at: tomorrow }
              - { name: both, locality: North, lead_practitioner: true }
              - { name: typo, localty: North }
              - { name: missing, all_of: [claim, nowhere] }
              - { name: loop, not: loop }
              - { name: size, family_size: { min: 5, max: 2 } }
              - { name: team }
            """));
        Assert.All(e.Problems, p => Assert.Equal("council.yaml", p.File));
        var problems = e.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains(problems, p => p.StartsWith("council.yaml: segment team.column: families has no column 'team' (it has: family_id,", StringComparison.Ordinal));
        Assert.Contains("council.yaml: segment reason.column: 'finished' is not a value of families.closure_reason (it takes: outcomes_achieved, stepped_up, stepped_down, disengaged, moved_away, other)", problems);
        Assert.Contains(problems, p => p.StartsWith("council.yaml: segment dates.column: families.attached_date holds Date values", StringComparison.Ordinal));
        Assert.Contains("council.yaml: segment need.need: '11.1' is not a need of phase3", problems);
        Assert.Contains("council.yaml: segment headline.headline: 12 is not a headline of phase3 (1 to 10)", problems);
        Assert.Contains(problems, p => p.StartsWith("council.yaml: segment claim.claim_status: 'paid' is not a claim status (they are: claimable,", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("council.yaml: segment quarter.attached_in: '2025 Q1' is not a period", StringComparison.Ordinal));
        Assert.Contains("council.yaml: segment open.open_at: 'tomorrow' is not a date (YYYY-MM-DD) or evaluation_date", problems);
        Assert.Contains("council.yaml: segment both: has 2 criteria (locality, lead_practitioner): combine them with all_of or any_of", problems);
        Assert.Contains(problems, p => p.StartsWith("council.yaml: segment typo: has an unknown element 'localty'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("council.yaml: segment missing.all_of[2]: refers to unknown segment 'nowhere'", StringComparison.Ordinal));
        Assert.Contains("council.yaml: segment loop.not: refers to segment 'loop', which refers back to itself", problems);
        Assert.Contains("council.yaml: segment size.family_size: The minimum 5 is above the maximum 2", problems);
        Assert.Contains(problems, p => p.StartsWith("council.yaml: segment team: needs one criterion", StringComparison.Ordinal) || p.Contains("segment team: is defined twice", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_framework_or_top_level_element_is_reported()
    {
        var e = Assert.Throws<ModelValidationException>(() => CohortModel.Parse("c.yaml", "framework: phase9\ncohorts: []\nsegments: []\n"));
        Assert.Contains(e.Problems, p => p.Element == "framework" && p.Message.StartsWith("There is no framework 'phase9'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Element == "cohorts");
    }
}
