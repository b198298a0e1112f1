using OutcomeAnalytics.Model;

namespace OutcomeAnalytics.Tests.Model.Measures;

/// <summary>
/// A framework of one need <c>X</c> with the given rule and scope, and the parameters the phase 2 plans share
/// (3 outcome and 3 baseline terms, attendance excluding authorised absence, a 6-month post-closure window).
/// </summary>
internal static class OneRuleFramework
{
    public static Framework With(string rule, string scope = "child", string claim = "") => FrameworkLoader.Parse("one-rule.yaml", $$"""
        framework: one-rule
        title: One rule
        version: "1"
        source: a test
        headlines: [{ number: 1, title: One }]
        parameters:
          - { name: outcome_terms, type: integer, default: 3, meaning: m }
          - { name: baseline_terms, type: integer, default: 3, meaning: m }
          - { name: attendance_weighting, type: choice, default: sessions, choices: [sessions, mean_of_terms], meaning: m }
          - { name: authorised_absence_counts, type: boolean, default: false, meaning: m }
          - { name: post_closure_months, type: integer, default: 6, meaning: m }
          - { name: pre_closure_months, type: integer, default: 1, meaning: m }
          - { name: require_verified, type: boolean, default: false, meaning: m }
        eligibility: { min_needs: 1, count: needs, prerequisites: [] }
        claim: { due_months_after_closure: 6{{claim}} }
        needs:
          - { code: X, headline: 1, title: X, scope: {{scope}}, rule: {{rule}} }
          - { code: Y, headline: 1, title: Y, scope: person, rule: { measure: evidence } }
        """);
}
